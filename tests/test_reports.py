"""Registers and statistics (issue 5, part 5): the numbers on hand-built dossiers, the definitions of early,
on time and late, what is carried over, visibility, and the register listing exactly the dossiers behind
each number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from tests import factories
from tests.dossier_helpers import (
    civil_status_officer,
    commune_leader,
    desk_officer,
    submitted_dossier,
)
from tests.report_helpers import at, centre, committee, document, dossier, other_commune
from tinhso.core.models import Role
from tinhso.dossiers.models import Channel, DossierDocument, Status
from tinhso.dossiers.reports import measures
from tinhso.dossiers.reports.filters import ReportFilters
from tinhso.dossiers.reports.periods import quarter_of
from tinhso.dossiers.reports.selectors import register, statistics
from tinhso.dossiers.services import dossier_apologise, dossier_receive

pytestmark = pytest.mark.django_db
Q3 = quarter_of(dt.date(2026, 7, 1))
LATER = at("2026-11-20", "10:00")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def quarter_of_cases() -> dict[str, list]:
    """One dossier per situation in the third quarter of 2026, named by what it should count as."""
    cases = {
        "carried_early": dossier(
            received=at("2026-06-20"), due=at("2026-07-10", "16:00"), finished_at=at("2026-07-05"), status=9
        ),
        "settled_before": dossier(
            received=at("2026-06-01"),
            due=at("2026-06-30"),
            finished_at=at("2026-06-25"),
            status=10,
            closed_at=at("2026-06-26"),
        ),
        "on_time": dossier(
            received=at("2026-07-02"),
            due=at("2026-07-10", "16:00"),
            finished_at=at("2026-07-10", "14:00"),
            status=10,
            closed_at=at("2026-07-13"),
        ),
        "late_walk_in": dossier(
            received=at("2026-07-03"),
            due=at("2026-07-10", "16:00"),
            finished_at=at("2026-07-11", "09:00"),
            status=9,
            channel=Channel.WALK_IN,
        ),
        # the apology moved the appointment before it was missed; finished before the new one: still late
        "late_apologised_postal": dossier(
            received=at("2026-08-01"),
            original_due_at=at("2026-08-05", "10:00"),
            due=at("2026-08-20"),
            finished_at=at("2026-08-15"),
            status=9,
            channel=Channel.POSTAL,
        ),
        # marked late by the watch, then the clock restarted and moved the appointment past the finish
        "late_marked": dossier(
            received=at("2026-07-06"),
            due=at("2026-07-30"),
            late_since=at("2026-07-20"),
            finished_at=at("2026-07-25"),
            status=9,
        ),
        "open_within": dossier(received=at("2026-09-20"), due=at("2026-10-15")),
        "open_overdue": dossier(received=at("2026-09-01"), due=at("2026-09-15")),
        "waiting_supplements": dossier(
            received=at("2026-09-10"),
            due=at("2026-09-20"),
            status=Status.SUPPLEMENT,
            paused_at=at("2026-09-12"),
        ),
        "finished_after_the_period": dossier(
            received=at("2026-09-25"), due=at("2026-10-10"), finished_at=at("2026-10-05"), status=9
        ),
        "withdrawn": dossier(
            received=at("2026-07-15"),
            due=at("2026-07-30"),
            status=Status.WITHDRAWN,
            closed_at=at("2026-07-20"),
        ),
        "refused": dossier(
            received=None,
            submitted=at("2026-08-02"),
            status=Status.REFUSED,
            closed_at=at("2026-08-02", "10:00"),
        ),
        "elsewhere": dossier(
            received=at("2026-07-10"),
            due=at("2026-07-20"),
            competent=committee(other_commune()),
            receiving=centre(other_commune()),
        ),
    }
    document(cases["waiting_supplements"], DossierDocument.Kind.SUPPLEMENT, at("2026-09-12"))
    document(cases["refused"], DossierDocument.Kind.SUPPLEMENT, at("2026-06-30"))  # before the period
    return cases


def test_the_quarter_counts_every_situation_once():
    # given the commune's dossiers of the third quarter, one per situation, and one in another commune
    cases = quarter_of_cases()
    leader = commune_leader()
    # when the commune's leader reads the quarter's statistics later in the year
    with time_machine.travel(LATER, tick=False):
        result = statistics(viewer=leader, filters=ReportFilters(period=Q3))
    # then one row, for the commune's People's Committee, with each situation counted where it belongs
    assert [row.label for row in result.rows] == [committee().name]
    t = result.totals
    assert t["carried_over"] == 1 and t["received"] == 9 and t["to_handle"] == 10
    assert (t["received_online"], t["received_walk_in"], t["received_postal"]) == (7, 1, 1)
    assert (t["processed"], t["processed_early"], t["processed_on_time"], t["processed_late"]) == (5, 1, 1, 3)
    assert (t["in_progress"], t["in_progress_within"], t["in_progress_overdue"]) == (4, 3, 1)
    assert (t["withdrawn"], t["stopped"], t["supplement"], t["refused"]) == (1, 0, 1, 1)
    # and the dossiers to handle are exactly those processed, in progress, withdrawn or stopped
    assert t["to_handle"] == t["processed"] + t["in_progress"] + t["withdrawn"] + t["stopped"]
    assert (
        t["status_9"] == 5
        and t["status_4"] == 2
        and t["status_10"] == 1
        and t["status_5"] == 1
        and t["status_7"] == 1
    )
    assert sum(t[m.key] for m in measures.STATUS_MEASURES) == t["to_handle"]
    assert len(cases) == 13


@pytest.mark.parametrize("key", [m.key for m in measures.MEASURES])
def test_the_register_lists_exactly_the_dossiers_behind_each_number(key):
    # given the quarter's dossiers
    quarter_of_cases()
    leader = commune_leader()
    filters = ReportFilters(period=Q3, measure=key)
    # when the leader opens the register from a number of the statistics
    with time_machine.travel(LATER, tick=False):
        number = statistics(viewer=leader, filters=filters).totals[key]
        listed = list(register(viewer=leader, filters=filters))
    # then it lists as many dossiers as the number says
    assert len(listed) == number


def test_early_on_time_and_late_are_judged_in_viet_nam_s_days():
    # given a deadline at 08:00 on 10 July (01:00 UTC) and a dossier finished at 23:30 on 9 July
    early = dossier(
        received=at("2026-07-01"),
        due=at("2026-07-10", "08:00"),
        finished_at=at("2026-07-09", "23:30"),
        status=9,
    )
    same_day = dossier(
        received=at("2026-07-01"),
        due=at("2026-07-10", "08:00"),
        finished_at=at("2026-07-10", "07:59"),
        status=9,
    )
    # when the register marks them
    with time_machine.travel(LATER, tick=False):
        rows = {
            d.pk: d.verdict
            for d in register(viewer=commune_leader(), filters=ReportFilters(period=Q3, measure="processed"))
        }
    # then the first was early (the day before, in Viet Nam), the second on time
    assert rows == {early.pk: "early", same_day.pk: "on_time"}


def test_an_apology_keeps_the_missed_appointment_as_the_deadline():
    # given a received dossier whose leader apologises before the appointment and sets a new one
    monday = at("2026-11-30", "09:00")
    with time_machine.travel(monday, tick=False):
        received = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    missed = received.due_at
    with time_machine.travel(missed - dt.timedelta(hours=1), tick=False):
        done = dossier_apologise(
            actor=commune_leader(),
            dossier=received,
            reason="Chờ xác minh",
            new_due_at=missed + dt.timedelta(days=3),
        )
    # then the dossier remembers the appointment the apology moved, and a second apology keeps it
    assert done.original_due_at == missed and done.due_at == missed + dt.timedelta(days=3)
    with time_machine.travel(missed + dt.timedelta(days=2), tick=False):
        again = dossier_apologise(
            actor=commune_leader(), dossier=done, reason="Chưa xong", new_due_at=missed + dt.timedelta(days=5)
        )
    assert again.original_due_at == missed


def test_officials_see_their_agencies_and_leaders_the_agencies_below():
    # given a dossier of the commune and one of another commune, both received in the quarter
    ours = dossier(received=at("2026-07-10"), due=at("2026-07-20"))
    theirs = dossier(
        received=at("2026-07-10"),
        due=at("2026-07-20"),
        competent=committee(other_commune()),
        receiving=centre(other_commune()),
    )
    filters = ReportFilters(period=Q3)
    province_leader = factories.official(factories.agency("19:committee"), Role.AGENCY_LEADER)
    with time_machine.travel(LATER, tick=False):
        seen = {
            who: {d.pk for d in register(viewer=user, filters=filters)}
            for who, user in {
                "desk": desk_officer(),  # the commune's centre: the receiving point
                "specialist": civil_status_officer(),  # the commune's committee: the competent agency
                "province leader": province_leader,
                "sysadmin": factories.sysadmin(),
                "citizen": ours.applicant,
            }.items()
        }
    assert seen == {
        "desk": {ours.pk},
        "specialist": {ours.pk},
        "province leader": {ours.pk, theirs.pk},
        "sysadmin": {ours.pk, theirs.pk},
        "citizen": set(),
    }
