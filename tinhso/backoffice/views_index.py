"""The leaders' dashboard of the service-quality index (Decision 766): the score of a scope for a period,
its five groups and indicators, the trend, the ranking of communes and departments; every number opens the
dossiers behind it; Excel copies of every table and a printable monthly report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from tinhso.backoffice.views import _render
from tinhso.core import clock, permissions
from tinhso.core.models import Role
from tinhso.dossiers.reports.periods import period_choices, quarter_of
from tinhso.servicequality import drilldown, selectors
from tinhso.servicequality.index import (
    IndexResult,
    communes,
    compute_index,
    departments,
    parse_period_text,
    ranking,
    trend,
)

ROLES = (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SYSADMIN)


def _chosen(request: HttpRequest) -> tuple[Any, str, dt.date, dt.date, str]:
    scope = selectors.scope_get(
        viewer=request.user, key=request.GET.get("scope", "")
    ) or selectors.default_scope(request.user)
    if scope is None:
        raise permissions.PermissionDenied
    today = timezone.localtime(clock.now()).date()
    period = request.GET.get("period") or quarter_of(today).key
    error = ""
    try:
        start, end = parse_period_text(period)
    except ValueError as exc:
        error = str(exc)
        default = quarter_of(today)
        period, start, end = default.key, default.first, default.last + dt.timedelta(days=1)
    return scope, period, start, end, error


def _link(scope_key: str, period: str, measure: str) -> str:
    return (
        reverse("backoffice:index-dossiers")
        + "?"
        + urlencode({"scope": scope_key, "period": period, "measure": measure})
    )


def _rows(result: IndexResult, period: str) -> list[dict[str, Any]]:
    rows = []
    for i in result.indicators:
        num_name = i.indicator.numerator or (i.indicator.params.get("A", ["", ""])[0])
        den_name = i.indicator.denominator or (i.indicator.params.get("A", ["", ""])[1])
        rows.append(
            {
                "score": i,
                "percent": (i.ratio * 100).quantize(Decimal("0.1")) if i.ratio is not None else None,
                "num_url": _link(result.scope.key, period, num_name)
                if num_name in drilldown.DRILLABLE
                else None,
                "den_url": _link(result.scope.key, period, den_name)
                if den_name in drilldown.DRILLABLE
                else None,
                "bar": int(100 * i.points / i.max_points) if i.max_points else 0,
            }
        )
    return rows


@permissions.staff(*ROLES)
def index(request: HttpRequest) -> HttpResponse:
    if not selectors.may_view(request.user):
        raise permissions.PermissionDenied
    scope, period, start, end, error = _chosen(request)
    result = compute_index(scope, start, end)
    last_month = min(end - dt.timedelta(days=1), timezone.localtime(clock.now()).date())
    series = trend(scope, last_month)
    ranks: dict[str, list[IndexResult]] = {}
    if scope.kind == "province":
        ranks = {"commune": ranking(communes(), start, end), "department": ranking(departments(), start, end)}
    groups: list[dict[str, Any]] = [
        {"key": g, "label": label, "points": p, "max": m, "bar": int(100 * p / m) if m else 0}
        for g, label, p, m in result.groups()
    ]
    chart = {
        "trend": {
            "labels": [m.strftime("%m/%Y") for m, _s in series],
            "values": [float(s) for _m, s in series],
        },
        "groups": {
            "labels": [g["label"] for g in groups],
            "values": [float(g["points"]) for g in groups],
            "max": [float(g["max"]) for g in groups],
        },
        "ranking": {
            "labels": [r.scope.label for r in ranks.get("commune", [])],
            "values": [float(r.score) for r in ranks.get("commune", [])],
        },
    }
    return _render(
        request,
        "backoffice/index/dashboard.html",
        {
            "result": result,
            "scope": scope,
            "scopes": selectors.visible_scopes(request.user),
            "period": period,
            "period_choices": period_choices(timezone.localtime(clock.now()).date()),
            "error": error,
            "groups": groups,
            "rows": _rows(result, period),
            "series": series,
            "ranks": ranks,
            "chart": chart,
            "query": urlencode({"scope": scope.key, "period": period}),
            "to_handle_url": _link(scope.key, period, "to_handle"),
            "late_url": _link(scope.key, period, "finished_late"),
            "overdue_url": _link(scope.key, period, "in_progress_overdue"),
        },
        status=400 if error else 200,
    )


@permissions.staff(*ROLES)
def index_dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers behind one number of the index, each linked to its page."""
    if not selectors.may_view(request.user):
        raise permissions.PermissionDenied
    scope, period, start, end, _error = _chosen(request)
    measure = request.GET.get("measure", "")
    if measure not in drilldown.DRILLABLE:
        raise Http404
    rows = selectors.dossiers_behind(viewer=request.user, scope=scope, measure=measure, start=start, end=end)
    page = Paginator(
        rows.select_related("procedure", "competent_agency").defer("form_data").order_by("received_at", "pk"),
        50,
    ).get_page(request.GET.get("page"))
    return _render(
        request,
        "backoffice/index/dossiers.html",
        {
            "scope": scope,
            "period": period,
            "measure": measure,
            "label": MEASURE_LABELS.get(measure, measure),
            "page": page,
            "query": urlencode({"scope": scope.key, "period": period, "measure": measure}),
        },
    )


