"""/api/v1/procedures: the public procedure catalog."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tinhso.api.schemas import ErrorOut
from tinhso.core import permissions
from tinhso.publicservices import eforms, selectors
from tinhso.publicservices.catalog import fee_wording, time_wording
from tinhso.publicservices.models import Component, Procedure

router = Router(tags=["procedures"])


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    level: str
    online_level: str
    processing_time: Decimal | None
    processing_time_unit: str
    time_kind: str
    time_amount: Decimal | None
    fee_kind: str
    fully_described: bool
    version: int


class ComponentOut(Schema):
    kind: str
    name: str
    originals: int
    copies: int
    required: bool
    document_type: str
    template_url: str | None

    @staticmethod
    def resolve_template_url(obj: Component) -> str | None:
        return obj.template.url if obj.template else None


class AgencyRefOut(Schema):
    code: str
    name: str


class ProcedureDetailOut(ProcedureOut):
    implementing_agency: str
    time_text: str
    fee_vnd: int | None
    fee_text: str
    fee_detail: str
    competent_agency: AgencyRefOut | None
    receiving_points: list[AgencyRefOut]
    result: str
    legal_basis: str
    decision_no: str
    published_on: date | None
    source_url: str
    components: list[ComponentOut]

    @staticmethod
    def resolve_components(obj: Procedure) -> list:
        return list(obj.components.all())

    @staticmethod
    def resolve_receiving_points(obj: Procedure) -> list:
        return list(obj.receiving_points.all())

    @staticmethod
    def resolve_time_text(obj: Procedure) -> str:
        return time_wording(obj)

    @staticmethod
    def resolve_fee_text(obj: Procedure) -> str:
        return fee_wording(obj)


class FormFieldOut(Schema):
    key: str
    label: str
    kind: str
    required: bool
    help_text: str
    section: str
    choices: list[str]
    max_length: int | None
    pattern: str
    pattern_message: str
    min_value: str | None
    max_value: str | None
    prefill: str


class FormOut(Schema):
    code: str
    version: int
    fields: list[FormFieldOut]


@router.get("/procedures", response=list[ProcedureOut], auth=None, summary="Search the procedure catalog")
@permissions.public
@paginate(LimitOffsetPagination)
def procedures(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    level: str = "",
    online: str = "",
    field: str = "",
    agency: str = Query("", max_length=13),
) -> QuerySet[Procedure]:
    return selectors.procedure_list(
        viewer=request.user, q=q, level=level, online_level=online, field=field, agency=agency
    )


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut},
    auth=None,
    summary="One procedure: papers, time, fee, result",
)
@permissions.public
def procedure(request: HttpRequest, code: str) -> Status:
    found = selectors.procedure_get_full(viewer=request.user, code=code)
    if found is None:
        return Status(404, {"detail": _("No procedure has this code.")})
    return Status(200, found)


@router.get(
    "/procedures/{code}/form",
    response={200: FormOut, 404: ErrorOut},
    auth=None,
    summary="The procedure's e-form: the fields an online dossier fills in",
)
@permissions.public
def procedure_form(request: HttpRequest, code: str) -> Status:
    found = selectors.procedure_get(viewer=request.user, code=code)
    if found is None:
        return Status(404, {"detail": _("No procedure has this code.")})
    fields = eforms.describe(eforms.form_spec(found))
    return Status(200, {"code": found.code, "version": found.version, "fields": fields})
