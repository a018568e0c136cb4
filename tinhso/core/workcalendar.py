"""The working-day calendar: the one place where working time is added to moments.

Entry point — import this module and call its functions::

    from tinhso.core import workcalendar

    due = workcalendar.add_working_days(received_at, 5)          # statutory time in working days
    step_due = workcalendar.add_working_hours(start, Decimal(4))  # per-step budgets in hours
    spent = workcalendar.working_hours_between(start, end)        # Decimal hours, signed
    workcalendar.is_working_day(day); workcalendar.is_office_time(moment)
    workcalendar.next_office_moment(moment); workcalendar.same_day_due(received_at)
    workcalendar.days_off(2026)                                   # {date: name} in force

Writes (overrides) go through tinhso.core.services.calendar: calendar_override_set / _remove.

Conventions (ADR 0007):
- Moments are aware datetimes (a naive one raises ValueError); results are in Asia/Ho_Chi_Minh.
  The functions that default to "now" read the platform clock (tinhso.core.clock).
- Office time is half-open on working days: [07:30, 11:30) and [13:00, 17:00) by default.
- Adding counts from the next office moment, and the result is always an office moment: work that
  ends exactly at a closing instant is due at the next opening (07:30 Monday + 8 h = 07:30 Tuesday).
  So add(t, a + b) == add(add(t, a), b), and "late" means finished after that moment.
- 1 working day = settings.TINHSO_WORKING_DAY_HOURS (8) working hours, so 10:00 Monday + 1 working
  day = 10:00 Tuesday. Precision is one microsecond.
- working_hours_between(start, end) is the office time in [start, end); negative when end < start.

Days off: the pinned `holidays` library for Vietnam (language "vi", Vietnamese lunar calendar, its
make-up Saturdays in `weekend_workdays`), then the administrators' CalendarOverride rows, which win.

Caching: the calendar is compiled into a sorted line of office intervals with a running total, so
each call is two bisections. The compiled form is kept per process, keyed on the calendar's rows
(overrides, schedules, periods). It is re-checked at most every TINHSO_CALENDAR_CHECK_SECONDS by
reading those small tables (three cheap queries), so an edit made in another process or machine is
seen within that delay without signals; the process that writes calls calendar_invalidate() so it
sees its own edit at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
import threading
import time
from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from tinhso.core import clock
from tinhso.core.models.calendar import MONDAY_TO_FRIDAY, CalendarOverride, OfficeHours, OfficePeriod

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SAME_DAY_CUTOFF = dt.time(15, 0)
DEFAULT_PERIODS = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0)))
US_PER_HOUR = 3_600_000_000
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)


# --- conversions: the compiled line works in integer microseconds since the epoch (UTC) ---


def _to_us(moment: dt.datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: the calendar needs aware datetimes")
    return (moment - _EPOCH) // _US


def _from_us(us: int) -> dt.datetime:
    return (_EPOCH + dt.timedelta(microseconds=us)).astimezone(TZ)


def _hours_to_us(hours: float | Decimal | int) -> int:
    # repr() of a float is its shortest decimal form: 0.1 h is 360 s, not 359.999… s
    value = Decimal(repr(hours)) if isinstance(hours, float) else Decimal(hours)
    if not value.is_finite() or value < 0:
        raise ValueError("working time to add must be a finite, non-negative number")
    return int((value * US_PER_HOUR).to_integral_value(ROUND_HALF_EVEN))


def _local(moment: dt.datetime | None) -> dt.datetime:
    moment = clock.now() if moment is None else moment
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the calendar needs aware datetimes")
    return moment.astimezone(TZ)


# --- the library's days off, per year (pure: the library is pinned) ---


@functools.cache
def _library_year(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """Holidays and make-up working weekend days of `year`. Neighbouring years are populated too,
    because a swap decided in one year can move a day of the next (e.g. 27/12/2014 for 2/1/2015)."""
    lib = holidays.country_holidays("VN", years=range(year - 1, year + 2), language="vi")
    names = {day: name for day, name in lib.items() if day.year == year}
    return names, frozenset(day for day in lib.weekend_workdays if day.year == year)


_LIBRARY = holidays.country_holidays("VN", language="vi")
MIN_YEAR, MAX_YEAR = _LIBRARY.start_year, _LIBRARY.end_year


# --- the compiled calendar ---


@dataclass(frozen=True)
class _Schedule:
    weekdays: frozenset[int]
    periods: tuple[tuple[dt.time, dt.time], ...]


@dataclass(frozen=True)
class _Year:
    intervals: tuple[tuple[int, int], ...]  # office intervals of the year's working days, in µs
    bounds: dict[dt.date, tuple[int, int]]  # working day → (opening, closing) in µs


@dataclass(frozen=True)
class _Line:
    """Office intervals of years lo..hi, sorted, with cum[i] = office time before interval i."""

    lo: int
    hi: int
    start_us: int  # local midnight opening year lo
    end_us: int  # local midnight after year hi
    starts: list[int]
    ends: list[int]
    cum: list[int]
    total: int


def _year_start_us(year: int) -> int:
    return _to_us(dt.datetime(year, 1, 1, tzinfo=TZ))


class _Calendar:
    """An immutable snapshot of the rows, compiled lazily year by year."""

    def __init__(self, source: tuple[Any, ...]) -> None:
        self.source = source
        overrides, schedules, periods, day_hours = source
        self.day_us = _hours_to_us(Decimal(day_hours))
        self.overrides: dict[dt.date, tuple[str, str]] = {day: (kind, name) for day, kind, name in overrides}
        by_schedule: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for schedule_id, start, end in periods:
            by_schedule.setdefault(schedule_id, []).append((start, end))
        ranked = []
        for pk, from_month, from_day, to_month, to_day, weekdays in schedules:
            merged = _merge(by_schedule.get(pk, []))
            if merged:  # a schedule without periods is unfinished: ignore it
                row = OfficeHours(from_month=from_month, from_day=from_day, to_month=to_month, to_day=to_day)
                ranked.append((row.span_days, pk, row, _Schedule(frozenset(weekdays), merged)))
        ranked.sort(key=lambda item: (item[0], item[1]))
        default = _Schedule(frozenset(MONDAY_TO_FRIDAY), DEFAULT_PERIODS)
        self.by_month_day: dict[tuple[int, int], _Schedule] = {}
        for ordinal in range(366):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=ordinal)
            key = (day.month, day.day)
            self.by_month_day[key] = next(
                (schedule for _span, _pk, row, schedule in ranked if row.covers(*key)), default
            )
        self.years: dict[int, _Year] = {}
        self.lock = threading.Lock()
        self.line: _Line | None = None

    def year(self, year: int) -> _Year:
        compiled = self.years.get(year)
        if compiled is None:
            compiled = self.years[year] = self._compile(year)
        return compiled

    def _compile(self, year: int) -> _Year:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the calendar knows the years {MIN_YEAR}–{MAX_YEAR}, not {year}")
        names, weekend_workdays = _library_year(year)
        intervals: list[tuple[int, int]] = []
        bounds: dict[dt.date, tuple[int, int]] = {}
        day = dt.date(year, 1, 1)
        while day.year == year:
            schedule = self.by_month_day[(day.month, day.day)]
            override = self.overrides.get(day)
            if override is not None:
                working = override[0] == CalendarOverride.Kind.WORKING_DAY
            elif day in weekend_workdays:
                working = True
            else:
                working = day.weekday() in schedule.weekdays and day not in names
            if working:
                spans = [
                    (
                        _to_us(dt.datetime.combine(day, start, tzinfo=TZ)),
                        _to_us(dt.datetime.combine(day, end, tzinfo=TZ)),
                    )
                    for start, end in schedule.periods
                ]
                intervals.extend(spans)
                bounds[day] = (spans[0][0], spans[-1][1])
            day += dt.timedelta(days=1)
        return _Year(tuple(intervals), bounds)

    def days_off(self, year: int) -> dict[dt.date, str]:
        names, weekend_workdays = _library_year(year)
        result = {day: name for day, name in names.items() if day not in weekend_workdays}
        for day, (kind, name) in self.overrides.items():
            if day.year != year:
                continue
            if kind == CalendarOverride.Kind.DAY_OFF:
                result[day] = name
            else:
                result.pop(day, None)
        return dict(sorted(result.items()))

    # --- the line of office intervals ---

    def _build_line(self, lo: int, hi: int) -> _Line:
        starts: list[int] = []
        ends: list[int] = []
        cum: list[int] = []
        total = 0
        for year in range(lo, hi + 1):
            for start, end in self.year(year).intervals:
                starts.append(start)
                ends.append(end)
                cum.append(total)
                total += end - start
        return _Line(lo, hi, _year_start_us(lo), _year_start_us(hi + 1), starts, ends, cum, total)

    def line_covering(self, us: int) -> _Line:
        line = self.line
        if line is not None and line.start_us <= us < line.end_us:
            return line
        year = _from_us(us).year
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the calendar knows the years {MIN_YEAR}–{MAX_YEAR}, not {year}")
        with self.lock:
            line = self.line
            lo, hi = (year - 1, year + 2) if line is None else (min(line.lo, year), max(line.hi, year))
            line = self.line = self._build_line(max(lo, MIN_YEAR), min(hi, MAX_YEAR))
        return line

    def line_beyond(self, line: _Line, worked: int) -> _Line:
        """A line with the same first year whose office time exceeds `worked` (extends forward)."""
        with self.lock:
            current = self.line if self.line is not None and self.line.lo == line.lo else line
            hi = current.hi
            while current.total <= worked:
                if hi >= MAX_YEAR:
                    raise ValueError(f"the calendar knows the years {MIN_YEAR}–{MAX_YEAR}")
                hi = min(MAX_YEAR, hi + max(2, hi - current.lo + 1))  # doubling: few rebuilds
                current = self._build_line(current.lo, hi)
            self.line = current
        return current

    @staticmethod
    def worked(line: _Line, us: int) -> int:
        """Office time from the line's start to `us`."""
        i = bisect_right(line.starts, us) - 1
        if i < 0:
            return 0
        return line.cum[i] + min(us - line.starts[i], line.ends[i] - line.starts[i])

    def add(self, us: int, delta: int) -> int:
        line = self.line_covering(us)
        target = self.worked(line, us) + delta
        if target >= line.total:
            line = self.line_beyond(line, target)
        j = bisect_right(line.cum, target) - 1
        return line.starts[j] + target - line.cum[j]


