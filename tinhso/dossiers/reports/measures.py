"""What each number of the statistics means, as one condition on dossiers. The statistics count with these
conditions (`Count(filter=…)`) and the register lists with the same ones, so a number and the list behind
its link always agree.

Definitions, for a period [start, end) and the moment `ref` = min(end, now):

- **deadline** = `Coalesce(original_due_at, due_at)`: the appointment given at receipt (moved only by the
  clock stopping for supplements or a financial obligation). An apology letter's new appointment is not a
  deadline: `dossier_apologise` keeps the missed one in `original_due_at`.
- **settled** = `Coalesce(finished_at, closed_at)`: when processing ended, with a result (status 9, then 10)
  or without one (withdrawn 7, stopped 8, refused 3).
- **received**: `received_at` in the period; by channel online (2), at the desk (1), by post (3).
- **carried over** (kỳ trước chuyển sang): received before the period and not settled before it began.
- **to handle** (tổng số hồ sơ nhận giải quyết) = carried over + received.
- **processed** (đã giải quyết): `finished_at` in the period.
  - **late** (quá hạn): finished after the deadline, or marked late at any time (`late_since`, set by the
    deadline watch and by the apology letter): a late dossier stays late.
  - **early** (trước hạn): not late, and finished on a day before the deadline's day (Viet Nam's days).
  - **on time** (đúng hạn): not late and not early: on the deadline's day, before the deadline's time, or
    a dossier without a deadline.
- **in progress** (đang giải quyết): received before the period ended and not settled by then.
  - **overdue**: marked late before `ref`, or past its deadline at `ref` with the clock running.
  - **within the deadline**: the others (including those whose clock is stopped).
- **withdrawn** (7) and **stopped** (8): closed in the period with that status.
- to handle = processed + in progress + withdrawn + stopped.
- Outside that sum: **supplement requested** (a form 02 issued in the period, before or after receipt)
  and **refused** (form 03: not received, closed in the period).
- **By status**: the dossiers to handle, by their status today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.dossiers.models import Channel, Dossier, DossierDocument, Status, handling_span
from tinhso.dossiers.reports.periods import zone

HANDLED, REFUSED, SUPPLEMENT = "handled", "refused", "supplement"
# the statuses a dossier to handle can have today (never 0 draft, 1 submitted or 3 refused: not received)
STATUSES = (
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT,
    Status.PAYMENT,
    Status.WITHDRAWN,
    Status.STOPPED,
    Status.PROCESSED,
    Status.RETURNED,
)


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime
    ref: dt.datetime  # min(end, now): when "overdue" is judged


def annotate(rows: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The derived values the conditions use. `span` is the expression of the index dossier_span."""
    return rows.annotate(
        span=handling_span(),
        settled=Coalesce(F("finished_at"), F("closed_at")),
        deadline=Coalesce(F("original_due_at"), F("due_at")),
        finished_day=TruncDate("finished_at", tzinfo=zone()),
        deadline_day=TruncDate(Coalesce(F("original_due_at"), F("due_at")), tzinfo=zone()),
    )


def _in(field: str, w: Window) -> Q:
    return Q(**{f"{field}__gte": w.start, f"{field}__lt": w.end})


def late() -> Q:
    return Q(late_since__isnull=False) | Q(deadline__isnull=False, finished_at__gt=F("deadline"))


def not_late() -> Q:
    return Q(late_since__isnull=True) & (Q(deadline__isnull=True) | Q(finished_at__lte=F("deadline")))


def early() -> Q:
    return not_late() & Q(deadline__isnull=False, finished_day__lt=F("deadline_day"))


def on_time() -> Q:
    return not_late() & (Q(deadline__isnull=True) | Q(finished_day__gte=F("deadline_day")))


def overdue(ref: dt.datetime) -> Q:
    return Q(late_since__lt=ref) | Q(deadline__lt=ref, paused_at__isnull=True)


def within(ref: dt.datetime) -> Q:
    return (Q(late_since__isnull=True) | Q(late_since__gte=ref)) & (
        Q(deadline__isnull=True) | Q(deadline__gte=ref) | Q(paused_at__isnull=False)
    )


def received(w: Window) -> Q:
    return _in("received_at", w)


def carried_over(w: Window) -> Q:
    return Q(received_at__lt=w.start) & (Q(settled__gte=w.start) | Q(settled__isnull=True))


def to_handle(w: Window) -> Q:
    """Received in the period, or before it and not settled when it began: the dossiers whose span (from
    receipt to settlement, or open) overlaps the period. One scan of the GiST index dossier_span, as quick
    for a quarter five years ago as for the last one; the same set as `received(w) | carried_over(w)`."""
    return Q(received_at__isnull=False, span__overlap=DateTimeTZRange(w.start, w.end, "[)"))


def processed(w: Window) -> Q:
    return _in("finished_at", w)


def in_progress(w: Window) -> Q:
    return Q(received_at__lt=w.end) & (Q(settled__isnull=True) | Q(settled__gte=w.end))


