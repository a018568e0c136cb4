"""/api/v1/procedures: the public procedure catalog."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tinhso.api.schemas import ErrorOut
from tinhso.core import permissions
from tinhso.publicservices import selectors
from tinhso.publicservices.models import Procedure

router = Router(tags=["procedures"])


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    level: str
    online_level: str
    processing_time: Decimal | None
    processing_time_unit: str
    fully_described: bool


class ComponentOut(Schema):
    kind: str
    name: str
    originals: int
    copies: int


class ProcedureDetailOut(ProcedureOut):
    implementing_agency: str
    fee_vnd: int | None
    fee_detail: str
    result: str
    legal_basis: str
    decision_no: str
    source_url: str
    components: list[ComponentOut]

    @staticmethod
    def resolve_components(obj: Procedure) -> list:
        return list(obj.components.all())


@router.get("/procedures", response=list[ProcedureOut], auth=None, summary="Search the procedure catalog")
@permissions.public
@paginate(LimitOffsetPagination)
def procedures(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    level: str = "",
    online: str = "",
    field: str = "",
) -> QuerySet[Procedure]:
    return selectors.procedure_list(viewer=request.user, q=q, level=level, online_level=online, field=field)


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut},
    auth=None,
    summary="One procedure: papers, time, fee, result",
)
@permissions.public
def procedure(request: HttpRequest, code: str) -> Status:
    found = selectors.procedure_get(viewer=request.user, code=code)
    if found is None:
        return Status(404, {"detail": _("No procedure has this code.")})
    return Status(200, found)
