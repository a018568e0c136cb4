"""The deadline watch (issue 5, part 3): reminders before a step is due, escalation to the leaders when it
is overdue, the late mark on the dossier; never twice. The clock is moved, the job is run as the worker
runs it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from tests.dossier_helpers import civil_status_officer, commune_leader, desk_officer, submitted_dossier
from tinhso.core.models import Notification
from tinhso.dossiers.deadlines import deadline_watch
from tinhso.dossiers.models import Dossier, StepRun
from tinhso.dossiers.services import dossier_receive, dossier_request_supplements
from tinhso.dossiers.tasks import dossier_deadline_watch

pytestmark = pytest.mark.django_db
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def received() -> tuple[Dossier, StepRun]:
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    return dossier, StepRun.objects.get(dossier=dossier, finished_at__isnull=True)


def sent(event: str) -> list[str]:
    return list(Notification.objects.filter(event=event).values_list("recipient__username", flat=True))


def test_the_holder_is_reminded_once_before_the_step_is_due():
    # given a dossier waiting for the commune's civil status officers (4 working hours budget)
    clerk = civil_status_officer()
    _dossier, step = received()
    # when the watch runs an hour before the step is due, twice
    with time_machine.travel(step.due_at - dt.timedelta(minutes=30), tick=False):
        first = deadline_watch()
        again = dossier_deadline_watch(timestamp=0)
    # then the officer holding that role is reminded, and only once
    assert first.reminded == 1 and "reminded 0" in again
    assert sent("task.due_soon").count(clerk.username) == 1


def test_the_leaders_hear_of_an_overdue_step_once_and_the_dossier_is_marked_late():
    leader = commune_leader()
    dossier, step = received()
    # when the step's due time has passed
    with time_machine.travel(step.due_at + dt.timedelta(minutes=5), tick=False):
        result = deadline_watch()
        deadline_watch()
    # then the commune's leader is told once
    assert result.escalated == 1 and sent("task.overdue") == [leader.username]
    # and once the appointment itself has passed, the dossier is late from its due moment
    with time_machine.travel(dossier.due_at + dt.timedelta(minutes=5), tick=False):
        assert deadline_watch().late == 1
        assert deadline_watch().late == 0
    dossier.refresh_from_db()
    assert dossier.late_since == dossier.due_at
    assert dossier.events.filter(kind="late", visible_to_citizen=False).count() == 1


def test_a_dossier_waiting_for_supplements_is_not_late():
    dossier, _step = received()
    with time_machine.travel(MONDAY_9 + dt.timedelta(hours=1), tick=False):
        dossier_request_supplements(actor=civil_status_officer(), dossier=dossier, items="Bản chụp rõ hơn")
    with time_machine.travel(dossier.due_at + dt.timedelta(days=3), tick=False):
        assert deadline_watch().late == 0


def test_the_leader_apologises_for_a_late_dossier_with_a_new_appointment(django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    from tests.dossier_helpers import commune_leader
    from tinhso.dossiers.errors import DossierError, NotAllowed
    from tinhso.dossiers.models import DossierDocument
    from tinhso.dossiers.services import dossier_apologise

    leader = commune_leader()
    dossier, _step = received()
    late = dossier.due_at + dt.timedelta(hours=2)
    new_due = dossier.due_at + dt.timedelta(days=2)
    with time_machine.travel(late, tick=False):
        # an official who is not the head cannot, nor can a date already passed be given
        with pytest.raises(NotAllowed):
            dossier_apologise(actor=civil_status_officer(), dossier=dossier, reason="x", new_due_at=new_due)
        with pytest.raises(DossierError):
            dossier_apologise(actor=leader, dossier=dossier, reason="Chờ xác minh", new_due_at=dossier.due_at)
        # when the ward's leader issues form 04
        with django_capture_on_commit_callbacks(execute=True):
            done = dossier_apologise(actor=leader, dossier=dossier, reason="Chờ xác minh", new_due_at=new_due)
    # then the appointment moves, the letter is kept, the dossier stays marked late, she is told
    assert done.due_at == new_due and done.late_since == dossier.due_at
    letter = DossierDocument.objects.get(dossier=done, kind=DossierDocument.Kind.APOLOGY)
    text = "".join(p.extract_text() for p in PdfReader(letter.file.path).pages)
    assert "XIN LỖI" in text and "Chờ xác minh" in text
    note = Notification.objects.get(event="dossier.apology", recipient=done.applicant)
    assert "Chờ xác minh" in note.body


def test_the_leader_issues_form_04_from_the_dossier_page():
    from tests.conftest import login_client
    from tests.dossier_helpers import commune_leader

    leader = commune_leader()
    dossier, _step = received()
    with time_machine.travel(dossier.due_at + dt.timedelta(hours=1), tick=False):
        client = login_client(leader)
        page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
        assert "xin-loi" in page
        new_due = (dossier.due_at + dt.timedelta(days=3)).astimezone(MONDAY_9.tzinfo)
        response = client.post(
            f"/can-bo/ho-so/{dossier.pk}/xin-loi/",
            {
                "reason": "Chờ kết quả xác minh",
                "new_due_at": new_due.strftime("%Y-%m-%dT%H:%M"),
                "lock_version": dossier.lock_version,
            },
        )
        bad = client.post(f"/can-bo/ho-so/{dossier.pk}/xin-loi/", {"reason": "", "new_due_at": ""})
    assert response.status_code == 302 and bad.status_code == 400
    dossier.refresh_from_db()
    assert dossier.documents.filter(kind="04").exists()


def test_the_control_sheet_lists_every_step_on_time_or_late():
    import io

    from pypdf import PdfReader

    from tests.conftest import login_client
    from tinhso.dossiers.services import dossier_forward

    # given a dossier whose examination was forwarded after its step deadline
    dossier, step = received()
    clerk = civil_status_officer()
    with time_machine.travel(step.due_at + dt.timedelta(hours=1), tick=False):
        dossier_forward(actor=clerk, dossier=dossier)
    # when an official prints form 06
    response = login_client(clerk).get(f"/can-bo/ho-so/{dossier.pk}/phieu-kiem-soat/")
    # then every step is there, the late one marked
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "KIỂM SOÁT" in flat, flat
    assert "Trễ hạn" in flat and "Đúng hạn" in flat and "Đang xử lý" in flat, flat
