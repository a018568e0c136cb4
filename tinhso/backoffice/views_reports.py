"""The dossier register (form 07) and the statistics in the back office, with their Excel and PDF copies.
Thin over tinhso.dossiers.reports: the filter form validates, the selectors read for the viewer, the
exports make the files; here only links, labels and pages are put together."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy, pgettext_lazy

from tinhso.backoffice.nav import REPORT_ROLES  # system administrators hold every role
from tinhso.backoffice.views import _render
from tinhso.core import clock, permissions
from tinhso.dossiers.models import Status
from tinhso.dossiers.reports import exports, measures
from tinhso.dossiers.reports.filters import ROW_FILTER, ReportFilters
from tinhso.dossiers.reports.forms import ReportFilterForm
from tinhso.dossiers.reports.selectors import register, statistics

PAGE_SIZE = 50
VERDICTS = {
    "early": pgettext_lazy("statistics", "Early"),
    "on_time": pgettext_lazy("statistics", "On time"),
    "late": pgettext_lazy("statistics", "Late"),
    "within": pgettext_lazy("statistics", "Within the deadline"),
    "overdue": pgettext_lazy("statistics", "Overdue"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request: HttpRequest, default: str) -> ReportFilterForm:
    return ReportFilterForm(request.GET, viewer=request.user, today=clock.today(), default=default)


def _short(moment: Any) -> dict[str, str] | None:
    if not moment:
        return None
    local = timezone.localtime(moment)
    return {"day": local.strftime("%d/%m/%Y"), "time": local.strftime("%H:%M")}


def _dashed(code: str) -> list[str]:
    parts = code.split("-")
    return [f"{p}-" for p in parts[:-1]] + parts[-1:]


def _file(data: bytes, content_type: str, name: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _links(filters: ReportFilters) -> dict[str, str]:
    """Excel and PDF copies, and the other page, with the same filters."""
    query = urlencode(filters.params())
    stats_query = urlencode(filters.params(measure=False, group=True))
    return {
        "register_xlsx": f"{reverse('backoffice:register-xlsx')}?{query}",
        "register_pdf": f"{reverse('backoffice:register-pdf')}?{query}",
        "statistics_xlsx": f"{reverse('backoffice:statistics-xlsx')}?{stats_query}",
        "statistics_pdf": f"{reverse('backoffice:statistics-pdf')}?{stats_query}",
        "register": f"{reverse('backoffice:register')}?{query}",
        "statistics": f"{reverse('backoffice:statistics')}?{stats_query}",
    }


def _chips(filters: ReportFilters) -> list[dict[str, str]]:
    """The filters a link from the statistics added that the form does not show, each with a link that
    removes it."""
    chips = []
    for name, value, label in (
        ("competent", filters.competent, pgettext_lazy("statistics", "Competent agency")),
        ("commune", filters.commune, gettext_lazy("Commune or ward")),
    ):
        if value is not None:
            params = {k: v for k, v in filters.params().items() if k != name}
            chips.append(
                {
                    "label": str(label),
                    "value": value.name,
                    "remove": f"{reverse('backoffice:register')}?{urlencode(params)}",
                }
            )
    return chips


def _invalid(request: HttpRequest, template: str, form: ReportFilterForm, title: Any) -> HttpResponse:
    return _render(request, template, {"form": form, "invalid": True, "title": title}, status=400)


@permissions.staff(*REPORT_ROLES)
def register_page(request: HttpRequest) -> HttpResponse:
    form = _form(request, "month")
    title = gettext_lazy("Dossier register")
    if not form.is_valid():
        return _invalid(request, "backoffice/reports/register.html", form, title)
    filters = form.filters()
    page = Paginator(register(viewer=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    link = reverse("backoffice:dossier", args=[0])[:-2]
    offset = (page.number - 1) * PAGE_SIZE
    lines = [
        {
            "number": offset + i,
            "dossier": d,
            "url": f"{link}{d.pk}/",
            "contact": exports.contact(d),
            # the code may break after its dashes: 000.00.19.H55- / 261122-0001
            "code_html": format_html_join("", "{}<wbr>", ((part,) for part in _dashed(d.number))),
            "agency": d.competent_agency.short_name or d.competent_agency.name,
            "status": Status(d.status).label,
            "verdict": d.verdict,  # type: ignore[attr-defined]
            "verdict_label": VERDICTS.get(d.verdict, ""),  # type: ignore[attr-defined]
            "received": _short(d.received_at),
            "due": _short(d.due_at),
            "original_due": _short(d.original_due_at),
            "handed_over": _short(d.handed_over_at),  # type: ignore[attr-defined]
            "result": _short(d.finished_at),
            "returned": _short(d.closed_at) if d.status == Status.RETURNED else None,
        }
        for i, d in enumerate(page.object_list, start=1)
    ]
    query = urlencode(filters.params())
    return _render(
        request,
        "backoffice/reports/register.html",
        {
            "form": form,
            "title": title,
            "filters": filters,
            "period_label": filters.period.label(),
            "measure_label": measures.full_label(filters.measure),
            "lines": lines,
            "page": page,
            "page_query": query,
            "links": _links(filters),
            "chips": _chips(filters),
            "print_limit": exports.PDF_MAX,
        },
    )


def _valid_or_400(request: HttpRequest, default: str) -> ReportFilters | HttpResponse:
    form = _form(request, default)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(m for messages in form.error_messages().values() for m in messages),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return form.filters()


@permissions.staff(*REPORT_ROLES)
def register_xlsx(request: HttpRequest) -> HttpResponse:
    filters = _valid_or_400(request, "month")
    if isinstance(filters, HttpResponse):
        return filters
    data = exports.register_xlsx(viewer=request.user, filters=filters)
    return _file(data, XLSX, exports.filename("so-theo-doi-ho-so", filters, "xlsx"), inline=False)


@permissions.staff(*REPORT_ROLES)
def register_pdf(request: HttpRequest) -> HttpResponse:
    filters = _valid_or_400(request, "month")
    if isinstance(filters, HttpResponse):
        return filters
    data = exports.register_pdf(viewer=request.user, filters=filters)
    return _file(data, "application/pdf", exports.filename("so-theo-doi-ho-so", filters, "pdf"), inline=True)


@permissions.staff(*REPORT_ROLES)
def statistics_page(request: HttpRequest) -> HttpResponse:
    form = _form(request, "quarter")
    title = gettext_lazy("Statistics")
    if not form.is_valid():
        return _invalid(request, "backoffice/reports/statistics.html", form, title)
    filters = form.filters()
    result = statistics(viewer=request.user, filters=filters)
    base = reverse("backoffice:register") + "?"
    common = {k: v for k, v in filters.params(measure=False).items() if k != ROW_FILTER[filters.group_by]}

    def cells(
        counts: dict[str, int], extra: dict[str, str], keys: tuple[measures.Measure, ...]
    ) -> list[dict]:
        prefix = base + urlencode({**common, **extra})
        return [
            {
                "value": counts[m.key],
                "url": f"{prefix}&measure={m.key}" if counts[m.key] else "",
                "key": m.key,
            }
            for m in keys
        ]

    group_param = ROW_FILTER[filters.group_by]
    rows = [  # a hundred rows of 17 numbers: their cells are drawn here once, not by template tags
        {
            "label": r.label,
            "short_label": r.short_label or r.label,
            "code": r.code,
            "cells": cells(r.counts, {group_param: r.code}, measures.COLUMNS),
        }
        for r in result.rows
    ]
    for row in rows:
        row["cells_html"] = _cells_html(row["cells"])  # type: ignore[arg-type]
    totals = cells(result.totals, {}, measures.COLUMNS)
    statuses = [
        {"label": m.label, **cell}
        for m, cell in zip(
            measures.STATUS_MEASURES, cells(result.totals, {}, measures.STATUS_MEASURES), strict=True
        )
    ]
    t = result.totals
    summary = {
        "to_handle": t["to_handle"],
        "processed": t["processed"],
        "in_time_share": result.in_time_share(),
        "overdue": t["in_progress_overdue"],
    }
    return _render(
        request,
        "backoffice/reports/statistics.html",
        {
            "form": form,
            "title": title,
            "filters": filters,
            "period_label": filters.period.label(),
            "columns": measures.COLUMNS,
            "groups": _column_groups(),
            "rows": rows,
            "totals": totals,
            "statuses": statuses,
            "summary": summary,
            "links": _links(filters),
            "group_label": dict(form.fields["group_by"].choices)[filters.group_by],  # type: ignore[attr-defined]
        },
    )


BAD = frozenset({"processed_late", "in_progress_overdue"})


def _cells_html(cells: list[dict[str, Any]]) -> str:
    return format_html_join(
        "",
        '<td class="{}">{}</td>',
        (
            (
                "num num-bad" if c["key"] in BAD and c["value"] else "num",
                format_html('<a href="{}">{}</a>', c["url"], c["value"]) if c["url"] else c["value"],
            )
            for c in cells
        ),
    )


def _column_groups() -> list[dict[str, Any]]:
    """The first header row: a column alone (spanning both rows) or a group over its columns."""
    out: list[dict[str, Any]] = []
    for m in measures.COLUMNS:
        if m.group and out and out[-1]["group"] == m.group:
            out[-1]["span"] += 1
            out[-1]["members"].append(m)
        else:
            out.append(
                {"group": m.group, "label": m.group or m.label, "span": 1, "members": [m], "key": m.key}
            )
    return out


@permissions.staff(*REPORT_ROLES)
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    filters = _valid_or_400(request, "quarter")
    if isinstance(filters, HttpResponse):
        return filters
    data = exports.statistics_xlsx(viewer=request.user, filters=filters)
    return _file(data, XLSX, exports.filename("thong-ke", filters, "xlsx"), inline=False)


@permissions.staff(*REPORT_ROLES)
def statistics_pdf(request: HttpRequest) -> HttpResponse:
    filters = _valid_or_400(request, "quarter")
    if isinstance(filters, HttpResponse):
        return filters
    data = exports.statistics_pdf(viewer=request.user, filters=filters)
    return _file(data, "application/pdf", exports.filename("thong-ke", filters, "pdf"), inline=True)
