"""The working-day calendar: how fast deadlines are computed.

Metrics: calendar_add_days_per_s (add_working_days from random moments across 2026–2027, warm
cache) beside calendar_baseline_per_s (plain `start + timedelta(days=n)` over the same inputs, same
run) and calendar_add_days_ratio; calendar_between_per_s (working_hours_between over the same pairs);
calendar_cold_ms (first call after the calendar's rows changed: re-read and compile the years used).
Uses the bench database (created and migrated if needed, not dropped).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from benchmarks.common import emit, setup_django


def _rate(operation: Callable[[], int], seconds: float) -> float:
    """Operations per second, repeating `operation` (which returns how many it did) for `seconds`."""
    done = 0
    t0 = time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < seconds:
        done += operation()
    return done / elapsed


def run(quick: bool = False) -> None:
    setup_django()
    from django.core.management import call_command

    from tinhso.core import workcalendar
    from tinhso.core.reference import load_calendar_defaults

    call_command("migrate", verbosity=0, interactive=False)
    load_calendar_defaults()

    rng = random.Random(2026)
    first = dt.datetime(2026, 1, 1, tzinfo=workcalendar.TZ)
    span_minutes = 2 * 365 * 24 * 60
    starts = [first + dt.timedelta(minutes=rng.randrange(span_minutes)) for _ in range(10_000)]
    days = [rng.randint(1, 30) for _ in starts]
    pairs = list(zip(starts, days, strict=True))
    ends = [workcalendar.add_working_days(start, n) for start, n in pairs]  # warms the cache

    def calendar() -> int:
        for start, n in pairs:
            _due = workcalendar.add_working_days(start, n)
        return len(pairs)

    def baseline() -> int:
        for start, n in pairs:
            _due = start + dt.timedelta(days=n)
        return len(pairs)

    def between() -> int:
        for start, end in zip(starts, ends, strict=True):
            workcalendar.working_hours_between(start, end)
        return len(starts)

    seconds = 0.6 if quick else 5.0
    calendar_rate = _rate(calendar, seconds)
    baseline_rate = _rate(baseline, seconds)
    between_rate = _rate(between, seconds)

    workcalendar._current = None  # as after an edit: the next call re-reads the rows and compiles
    workcalendar.calendar_invalidate()
    t0 = time.perf_counter()
    workcalendar.add_working_days(starts[0], 5)
    cold_ms = (time.perf_counter() - t0) * 1000

    emit("calendar_add_days_per_s", calendar_rate, "calls/s", inputs=len(pairs), years="2026-2027")
    emit("calendar_baseline_per_s", baseline_rate, "calls/s", what="start + timedelta(days=n), same inputs")
    emit("calendar_add_days_ratio", calendar_rate / baseline_rate if baseline_rate else 0.0, "ratio")
    emit("calendar_between_per_s", between_rate, "calls/s")
    emit("calendar_cold_ms", cold_ms, "ms", what="re-read rows and compile 4 years")