def _merge(periods: list[tuple[dt.time, dt.time]]) -> tuple[tuple[dt.time, dt.time], ...]:
    """Sorted, non-empty, non-overlapping: the admin validates this, the compiler does not trust it."""
    merged: list[tuple[dt.time, dt.time]] = []
    for start, end in sorted(p for p in periods if p[0] < p[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


# --- the per-process snapshot ---

_state_lock = threading.Lock()
_current: _Calendar | None = None
_checked_at = -math.inf


def _source() -> tuple[Any, ...]:
    overrides = tuple(CalendarOverride.objects.order_by("day").values_list("day", "kind", "name"))
    schedules = tuple(
        (pk, fm, fd, tm, td, tuple(weekdays))
        for pk, fm, fd, tm, td, weekdays in OfficeHours.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "from_month", "from_day", "to_month", "to_day", "weekdays")
    )
    periods = tuple(
        OfficePeriod.objects.filter(schedule__is_active=True)
        .order_by("schedule_id", "start")
        .values_list("schedule_id", "start", "end")
    )
    return overrides, schedules, periods, str(settings.TINHSO_WORKING_DAY_HOURS)


def _calendar() -> _Calendar:
    global _current, _checked_at
    current = _current
    if current is not None and time.monotonic() - _checked_at < settings.TINHSO_CALENDAR_CHECK_SECONDS:
        return current
    with _state_lock:
        source = _source()
        if _current is None or _current.source != source:
            _current = _Calendar(source)
        _checked_at = time.monotonic()
        return _current


def calendar_invalidate() -> None:
    """Re-read the calendar's rows at the next call (cheap: the compiled form is kept if unchanged)."""
    global _checked_at
    _checked_at = -math.inf


# --- the public functions ---


def is_working_day(day: dt.date) -> bool:
    return day in _calendar().year(day.year).bounds


def days_off(year: int) -> dict[dt.date, str]:
    """Public holidays and extra days off in force in `year` (library + overrides), by date."""
    return _calendar().days_off(year)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after `day`."""
    return _next_working_day(_calendar(), day)


def _next_working_day(calendar: _Calendar, day: dt.date) -> dt.date:
    for _step in range(3660):  # ten years: a calendar without working days is a configuration error
        day += dt.timedelta(days=1)
        if day in calendar.year(day.year).bounds:
            return day
    raise ValueError("the calendar has no working day in the next ten years")


def is_office_time(moment: dt.datetime | None = None) -> bool:
    """Whether `moment` (default: now) falls within office hours of a working day."""
    us = _to_us(_local(moment))
    line = _calendar().line_covering(us)
    i = bisect_right(line.starts, us) - 1
    return i >= 0 and us < line.ends[i]


def next_office_moment(moment: dt.datetime | None = None) -> dt.datetime:
    """`moment` itself if it is office time, else the next opening (default: from now)."""
    return _from_us(_calendar().add(_to_us(_local(moment)), 0))


def add_working_hours(start: dt.datetime, hours: float | Decimal | int) -> dt.datetime:
    """The office moment by which `hours` of office time have passed since `start` (see conventions)."""
    return _from_us(_calendar().add(_to_us(start), _hours_to_us(hours)))


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """`days` × the working day's length in office time after `start`: 10:00 Mon + 1 → 10:00 Tue."""
    days = operator.index(days)  # whole days only: a fraction of a day is add_working_hours' job
    if days < 0:
        raise ValueError("working days to add must not be negative")
    calendar = _calendar()
    return _from_us(calendar.add(_to_us(start), days * calendar.day_us))


def working_hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Office hours in [start, end); negative (the same amount) when end is before start."""
    calendar = _calendar()
    a, b = _to_us(start), _to_us(end)
    line = calendar.line_covering(min(a, b))
    if max(a, b) >= line.end_us:
        line = calendar.line_covering(max(a, b))  # widens to cover both, same first year
    return Decimal(calendar.worked(line, b) - calendar.worked(line, a)) / US_PER_HOUR


def same_day_due(received_at: dt.datetime, cutoff: dt.time = SAME_DAY_CUTOFF) -> dt.datetime:
    """Due moment of a "trong ngày" procedure: closing time of the day of receipt if received on a
    working day before `cutoff`, else closing time of the next working day."""
    local = _local(received_at)
    day = local.date()
    calendar = _calendar()
    if not (day in calendar.year(day.year).bounds and local.time() < cutoff):
        day = _next_working_day(calendar, day)
    return _from_us(calendar.year(day.year).bounds[day][1])
