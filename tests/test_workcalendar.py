"""The working-day calendar: concrete cases from the pinned holidays library (0.109), and properties.

Days off the library gives (language "vi"), which the cases below rely on:
- 2026: 1/1; Tết 16/2 (Mon, Giao thừa) – 20/2 (Fri, Mùng bốn), Tết day 1 = Tue 17/2; 26/4 (Sun) with
  27/4 (Mon, nghỉ bù); 30/4; 1/5; 31/8 (Mon, swapped for the make-up Saturday 22/8); 1/9; 2/9; 24/11.
- 2027: 1/1; Tết 4/2 (Thu, 29 Tết) – 10/2 (Wed, Mùng năm), Tết day 1 = Sat 6/2; 16/4; 30/4;
  1/5 (Sat) with 3/5 (Mon, nghỉ bù); 2/9 (Thu); 3/9 (Fri); 24/11.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.core import workcalendar as wc
from tinhso.core.models import OfficeHours, OfficePeriod

pytestmark = pytest.mark.django_db
TZ = wc.TZ


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


# --- what the library gives ---


def test_days_off_2026_are_those_of_the_library():
    assert wc.days_off(2026) == {
        dt.date(2026, 1, 1): "Tết Dương lịch",
        dt.date(2026, 2, 16): "Giao thừa Tết Nguyên Đán",
        dt.date(2026, 2, 17): "Tết Nguyên Đán",
        dt.date(2026, 2, 18): "Mùng hai Tết Nguyên Đán",
        dt.date(2026, 2, 19): "Mùng ba Tết Nguyên Đán",
        dt.date(2026, 2, 20): "Mùng bốn Tết Nguyên Đán",
        dt.date(2026, 4, 26): "Ngày Giỗ Tổ Hùng Vương",
        dt.date(2026, 4, 27): "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
        dt.date(2026, 4, 30): "Ngày Chiến thắng",
        dt.date(2026, 5, 1): "Ngày Quốc tế Lao động",
        dt.date(2026, 8, 31): "Ngày nghỉ (thay cho ngày 22/08/2026)",
        dt.date(2026, 9, 1): "Quốc khánh",
        dt.date(2026, 9, 2): "Quốc khánh",
        dt.date(2026, 11, 24): "Ngày Văn hóa Việt Nam",
    }


def test_days_off_2027_include_the_seven_days_of_tet():
    days = wc.days_off(2027)
    assert [d.day for d in days if d.month == 2] == [4, 5, 6, 7, 8, 9, 10]
    assert days[dt.date(2027, 2, 6)] == "Tết Nguyên Đán"
    assert days[dt.date(2027, 5, 3)] == "Ngày Quốc tế Lao động (nghỉ bù)"
    assert {d for d in days if d.month == 9} == {dt.date(2027, 9, 2), dt.date(2027, 9, 3)}


# --- Tết 2026: Tuesday 17 February is the first day ---


def test_tet_2026_weekdays_are_days_off():
    assert wc.is_working_day(dt.date(2026, 2, 13))  # Friday before
    for day in range(16, 21):
        assert not wc.is_working_day(dt.date(2026, 2, day))
    assert wc.is_working_day(dt.date(2026, 2, 23))


def test_a_working_day_over_tet_2026_lands_after_it():
    # received Friday 13/2 at 10:00 with one working day: Tết week and two weekends do not count
    assert wc.add_working_days(at(2026, 2, 13, 10), 1) == at(2026, 2, 23, 10)
    # received Thursday 12/2 at 09:00 with five working days: Fri 13, Mon 23 … Thu 26
    assert wc.add_working_days(at(2026, 2, 12, 9), 5) == at(2026, 2, 26, 9)


def test_no_working_time_passes_during_tet_2026():
    assert wc.working_hours_between(at(2026, 2, 13, 17), at(2026, 2, 23, 7, 30)) == 0
    assert wc.working_hours_between(at(2026, 2, 13, 16), at(2026, 2, 23, 8)) == Decimal("1.5")


def test_office_time_during_tet_2026_with_the_platform_clock():
    with time_machine.travel(at(2026, 2, 17, 9), tick=False):
        assert not wc.is_office_time()
        assert wc.next_office_moment() == at(2026, 2, 23, 7, 30)
    with time_machine.travel(at(2026, 2, 23, 9), tick=False):
        assert wc.is_office_time()
        assert wc.next_office_moment() == at(2026, 2, 23, 9)


# --- Tết 2027: Saturday 6 February is the first day ---


def test_tet_2027_runs_from_thursday_4_to_wednesday_10_february():
    assert wc.is_working_day(dt.date(2027, 2, 3))
    assert [wc.is_working_day(dt.date(2027, 2, d)) for d in range(4, 12)] == [False] * 7 + [True]


def test_a_working_day_over_tet_2027_lands_on_thursday_11():
    assert wc.add_working_days(at(2027, 2, 3, 14), 1) == at(2027, 2, 11, 14)
    assert wc.add_working_hours(at(2027, 2, 3, 16), 3) == at(2027, 2, 11, 9, 30)


# --- National Day 2/9 and its adjacent day ---


def test_national_day_2026_with_the_swapped_monday_and_make_up_saturday():
    # 31/8 (Mon) is off in exchange for Saturday 22/8, which is a working day
    assert [wc.is_working_day(dt.date(2026, 8, 31)), wc.is_working_day(dt.date(2026, 9, 1))] == [False, False]
    assert not wc.is_working_day(dt.date(2026, 9, 2))
    assert wc.is_working_day(dt.date(2026, 8, 22))
    assert wc.add_working_days(at(2026, 8, 28, 10), 1) == at(2026, 9, 3, 10)
    assert wc.add_working_hours(at(2026, 8, 21, 16), 2) == at(2026, 8, 22, 8, 30)


def test_national_day_2027_is_thursday_2_and_friday_3():
    assert not wc.is_working_day(dt.date(2027, 9, 2)) and not wc.is_working_day(dt.date(2027, 9, 3))
    assert wc.add_working_days(at(2027, 9, 1, 10), 1) == at(2027, 9, 6, 10)


# --- conventions ---


def test_one_working_day_from_10_monday_is_10_tuesday():
    assert wc.add_working_days(at(2026, 3, 2, 10), 1) == at(2026, 3, 3, 10)


def test_received_outside_office_time_counts_from_the_next_opening():
    assert wc.add_working_days(at(2026, 3, 2, 12), 1) == at(2026, 3, 3, 13)  # lunch → from 13:00
    assert wc.add_working_days(at(2026, 3, 6, 18), 1) == at(2026, 3, 10, 7, 30)  # Friday evening
    assert wc.add_working_hours(at(2026, 3, 7, 9), 0) == at(2026, 3, 9, 7, 30)  # Saturday


def test_work_ending_at_closing_time_is_due_at_the_next_opening():
    assert wc.add_working_hours(at(2026, 3, 2, 7, 30), 8) == at(2026, 3, 3, 7, 30)
    assert wc.add_working_hours(at(2026, 3, 2, 7, 30), 4) == at(2026, 3, 2, 13)


def test_working_hours_between_is_signed():
    assert wc.working_hours_between(at(2026, 3, 2, 10), at(2026, 3, 3, 10)) == 8
    assert wc.working_hours_between(at(2026, 3, 3, 10), at(2026, 3, 2, 10)) == -8
    assert wc.working_hours_between(at(2026, 3, 2, 12), at(2026, 3, 2, 12, 30)) == 0


def test_results_are_in_vietnam_time_whatever_the_zone_of_the_input():
    start = at(2026, 3, 2, 10).astimezone(dt.UTC)
    due = wc.add_working_days(start, 1)
    assert due == at(2026, 3, 3, 10) and due.tzinfo == TZ


def test_naive_datetimes_and_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        wc.add_working_hours(dt.datetime(2026, 3, 2, 10), 1)  # noqa: DTZ001
    with pytest.raises(ValueError):
        wc.add_working_hours(at(2026, 3, 2, 10), -1)
    with pytest.raises(ValueError):
        wc.add_working_days(at(2026, 3, 2, 10), -1)
    with pytest.raises(TypeError):
        wc.add_working_days(at(2026, 3, 2, 10), 1.5)  # type: ignore[arg-type]


def test_long_deadlines_cross_years():
    assert wc.add_working_days(at(2026, 12, 31, 10), 1) == at(2027, 1, 4, 10)
    due = wc.add_working_days(at(2026, 3, 2, 10), 2500)
    assert wc.working_hours_between(at(2026, 3, 2, 10), due) == 2500 * 8


# --- "trong ngày" procedures ---


def test_same_day_procedures_received_before_the_cutoff_are_due_at_closing():
    assert wc.same_day_due(at(2026, 3, 2, 14, 59)) == at(2026, 3, 2, 17)
    assert wc.same_day_due(at(2026, 3, 2, 6, 45)) == at(2026, 3, 2, 17)  # online, before opening


def test_same_day_procedures_received_after_the_cutoff_are_due_the_next_working_day():
    assert wc.same_day_due(at(2026, 3, 2, 15)) == at(2026, 3, 3, 17)
    assert wc.same_day_due(at(2026, 2, 13, 15, 30)) == at(2026, 2, 23, 17)  # Tết in between
    assert wc.same_day_due(at(2026, 3, 7, 9)) == at(2026, 3, 9, 17)  # Saturday


def test_the_same_day_cutoff_is_a_parameter():
    assert wc.same_day_due(at(2026, 3, 2, 15, 30), cutoff=dt.time(16, 0)) == at(2026, 3, 2, 17)


# --- summer and winter schedules ---


def _schedule(name: str, start: tuple[int, int], end: tuple[int, int], *periods: tuple[str, str]) -> None:
    schedule = OfficeHours.objects.create(
        name=name, from_day=start[0], from_month=start[1], to_day=end[0], to_month=end[1]
    )
    for begin, finish in periods:
        OfficePeriod.objects.create(
            schedule=schedule, start=dt.time.fromisoformat(begin), end=dt.time.fromisoformat(finish)
        )
    wc.calendar_invalidate()  # a direct write: the admin does this on save


def test_a_summer_schedule_overrides_the_default_where_it_applies():
    # given summer hours from 1/5 to 30/9: 07:00–11:00 and 13:30–17:30
    _schedule("Mùa hè", (1, 5), (30, 9), ("07:00", "11:00"), ("13:30", "17:30"))
    # then
    assert wc.is_office_time(at(2026, 6, 1, 7, 15)) and wc.is_office_time(at(2026, 6, 1, 17, 15))
    assert not wc.is_office_time(at(2026, 6, 1, 13, 15))
    assert not wc.is_office_time(at(2026, 3, 2, 7, 15)) and wc.is_office_time(at(2026, 3, 2, 13, 15))
    # Wed 29/4 16:00 + 2 h: one hour left that day, 30/4 and 1/5 are holidays, then summer hours
    assert wc.add_working_hours(at(2026, 4, 29, 16), 2) == at(2026, 5, 4, 8)
    assert wc.same_day_due(at(2026, 7, 1, 9)) == at(2026, 7, 1, 17, 30)


def test_a_winter_schedule_may_run_over_the_new_year():
    _schedule("Mùa đông", (15, 10), (14, 4), ("07:30", "11:30"), ("13:30", "17:30"))
    assert wc.is_office_time(at(2027, 1, 5, 17, 15))
    assert wc.is_office_time(at(2026, 10, 15, 17, 15)) and not wc.is_office_time(at(2026, 10, 14, 17, 15))


def test_a_schedule_out_of_use_is_ignored():
    _schedule("Mùa hè", (1, 5), (30, 9), ("07:00", "11:00"), ("13:30", "17:30"))
    OfficeHours.objects.filter(name="Mùa hè").update(is_active=False)
    wc.calendar_invalidate()
    assert not wc.is_office_time(at(2026, 6, 1, 7, 15))


# --- properties ---

# hypothesis takes naive bounds and attaches the zone itself
STARTS = st.datetimes(
    min_value=dt.datetime(2025, 12, 1),  # noqa: DTZ001
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(TZ),
)
HOURS = st.decimals(min_value=0, max_value=400, places=4)
PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(start=STARTS, hours=HOURS)
def test_the_result_of_adding_is_office_time_on_a_working_day(start, hours):
    due = wc.add_working_hours(start, hours)
    assert wc.is_office_time(due)
    assert wc.is_working_day(due.date())
    assert due >= start


@PROPERTY
@given(start=STARTS, a=HOURS, b=HOURS)
def test_adding_is_monotonic_in_hours(start, a, b):
    low, high = sorted((a, b))
    assert wc.add_working_hours(start, low) <= wc.add_working_hours(start, high)
    if low < high:
        assert wc.add_working_hours(start, low) < wc.add_working_hours(start, high)


@PROPERTY
@given(start=STARTS, hours=HOURS)
def test_working_hours_between_undoes_adding(start, hours):
    office_start = wc.next_office_moment(start)
    assert wc.is_office_time(office_start)
    due = wc.add_working_hours(office_start, hours)
    assert wc.working_hours_between(office_start, due) == hours
    assert wc.working_hours_between(due, office_start) == -hours


@PROPERTY
@given(start=STARTS, a=HOURS, b=HOURS)
def test_adding_a_plus_b_is_adding_a_then_b(start, a, b):
    assert wc.add_working_hours(start, a + b) == wc.add_working_hours(wc.add_working_hours(start, a), b)


@PROPERTY
@given(start=STARTS, days=st.integers(min_value=0, max_value=60))
def test_working_days_keep_the_time_of_day_and_are_eight_hours(start, days):
    office_start = wc.next_office_moment(start)
    due = wc.add_working_days(office_start, days)
    assert due == wc.add_working_hours(office_start, 8 * days)
    assert due.time() == office_start.time()


@PROPERTY
@given(day=st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 12, 31)))
def test_holidays_and_weekends_never_count(day):
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=TZ)
    hours = wc.working_hours_between(midnight, midnight + dt.timedelta(days=1))
    if day in wc.days_off(day.year) or (day.weekday() >= 5 and day != dt.date(2026, 8, 22)):
        assert not wc.is_working_day(day)
        assert hours == 0
        assert not any(wc.is_office_time(midnight + dt.timedelta(minutes=m)) for m in range(0, 1440, 30))
    else:
        assert wc.is_working_day(day)
        assert hours == 8
