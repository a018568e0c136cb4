"""Computing the index for a scope (the province, a department, a commune) and a period from the daily
counters, and scoring it with the indicators' formulas (rows an administrator edits)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

from tinhso.core.models import AdministrativeUnit, Agency
from tinhso.publicservices.models import FeeKind, Procedure
from tinhso.servicequality.models import COUNTERS, Indicator

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Scope:
    kind: str  # province, department, commune
    key: str  # "province", an agency code, a unit code
    label: str
    agency_ids: tuple[int, ...]
    procedures: Q


def province_scope() -> Scope:
    from django.conf import settings

    ids = tuple(Agency.objects.filter(is_active=True).values_list("pk", flat=True))
    return Scope("province", "province", f"Tỉnh {settings.TINHSO_PROVINCE_PLACE}", ids, Q())


def department_scope(agency: Agency) -> Scope:
    ids = (agency.pk, *Agency.objects.filter(parent=agency, is_active=True).values_list("pk", flat=True))
    return Scope("department", agency.code, agency.name, tuple(ids), Q(competent_agency_id__in=ids))


def commune_scope(unit: AdministrativeUnit) -> Scope:
    ids = tuple(Agency.objects.filter(unit=unit, is_active=True).values_list("pk", flat=True))
    commune_level = Q(
        level__in=[Procedure.Level.COMMUNE, Procedure.Level.BOTH], competent_agency__isnull=True
    )
    return Scope("commune", unit.code, unit.name, ids, commune_level | Q(competent_agency_id__in=ids))


def departments() -> list[Scope]:
    rows = Agency.objects.filter(kind=Agency.Kind.DEPARTMENT, is_active=True).order_by("sort_key")
    return [department_scope(a) for a in rows]


def communes() -> list[Scope]:
    from django.conf import settings

    units = AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.COMMUNE, is_served=True, valid_to__isnull=True
    ).order_by("sort_key")
    by_unit: dict[int, list[int]] = defaultdict(list)
    for agency_id, unit_id in Agency.objects.filter(is_active=True, unit__isnull=False).values_list(
        "pk", "unit_id"
    ):
        by_unit[unit_id].append(agency_id)
    commune_level = Q(
        level__in=[Procedure.Level.COMMUNE, Procedure.Level.BOTH], competent_agency__isnull=True
    )
    del settings
    return [
        Scope(
            "commune",
            u.code,
            u.name,
            tuple(by_unit.get(u.pk, ())),
            commune_level | Q(competent_agency_id__in=by_unit.get(u.pk, ())),
        )
        for u in units
    ]


# --- the counters, summed -----------------------------------------------------------------------------

_SUMS = ", ".join(f"coalesce(sum({c}), 0)" for c in COUNTERS)


def _whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the (exclusive) last month boundary inside [start, end); equal when none fits."""
    first = start if start.day == 1 else _next_month(start)
    last = end.replace(day=1)
    return (first, last) if first < last else (start, start)


