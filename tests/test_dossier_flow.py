"""Online submission, reception at the one-stop desk and processing through the steps (services)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tests.dossier_helpers import (
    PIN,
    birth_procedure,
    civil_status_officer,
    commune,
    commune_leader,
    desk_officer,
    filled_form,
    main_paper,
    mother,
    pdf_file,
    photo,
    submitted_dossier,
)
from tinhso.core import workcalendar
from tinhso.core.models import Notification
from tinhso.dossiers.errors import DossierError, NotAllowed, StaleAction
from tinhso.dossiers.models import Delivery, Dossier, DossierDocument, DossierFile, Status, StepRun
from tinhso.dossiers.selectors import inbox
from tinhso.dossiers.services import (
    dossier_attach,
    dossier_finish,
    dossier_forward,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplements,
    dossier_return_result,
    dossier_send_back,
    dossier_start,
    dossier_submit,
    dossier_submit_online,
    dossier_supplement,
)
from tinhso.publicservices.versions import version_publish

pytestmark = pytest.mark.django_db
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_submitting_makes_a_new_dossier_waiting_at_the_commune_desk(django_capture_on_commit_callbacks):
    # given a mother with a filled form and a photo of the birth certificate
    # when she submits
    with django_capture_on_commit_callbacks(execute=True):
        dossier = submitted_dossier()
    # then the dossier is "Mới đăng ký" with a reference she can quote, waiting at the commune's centre
    assert dossier.status == Status.SUBMITTED
    assert re.fullmatch(r"[2-9A-Z]{10}", dossier.reference) and dossier.code is None
    assert dossier.receiving_agency.ref == "05443:centre"
    assert dossier.competent_agency.ref == "05443:committee"
    step = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert (step.kind, step.role, step.agency_id) == (
        "receive",
        "one_stop_officer",
        dossier.receiving_agency_id,
    )
    assert Notification.objects.filter(recipient=dossier.applicant, event="dossier.submitted").exists()


def test_a_double_click_on_submit_makes_one_dossier():
    dossier = submitted_dossier()
    again = dossier_submit(actor=dossier.applicant, dossier=dossier)
    assert again.pk == dossier.pk
    assert Dossier.objects.filter(applicant=dossier.applicant).count() == 1


def test_the_same_idempotency_key_returns_the_first_dossier():
    procedure, applicant = birth_procedure(), mother()
    key = __import__("uuid").uuid4()
    args = dict(
        actor=applicant,
        procedure=procedure,
        form_data=filled_form(procedure),
        files={main_paper(procedure).pk: [photo()]},
        commune=commune(),
        idempotency_key=key,
    )
    first, created = dossier_submit_online(**args)
    second, created_again = dossier_submit_online(**{**args, "files": {main_paper(procedure).pk: [photo()]}})
    assert created and not created_again and first.pk == second.pk


def test_a_missing_mandatory_paper_and_field_are_named():
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    with pytest.raises(DossierError) as caught:
        dossier_submit(actor=applicant, dossier=dossier)
    assert "components" in caught.value.errors
    assert Dossier.objects.get(pk=dossier.pk).status == Status.DRAFT


def test_several_photos_of_one_paper_become_one_pdf(_media: Path):
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    stored = dossier_attach(
        actor=applicant,
        dossier=dossier,
        component_id=main_paper(procedure).pk,
        uploads=[photo(size=(3000, 4000)), photo(), photo()],
        source=DossierFile.Source.CAMERA,
    )
    assert stored.content_type == "application/pdf" and stored.pages == 3
    assert len(PdfReader(stored.file.path).pages) == 3
    assert stored.size < 3 * 1_000_000  # compressed for weak connections


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("giay.pdf", b"MZ\x90\x00 executable", content_type="application/pdf"), "PDF"),
        (SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0 truncated", content_type="image/jpeg"), ""),
        (SimpleUploadedFile("hong.pdf", b"%PDF-1.7 not really", content_type="application/pdf"), ""),
    ],
)
def test_bad_files_are_refused_with_a_message_and_leave_nothing(upload, message, _media: Path):
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    with pytest.raises(DossierError) as caught:
        dossier_attach(
            actor=applicant, dossier=dossier, component_id=main_paper(procedure).pk, uploads=[upload]
        )
    assert str(caught.value)
    assert message in str(caught.value)
    assert not dossier.files.exists() and stored_files(_media) == []


def test_a_path_in_a_file_name_is_not_followed(_media: Path):
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    stored = dossier_attach(
        actor=applicant,
        dossier=dossier,
        component_id=main_paper(procedure).pk,
        uploads=[pdf_file("../../etc/passwd.pdf")],
    )
    assert "/" not in stored.original_name and ".." not in stored.original_name
    assert Path(stored.file.path).resolve().is_relative_to(_media.resolve())


def test_a_failure_mid_submission_leaves_no_dossier_and_no_file(monkeypatch, _media: Path):
    procedure, applicant = birth_procedure(), mother()

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr("tinhso.dossiers.services.submission._submit_draft", broken)  # after the files
    with pytest.raises(RuntimeError):
        dossier_submit_online(
            actor=applicant,
            procedure=procedure,
            form_data=filled_form(procedure),
            files={main_paper(procedure).pk: [photo()]},
            commune=commune(),
        )
    assert not Dossier.objects.filter(applicant=applicant).exists()
    assert stored_files(_media) == []


def test_receiving_gives_the_code_the_appointment_and_the_receipt():
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = submitted_dossier()
        officer = desk_officer()
        received = dossier_receive(actor=officer, dossier=dossier, lock_version=dossier.lock_version)
    assert received.status == Status.RECEIVED
    assert received.code == f"{received.competent_agency.code}-261130-0001"
    # 1 working day from Monday 09:00 → Tuesday 09:00
    assert received.due_at.astimezone(MONDAY_9.tzinfo) == MONDAY_9 + dt.timedelta(days=1)
    receipt = DossierDocument.objects.get(dossier=received, kind=DossierDocument.Kind.RECEIPT)
    text = "".join(page.extract_text() for page in PdfReader(receipt.file.path).pages)
    assert received.code in text
    nxt = StepRun.objects.get(dossier=received, finished_at__isnull=True)
    assert (nxt.kind, nxt.role, nxt.agency_id) == ("handle", "specialist", received.competent_agency_id)


def test_an_officer_of_another_agency_cannot_receive():
    from tests import factories

    dossier = submitted_dossier()
    stranger = factories.official(factories.agency("19:centre"), "one_stop_officer")
    with pytest.raises(NotAllowed):
        dossier_receive(actor=stranger, dossier=dossier)


def test_the_desk_refuses_with_form_03():
    dossier = submitted_dossier()
    refused = dossier_refuse(actor=desk_officer(), dossier=dossier, reason="Không thuộc thẩm quyền")
    assert refused.status == Status.REFUSED
    assert refused.documents.filter(kind=DossierDocument.Kind.REFUSAL).exists()
    with pytest.raises(StaleAction):
        dossier_receive(actor=desk_officer(), dossier=refused)


def test_supplements_stop_the_clock_until_the_citizen_sends_them():
    with time_machine.travel(MONDAY_9, tick=False) as clock:
        dossier = submitted_dossier()
        dossier = dossier_receive(actor=desk_officer(), dossier=dossier)
        due = dossier.due_at
        clerk = civil_status_officer()
        clock.move_to(MONDAY_9 + dt.timedelta(hours=2))
        dossier = dossier_request_supplements(actor=clerk, dossier=dossier, items="Chụp lại Giấy chứng sinh")
        assert dossier.status == Status.SUPPLEMENT and dossier.paused_at is not None
        assert dossier.documents.filter(kind=DossierDocument.Kind.SUPPLEMENT).exists()
        clock.move_to(MONDAY_9 + dt.timedelta(days=1))  # Tuesday 09:00: 8 working hours later
        dossier = dossier_supplement(
            actor=dossier.applicant, dossier=dossier, files={main_paper(dossier.procedure).pk: [photo()]}
        )
    # then the working time stopped is recorded and the appointment moves by exactly that much
    stopped = workcalendar.working_hours_between(
        MONDAY_9 + dt.timedelta(hours=2), MONDAY_9 + dt.timedelta(days=1)
    )
    assert dossier.status == Status.RECEIVED
    assert dossier.paused_hours == stopped > 0
    assert workcalendar.working_hours_between(due, dossier.due_at) == stopped
    step = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert step.kind == "handle" and step.assignee == clerk


def test_the_specialist_and_the_leader_carry_it_to_processed():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    Dossier.objects.filter(pk=dossier.pk).update(delivery=Delivery.DESK)  # she collects it at the desk
    dossier.refresh_from_db()
    clerk, leader = civil_status_officer(), commune_leader()
    dossier = dossier_forward(actor=clerk, dossier=dossier, to_user=leader, note="Đủ điều kiện")
    assert dossier.status == Status.PROCESSING
    dossier = dossier_send_back(actor=leader, dossier=dossier, note="Kiểm tra lại tên cha")
    dossier = dossier_forward(actor=clerk, dossier=dossier)
    dossier = dossier_finish(actor=leader, pin=PIN, dossier=dossier)
    assert dossier.status == Status.PROCESSED and dossier.finished_at is not None
    kinds = list(StepRun.objects.filter(dossier=dossier).order_by("id").values_list("kind", "outcome"))
    assert kinds == [
        ("receive", "received"),
        ("handle", "forwarded"),
        ("approve", "sent_back"),
        ("handle", "forwarded"),
        ("approve", "finished"),
        ("return", ""),
    ]
    assert all(
        s.spent_hours is not None for s in StepRun.objects.filter(dossier=dossier, finished_at__isnull=False)
    )
    dossier = dossier_return_result(actor=desk_officer(), dossier=dossier)
    assert dossier.status == Status.RETURNED


def test_an_online_result_is_handed_over_when_signed_and_a_posted_one_needs_its_tracking_number():
    # online: the signed result is in her account, status 10 at once
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    leader = commune_leader()
    dossier = dossier_finish(
        actor=leader, pin=PIN, dossier=dossier_forward(actor=civil_status_officer(), dossier=dossier)
    )
    assert dossier.status == Status.RETURNED
    assert StepRun.objects.get(dossier=dossier, kind="return").outcome == "returned_online"
    # by post: the desk records the tracking number when it hands the parcel over
    posted = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    Dossier.objects.filter(pk=posted.pk).update(
        delivery=Delivery.POST, delivery_address="Tổ 5, phường Phan Đình Phùng"
    )
    posted.refresh_from_db()
    posted = dossier_finish(
        actor=leader, pin=PIN, dossier=dossier_forward(actor=civil_status_officer(), dossier=posted)
    )
    assert posted.status == Status.PROCESSED
    with pytest.raises(DossierError):
        dossier_return_result(actor=desk_officer(), dossier=posted)
    done = dossier_return_result(actor=desk_officer(), dossier=posted, tracking="EL 123 456 789 VN")
    assert done.status == Status.RETURNED and done.postal_tracking == "EL 123 456 789 VN"


def test_two_officers_at_once_one_wins_the_other_is_told():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    first, second = civil_status_officer(), civil_status_officer()
    shown = dossier.lock_version  # both opened the page at this version
    dossier_forward(actor=first, dossier=dossier, lock_version=shown)
    with pytest.raises(StaleAction) as caught:
        dossier_forward(actor=second, dossier=dossier, lock_version=shown)
    assert "người khác" in str(caught.value) or "Another official" in str(caught.value)


def test_the_leader_cannot_finish_before_the_review():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    with pytest.raises((StaleAction, NotAllowed)):
        dossier_finish(actor=commune_leader(), pin=PIN, dossier=dossier)


def test_a_dossier_keeps_the_version_it_was_submitted_under():
    dossier = submitted_dossier()
    procedure = dossier.procedure
    procedure.fee_detail = "Lệ phí mới"
    procedure.save()
    newer = version_publish(actor=None, procedure=procedure, note="Sửa lệ phí")
    dossier.refresh_from_db()
    assert newer.number == dossier.version.number + 1
    assert dossier.version.snapshot["fee_detail"] != "Lệ phí mới"


def test_the_inbox_lists_my_tasks_soonest_first_with_marks(django_assert_max_num_queries):
    officer = desk_officer()
    with time_machine.travel(MONDAY_9, tick=False):
        first = submitted_dossier()
    with time_machine.travel(MONDAY_9 + dt.timedelta(hours=3), tick=False):
        second = submitted_dossier()
    with time_machine.travel(MONDAY_9 + dt.timedelta(days=7), tick=False), django_assert_max_num_queries(4):
        tasks = inbox(viewer=officer)
    assert [t.dossier.pk for t in tasks][:2] == [first.pk, second.pk]
    assert {t.mark for t in tasks} == {"overdue"}


def test_the_nightly_sweep_removes_only_old_unreferenced_files(_media: Path):
    import os
    import time

    from tinhso.dossiers.storage import sweep_orphan_files

    # given an attached file and an orphan left by a killed process two days ago
    dossier = submitted_dossier()
    orphan = _media / "dossiers" / "XYZ" / "lost.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4")
    old = time.time() - 48 * 3600
    os.utime(orphan, (old, old))
    for row in dossier.files.all():
        os.utime(row.file.path, (old, old))
    # when the sweep runs
    removed = sweep_orphan_files()
    # then only the orphan is gone
    assert removed == 1 and not orphan.exists()
    assert all(Path(row.file.path).exists() for row in dossier.files.all())


def test_a_representation_ended_before_submission_stops_it():
    from tinhso.core.services.accounts import representation_declare, representation_end

    # given a mother who started a dossier for her child, then ended that declaration
    procedure, applicant = birth_procedure(), mother()
    child = representation_declare(
        actor=applicant, relationship="parent", full_name="Bé Na", date_of_birth=dt.date(2026, 11, 1)
    )
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune(), representation=child)
    representation_end(actor=applicant, representation=child)
    # when she submits, then she is told why
    with pytest.raises(DossierError) as caught:
        dossier_submit(actor=applicant, dossier=dossier)
    assert "representation" in caught.value.errors


def test_a_stranger_cannot_attach_to_someone_elses_draft():
    procedure = birth_procedure()
    dossier = dossier_start(actor=mother(), procedure=procedure, commune=commune())
    with pytest.raises(NotAllowed):
        dossier_attach(
            actor=mother(), dossier=dossier, component_id=main_paper(procedure).pk, uploads=[photo()]
        )


def test_a_financial_obligation_stops_the_clock_until_it_is_fulfilled(django_capture_on_commit_callbacks):
    from tinhso.dossiers.services import dossier_request_payment, dossier_resume_after_payment

    with time_machine.travel(MONDAY_9, tick=False) as clock:
        dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
        due, clerk = dossier.due_at, civil_status_officer()
        # given the specialist asks for the fee (status 6)
        dossier = dossier_request_payment(actor=clerk, dossier=dossier, note="Nộp lệ phí 8.000 đồng")
        assert dossier.status == Status.PAYMENT and dossier.paused_at is not None
        # when it is paid the next morning
        clock.move_to(MONDAY_9 + dt.timedelta(days=1))
        with django_capture_on_commit_callbacks(execute=True):
            dossier = dossier_resume_after_payment(actor=clerk, dossier=dossier)
    # then processing goes on, the citizen is told, and the appointment moved by the working time stopped
    assert dossier.status == Status.PROCESSING and dossier.paused_at is None
    assert Notification.objects.filter(
        recipient=dossier.applicant, event="dossier.payment_fulfilled"
    ).exists()
    assert workcalendar.working_hours_between(due, dossier.due_at) == dossier.paused_hours > 0
