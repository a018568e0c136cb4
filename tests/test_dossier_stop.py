"""Stopping the processing (status 8, form 05) and the leaders' decisions and documents through the API
(issue 5, parts 3 and 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import login_client
from tests.dossier_helpers import civil_status_officer, commune_leader, desk_officer, submitted_dossier
from tinhso.core import clock
from tinhso.core.models import Notification
from tinhso.dossiers.errors import DossierError, NotAllowed, StaleAction
from tinhso.dossiers.models import Dossier, DossierDocument, Status, StepRun
from tinhso.dossiers.services import (
    dossier_forward,
    dossier_receive,
    dossier_request_supplements,
    dossier_stop,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def processing() -> Dossier:
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    return dossier_forward(actor=civil_status_officer(), dossier=dossier)


def test_the_leader_stops_processing_with_the_notice_to_the_citizen(django_capture_on_commit_callbacks):
    # given a dossier with the ward's leader
    dossier = processing()
    leader = commune_leader()
    # when she stops it with the reason
    with django_capture_on_commit_callbacks(execute=True):
        done = dossier_stop(
            actor=leader, dossier=dossier, reason="Người yêu cầu đã chết trước khi giải quyết"
        )
    # then the dossier is closed with status 8, form 05 issued, the step closed, the citizen told
    assert done.status == Status.STOPPED and done.closed_at is not None
    assert done.documents.filter(kind=DossierDocument.Kind.STOP).exists()
    assert not StepRun.objects.filter(dossier=done, finished_at__isnull=True).exists()
    note = Notification.objects.get(recipient=done.applicant, event="dossier.stopped")
    assert "chết" in note.body
    # and it cannot be stopped twice
    with pytest.raises(StaleAction):
        dossier_stop(actor=leader, dossier=done, reason="Lần nữa")


def test_a_dossier_waiting_for_supplements_can_be_stopped():
    dossier = dossier_request_supplements(
        actor=civil_status_officer(),
        dossier=dossier_receive(actor=desk_officer(), dossier=submitted_dossier()),
        items="Bản sao CCCD",
    )
    done = dossier_stop(actor=commune_leader(), dossier=dossier, reason="Quá hạn bổ sung hồ sơ")
    assert done.status == Status.STOPPED and done.paused_at is None


def test_only_the_head_of_the_competent_agency_stops_and_with_a_reason():
    dossier = processing()
    with pytest.raises(NotAllowed):
        dossier_stop(actor=civil_status_officer(), dossier=dossier, reason="Không đủ điều kiện")
    with pytest.raises(DossierError):
        dossier_stop(actor=commune_leader(), dossier=dossier, reason=" ")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING


def test_decisions_and_documents_through_the_api():
    # given a late dossier and the ward's leader
    dossier = processing()
    Dossier.objects.filter(pk=dossier.pk).update(due_at=clock.now() - dt.timedelta(hours=1))
    leader = login_client(commune_leader())
    shown = leader.get(f"/api/v1/staff/dossiers/{dossier.pk}").json()
    assert shown["decisions"] == ["apology", "stop"]
    # when she apologises with a date before the missed one, then with a later one
    url = f"/api/v1/staff/dossiers/{dossier.pk}/decisions/apology"
    bad = leader.post(
        url,
        {"reason": "Chờ xác minh", "new_due_at": "2020-01-01T08:00:00+07:00"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["detail"]
    later = (clock.now() + dt.timedelta(days=3)).isoformat()
    sorry = leader.post(url, {"reason": "Chờ xác minh", "new_due_at": later}, content_type="application/json")
    assert sorry.status_code == 200, sorry.content
    assert [d["kind"] for d in sorry.json()["documents"]] == ["01", "04"]
    # and prints the control sheet and the apology
    sheet = leader.get(f"/api/v1/staff/dossiers/{dossier.pk}/documents/control-sheet")
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")
    letter = Dossier.objects.get(pk=dossier.pk).documents.get(kind="04")
    pdf = leader.get(f"/api/v1/staff/dossiers/{dossier.pk}/documents/{letter.pk}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # and a specialist may not stop it; the leader may
    stop = f"/api/v1/staff/dossiers/{dossier.pk}/decisions/stop"
    refused = login_client(civil_status_officer()).post(
        stop, {"reason": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403
    stopped = leader.post(stop, {"reason": "Không thuộc thẩm quyền"}, content_type="application/json")
    assert stopped.status_code == 200 and stopped.json()["status"] == Status.STOPPED
    # and a citizen finds none of it
    citizen = login_client(dossier.applicant)
    assert citizen.get(f"/api/v1/staff/dossiers/{dossier.pk}/documents/control-sheet").status_code == 403


def test_the_back_office_stop_panel(client):
    dossier = processing()
    leader = login_client(commune_leader())
    page = leader.get(f"/can-bo/ho-so/{dossier.pk}/")
    assert "Dừng giải quyết" in page.content.decode()
    unconfirmed = leader.post(
        f"/can-bo/ho-so/{dossier.pk}/dung-xu-ly/",
        {"reason": "Không đủ điều kiện", "lock_version": dossier.lock_version},
    )
    assert unconfirmed.status_code == 400
    done = leader.post(
        f"/can-bo/ho-so/{dossier.pk}/dung-xu-ly/",
        {"reason": "Không đủ điều kiện", "lock_version": dossier.lock_version, "confirm": "on"},
    )
    assert done.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == Status.STOPPED
    # the citizen's page tells them
    mine = login_client(dossier.applicant).get(f"/ho-so/{dossier.reference}/").content.decode()
    assert "Không đủ điều kiện" in mine