def period_sums(agency_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """Per agency: every counter summed over [start, end): whole months from the monthly table, the
    ragged edges from the daily one (a quarter reads three rows per agency, not ninety)."""
    ids = list(agency_ids)
    found: dict[int, dict[str, int]] = {}
    if not ids:
        return found
    first, last = _whole_months(start, end)
    columns = ", ".join(COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT agency_id, {_SUMS} FROM ("
            f" SELECT agency_id, {columns} FROM servicequality_agencymonth"
            "  WHERE month >= %s AND month < %s AND agency_id = ANY(%s)"
            " UNION ALL"
            f" SELECT agency_id, {columns} FROM servicequality_agencyday"
            "  WHERE ((day >= %s AND day < %s) OR (day >= %s AND day < %s)) AND agency_id = ANY(%s)"
            ") AS parts GROUP BY agency_id",
            [first, last, ids, start, first, last, end, ids],
        )
        for agency_id, *values in cursor.fetchall():
            found[agency_id] = dict(zip(COUNTERS, map(int, values), strict=True))
    return found


def open_before(agency_ids: Iterable[int], day: dt.date) -> dict[int, tuple[int, int]]:
    """Per agency: dossiers received before `day` and not settled then, and of those the ones marked late:
    the months before `day`'s month from the monthly table, then that month's days before `day`."""
    ids = list(agency_ids)
    found: dict[int, tuple[int, int]] = {}
    if not ids:
        return found
    month = day.replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agency_id, sum(o)::int, sum(f)::int FROM ("
            " SELECT agency_id, received - settled AS o, flagged - settled_flagged AS f"
            " FROM servicequality_agencymonth WHERE month < %s AND agency_id = ANY(%s)"
            " UNION ALL"
            " SELECT agency_id, received - settled, flagged - settled_flagged"
            " FROM servicequality_agencyday WHERE day >= %s AND day < %s AND agency_id = ANY(%s)"
            ") AS parts GROUP BY agency_id",
            [month, ids, month, day, ids],
        )
        for agency_id, still_open, flagged in cursor.fetchall():
            found[agency_id] = (int(still_open or 0), int(flagged or 0))
    return found


@dataclass
class Totals:
    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    open_start: int = 0
    flagged_start: int = 0

    def add(self, sums: dict[str, int] | None, opened: tuple[int, int] | None) -> None:
        for name, value in (sums or {}).items():
            self.counters[name] += value
        if opened:
            self.open_start += opened[0]
            self.flagged_start += opened[1]


PROCEDURE_MEASURES = (
    "procedures_total",
    "procedures_published",
    "procedures_complete",
    "fee_procedures",
    "fee_procedures_online",
)


def _procedure_counts(rows: Any) -> dict[str, int]:
    fee = Q(fee_kind__in=[FeeKind.FIXED, FeeKind.COUNCIL, FeeKind.VARIES])
    online = ~Q(online_level__in=[Procedure.OnlineLevel.NONE, Procedure.OnlineLevel.UNKNOWN])
    from django.db.models import Count

    got = rows.aggregate(
        procedures_total=Count("pk"),
        procedures_published=Count("pk", filter=~Q(decision_no="")),
        procedures_complete=Count("pk", filter=Q(fully_described=True)),
        fee_procedures=Count("pk", filter=fee),
        fee_procedures_online=Count("pk", filter=fee & online),
    )
    return {k: int(v or 0) for k, v in got.items()}


def procedure_measures(scope: Scope) -> dict[str, int]:
    """The catalog's share of the scope (transparency, payment coverage): one aggregate query. A procedure
    counts as published when it carries its publication decision; complete when fully described."""
    from tinhso.payments.models import CollectionAccount

    values = _procedure_counts(Procedure.objects.filter(is_active=True).filter(scope.procedures))
    collectable = CollectionAccount.objects.filter(is_active=True).exists()
    values["fee_procedures_collectable"] = values["fee_procedures"] if collectable else 0
    return values


def measures(totals: Totals, procedures: dict[str, int], within: str = "24h") -> dict[str, int]:
    c = totals.counters
    open_end = totals.open_start + c["received"] - c["settled"]
    flagged_end = totals.flagged_start + c["flagged"] - c["settled_flagged"]
    return {
        **c,
        **procedures,
        "to_handle": totals.open_start + c["received"],
        "carried_over": totals.open_start,
        "in_progress": open_end,
        "in_progress_overdue": flagged_end,
        "progress_ok": c["finished_early"] + c["finished_on_time"] + max(0, open_end - flagged_end),
        "satisfaction_ok": c["finished"] - c["finished_late"] - c["finished_dissatisfied"],
        "sync_on_time": c.get(f"sync_{within}", c["sync_24h"]),
    }


# --- scoring ---------------------------------------------------------------------------------------------


@dataclass
class IndicatorScore:
    indicator: Indicator
    numerator: int | None
    denominator: int | None
    ratio: Decimal | None
    points: Decimal
    max_points: Decimal  # after points moved in from indicators without data
    no_data: bool = False
    note: str = ""


@dataclass
class IndexResult:
    scope: Scope
    start: dt.date
    end: dt.date
    indicators: list[IndicatorScore]
    measures: dict[str, int]

    @property
    def score(self) -> Decimal:
        return sum((i.points for i in self.indicators), Decimal(0)).quantize(TWO)

    def groups(self) -> list[tuple[str, str, Decimal, Decimal]]:
        """(group, label, points, maximum) in the order of the decision."""
        out = []
        for value, label in Indicator.Group.choices:
            rows = [i for i in self.indicators if i.indicator.group == value]
            if rows:
                out.append(
                    (
                        value,
                        str(label),
                        sum((i.points for i in rows), Decimal(0)).quantize(TWO),
                        sum((i.indicator.max_points for i in rows), Decimal(0)),
                    )
                )
        return out


def _ratio(num: int, den: int) -> Decimal:
    return min(Decimal(1), Decimal(num) / Decimal(den))


def _param(params: dict[str, Any], name: str, default: Any) -> Any:
    return params.get(name, default)


def score(indicators: list[Indicator], values: dict[str, int], scope: Scope) -> list[IndicatorScore]:
    applicable = [
        i
        for i in indicators
        if i.scope == Indicator.Scope.ALL
        or (i.scope == Indicator.Scope.COMMUNE and scope.kind == "commune")
        or (i.scope == Indicator.Scope.PROVINCE and scope.kind != "commune")
    ]
    extra: dict[str, Decimal] = defaultdict(Decimal)  # points moved in from indicators without data
    for i in applicable:
        rule = str(i.params.get("no_data", ""))
        if i.kind == Indicator.Kind.NO_DATA and rule.startswith("to:"):
            extra[rule[3:]] += i.max_points
    out = []
    for i in applicable:
        maximum = i.max_points + extra.get(i.code, Decimal(0))
        if i.kind == Indicator.Kind.NO_DATA:
            rule = str(i.params.get("no_data", "zero"))
            points = maximum if rule == "full" else Decimal(0)
            note = f"→ {rule[3:]}" if rule.startswith("to:") else rule
            out.append(
                IndicatorScore(i, None, None, None, points.quantize(TWO), maximum, no_data=True, note=note)
            )
            continue
        if_empty = _param(i.params, "if_empty", "full")
        if i.kind == Indicator.Kind.PAYMENT:
            parts = {}
            for name in ("A", "B", "C"):
                num_name, den_name = i.params[name]
                num, den = values.get(num_name, 0), values.get(den_name, 0)
                parts[name] = _ratio(num, den) if den else (Decimal(1) if if_empty == "full" else Decimal(0))
            a, b, cap, c = (
                Decimal(str(_param(i.params, k, d)))
                for k, d in (("a", 6), ("b", 2.5), ("cap", 2), ("c", 2.5))
            )
            points = min(maximum, a * parts["A"] + min(cap, b * parts["B"]) + c * parts["C"])
            num, den = values.get(i.params["A"][0], 0), values.get(i.params["A"][1], 0)
            out.append(
                IndicatorScore(
                    i, num, den, parts["A"] if den else None, points.quantize(TWO, ROUND_HALF_UP), maximum
                )
            )
            continue
        num, den = values.get(i.numerator, 0), values.get(i.denominator, 0)
        if not den:
            points = maximum if if_empty == "full" else Decimal(0)
            out.append(IndicatorScore(i, num, den, None, points.quantize(TWO), maximum, note="empty"))
            continue
        ratio = _ratio(num, den)
        if i.kind == Indicator.Kind.THRESHOLD:
            threshold = Decimal(str(_param(i.params, "threshold", 1)))
            points = maximum * min(Decimal(1), ratio / threshold)
        else:
            points = maximum * ratio
        out.append(IndicatorScore(i, num, den, ratio, points.quantize(TWO, ROUND_HALF_UP), maximum))
    return out


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("position", "code"))


def sync_window(indicators: list[Indicator]) -> str:
    for i in indicators:
        if i.numerator == "sync_on_time":
            return str(i.params.get("within", "24h"))
    return "24h"


def compute_index(
    scope: Scope, start: dt.date, end: dt.date, *, indicators: list[Indicator] | None = None
) -> IndexResult:
    indicators = indicators if indicators is not None else active_indicators()
    totals = Totals()
    sums = period_sums(scope.agency_ids, start, end)
    opened = open_before(scope.agency_ids, start)
    for agency_id in scope.agency_ids:
        totals.add(sums.get(agency_id), opened.get(agency_id))
    values = measures(totals, procedure_measures(scope), sync_window(indicators))
    return IndexResult(scope, start, end, score(indicators, values, scope), values)


def ranking(scopes: list[Scope], start: dt.date, end: dt.date) -> list[IndexResult]:
    """Every scope's index for the period, best first: two grouped queries for the counters, and the
    catalog counted once per kind of scope (communes share the commune-level procedures)."""
    indicators = active_indicators()
    every = {a for s in scopes for a in s.agency_ids}
    sums, opened = period_sums(every, start, end), open_before(every, start)
    catalog = _catalog_by_scope(scopes)
    results = []
    within = sync_window(indicators)
    for scope in scopes:
        totals = Totals()
        for agency_id in scope.agency_ids:
            totals.add(sums.get(agency_id), opened.get(agency_id))
        values = measures(totals, catalog[scope.key], within)
        results.append(IndexResult(scope, start, end, score(indicators, values, scope), values))
    return sorted(results, key=lambda r: (-r.score, r.scope.label))


def _catalog_by_scope(scopes: list[Scope]) -> dict[str, dict[str, int]]:
    from django.db.models import Count

    from tinhso.payments.models import CollectionAccount

    active = Procedure.objects.filter(is_active=True)
    commune_level = _procedure_counts(
        active.filter(
            level__in=[Procedure.Level.COMMUNE, Procedure.Level.BOTH], competent_agency__isnull=True
        )
    )
    fee = Q(fee_kind__in=[FeeKind.FIXED, FeeKind.COUNCIL, FeeKind.VARIES])
    online = ~Q(online_level__in=[Procedure.OnlineLevel.NONE, Procedure.OnlineLevel.UNKNOWN])
    per_agency: dict[Any, dict[str, Any]] = {
        row["competent_agency_id"]: dict(row)
        for row in active.filter(competent_agency__isnull=False)
        .values("competent_agency_id")
        .annotate(
            procedures_total=Count("pk"),
            procedures_published=Count("pk", filter=~Q(decision_no="")),
            procedures_complete=Count("pk", filter=Q(fully_described=True)),
            fee_procedures=Count("pk", filter=fee),
            fee_procedures_online=Count("pk", filter=fee & online),
        )
    }
    collectable = CollectionAccount.objects.filter(is_active=True).exists()
    out = {}
    for scope in scopes:
        values = dict(commune_level) if scope.kind == "commune" else dict.fromkeys(PROCEDURE_MEASURES, 0)
        for agency_id in scope.agency_ids:
            row = per_agency.get(agency_id)
            for name in PROCEDURE_MEASURES:
                values[name] += int(row[name]) if row else 0
        values["fee_procedures_collectable"] = values["fee_procedures"] if collectable else 0
        out[scope.key] = values
    return out


def trend(scope: Scope, last_month: dt.date, months: int = 12) -> list[tuple[dt.date, Decimal]]:
    """The scope's score month by month, ending with the month of `last_month`: one query for the monthly
    sums of the scope's whole history (the open dossiers at each month's start are their running total)."""
    indicators = active_indicators()
    first = (last_month.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT month, {_SUMS} FROM servicequality_agencymonth "
            "WHERE agency_id = ANY(%s) AND month < %s GROUP BY 1 ORDER BY 1",
            [list(scope.agency_ids), _next_month(last_month)],
        )
        monthly = [(row[0], dict(zip(COUNTERS, map(int, row[1:]), strict=True))) for row in cursor.fetchall()]
    catalog = procedure_measures(scope)
    within = sync_window(indicators)
    still_open = flagged = 0
    by_month = dict(monthly)
    points = []
    month = min([m for m, _v in monthly] + [first])
    while month <= last_month.replace(day=1):
        sums = by_month.get(month, dict.fromkeys(COUNTERS, 0))
        if month >= first:
            totals = Totals(counters=dict(sums), open_start=still_open, flagged_start=flagged)
            values = measures(totals, catalog, within)
            points.append((month, sum((i.points for i in score(indicators, values, scope)), Decimal(0))))
        still_open += sums["received"] - sums["settled"]
        flagged += sums["flagged"] - sums["settled_flagged"]
        month = _next_month(month)
    return points


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def parse_period_text(text: str) -> tuple[dt.date, dt.date]:
    """[start, end) of "2026-11", "2026-Q4", "2026" or "2026-10-01..2026-12-31"; ValueError (its message
    in the user's language) otherwise."""
    from django.utils.translation import gettext as _

    from tinhso.dossiers.reports.periods import parse_period, range_error

    text = (text or "").strip()
    if ".." in text:
        try:
            first, last = (dt.date.fromisoformat(part) for part in text.split("..", 1))
        except ValueError as exc:
            raise ValueError(_("Write the dates as YYYY-MM-DD..YYYY-MM-DD.")) from exc
        problem = range_error(first, last)
        if problem:
            raise ValueError(problem)
        return first, last + dt.timedelta(days=1)
    period = parse_period(text)
    if period is None:
        raise ValueError(
            _("Choose a month (2026-11), a quarter (2026-Q4), a year (2026) or a range of days.")
        )
    return period.first, period.last + dt.timedelta(days=1)
