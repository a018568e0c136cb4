"""The service-quality index (issue 7): counters fed by the dossier events and equal to a recomputation,
indicators scored by their formulas with hand-computed cases (empty denominators, thresholds, pauses for
supplements, dossiers received in one period and finished in the next)."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.db import connection

from tests.dossier_helpers import (
    PIN,
    civil_status_officer,
    commune,
    commune_leader,
    desk_officer,
    submitted_dossier,
)
from tinhso.core.models import Agency
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import (
    dossier_finish,
    dossier_forward,
    dossier_rate,
    dossier_receive,
    dossier_request_supplements,
    dossier_supplement,
)
from tinhso.servicequality import counters
from tinhso.servicequality.feed import refresh_dossier
from tinhso.servicequality.index import Scope, commune_scope, compute_index, open_before, period_sums, score
from tinhso.servicequality.models import AgencyDay, Indicator

pytestmark = pytest.mark.django_db
VN = dt.timezone(dt.timedelta(hours=7))
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=VN)  # a working Monday


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def processed(at: dt.datetime, *, late_by: dt.timedelta | None = None) -> Dossier:
    with time_machine.travel(at, tick=False) as clock:
        dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
        dossier = dossier_forward(actor=civil_status_officer(), dossier=dossier)
        if late_by is not None:
            clock.move_to(dossier.due_at + late_by)
        return dossier_finish(actor=commune_leader(), dossier=dossier, pin=PIN)


def ward() -> Scope:
    return commune_scope(commune())


def test_the_incremental_cells_equal_a_recomputation():
    # given dossiers in every state, refreshed after their events as the jobs do
    done = processed(MONDAY)
    late = processed(MONDAY, late_by=dt.timedelta(hours=2))
    with time_machine.travel(MONDAY, tick=False):
        waiting = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    for dossier in (done, late, waiting):
        refresh_dossier(dossier.pk)
    # then the stored table is exactly what a recomputation finds
    assert counters.differences() == []
    # and a change the index was not told of is found by the check
    Dossier.objects.filter(pk=waiting.pk).update(late_since=MONDAY + dt.timedelta(days=3))
    assert counters.differences()


def test_the_monthly_table_follows_its_days():
    # given a dossier refreshed incrementally
    dossier = processed(MONDAY)
    refresh_dossier(dossier.pk)
    assert counters.differences() == []
    # when the monthly table drifts from its days
    with connection.cursor() as cursor:
        cursor.execute("UPDATE servicequality_agencymonth SET received = received + 1")
    # then the check names the month
    found = counters.differences()
    assert found and all(counter.startswith("month:") for _, counter, _, _ in found)
    # and a recomputation rebuilds it
    counters.recompute()
    assert counters.differences() == []


def test_progress_counts_early_on_time_and_within_deadline_over_everything_to_handle():
    early, late = processed(MONDAY), processed(MONDAY, late_by=dt.timedelta(hours=2))
    with time_machine.travel(MONDAY, tick=False):
        dossier_receive(actor=desk_officer(), dossier=submitted_dossier())  # still in progress, within
    counters.recompute()
    result = compute_index(ward(), dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    m = result.measures
    assert (m["to_handle"], m["finished_early"] + m["finished_on_time"], m["finished_late"]) == (3, 1, 1)
    assert m["in_progress"] == 1 and m["progress_ok"] == 2
    p1 = next(i for i in result.indicators if i.indicator.code == "P1")
    assert p1.points == (Decimal(20) * 2 / 3).quantize(Decimal("0.01"))
    assert early.status == late.status


def test_a_dossier_received_in_one_period_and_finished_in_the_next():
    with time_machine.travel(dt.datetime(2026, 10, 30, 9, 0, tzinfo=VN), tick=False):
        dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
        dossier = dossier_forward(actor=civil_status_officer(), dossier=dossier)
    with time_machine.travel(dt.datetime(2026, 11, 2, 8, 0, tzinfo=VN), tick=False):
        dossier_finish(actor=commune_leader(), dossier=dossier, pin=PIN)
    counters.recompute()
    october = compute_index(ward(), dt.date(2026, 10, 1), dt.date(2026, 11, 1)).measures
    november = compute_index(ward(), dt.date(2026, 11, 1), dt.date(2026, 12, 1)).measures
    # in October it was received and still in progress; in November carried over and processed
    assert (october["received"], october["in_progress"], october["finished"]) == (1, 1, 0)
    assert (
        november["received"],
        november["carried_over"],
        november["finished"],
        november["in_progress"],
    ) == (0, 1, 1, 0)


def test_time_waiting_for_supplements_does_not_make_a_dossier_late():
    # given a 1-working-day dossier whose clock stopped three days for supplements
    with time_machine.travel(MONDAY, tick=False) as clock:
        dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
        first_due = dossier.due_at
        clerk = civil_status_officer()
        clock.move_to(MONDAY + dt.timedelta(hours=1))
        dossier = dossier_request_supplements(actor=clerk, dossier=dossier, items="Bản sao CCCD")
        clock.move_to(MONDAY + dt.timedelta(days=3))
        dossier = dossier_supplement(actor=dossier.applicant, dossier=dossier, files={}, note="Đã bổ sung")
        assert dossier.due_at > first_due  # the appointment moved by the time stopped
        # when it is processed after the first appointment but before the moved one
        clock.move_to(MONDAY + dt.timedelta(days=3, hours=2))
        dossier = dossier_forward(actor=clerk, dossier=dossier)
        dossier_finish(actor=commune_leader(), dossier=dossier, pin=PIN)
    counters.recompute()
    m = compute_index(ward(), dt.date(2026, 11, 1), dt.date(2026, 12, 1)).measures
    # then it counts as processed in time, not late
    assert (m["finished"], m["finished_late"]) == (1, 0)


def test_satisfaction_and_thresholds():
    # 10 processed on time, 1 of them rated dissatisfied: 90 % → full marks from 90 %
    rated = [processed(MONDAY) for _ in range(10)]
    dossier_rate(actor=rated[0].applicant, dossier=rated[0], attitude=1, timeliness=2, guidance=2, overall=2)
    counters.recompute()
    result = compute_index(ward(), dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    s3 = next(i for i in result.indicators if i.indicator.code == "S3")
    # S1 and S2 have no data: their points move to S3, whose maximum becomes 18
    assert s3.max_points == Decimal(18) and s3.ratio == Decimal("0.9") and s3.points == Decimal("18.00")
    assert all(i.no_data and i.points == 0 for i in result.indicators if i.indicator.code in ("S1", "S2"))


def test_formulas_by_hand():
    indicators = list(Indicator.objects.filter(code__in=["D4", "D1", "O1", "M1", "T2"]))
    scope = ward()
    values = {
        "reused": 2,
        "received": 5,  # 40 % → 2 × 0.4 / 0.8 = 1 point of 2
        "finished_e_result": 0,
        "finished": 0,  # empty denominator → full marks
        "received_online": 9,
        "eligible_online": 10,  # 90 % ≥ 80 % → 12
        "paid_online": 1,
        "obligations": 2,
        "fee_procedures_online": 1,
        "fee_procedures": 2,
        "fee_procedures_collectable": 2,  # 6 × 0.5 + min(2, 2.5 × 0.5) + 2.5 × 1 = 6.75
    }
    got = {s.indicator.code: s.points for s in score(indicators, values, scope)}
    assert got == {
        "D4": Decimal("1.00"),
        "D1": Decimal("6.00"),
        "O1": Decimal("12.00"),
        "M1": Decimal("6.75"),
        "T2": Decimal("0.00"),
    }


def test_the_indicators_add_up_to_100_points():
    total = sum(i.max_points for i in Indicator.objects.filter(is_active=True))
    assert total == 100
    by_group = {
        g: sum(i.max_points for i in Indicator.objects.filter(group=g)) for g, _ in Indicator.Group.choices
    }
    assert by_group == {
        "transparency": 18,
        "progress": 20,
        "digitisation": 22,
        "online": 12,
        "payment": 10,
        "satisfaction": 18,
    }


def test_a_dossier_event_queues_the_refresh_of_its_cells_with_the_change():

    # given a dossier received: the change and its refresh job commit together
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args FROM procrastinate_jobs WHERE task_name = 'tinhso.servicequality.tasks.index_refresh'"
        )
        queued = [
            (json.loads(row[0]) if isinstance(row[0], str) else row[0])["dossier_id"]
            for row in cursor.fetchall()
        ]
    assert dossier.pk in queued
    # and running the job fills the cells the dossier counts in
    from tinhso.servicequality.tasks import index_refresh

    index_refresh(dossier_id=dossier.pk)
    assert counters.differences() == []
    assert counters.stored()


def test_a_period_sums_the_same_from_months_and_days_as_from_days_alone():
    # given two agencies with a counter on scattered days over a year and a half, and their months rolled up
    rng = random.Random(766)
    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:2])
    first = dt.date(2025, 6, 1)
    days = sorted({first + dt.timedelta(days=rng.randrange(540)) for _ in range(200)})
    rows = [
        AgencyDay(agency_id=a, day=d, received=rng.randrange(1, 9), settled=rng.randrange(0, 2))
        for a in agencies
        for d in days
    ]
    AgencyDay.objects.bulk_create(rows)
    counters._roll_months(None)
    # when any range is asked, whole months or not
    for _ in range(60):
        start = first + dt.timedelta(days=rng.randrange(-20, 560))
        end = start + dt.timedelta(days=rng.randrange(0, 200))
        sums = period_sums(agencies, start, end)
        opened = open_before(agencies, start)
        # then the figures are the daily table's
        for a in agencies:
            inside = [r for r in rows if r.agency_id == a and start <= r.day < end]
            before = [r for r in rows if r.agency_id == a and r.day < start]
            assert sums.get(a, {}).get("received", 0) == sum(r.received for r in inside), (start, end)
            assert opened.get(a, (0, 0))[0] == sum(r.received - r.settled for r in before), start
