"""Reporting periods (months, quarters, years, ranges of days in Viet Nam's time) and the backfill of the
original appointment for dossiers apologised for before the field existed."""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tinhso.dossiers.reports.periods import (
    Period,
    month_of,
    parse_period,
    period_choices,
    quarter_of,
    range_error,
    year_of,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("key", "first", "last", "label"),
    [
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28), "Tháng 02/2026"),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29), "Tháng 02/2028"),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "Quý IV/2026"),
        ("2026-q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "Quý I/2026"),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "Năm 2026"),
    ],
)
def test_a_key_names_its_days_and_reads_in_vietnamese(key, first, last, label):
    period = parse_period(key)
    assert period is not None and (period.first, period.last) == (first, last)
    with translation.override("vi"):
        assert period.label() == label


@pytest.mark.parametrize("key", ["2026-13", "2026-Q5", "26", "2026-00", "tháng 11", ""])
def test_other_keys_are_not_periods(key):
    assert parse_period(key) is None


def test_a_period_runs_from_local_midnight_to_the_next():
    october = month_of(dt.date(2026, 10, 17))
    assert october.start == dt.datetime(2026, 10, 1, tzinfo=VN)
    assert october.end == dt.datetime(2026, 11, 1, tzinfo=VN)
    assert october.start.astimezone(dt.UTC).hour == 17  # 30 September, 17:00 UTC


def test_the_previous_period_is_of_the_same_kind():
    assert quarter_of(dt.date(2026, 1, 5)).previous().key == "2025-Q4"
    assert year_of(dt.date(2026, 1, 5)).previous().key == "2025"
    assert month_of(dt.date(2026, 3, 31)).previous().key == "2026-02"
    week = Period(dt.date(2026, 11, 9), dt.date(2026, 11, 15))
    assert week.previous() == Period(dt.date(2026, 11, 2), dt.date(2026, 11, 8))


def test_a_range_is_at_most_five_years_and_never_inverted():
    with translation.override("vi"):
        assert range_error(dt.date(2026, 9, 30), dt.date(2026, 9, 1)) == "Ngày kết thúc trước ngày bắt đầu."
        assert range_error(dt.date(2021, 1, 1), dt.date(2025, 12, 31)) == ""
        assert range_error(dt.date(2021, 1, 1), dt.date(2026, 1, 1)) != ""
        assert range_error(dt.date(2024, 2, 29), dt.date(2029, 2, 27)) == ""


def test_the_quick_choices_go_back_13_months_8_quarters_and_5_years():
    groups = dict(period_choices(dt.date(2026, 12, 3)))
    months, quarters, years = groups.values()
    assert months[0][0] == "2026-12" and months[-1][0] == "2025-12" and len(months) == 13
    assert [k for k, _ in quarters][:2] == ["2026-Q4", "2026-Q3"] and len(quarters) == 8
    assert [k for k, _ in years] == ["2026", "2025", "2024", "2023", "2022"]


def test_the_backfill_reads_the_missed_appointment_from_the_apology_event():
    backfill = importlib.import_module("tinhso.dossiers.migrations.0009_original_due_backfill")
    note = "Chờ xác minh\n16:30 02/12/2026 → 10:00 07/12/2026"
    assert backfill._missed(note) == dt.datetime(2026, 12, 2, 16, 30, tzinfo=VN)
    assert backfill._missed("không rõ") is None