@permissions.staff(*ROLES)
def index_excel(request: HttpRequest) -> HttpResponse:
    if not selectors.may_view(request.user):
        raise permissions.PermissionDenied
    from tinhso.servicequality.exports import workbook

    scope, period, start, end, _error = _chosen(request)
    result = compute_index(scope, start, end)
    last_month = min(end - dt.timedelta(days=1), timezone.localtime(clock.now()).date())
    ranks = (
        {"commune": ranking(communes(), start, end), "department": ranking(departments(), start, end)}
        if scope.kind == "province"
        else {}
    )
    data = workbook(result, trend(scope, last_month), ranks)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="chi-so-766-{scope.key}-{period}.xlsx"'
    return response


@permissions.staff(*ROLES)
def index_report(request: HttpRequest) -> HttpResponse:
    """The printable monthly report (PDF)."""
    if not selectors.may_view(request.user):
        raise permissions.PermissionDenied
    from tinhso.servicequality.exports import monthly_report

    scope, period, start, end, _error = _chosen(request)
    result = compute_index(scope, start, end)
    ranks = (
        {"commune": ranking(communes(), start, end), "department": ranking(departments(), start, end)}
        if scope.kind == "province"
        else {}
    )
    data = monthly_report(result, ranks, author=permissions.acting_user(request))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-chi-so-766-{scope.key}-{period}.pdf"'
    return response


MEASURE_LABELS: dict[str, Any] = {
    "to_handle": gettext_lazy("Dossiers to handle (carried over and received)"),
    "carried_over": gettext_lazy("Carried over from the previous period"),
    "received": gettext_lazy("Received"),
    "progress_ok": gettext_lazy("Processed early or on time, and in progress within the deadline"),
    "finished": gettext_lazy("Processed"),
    "finished_early": gettext_lazy("Processed early"),
    "finished_on_time": gettext_lazy("Processed on time"),
    "finished_late": gettext_lazy("Processed late"),
    "in_progress": gettext_lazy("In progress at the end of the period"),
    "in_progress_overdue": gettext_lazy("In progress and overdue at the end of the period"),
    "finished_e_result": gettext_lazy("Processed with an electronic result"),
    "finished_dissatisfied": gettext_lazy("Processed on time but rated dissatisfied"),
    "satisfaction_ok": gettext_lazy("Processed without lateness or dissatisfaction"),
    "digitised": gettext_lazy("Received with digitised papers"),
    "reused": gettext_lazy("Received with a paper reused from the data store"),
    "linked_store": gettext_lazy("Received, papers kept in the personal data store"),
    "eligible_online": gettext_lazy("Received, of procedures offered fully online"),
    "received_online": gettext_lazy("Submitted fully online"),
    "obligations": gettext_lazy("With a financial obligation"),
    "paid_online": gettext_lazy("Paid online"),
    "sync_items": gettext_lazy("Status changes to synchronise"),
    "sync_on_time": gettext_lazy("Status changes synchronised on time"),
}
