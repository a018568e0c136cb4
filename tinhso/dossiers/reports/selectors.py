"""The dossier register (form 07) and the statistics, read for a viewer.

Visibility: an official sees the dossiers of the agencies in `agencies_of(viewer)` (a leader: also the
agencies below theirs), as competent agency or as receiving point; a system administrator sees all;
anyone else nothing. The register is one count and one page of rows (a fixed number of queries whatever
the period holds); the statistics are three aggregate queries (GROUP BY with conditional counts) and one
for the names of the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When

from tinhso.core import clock
from tinhso.core.access import AnyUser, active_positions, agencies_of, is_official, is_sysadmin
from tinhso.core.models import AdministrativeUnit, Agency
from tinhso.dossiers.models import Dossier, Status, StepRun
from tinhso.dossiers.reports import measures
from tinhso.dossiers.reports.filters import ReportFilters
from tinhso.dossiers.reports.measures import HANDLED, REFUSED, SUPPLEMENT, Window
from tinhso.publicservices.models import Procedure


def visible(*, viewer: AnyUser) -> Q | None:
    """The condition on dossiers the viewer may count and list; None: nothing at all."""
    if is_sysadmin(viewer):
        return ~Q(status=Status.DRAFT)
    if not is_official(viewer):
        return None
    ids = list(agencies_of(viewer).values_list("id", flat=True))
    return ~Q(status=Status.DRAFT) & (Q(competent_agency_id__in=ids) | Q(receiving_agency_id__in=ids))


def window(filters: ReportFilters, *, now: dt.datetime | None = None) -> Window:
    now = now or clock.now()
    return Window(start=filters.period.start, end=filters.period.end, ref=min(filters.period.end, now))


def _base(scope: Q | None, filters: ReportFilters, population: str, w: Window) -> QuerySet[Dossier]:
    if scope is None:
        return measures.annotate(Dossier.objects.none())
    return (
        measures.annotate(Dossier.objects.all())
        .filter(scope, filters.q())
        .filter(measures.population(population, w))
    )


# --- the register ----------------------------------------------------------------------------------------


def verdict(now: dt.datetime) -> Case:
    """How the dossier stands against its deadline, as the statistics judge it (as of `now`)."""
    return Case(
        When(Q(finished_at__isnull=False) & measures.late(), then=Value("late")),
        When(Q(finished_at__isnull=False) & measures.early(), then=Value("early")),
        When(finished_at__isnull=False, then=Value("on_time")),
        When(
            Q(received_at__isnull=False, closed_at__isnull=True) & measures.overdue(now),
            then=Value("overdue"),
        ),
        When(received_at__isnull=False, closed_at__isnull=True, then=Value("within")),
        default=Value(""),
        output_field=CharField(),
    )


def register(*, viewer: AnyUser, filters: ReportFilters, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers behind `filters.measure` in the period, in the order they were received (refused and
    supplement lists: in the order they were submitted). Each row carries `handed_over_at` (when the first
    step at the competent agency began) and `verdict` (early, on_time, late, within, overdue)."""
    now = now or clock.now()
    w = window(filters, now=now)
    measure = measures.BY_KEY[filters.measure]
    rows = _base(visible(viewer=viewer), filters, measure.population, w).filter(
        measures.condition(measure.key, w)
    )
    handed_over = (
        StepRun.objects.filter(
            dossier_id=OuterRef("pk"), agency_id=OuterRef("competent_agency_id"), index__gte=1
        )
        .order_by("started_at")
        .values("started_at")[:1]
    )
    order = ("received_at", "id") if measure.population == HANDLED else ("submitted_at", "id")
    return (
        rows.annotate(handed_over_at=Subquery(handed_over), verdict=verdict(now))
        .select_related("procedure", "competent_agency", "receiving_agency", "applicant__address_unit")
        .only(
            "id",
            "code",
            "reference",
            "status",
            "channel",
            "applicant_name",
            "subject_name",
            "delivery_address",
            "submitted_at",
            "received_at",
            "due_at",
            "original_due_at",
            "finished_at",
            "closed_at",
            "late_since",
            "outcome_note",
            "procedure__code",
            "procedure__name",
            "competent_agency__name",
            "competent_agency__short_name",
            "competent_agency__code",
            "receiving_agency__name",
            "applicant__phone",
            "applicant__address_line",
            "applicant__address_unit__name",
        )
        .order_by(*order)
    )


