"""The sequence service: formatting rules (property tests), gap-free and duplicate-free allocation, also
across processes that each hold their own database connection."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from tests import sequence_worker
from tinhso.core.models import Sequence
from tinhso.core.sequences import (
    arrival_number,
    document_number,
    dossier_code,
    format_dossier_code,
    parse_dossier_code,
    period_key,
    register_number_label,
    sequence_next,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
agency_codes = st.from_regex(r"\A\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}\Z")
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive, zones are added
    max_value=dt.datetime(2099, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from(
        [dt.UTC, HCM, ZoneInfo("America/New_York"), dt.timezone(dt.timedelta(hours=9))]
    ),
)


# --- formatting (no database) ---


@given(agency_codes, days, st.integers(min_value=1, max_value=10**7))
def test_dossier_codes_parse_back_to_what_made_them(agency, day, number):
    code = format_dossier_code(agency, day, number)
    assert parse_dossier_code(code) == (agency, day, number)
    assert code.startswith(f"{agency}-{day:%y%m%d}-")
    assert len(code.rsplit("-", 1)[1]) == max(4, len(str(number)))


@given(agency_codes, days, st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_within_four_digits_codes_sort_as_their_numbers(agency, day, a, b):
    assert (format_dossier_code(agency, day, a) < format_dossier_code(agency, day, b)) == (a < b)


def test_the_documented_example():
    assert format_dossier_code("000.00.19.H55", dt.date(2026, 11, 22), 1) == "000.00.19.H55-261122-0001"
    assert format_dossier_code("000.00.19.H55", dt.date(2026, 11, 22), 12345) == "000.00.19.H55-261122-12345"


@given(instants)
def test_periods_follow_the_vietnamese_calendar_day(at):
    # Viet Nam keeps UTC+7 all year (no daylight saving), whatever zone the instant was written in
    local = (at.astimezone(dt.UTC) + dt.timedelta(hours=7)).date()
    assert period_key("day", at) == local.isoformat()
    assert period_key("year", at) == f"{local.year:04d}"


@given(st.integers(min_value=1, max_value=10**6))
def test_register_numbers_have_at_least_two_digits(n):
    label = register_number_label(n)
    assert int(label) == n and len(label) == max(2, len(str(n)))


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        period_key("day", dt.datetime(2026, 1, 1, 12))  # noqa: DTZ001 - a naive datetime is the bug under test
    with pytest.raises(ValueError):
        period_key("month", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        format_dossier_code("000.00.19.H55", dt.date(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        parse_dossier_code("000.00.19.H55-2611-0001")
    with pytest.raises(ValueError):
        sequence_next(scope="", period="2026")


# --- allocation in one connection ---


@pytest.mark.django_db
def test_counters_are_consecutive_per_scope_and_period():
    assert [sequence_next(scope="a", period="2026") for _ in range(3)] == [1, 2, 3]
    assert sequence_next(scope="b", period="2026") == 1
    assert sequence_next(scope="a", period="2027") == 1
    assert Sequence.objects.get(scope="a", period="2026").last_value == 3


@pytest.mark.django_db
def test_a_rolled_back_allocation_is_issued_again():
    sequence_next(scope="dossier:x", period="2026-11-22")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert sequence_next(scope="dossier:x", period="2026-11-22") == 2
        raise RuntimeError("the dossier failed validation")
    assert sequence_next(scope="dossier:x", period="2026-11-22") == 2


@pytest.mark.django_db
def test_dossier_codes_restart_each_local_day():
    agency = "000.00.19.H55"
    # 17:30 UTC on 21 November is 00:30 on 22 November in Thái Nguyên
    with time_machine.travel(dt.datetime(2026, 11, 21, 17, 30, tzinfo=dt.UTC), tick=False):
        assert dossier_code(agency_code=agency) == "000.00.19.H55-261122-0001"
        assert dossier_code(agency_code=agency) == "000.00.19.H55-261122-0002"
    assert dossier_code(agency_code=agency, at=dt.datetime(2026, 11, 23, 8, tzinfo=HCM)) == (
        "000.00.19.H55-261123-0001"
    )
    assert dossier_code(agency_code="000.00.03.H55", at=dt.datetime(2026, 11, 23, 8, tzinfo=HCM)).endswith(
        "-0001"
    )


@pytest.mark.django_db
def test_document_and_arrival_numbers_are_yearly_per_agency():
    assert [document_number(issuer="000.00.00.H55", year=2026) for _ in range(2)] == [1, 2]
    assert document_number(issuer="000.00.00.H55", year=2027) == 1
    assert document_number(issuer="000.00.00.H55", year=2026, series="QĐ") == 1
    assert document_number(issuer="000.00.03.H55", year=2026) == 1
    # arrivals are a register of their own, apart from the agency's outgoing numbers
    assert arrival_number(agency_code="000.00.00.H55", year=2026) == 1
    assert arrival_number(agency_code="000.00.00.H55", year=2026) == 2


# --- allocation under real concurrency ---

PROCESSES = 8
PER_PROCESS = 200


@pytest.mark.xdist_group("sequences")
@pytest.mark.django_db(transaction=True)
def test_eight_processes_get_every_number_exactly_once():
    database = {
        key: connection.settings_dict[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    }
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    args = (database, "dossier:000.00.19.H55", "2026-11-22", PER_PROCESS, barrier, results)
    procs = [ctx.Process(target=sequence_worker.allocate, args=args) for _ in range(PROCESSES)]
    for proc in procs:
        proc.start()
    batches = []
    try:
        for _ in procs:
            batches.append(results.get(timeout=180))
    except queue.Empty:
        pytest.fail("a worker process did not report back")
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
    assert all(proc.exitcode == 0 for proc in procs)
    values = [v for batch in batches for v in batch]
    assert all(len(batch) == PER_PROCESS for batch in batches)
    # no duplicate, no gap, although every 7th transaction rolled back after drawing a number
    assert sorted(values) == list(range(1, PROCESSES * PER_PROCESS + 1))
    assert Sequence.objects.get(scope="dossier:000.00.19.H55", period="2026-11-22").last_value == 1600
    # each process saw its own numbers rise: the counter never went backwards
    assert all(batch == sorted(batch) for batch in batches)