def population(name: str, w: Window) -> Q:
    if name == HANDLED:
        return to_handle(w)
    if name == REFUSED:
        return Q(status=Status.REFUSED) & _in("closed_at", w)
    issued = DossierDocument.objects.filter(
        kind=DossierDocument.Kind.SUPPLEMENT, issued_at__gte=w.start, issued_at__lt=w.end
    )
    return Q(pk__in=issued.values("dossier_id"))


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    population: str
    group: str | Promise = ""  # the heading over a set of columns


def _measures() -> tuple[Measure, ...]:
    got = pgettext_lazy("statistics", "Received in the period")
    done = pgettext_lazy("statistics", "Processed")
    going = pgettext_lazy("statistics", "In progress")
    status = pgettext_lazy("statistics", "By status today")
    return (
        Measure("to_handle", pgettext_lazy("statistics", "Total to handle"), HANDLED),
        Measure(
            "carried_over", pgettext_lazy("statistics", "Carried over from the previous period"), HANDLED
        ),
        Measure("received", pgettext_lazy("statistics", "Total"), HANDLED, got),
        Measure("received_online", pgettext_lazy("statistics", "Received online"), HANDLED, got),
        Measure("received_walk_in", pgettext_lazy("statistics", "Received at the desk"), HANDLED, got),
        Measure("received_postal", pgettext_lazy("statistics", "Received by post"), HANDLED, got),
        Measure("processed", pgettext_lazy("statistics", "Total"), HANDLED, done),
        Measure("processed_early", pgettext_lazy("statistics", "Early"), HANDLED, done),
        Measure("processed_on_time", pgettext_lazy("statistics", "On time"), HANDLED, done),
        Measure("processed_late", pgettext_lazy("statistics", "Late"), HANDLED, done),
        Measure("in_progress", pgettext_lazy("statistics", "Total"), HANDLED, going),
        Measure("in_progress_within", pgettext_lazy("statistics", "Within the deadline"), HANDLED, going),
        Measure("in_progress_overdue", pgettext_lazy("statistics", "Overdue"), HANDLED, going),
        Measure("withdrawn", pgettext_lazy("statistics", "Withdrawn"), HANDLED),
        Measure("stopped", pgettext_lazy("statistics", "Stopped"), HANDLED),
        Measure("supplement", pgettext_lazy("statistics", "Supplements requested"), SUPPLEMENT),
        Measure("refused", pgettext_lazy("statistics", "Refused"), REFUSED),
        *(Measure(f"status_{s.value}", s.label, HANDLED, status) for s in STATUSES),
    )


MEASURES = _measures()
BY_KEY = {m.key: m for m in MEASURES}
COLUMNS = tuple(m for m in MEASURES if not m.key.startswith("status_"))  # the table's columns
STATUS_MEASURES = tuple(m for m in MEASURES if m.key.startswith("status_"))
# a longer name for a column whose label alone is ambiguous ("Total", "Early"), for lists and links
FULL_LABELS: dict[str, str | Promise] = {
    "received": pgettext_lazy("statistics", "Received in the period"),
    "processed": pgettext_lazy("statistics", "Processed in the period"),
    "processed_early": pgettext_lazy("statistics", "Processed early"),
    "processed_on_time": pgettext_lazy("statistics", "Processed on time"),
    "processed_late": pgettext_lazy("statistics", "Processed late"),
    "in_progress": pgettext_lazy("statistics", "In progress at the end of the period"),
    "in_progress_within": pgettext_lazy("statistics", "In progress, within the deadline"),
    "in_progress_overdue": pgettext_lazy("statistics", "In progress, overdue"),
}


def full_label(key: str) -> str | Promise:
    measure = BY_KEY[key]
    if key in FULL_LABELS:
        return FULL_LABELS[key]
    if measure.group and key.startswith("status_"):
        return _("To handle, now: %(status)s") % {"status": measure.label}
    return measure.label


def condition(key: str, w: Window) -> Q:
    """The condition of one measure, inside its population."""
    channel = {"received_online": Channel.ONLINE, "received_walk_in": Channel.WALK_IN}
    channel["received_postal"] = Channel.POSTAL
    if key in ("to_handle", "supplement", "refused"):
        return Q()
    if key == "carried_over":
        return carried_over(w)
    if key == "received":
        return received(w)
    if key in channel:
        return received(w) & Q(channel=channel[key])
    if key == "processed":
        return processed(w)
    if key == "processed_early":
        return processed(w) & early()
    if key == "processed_on_time":
        return processed(w) & on_time()
    if key == "processed_late":
        return processed(w) & late()
    if key == "in_progress":
        return in_progress(w)
    if key == "in_progress_within":
        return in_progress(w) & within(w.ref)
    if key == "in_progress_overdue":
        return in_progress(w) & overdue(w.ref)
    if key == "withdrawn":
        return Q(status=Status.WITHDRAWN) & _in("closed_at", w)
    if key == "stopped":
        return Q(status=Status.STOPPED) & _in("closed_at", w)
    if key.startswith("status_"):
        return Q(status=int(key.removeprefix("status_")))
    raise KeyError(key)


def full(key: str, w: Window) -> Q:
    """Population and condition: the dossiers behind the number."""
    return population(BY_KEY[key].population, w) & condition(key, w)
