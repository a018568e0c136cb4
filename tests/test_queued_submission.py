"""Queued online submission (`Prefer: respond-async`): checked and stored at once, registered by the worker
under the same reference; a file found unreadable fails the submission with a notice and leaves nothing."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test import Client

from tests.conftest import login_client
from tests.dossier_helpers import birth_procedure, filled_form, main_paper, mother, photo
from tinhso.core.models import AuditEntry, Notification
from tinhso.dossiers.models import Dossier, Status, Submission
from tinhso.dossiers.services.queued import submission_register, submissions_stuck
from tinhso.dossiers.storage import sweep_orphan_files

pytestmark = pytest.mark.django_db
ASYNC = {"Prefer": "respond-async"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def send(client: Client, *, key: str | None = None, files: list | None = None, **extra: object):  # type: ignore[no-untyped-def]
    procedure = birth_procedure()
    data = {
        "procedure": procedure.code,
        "form": json.dumps(filled_form(procedure)),
        "delivery": "online",
        "commune": "05443",
        f"component_{main_paper(procedure).pk}": files
        if files is not None
        else [photo(), photo("trang-2.jpg")],
        **extra,
    }
    headers = {**ASYNC, **({"Idempotency-Key": key} if key else {})}
    return client.post("/api/v1/dossiers", data, headers=headers)


def jobs(submission: Submission) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status FROM procrastinate_jobs WHERE task_name = %s AND (args->>'submission_id')::int = %s",
            ["tinhso.dossiers.tasks.submission_register_job", submission.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def stored(media: Path) -> list[str]:
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


def test_a_queued_submission_is_answered_at_once_and_becomes_the_dossier_under_its_reference(
    _media, django_capture_on_commit_callbacks
):
    # given a mother with the app, sending with respond-async
    applicant = mother()
    client = login_client(applicant)
    key = str(uuid.uuid4())
    # when she submits (and the app repeats the request)
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        first = send(client, key=key)
        again = send(client, key=key)
    # then she has a submission reference at once, one row, one job, her files stored as sent, no dossier yet
    assert first.status_code == 202, first.content
    assert again.status_code == 200 and again.json()["reference"] == first.json()["reference"]
    body = first.json()
    assert body["state"] == "waiting" and body["dossier"] is None
    submission = Submission.objects.get(applicant=applicant)
    assert jobs(submission) == ["todo"]
    assert not Dossier.objects.filter(applicant=applicant).exists()
    assert all(path.startswith("incoming/") for path in stored(_media)) and len(stored(_media)) == 2
    # when the worker registers it (twice: a retried job)
    with django_capture_on_commit_callbacks(execute=True):
        submission_register(submission_id=submission.pk)
        submission_register(submission_id=submission.pk)
    # then one dossier, status 1, under the same reference, submitted when she sent it; the photos one PDF
    dossier = Dossier.objects.get(applicant=applicant)
    assert dossier.reference == body["reference"] and dossier.status == Status.SUBMITTED
    assert dossier.submitted_at == dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    assert dossier.files.get().pages == 2
    assert not [path for path in stored(_media) if path.startswith("incoming/")]  # the files as sent are gone
    assert dossier.files.get().file.name in stored(_media)
    # and following the submission leads to the dossier
    followed = client.get(body["links"]["api"]).json()
    assert followed["state"] == "registered" and followed["dossier"]["status"] == Status.SUBMITTED
    assert AuditEntry.objects.filter(action="submission.accept", object_id=str(submission.pk)).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"form": "{}"}, "components"),  # the form's required fields are reported with the papers
        ({"delivery": "post", "delivery_address": ""}, "delivery_address"),
    ],
)
def test_what_needs_no_file_opened_is_refused_in_the_request(extra, field):
    # given a mother
    applicant = mother()
    # when her submission is incomplete
    procedure = birth_procedure()
    files = [] if field == "components" else None
    if field == "components":
        extra = {**extra, f"component_{main_paper(procedure).pk}": []}
    response = send(login_client(applicant), files=files, **extra)
    # then a Vietnamese 400 names the problem and nothing is queued
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Submission.objects.exists()


def test_a_renamed_program_is_refused_in_the_request(_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("giay-chung-sinh.jpg", b"MZ\x90\x00" + b"\x00" * 500, content_type="image/jpeg")
    response = send(login_client(mother()), files=[fake])
    assert response.status_code == 400
    assert "PDF, JPEG" in response.json()["detail"]
    assert not Submission.objects.exists() and stored(_media) == []


def test_an_unreadable_photo_fails_the_submission_with_a_notice_and_leaves_nothing(
    _media, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # given a submission whose photo starts like a JPEG but is not one
    applicant = mother()
    client = login_client(applicant)
    broken = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x13" * 4000, content_type="image/jpeg")
    body = send(client, files=[broken]).json()
    submission = Submission.objects.get(reference=body["reference"])
    # when the worker tries to register it
    with django_capture_on_commit_callbacks(execute=True):
        submission_register(submission_id=submission.pk)
    # then no dossier, no file; the submission says why and the mother is told
    submission.refresh_from_db()
    assert submission.state == "failed" and submission.message
    assert not Dossier.objects.exists() and stored(_media) == []
    note = Notification.objects.get(recipient=applicant, event="submission.failed")
    assert body["reference"] in note.title
    followed = client.get(body["links"]["api"]).json()
    assert followed["state"] == "failed" and followed["message"] == submission.message


def test_others_cannot_follow_a_submission():
    body = send(login_client(mother())).json()
    stranger = login_client(mother())
    assert stranger.get(body["links"]["api"]).status_code == 404
    assert Client().get(body["links"]["api"]).status_code == 401


def test_waiting_files_survive_the_orphan_sweep_and_a_lost_job_is_queued_again(_media):
    # given a submission waiting for an hour-old day whose job was lost
    with time_machine.travel(dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC), tick=False):
        body = send(login_client(mother())).json()
    submission = Submission.objects.get(reference=body["reference"])
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE (args->>'submission_id')::int = %s", [submission.pk]
        )
    # when the nightly sweep (told every file is old) and the stuck-submission job run
    removed = sweep_orphan_files(older_than_hours=0)
    requeued = submissions_stuck()
    # then its files are kept and its job is back, once
    assert removed == 0 and len(stored(_media)) == 2
    assert requeued == 1 and jobs(submission) == ["todo"]
    assert submissions_stuck() == 0


def test_a_waiting_reference_points_to_the_submission_on_the_api_and_the_portal():
    # given a submission not yet registered
    applicant = mother()
    client = login_client(applicant)
    body = send(client).json()
    # when she opens it as a dossier, through the API and on the portal
    api = client.get(f"/api/v1/dossiers/{body['reference']}")
    page = client.get(f"/ho-so/{body['reference']}/")
    # then the API says where to follow it and the portal shows her list, where it stands
    assert api.status_code == 404 and body["links"]["api"] in api.json()["detail"]
    assert page.status_code == 302 and page.url == "/ho-so/"
    listed = client.get("/ho-so/").content.decode()
    assert body["reference"] in listed and "Đang đưa vào hệ thống" in listed
    # and for anyone else it is simply not there
    assert login_client(mother()).get(f"/ho-so/{body['reference']}/").status_code == 404
