"""Editing the calendar: overrides through services and the admin, office hours, and how edits reach
the compiled calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from tests.conftest import login_client
from tinhso.core import workcalendar as wc
from tinhso.core.models import AuditEntry, CalendarOverride, OfficeHours, OfficePeriod, Role
from tinhso.core.reference import load_calendar_defaults
from tinhso.core.services.calendar import calendar_override_remove, calendar_override_set

pytestmark = pytest.mark.django_db
TZ = wc.TZ


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def test_a_make_up_saturday_is_a_working_day():
    # given the province swaps Friday 2/1/2026 (bridge after New Year) with Saturday 10/1/2026
    admin = factories.sysadmin()
    calendar_override_set(
        actor=admin,
        day=dt.date(2026, 1, 2),
        kind="day_off",
        name="Nghỉ bù Tết Dương lịch",
        source="Thông báo số 1",
    )
    calendar_override_set(actor=admin, day=dt.date(2026, 1, 10), kind="working_day", name="Làm bù cho 2/1")
    # then the Friday is off, the Saturday counts, and New Year's Eve + 1 day skips to Saturday
    assert not wc.is_working_day(dt.date(2026, 1, 2))
    assert wc.is_working_day(dt.date(2026, 1, 10))
    assert wc.add_working_days(at(2025, 12, 31, 10), 1) == at(2026, 1, 5, 10)
    assert wc.add_working_days(at(2026, 1, 9, 10), 1) == at(2026, 1, 10, 10)
    assert wc.days_off(2026)[dt.date(2026, 1, 2)] == "Nghỉ bù Tết Dương lịch"


def test_removing_an_override_gives_the_day_back_to_the_library():
    admin = factories.sysadmin()
    calendar_override_set(actor=admin, day=dt.date(2026, 1, 10), kind="working_day", name="Làm bù")
    assert calendar_override_remove(actor=admin, day=dt.date(2026, 1, 10))
    assert not wc.is_working_day(dt.date(2026, 1, 10))
    assert wc.add_working_days(at(2026, 1, 9, 10), 1) == at(2026, 1, 12, 10)
    assert not calendar_override_remove(actor=admin, day=dt.date(2026, 1, 10))


def test_a_library_holiday_can_be_cancelled():
    # given 24/11 (Ngày Văn hóa Việt Nam, from the library, unconfirmed) is not a day off after all
    admin = factories.sysadmin()
    assert not wc.is_working_day(dt.date(2026, 11, 24))
    calendar_override_set(
        actor=admin, day=dt.date(2026, 11, 24), kind="working_day", name="Làm việc bình thường"
    )
    assert wc.is_working_day(dt.date(2026, 11, 24))
    assert dt.date(2026, 11, 24) not in wc.days_off(2026)


def test_setting_twice_updates_the_one_row_and_every_change_is_audited():
    admin = factories.sysadmin()
    calendar_override_set(actor=admin, day=dt.date(2027, 2, 11), kind="day_off", name="Nghỉ thêm")
    calendar_override_set(actor=admin, day=dt.date(2027, 2, 11), kind="day_off", name="Nghỉ thêm Tết")
    calendar_override_remove(actor=admin, day=dt.date(2027, 2, 11))
    assert not CalendarOverride.objects.exists()
    actions = list(AuditEntry.objects.filter(actor=admin).order_by("id").values_list("action", "summary"))
    assert [action for action, _summary in actions] == [
        "calendaroverride.set",
        "calendaroverride.set",
        "calendaroverride.remove",
    ]
    assert actions[1][1]["name"] == "Nghỉ thêm Tết" and actions[1][1]["created"] is False


def test_only_system_administrators_edit_the_calendar(commune_committee):
    leader = factories.official(commune_committee, Role.AGENCY_LEADER)
    with pytest.raises(PermissionError):
        calendar_override_set(actor=leader, day=dt.date(2026, 3, 2), kind="day_off", name="Nghỉ")
    with pytest.raises(PermissionError):
        calendar_override_remove(actor=leader, day=dt.date(2026, 3, 2))
    assert not CalendarOverride.objects.exists() and not AuditEntry.objects.filter(actor=leader).exists()


def test_bad_overrides_are_refused():
    admin = factories.sysadmin()
    with pytest.raises(ValueError):
        calendar_override_set(actor=admin, day=dt.date(2026, 3, 2), kind="holiday", name="Nghỉ")
    with pytest.raises(ValueError):
        calendar_override_set(actor=admin, day=dt.date(2026, 3, 2), kind="day_off", name="  ")


# --- how edits reach the compiled calendar ---


def test_an_edit_from_another_process_is_seen_after_the_check_delay(settings):
    # given this process compiled the calendar, and trusts it for a long time
    settings.TINHSO_CALENDAR_CHECK_SECONDS = 3600
    assert wc.is_working_day(dt.date(2026, 3, 3))
    # when another process writes a day off (no invalidation here)
    CalendarOverride.objects.create(day=dt.date(2026, 3, 3), kind="day_off", name="Nghỉ đột xuất")
    # then this process keeps its compiled calendar until the check delay has passed
    assert wc.is_working_day(dt.date(2026, 3, 3))
    settings.TINHSO_CALENDAR_CHECK_SECONDS = 0
    assert not wc.is_working_day(dt.date(2026, 3, 3))


def test_an_unchanged_calendar_is_not_recompiled(settings):
    settings.TINHSO_CALENDAR_CHECK_SECONDS = 0
    first = wc._calendar()
    assert wc._calendar() is first


def test_without_any_schedule_the_default_hours_apply():
    OfficeHours.objects.all().delete()
    wc.calendar_invalidate()
    assert wc.is_office_time(at(2026, 3, 2, 7, 30)) and not wc.is_office_time(at(2026, 3, 2, 11, 30))


def test_the_default_schedule_is_loaded_once():
    assert OfficeHours.objects.count() == 1
    assert load_calendar_defaults() == {"schedules": 0}
    schedule = OfficeHours.objects.get()
    assert schedule.weekdays == [0, 1, 2, 3, 4] and schedule.span_days == 366
    assert [(p.start, p.end) for p in schedule.periods.all()] == [
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 0), dt.time(17, 0)),
    ]


def test_schedules_choose_the_most_specific_range():
    summer = OfficeHours(name="Hè", from_day=1, from_month=5, to_day=30, to_month=9)
    winter = OfficeHours(name="Đông", from_day=15, from_month=10, to_day=14, to_month=4)
    assert summer.covers(5, 1) and summer.covers(9, 30) and not summer.covers(10, 1)
    assert winter.covers(12, 31) and winter.covers(1, 1) and not winter.covers(4, 15)
    assert (summer.span_days, winter.span_days) == (153, 183)


# --- the admin pages ---


def test_the_admin_pages_open_for_a_system_administrator():
    client = login_client(factories.sysadmin())
    for url in [
        "/quan-tri/core/calendaroverride/",
        "/quan-tri/core/calendaroverride/add/",
        "/quan-tri/core/officehours/",
        "/quan-tri/core/officehours/add/",
        f"/quan-tri/core/officehours/{OfficeHours.objects.get().pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url


def test_an_override_added_in_the_admin_is_audited_and_used_at_once():
    admin = factories.sysadmin()
    assert wc.is_working_day(dt.date(2026, 3, 4))
    response = login_client(admin).post(
        "/quan-tri/core/calendaroverride/add/",
        {"day": "04/03/2026", "kind": "day_off", "name": "Nghỉ lễ tỉnh", "source": "Quyết định 12/QĐ-UBND"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not wc.is_working_day(dt.date(2026, 3, 4))
    assert AuditEntry.objects.filter(actor=admin, action="calendaroverride.create").exists()


def _hours_form(periods: list[tuple[str, str]]) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Mùa hè",
        "from_day": "1",
        "from_month": "5",
        "to_day": "30",
        "to_month": "9",
        "weekdays": ["0", "1", "2", "3", "4"],
        "is_active": "on",
        "periods-TOTAL_FORMS": str(len(periods)),
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "1",
        "periods-MAX_NUM_FORMS": "1000",
    }
    for i, (start, end) in enumerate(periods):
        data[f"periods-{i}-start"] = start
        data[f"periods-{i}-end"] = end
    return data


def test_office_hours_are_edited_in_the_admin_and_used_at_once():
    admin = factories.sysadmin()
    response = login_client(admin).post(
        "/quan-tri/core/officehours/add/", _hours_form([("07:00", "11:00"), ("13:30", "17:30")])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OfficePeriod.objects.filter(schedule__name="Mùa hè").count() == 2
    assert wc.is_office_time(at(2026, 6, 1, 17, 15))
    assert AuditEntry.objects.filter(actor=admin, action="officehours.create").exists()


def test_overlapping_or_impossible_office_hours_are_refused_in_the_admin():
    client = login_client(factories.sysadmin())
    overlapping = client.post(
        "/quan-tri/core/officehours/add/", _hours_form([("07:00", "11:00"), ("10:30", "17:30")])
    )
    assert overlapping.status_code == 200
    bad_day = _hours_form([("07:00", "11:00")]) | {"to_day": "31", "to_month": "9"}
    assert client.post("/quan-tri/core/officehours/add/", bad_day).status_code == 200
    assert not OfficeHours.objects.filter(name="Mùa hè").exists()
