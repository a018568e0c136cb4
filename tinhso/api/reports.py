"""/api/v1/staff/register and /api/v1/staff/statistics: the dossier register (form 07) and the statistics,
with the back office's filters, checks and visibility (tinhso.dossiers.reports). Bad filters answer 400
with the reasons per field, an agency the caller may not see 403, in Vietnamese by default."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tinhso.api.dossier_schemas import AgencyRefOut, DossierErrorOut, LinksOut
from tinhso.api.report_schemas import (
    PeriodOut,
    RegisterLineOut,
    RegisterPageOut,
    StatisticsOut,
)
from tinhso.core import access, clock, permissions
from tinhso.core.models import Role
from tinhso.dossiers.errors import NotAllowed
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.models import Status as DossierStatus
from tinhso.dossiers.reports import exports, measures
from tinhso.dossiers.reports.filters import ROW_FILTER, ReportFilters
from tinhso.dossiers.reports.forms import ReportFilterForm
from tinhso.dossiers.reports.selectors import register, statistics

router = Router(tags=["registers"])
ROLES = (Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER)
ERRORS: dict[int, Any] = {400: DossierErrorOut, 403: DossierErrorOut}
FILTERS_HELP = (
    "Filters (the same as the back office's): `period` (`2026-11`, `2026-Q4`, `2026`, or `custom` with "
    "`date_from` and `date_to`, ISO dates, at most 5 years), `agency` (identifier of an agency you may see: "
    "dossiers it handles or received), `competent` (competent agency), `commune` (unit code of the competent "
    "agency), `procedure` (code, or words of its name), `status` (0–10), `channel` (1 desk, 2 online, 3 post). "
    "Without a period: this month (register), this quarter (statistics). Early: processed on a day before "
    "the deadline's day; on time: on that day before its time; late: after it, or ever marked late. The "
    "deadline is the appointment given at receipt; an apology letter's new appointment does not replace it."
)


def _viewer(request: HttpRequest) -> Any:
    user = permissions.acting_user(request)
    if not (access.is_sysadmin(user) or (access.is_official(user) and access.has_role(user, ROLES))):
        raise NotAllowed(
            _("Only officials who receive, handle or oversee dossiers see registers and statistics.")
        )
    return user


def _filters(
    request: HttpRequest, viewer: Any, params: dict[str, str], default: str
) -> ReportFilters | Status:
    form = ReportFilterForm(
        {k: v for k, v in params.items() if v}, viewer=viewer, today=clock.today(), default=default
    )
    if form.is_valid():
        return form.filters()
    errors = form.error_messages()
    if form.forbidden():
        return Status(403, {"detail": errors["agency"][0], "errors": errors})
    return Status(400, {"detail": _("The filters are not valid."), "errors": errors})


def _period(filters: ReportFilters) -> PeriodOut:
    p = filters.period
    return PeriodOut(key=p.key, label=p.label(), first=p.first, last=p.last)


def _line(d: Dossier, number: int) -> RegisterLineOut:
    return RegisterLineOut(
        number=number,
        id=d.pk,
        code=d.code,
        reference=d.reference,
        procedure_code=d.procedure.code,
        procedure_name=d.procedure.name,
        quantity=1,
        applicant_name=d.applicant_name,
        subject_name=d.subject_name,
        contact=exports.contact(d),
        competent_agency=AgencyRefOut(code=d.competent_agency.code, name=d.competent_agency.name),
        receiving_agency=AgencyRefOut(code=d.receiving_agency.code, name=d.receiving_agency.name),
        channel=d.channel,
        status=d.status,
        status_label=str(DossierStatus(d.status).label),
        received_at=d.received_at,
        due_at=d.due_at,
        original_due_at=d.original_due_at,
        handed_over_at=getattr(d, "handed_over_at", None),
        result_received_at=d.finished_at,
        returned_at=d.closed_at if d.status == DossierStatus.RETURNED else None,
        verdict=getattr(d, "verdict", ""),
        links=LinksOut(
            api=reverse("api-1:staff_dossier", kwargs={"dossier_id": d.pk}),
            page=reverse("backoffice:dossier", kwargs={"dossier_id": d.pk}),
        ),
    )


@router.get(
    "/staff/register",
    response={200: RegisterPageOut, **ERRORS},
    summary="The dossier register (form 07): the dossiers behind one number of the statistics",
    description=FILTERS_HELP + " `measure` (default `received`) names the number, as in /staff/statistics.",
    url_name="staff_register",
)
def staff_register(
    request: HttpRequest,
    period: str = Query("", max_length=10),
    date_from: str = Query("", max_length=10),
    date_to: str = Query("", max_length=10),
    agency: str = Query("", max_length=13),
    competent: str = Query("", max_length=13),
    commune: str = Query("", max_length=10),
    procedure: str = Query("", max_length=100),
    status: str = Query("", max_length=2),
    channel: str = Query("", max_length=1),
    measure: str = Query("", max_length=30),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> Status:
    viewer = _viewer(request)
    params = dict(period=period, date_from=date_from, date_to=date_to, agency=agency, competent=competent)
    params.update(commune=commune, procedure=procedure, status=status, channel=channel, measure=measure)
    filters = _filters(request, viewer, params, "month")
    if isinstance(filters, Status):
        return filters
    rows = register(viewer=viewer, filters=filters)
    items = [_line(d, offset + i) for i, d in enumerate(rows[offset : offset + limit], start=1)]
    return Status(
        200,
        RegisterPageOut(
            period=_period(filters),
            measure=filters.measure,
            measure_label=str(measures.full_label(filters.measure)),
            count=rows.count(),
            items=items,
        ),
    )


def _counts(counts: dict[str, int]) -> dict[str, Any]:
    """CountsOut as a plain dict: ninja validates the answer once (building schema objects here too
    doubled the time of a page of a hundred rows)."""
    by_status = [
        {"status": int(m.key.removeprefix("status_")), "label": str(m.label), "count": counts[m.key]}
        for m in measures.STATUS_MEASURES
    ]
    return {**{m.key: counts[m.key] for m in measures.COLUMNS}, "by_status": by_status}


@router.get(
    "/staff/statistics",
    response={200: StatisticsOut, **ERRORS},
    summary="Statistics of how procedures were handled, per competent agency, commune or procedure",
    description=FILTERS_HELP + " `group_by`: `agency` (default), `commune` or `procedure`.",
    url_name="staff_statistics",
)
def staff_statistics(
    request: HttpRequest,
    period: str = Query("", max_length=10),
    date_from: str = Query("", max_length=10),
    date_to: str = Query("", max_length=10),
    agency: str = Query("", max_length=13),
    competent: str = Query("", max_length=13),
    commune: str = Query("", max_length=10),
    procedure: str = Query("", max_length=100),
    status: str = Query("", max_length=2),
    channel: str = Query("", max_length=1),
    group_by: str = Query("", max_length=10),
) -> Status:
    viewer = _viewer(request)
    params = dict(period=period, date_from=date_from, date_to=date_to, agency=agency, competent=competent)
    params.update(commune=commune, procedure=procedure, status=status, channel=channel, group_by=group_by)
    filters = _filters(request, viewer, params, "quarter")
    if isinstance(filters, Status):
        return filters
    result = statistics(viewer=viewer, filters=filters)
    row_filter = ROW_FILTER[filters.group_by]
    common = {k: v for k, v in filters.params(measure=False).items() if k != row_filter}
    base = reverse("api-1:staff_register")
    rows = [
        {
            "code": r.code,
            "label": r.label,
            "counts": _counts(r.counts),
            "register_url": f"{base}?{urlencode({**common, row_filter: r.code})}",
        }
        for r in result.rows
    ]
    body = {
        "period": _period(filters),
        "group_by": filters.group_by,
        "rows": rows,
        "totals": _counts(result.totals),
        "generated_at": result.generated_at or clock.now(),
    }
    return Status(200, body)
