"""The citizen withdraws a dossier (status 7), from the services, the page and the API (issue 5, part 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import login_client
from tests.dossier_helpers import PIN, civil_status_officer, desk_officer, mother, submitted_dossier
from tinhso.dossiers.errors import DossierError, NotAllowed, StaleAction
from tinhso.dossiers.models import Status, StepRun
from tinhso.dossiers.selectors import inbox
from tinhso.dossiers.services import dossier_finish, dossier_forward, dossier_receive, dossier_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_a_withdrawn_dossier_leaves_every_inbox():
    # given a received dossier with the civil status officer
    clerk = civil_status_officer()
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    assert any(t.dossier.pk == dossier.pk for t in inbox(viewer=clerk))
    # when the mother withdraws it
    done = dossier_withdraw(actor=dossier.applicant, dossier=dossier, reason="Đã nộp ở nơi khác")
    # then it is closed with her reason and nobody has it to do any more
    assert done.status == Status.WITHDRAWN and done.closed_at and done.outcome_note == "Đã nộp ở nơi khác"
    assert not StepRun.objects.filter(dossier=done, finished_at__isnull=True).exists()
    assert not any(t.dossier.pk == dossier.pk for t in inbox(viewer=clerk))
    # and an official acting on the page shown before is told it changed
    with pytest.raises(StaleAction):
        dossier_forward(actor=clerk, dossier=done)


def test_only_the_applicant_withdraws_with_a_reason_before_the_result():
    dossier = submitted_dossier()
    with pytest.raises(NotAllowed):
        dossier_withdraw(actor=mother(), dossier=dossier, reason="x")
    with pytest.raises(DossierError):
        dossier_withdraw(actor=dossier.applicant, dossier=dossier, reason="  ")
    from tests.dossier_helpers import commune_leader

    received = dossier_receive(actor=desk_officer(), dossier=dossier)
    clerk, leader = civil_status_officer(), commune_leader()
    dossier_finish(actor=leader, pin=PIN, dossier=dossier_forward(actor=clerk, dossier=received))
    with pytest.raises(StaleAction):
        dossier_withdraw(actor=dossier.applicant, dossier=dossier, reason="Muộn rồi")


def test_the_page_and_the_api_withdraw():
    first, second = submitted_dossier(), submitted_dossier()
    page = login_client(first.applicant).post(
        f"/ho-so/{first.reference}/rut/", {"reason": "Nhầm thủ tục", "lock_version": first.lock_version}
    )
    assert page.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    api = login_client(second.applicant).post(
        f"/api/v1/dossiers/{second.reference}/withdraw",
        {"reason": "Nhầm thủ tục"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["status"] == Status.WITHDRAWN
    stranger = login_client(mother()).post(f"/ho-so/{second.reference}/rut/", {"reason": "x"})
    assert stranger.status_code == 404
