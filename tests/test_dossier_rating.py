"""Satisfaction ratings (issue 5, part 4): once, after the result, by the applicant; a dissatisfied answer
alerts the competent agency's leaders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import login_client
from tests.dossier_helpers import (
    PIN,
    civil_status_officer,
    commune_leader,
    desk_officer,
    mother,
    submitted_dossier,
)
from tinhso.core.models import Notification
from tinhso.dossiers.errors import DossierError, NotAllowed, StaleAction
from tinhso.dossiers.models import Dossier, Rating
from tinhso.dossiers.services import dossier_finish, dossier_forward, dossier_rate, dossier_receive

pytestmark = pytest.mark.django_db
HAPPY = {"attitude": 3, "timeliness": 2, "guidance": 3, "overall": 3}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def processed() -> tuple[Dossier, object]:
    leader = commune_leader()
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    dossier = dossier_forward(actor=civil_status_officer(), dossier=dossier)
    return dossier_finish(actor=leader, pin=PIN, dossier=dossier), leader


def test_a_dissatisfied_rating_alerts_the_leader(django_capture_on_commit_callbacks):
    # given a processed birth registration
    dossier, leader = processed()
    # when the mother is dissatisfied with the time it took
    with django_capture_on_commit_callbacks(execute=True):
        rating = dossier_rate(
            actor=dossier.applicant, dossier=dossier, **{**HAPPY, "timeliness": 1}, comment="Chờ lâu"
        )
    # then it is kept and the ward's leader is alerted with her comment
    assert rating.dissatisfied
    alert = Notification.objects.get(event="rating.dissatisfied")
    assert alert.recipient == leader and "Chờ lâu" in alert.body


def test_a_happy_rating_alerts_nobody_and_cannot_be_given_twice(django_capture_on_commit_callbacks):
    dossier, _leader = processed()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_rate(actor=dossier.applicant, dossier=dossier, **HAPPY)
    assert not Notification.objects.filter(event="rating.dissatisfied").exists()
    with pytest.raises(DossierError):
        dossier_rate(actor=dossier.applicant, dossier=dossier, **HAPPY)


def test_only_the_applicant_rates_and_only_after_the_result():
    dossier = submitted_dossier()
    with pytest.raises(StaleAction):
        dossier_rate(actor=dossier.applicant, dossier=dossier, **HAPPY)
    done, _leader = processed()
    with pytest.raises(NotAllowed):
        dossier_rate(actor=mother(), dossier=done, **HAPPY)
    with pytest.raises(DossierError) as caught:
        dossier_rate(actor=done.applicant, dossier=done, **{**HAPPY, "overall": 7})
    assert "overall" in caught.value.errors


def test_the_page_and_the_api_rate():
    first, _ = processed()
    second, _ = processed()
    client = login_client(first.applicant)
    assert client.get(f"/ho-so/{first.reference}/").content.decode().count('name="overall"') == 3
    response = client.post(f"/ho-so/{first.reference}/danh-gia/", {**HAPPY, "comment": "Tốt"})
    assert response.status_code == 302 and Rating.objects.filter(dossier=first).exists()
    api = login_client(second.applicant).post(
        f"/api/v1/dossiers/{second.reference}/rating", HAPPY, content_type="application/json"
    )
    assert api.status_code == 201 and Rating.objects.filter(dossier=second).exists()


def test_the_leader_sees_the_rating_on_the_dossier_page():
    dossier, leader = processed()
    dossier_rate(
        actor=dossier.applicant, dossier=dossier, **{**HAPPY, "attitude": 1}, comment="Thiếu hướng dẫn"
    )
    html = login_client(leader).get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert "Thiếu hướng dẫn" in html and "Không hài lòng" in html
