"""The register and the statistics as files: Excel workbooks and A4 landscape PDFs, made from the same reads
as the pages (tinhso.dossiers.reports.selectors). Their text is Vietnamese whatever the reader's language:
they are the agency's register and report (see tinhso.documents.wording)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from tinhso.core import clock
from tinhso.core.access import AnyUser, active_positions, is_sysadmin
from tinhso.core.models import Role, User
from tinhso.documents import wording
from tinhso.documents.layout import Header, local
from tinhso.documents.registers import (
    RegisterData,
    RegisterLine,
    StatisticsColumn,
    StatisticsData,
    StatisticsLine,
    render_register,
    render_statistics,
)
from tinhso.documents.workbooks import register_workbook, statistics_workbook
from tinhso.dossiers.models import Dossier, Status
from tinhso.dossiers.reports import measures
from tinhso.dossiers.reports.filters import ReportFilters
from tinhso.dossiers.reports.selectors import issuer_of, register, statistics

PDF_MAX = 2_000  # lines in a printed register (about 80 pages); narrow the filters for more
EXCEL_MAX = 20_000
VERDICTS = {
    "early": "Trước hạn",
    "on_time": "Đúng hạn",
    "late": "Quá hạn",
    "overdue": "Đang quá hạn",
    "within": "Trong hạn",
}


def contact(d: Dossier) -> str:
    """Address and telephone of the person, as the register's column 6 wants them."""
    person = d.applicant
    unit = person.address_unit
    address = (
        ", ".join(p for p in (person.address_line, unit.name if unit else "") if p) or d.delivery_address
    )
    return ", ".join(p for p in (address, person.phone) if p)


def note(d: Dossier) -> str:
    """Column 13: the status, how it stands against its deadline, an apology, the reason of a refusal."""
    parts = [str(Status(d.status).label)]
    if verdict := VERDICTS.get(getattr(d, "verdict", "")):
        parts.append(verdict)
    if d.original_due_at:
        parts.append(
            wording.REGISTER_APOLOGY.format(missed=local(d.original_due_at).strftime("%d/%m/%Y %H:%M"))
        )
    if d.status in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED) and d.outcome_note:
        parts.append(d.outcome_note[:200])
    return "; ".join(parts)


def line(d: Dossier, number: int) -> RegisterLine:
    applicant = d.applicant_name + (f" ({d.subject_name})" if d.subject_name else "")
    return RegisterLine(
        number=number,
        code=d.number,
        procedure=d.procedure.name,
        quantity=1,
        applicant=applicant,
        contact=contact(d),
        competent=d.competent_agency.name,
        received_at=d.received_at,
        due_at=d.due_at,
        handed_over_at=getattr(d, "handed_over_at", None),
        result_received_at=d.finished_at,
        returned_at=d.closed_at if d.status == Status.RETURNED else None,
        note=note(d),
    )


def _header(viewer: AnyUser, filters: ReportFilters) -> Header:
    agency = issuer_of(viewer=viewer, filters=filters)
    parent = agency.parent.name if agency is not None and agency.parent_id and agency.parent else ""
    return Header(
        issuer_parent=parent,
        issuer=agency.name if agency is not None else "",
        number="",
        place=settings.TINHSO_PROVINCE_PLACE,
        date=clock.today(),
    )


def scope(viewer: AnyUser, filters: ReportFilters) -> str:
    chosen = filters.agency or filters.competent
    if chosen is not None:
        return chosen.name
    if filters.commune is not None:
        return filters.commune.name
    if is_sysadmin(viewer):
        return wording.SCOPE_ALL
    positions = list(active_positions(viewer).select_related("agency").order_by("agency__sort_key"))
    names = list(dict.fromkeys(p.agency.name for p in positions))
    if any(p.role == Role.AGENCY_LEADER for p in positions):
        return wording.SCOPE_BELOW.format(agencies="; ".join(names))
    return "; ".join(names)


def _officer(viewer: AnyUser) -> str:
    return (viewer.full_name or viewer.username) if isinstance(viewer, User) else ""


def register_data(*, viewer: AnyUser, filters: ReportFilters, limit: int) -> RegisterData:
    rows = register(viewer=viewer, filters=filters)
    total = rows.count()
    with translation.override(settings.LANGUAGE_CODE):
        lines = [line(d, i) for i, d in enumerate(rows[:limit], start=1)]
        period = filters.period.label()
    return RegisterData(
        header=_header(viewer, filters),
        scope=scope(viewer, filters),
        period=period,
        first=filters.period.first,
        last=filters.period.last,
        lines=lines,
        total=total,
        officer=_officer(viewer),
    )


def register_pdf(*, viewer: AnyUser, filters: ReportFilters) -> bytes:
    return render_register(register_data(viewer=viewer, filters=filters, limit=PDF_MAX))


def register_xlsx(*, viewer: AnyUser, filters: ReportFilters) -> bytes:
    return register_workbook(register_data(viewer=viewer, filters=filters, limit=EXCEL_MAX))


def statistics_data(
    *, viewer: AnyUser, filters: ReportFilters
) -> tuple[StatisticsData, list[tuple[str, list[int]]]]:
    result = statistics(viewer=viewer, filters=filters)
    with translation.override(settings.LANGUAGE_CODE):
        columns = [StatisticsColumn(title=str(m.label), group=str(m.group)) for m in measures.COLUMNS]
        statuses = [(str(m.label), result.totals[m.key]) for m in measures.STATUS_MEASURES]
        period = filters.period.label()
    keys = [m.key for m in measures.COLUMNS]
    status_keys = [m.key for m in measures.STATUS_MEASURES]
    data = StatisticsData(
        header=_header(viewer, filters),
        scope=scope(viewer, filters),
        period=period,
        first=filters.period.first,
        last=filters.period.last,
        group_title=wording.GROUP_TITLES[filters.group_by],
        columns=columns,
        lines=[StatisticsLine(label=r.label, values=[r.counts[k] for k in keys]) for r in result.rows],
        totals=[result.totals[k] for k in keys],
        statuses=statuses,
        officer=_officer(viewer),
    )
    by_status = [(r.label, [r.counts[k] for k in status_keys]) for r in result.rows]
    return data, by_status


def statistics_pdf(*, viewer: AnyUser, filters: ReportFilters) -> bytes:
    return render_statistics(statistics_data(viewer=viewer, filters=filters)[0])


def statistics_xlsx(*, viewer: AnyUser, filters: ReportFilters) -> bytes:
    data, by_status = statistics_data(viewer=viewer, filters=filters)
    return statistics_workbook(data, by_status=by_status)


def filename(kind: str, filters: ReportFilters, extension: str) -> str:
    """so-theo-doi-ho-so-2026-Q4.xlsx, thong-ke-2026-07-01-2026-09-30.pdf"""
    period = filters.period.key or f"{filters.period.first.isoformat()}-{filters.period.last.isoformat()}"
    return f"{kind}-{period}.{extension}"
