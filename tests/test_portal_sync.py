"""Synchronisation with the National Public Service Portal (issue 6, part 6): every status change is queued
with the change, sent in order through the adapter, retried with back-off, shown when it fails."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import login_client
from tests.dossier_helpers import civil_status_officer, desk_officer, submitted_dossier
from tests.factories import sysadmin
from tinhso.core import clock
from tinhso.dossiers.models import PortalSync
from tinhso.dossiers.portal_sync import MAX_ATTEMPTS, send_due, send_pending
from tinhso.dossiers.services import dossier_forward, dossier_receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return tmp_path


class Broken:
    def send(self, payload):  # type: ignore[no-untyped-def]
        raise ConnectionError("cổng DVCQG không phản hồi")


def test_every_status_change_is_queued_and_sent_in_order(_dirs):
    dossier = dossier_forward(
        actor=civil_status_officer(),
        dossier=dossier_receive(actor=desk_officer(), dossier=submitted_dossier()),
    )
    statuses = list(PortalSync.objects.filter(dossier=dossier).values_list("status", flat=True))
    assert statuses == [1, 2, 4]
    assert send_pending(dossier.pk) == 3
    lines = [
        json.loads(line)
        for f in (_dirs / "outbox" / "dvcqg").glob("*.jsonl")
        for line in f.read_text().splitlines()
    ]
    assert [line["TrangThai"] for line in lines] == [1, 2, 4]
    assert lines[1]["MaHoSo"] == dossier.code and lines[1]["NgayHenTra"]
    sent = PortalSync.objects.filter(dossier=dossier)
    assert all(item.sent_at and item.sent_at >= item.changed_at for item in sent)


def test_a_failing_portal_is_retried_with_back_off_then_marked_failed(settings):
    settings.NATIONAL_PORTAL_ADAPTER = "tests.test_portal_sync.Broken"
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    now = clock.now()
    assert send_pending(dossier.pk, now=now) == 0
    first = PortalSync.objects.filter(dossier=dossier).order_by("id").first()
    assert first.attempts == 1 and first.next_attempt_at > now and "không phản hồi" in first.last_error
    # the later status waits behind the failed one
    assert PortalSync.objects.filter(dossier=dossier, attempts=0).count() == 1
    moment = now
    for _ in range(MAX_ATTEMPTS):
        moment += dt.timedelta(hours=7)
        send_due(now=moment)
    first.refresh_from_db()
    assert first.state == PortalSync.State.FAILED and first.attempts == MAX_ATTEMPTS
    # an operator sends it again once the portal is back
    settings.NATIONAL_PORTAL_ADAPTER = "tinhso.dossiers.portal_sync.LocalAdapter"
    admin = login_client(sysadmin())
    page = admin.get("/can-bo/dong-bo-dvcqg/").content.decode()
    assert dossier.number in page
    assert admin.post(f"/can-bo/dong-bo-dvcqg/{first.pk}/gui-lai/").status_code == 302
    assert send_pending(dossier.pk) == 2
    assert not PortalSync.objects.filter(dossier=dossier).exclude(state="sent").exists()


def test_the_screen_is_for_leaders_and_administrators():
    dossier = submitted_dossier()
    assert login_client(dossier.applicant).get("/can-bo/dong-bo-dvcqg/").status_code == 403
    assert login_client(desk_officer()).get("/can-bo/dong-bo-dvcqg/").status_code == 403