# --- the statistics --------------------------------------------------------------------------------------

GROUP_FIELD = {
    "agency": "competent_agency_id",
    "commune": "competent_agency__unit_id",
    "procedure": "procedure_id",
}


@dataclass
class StatisticsRow:
    key: int | None
    code: str  # agency identifier, unit code or procedure code: the filter of the row's links
    label: str
    counts: dict[str, int]
    short_label: str = ""  # for narrow screens: "UBND phường Phan Đình Phùng"


@dataclass
class Statistics:
    filters: ReportFilters
    rows: list[StatisticsRow]
    totals: dict[str, int] = field(default_factory=dict)
    generated_at: dt.datetime | None = None

    def in_time_share(self) -> float | None:
        """Per cent of the dossiers processed in the period that were early or on time (one decimal)."""
        done = self.totals.get("processed", 0)
        if not done:
            return None
        return round(100 * (self.totals["processed_early"] + self.totals["processed_on_time"]) / done, 1)


def _counts(
    rows: QuerySet[Dossier], group: str, keys: list[str], w: Window
) -> dict[int | None, dict[str, int]]:
    aggregates = {key: Count("pk", filter=measures.condition(key, w)) for key in keys}
    # population-wide measures need no filter: a plain count
    for key in keys:
        if key in ("to_handle", "supplement", "refused"):
            aggregates[key] = Count("pk")
    out: dict[int | None, dict[str, int]] = {}
    for row in rows.order_by().values(group).annotate(**aggregates):
        out[row[group]] = {key: row[key] for key in keys}
    return out


def _labels(group_by: str, keys: list[int | None]) -> dict[int | None, tuple[str, str, str, str]]:
    """(code, name, sort key, short name) of each row."""
    ids = [k for k in keys if k is not None]
    if group_by == "agency":
        agencies = Agency.objects.filter(pk__in=ids).values_list(
            "pk", "code", "name", "sort_key", "short_name"
        )
        return {pk: (code, name, key, short or name) for pk, code, name, key, short in agencies}
    model = {"commune": AdministrativeUnit, "procedure": Procedure}[group_by]
    rows = model.objects.filter(pk__in=ids).values_list("pk", "code", "name", "sort_key")  # type: ignore[attr-defined]
    return {pk: (code, name, key, name) for pk, code, name, key in rows}


def statistics(*, viewer: AnyUser, filters: ReportFilters, now: dt.datetime | None = None) -> Statistics:
    """Every measure per competent agency, per commune (the competent agency's unit) or per procedure."""
    now = now or clock.now()
    w = window(filters, now=now)
    group = GROUP_FIELD[filters.group_by]
    merged: dict[int | None, dict[str, int]] = {}
    scope = visible(viewer=viewer)
    for population in (HANDLED, SUPPLEMENT, REFUSED):
        keys = [m.key for m in measures.MEASURES if m.population == population]
        for row_key, counts in _counts(_base(scope, filters, population, w), group, keys, w).items():
            merged.setdefault(row_key, {}).update(counts)
    labels = _labels(filters.group_by, list(merged))
    zero = dict.fromkeys(measures.BY_KEY, 0)
    unknown = ("", "—", "~", "—")
    rows = [
        StatisticsRow(
            key=key,
            code=labels.get(key, unknown)[0],
            label=labels.get(key, unknown)[1],
            counts={**zero, **counts},
            short_label=labels.get(key, unknown)[3],
        )
        for key, counts in merged.items()
    ]
    rows.sort(key=lambda r: (labels.get(r.key, unknown)[2], r.label))
    totals = {key: sum(r.counts[key] for r in rows) for key in measures.BY_KEY}
    return Statistics(filters=filters, rows=rows, totals=totals, generated_at=now)


def issuer_of(*, viewer: AnyUser, filters: ReportFilters) -> Agency | None:
    """The agency a printed register or statistics is headed with: the one filtered on, else the viewer's
    first agency (a leader's own body comes before the ones below it)."""
    chosen = filters.agency or filters.competent
    if chosen is not None:
        return chosen
    position = active_positions(viewer).select_related("agency__parent").order_by("agency__sort_key").first()
    return position.agency if position is not None else Agency.objects.filter(parent__isnull=True).first()
