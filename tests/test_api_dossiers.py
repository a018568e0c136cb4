"""/api/v1/dossiers, /api/v1/tasks and /api/v1/staff/dossiers: submission with an idempotency key, errors as
Vietnamese 4xx, the inbox and an official's action."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.test import Client

from tests import factories
from tests.conftest import login_client
from tests.dossier_helpers import (
    PIN,
    birth_procedure,
    civil_status_officer,
    commune_leader,
    desk_officer,
    filled_form,
    main_paper,
    mother,
    photo,
    submitted_dossier,
)
from tinhso.dossiers.models import Dossier, Status
from tinhso.dossiers.services import dossier_receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def submit(client: Client, key: str | None, **extra: object):  # type: ignore[no-untyped-def]
    procedure = birth_procedure()
    data = {
        "procedure": procedure.code,
        "form": json.dumps(filled_form(procedure)),
        "delivery": "online",
        "commune": "05443",
        f"component_{main_paper(procedure).pk}": [photo(), photo("trang-2.jpg")],
        **extra,
    }
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/dossiers", data, headers=headers)


def test_submitting_twice_with_the_same_key_makes_one_dossier():
    # given a mother logged in and one idempotency key
    applicant = mother()
    client = login_client(applicant)
    key = str(uuid.uuid4())
    # when the app sends the submission, and sends it again (the network dropped the answer)
    first = submit(client, key)
    again = submit(client, key)
    # then the first answer is 201 with the dossier, the second 200 with the same one
    assert first.status_code == 201, first.content
    assert again.status_code == 200
    body = first.json()
    assert body["status"] == Status.SUBMITTED and body["status_label"] == "Mới đăng ký"
    assert again.json()["reference"] == body["reference"]
    assert body["links"]["api"] == f"/api/v1/dossiers/{body['reference']}"
    assert Dossier.objects.filter(applicant=applicant).count() == 1
    # and the dossier, with its timeline, is readable from the list and by its reference
    listed = client.get("/api/v1/dossiers").json()
    assert listed["count"] == 1 and listed["items"][0]["reference"] == body["reference"]
    detail = client.get(f"/api/v1/dossiers/{body['reference']}").json()
    assert detail["timeline"][0]["status"] == Status.SUBMITTED
    assert detail["files"][0]["pages"] == 2


def test_an_incomplete_submission_is_a_400_in_vietnamese_with_the_fields():
    # given a mother who forgets the paper and the form
    client = login_client(mother())
    procedure = birth_procedure()
    # when she submits
    response = client.post(
        "/api/v1/dossiers", {"procedure": procedure.code, "form": "{}", "commune": "05443"}
    )
    # then she gets a 400 naming what is missing, in Vietnamese
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Hồ sơ chưa đầy đủ."
    assert "components" in body["errors"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"procedure": "0.000000"}, "Không có thủ tục nào mang mã này."),
        ({"procedure": "1.001193", "form": "[1, 2]"}, "Tờ khai phải là một đối tượng JSON"),
        ({"procedure": "1.001193", "commune": "99999"}, "Không có xã, phường nào có mã này."),
    ],
)
def test_bad_requests_are_400_with_a_vietnamese_detail(data, message):
    # given a logged-in citizen
    client = login_client(mother())
    birth_procedure()
    # when a request names no such procedure, a non-object form or an unknown commune
    response = client.post("/api/v1/dossiers", data)
    # then the answer is 400 with the reason in Vietnamese
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_officials_and_strangers_are_refused_citizen_operations():
    # given a dossier, an official and another citizen
    dossier = submitted_dossier()
    official, other = login_client(desk_officer()), login_client(mother())
    # when they use the citizen's operations
    # then the official is told (403, Vietnamese) and the other citizen finds nothing (404)
    refused = official.post("/api/v1/dossiers", {"procedure": "1.001193"})
    assert refused.status_code == 403 and "công dân" in refused.json()["detail"]
    assert other.get(f"/api/v1/dossiers/{dossier.reference}").status_code == 404
    assert Client().get("/api/v1/dossiers").status_code == 401


def test_the_citizen_sends_supplements_through_the_api():
    # given a dossier the desk asked to supplement
    from tinhso.dossiers.services import dossier_request_supplements

    dossier = submitted_dossier()
    dossier_request_supplements(actor=desk_officer(), dossier=dossier, items="Chụp lại Giấy chứng sinh")
    client = login_client(dossier.applicant)
    # when she sends the new photo with a note
    response = client.post(
        f"/api/v1/dossiers/{dossier.reference}/supplement",
        {"note": "Đã chụp lại", f"component_{main_paper(dossier.procedure).pk}": photo()},
    )
    # then the dossier is back with the desk, and the supplement request is in its documents
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == Status.SUBMITTED
    assert [d["kind"] for d in body["documents"]] == ["02"]
    document = client.get(body["documents"][0]["url"])
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"


def test_the_inbox_and_a_staff_action_through_the_api():
    # given a submitted dossier and the desk officer with an API token-less session
    dossier = submitted_dossier()
    officer = desk_officer()
    client = login_client(officer)
    # when she reads her tasks, then receives the dossier with the lock version she read
    tasks = client.get("/api/v1/tasks")
    assert tasks.status_code == 200
    task = next(t for t in tasks.json() if t["dossier_id"] == dossier.pk)
    assert task["step_kind"] == "receive" and task["mark_label"]
    shown = client.get(task["links"]["api"]).json()
    assert shown["actions"] == ["receive", "request-supplements", "refuse"]
    assert shown["applicant"]["citizen_id_masked"].startswith("019******")
    received = client.post(
        f"/api/v1/staff/dossiers/{dossier.pk}/receive",
        {"lock_version": shown["lock_version"]},
        content_type="application/json",
    )
    # then the dossier has its code and a receipt, and the same stale request is a 409
    assert received.status_code == 200, received.content
    body = received.json()
    assert body["code"] and body["status"] == Status.RECEIVED
    assert [d["kind"] for d in body["documents"]] == ["01"]
    stale = client.post(
        f"/api/v1/staff/dossiers/{dossier.pk}/refuse",
        {"lock_version": shown["lock_version"], "reason": "Thiếu"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert "người khác" in stale.json()["detail"]


def test_forwarding_by_username_and_finishing_through_the_api():
    # given a received dossier, the civil status officer and the leader
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    clerk, leader = civil_status_officer(), commune_leader()
    # when the officer forwards to the leader by username, and the leader finishes
    forwarded = login_client(clerk).post(
        f"/api/v1/staff/dossiers/{dossier.pk}/forward",
        {"lock_version": dossier.lock_version, "to_user": leader.username, "note": "Đủ điều kiện"},
        content_type="application/json",
    )
    assert forwarded.status_code == 200, forwarded.content
    finished = login_client(leader).post(
        f"/api/v1/staff/dossiers/{dossier.pk}/finish",
        {"lock_version": forwarded.json()["lock_version"], "pin": PIN},
        content_type="application/json",
    )
    # then the dossier is processed and the next step is the return at the desk
    assert finished.status_code == 200
    body = finished.json()
    assert (
        body["status"] == Status.RETURNED and body["open_step"] is None
    )  # an online result: handed over at once


def test_staff_operations_are_closed_to_others():
    # given a dossier, an officer of another agency and a citizen
    dossier = submitted_dossier()
    stranger = login_client(factories.official(factories.agency("19:centre"), "one_stop_officer"))
    citizen = login_client(dossier.applicant)
    # when they try the staff operations
    # then the stranger finds no dossier and the citizen is refused, both in Vietnamese
    assert stranger.get(f"/api/v1/staff/dossiers/{dossier.pk}").status_code == 404
    acted = stranger.post(
        f"/api/v1/staff/dossiers/{dossier.pk}/receive",
        {"lock_version": dossier.lock_version},
        content_type="application/json",
    )
    assert acted.status_code == 404
    refused = citizen.get("/api/v1/tasks")
    assert refused.status_code == 403 and "cán bộ" in refused.json()["detail"]
    # and a colleague without the step's role is forbidden to act
    clerk = login_client(civil_status_officer())
    forbidden = clerk.post(
        f"/api/v1/staff/dossiers/{dossier.pk}/receive",
        {"lock_version": dossier.lock_version},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).status == Status.SUBMITTED


def test_the_operations_are_in_the_openapi_document():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/dossiers",
        "/api/v1/dossiers/{reference}",
        "/api/v1/dossiers/{reference}/supplement",
        "/api/v1/tasks",
        "/api/v1/staff/dossiers/{dossier_id}",
        "/api/v1/staff/dossiers/{dossier_id}/{action}",
    ]:
        assert path in paths, path
    assert {"200", "201", "400", "403", "409"} <= set(paths["/api/v1/dossiers"]["post"]["responses"])
