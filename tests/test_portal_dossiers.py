"""The citizen's side of online submission through the web pages: start, fill in, attach, submit, follow,
supplement; downloads for the owner only; the public lookup and its rate limit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.dossier_helpers import (
    birth_procedure,
    commune,
    desk_officer,
    filled_form,
    main_paper,
    mother,
    photo,
    submitted_dossier,
)
from tinhso.dossiers.models import Dossier, DossierFile, Status
from tinhso.dossiers.services import dossier_receive, dossier_request_supplements, dossier_start

pytestmark = pytest.mark.django_db
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def detail(dossier: Dossier) -> str:
    return reverse("portal:dossier_detail", kwargs={"reference": dossier.reference})


def form_post(procedure, **extra) -> dict:  # type: ignore[no-untyped-def]
    data = {f"f-{k}": v for k, v in filled_form(procedure).items()}
    data.update({"delivery": "online", "delivery_address": ""})
    data.update(extra)
    return data


def test_the_whole_flow_from_the_procedure_to_a_submitted_dossier(django_capture_on_commit_callbacks):
    # given a mother logged in, on the birth registration procedure
    procedure, applicant = birth_procedure(), mother()
    client = client_for(applicant)
    start = reverse("portal:dossier_start", kwargs={"code": procedure.code})
    page = client.get(start)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cho bản thân" in html and 'name="commune"' in html
    # when she starts the dossier for herself at her commune
    response = client.post(start, {"applicant": "self", "commune": commune().pk})
    dossier = Dossier.objects.get(applicant=applicant)
    assert response.status_code == 302 and response["Location"] == detail(dossier)
    # then the draft page shows the e-form, the paper with its two inputs and the delivery choice
    html = client.get(detail(dossier)).content.decode()
    assert dossier.status == Status.DRAFT and "Bản nháp" in html
    assert 'accept="application/pdf,image/jpeg,image/png"' in html
    assert 'accept="image/*" capture="environment"' in html
    assert "bắt buộc" in html and "Lưu nháp" in html and "Nộp hồ sơ" in html
    # when she uploads two photos of the birth certificate through the paper's own endpoint
    paper = main_paper(procedure)
    attach = reverse(
        "portal:dossier_attach", kwargs={"reference": dossier.reference, "component_id": paper.pk}
    )
    response = client.post(
        attach, {**form_post(procedure), f"photos-{paper.pk}": [photo("a.jpg"), photo("b.jpg")]}
    )
    # then one PDF of two pages is attached, as photos, and the typed form is kept
    assert response.status_code == 302
    stored = DossierFile.objects.get(dossier=dossier)
    assert (stored.pages, stored.source, stored.content_type) == (2, "camera", "application/pdf")
    html = client.get(detail(dossier)).content.decode()
    assert stored.original_name in html and "2 trang" in html
    # when she submits
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(dossier), {**form_post(procedure), "action": "submit"})
    # then the dossier is submitted and its page shows the reference and the timeline
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    html = client.get(detail(dossier)).content.decode()
    assert dossier.reference in html and "Mới đăng ký" in html
    assert "Bạn đã nộp hồ sơ trực tuyến." in html


def test_saving_a_draft_keeps_invalid_input():
    # given a draft
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    client = client_for(applicant)
    key = next(k for k in filled_form(procedure))
    # when she saves a half-typed form
    response = client.post(detail(dossier), {f"f-{key}": "nửa chừng", "action": "save", "delivery": "desk"})
    # then it is kept as typed
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.form_data[key] == "nửa chừng" and dossier.delivery == "desk"
    assert "nửa chừng" in client.get(detail(dossier)).content.decode()


def test_a_missing_paper_is_named_next_to_the_paper_with_400():
    # given a draft with a filled form and no paper
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    # when she submits
    response = client_for(applicant).post(detail(dossier), {**form_post(procedure), "action": "submit"})
    # then the page comes back with 400, naming the paper, linked from the summary
    assert response.status_code == 400
    html = response.content.decode()
    paper = main_paper(procedure)
    assert "Hồ sơ chưa đầy đủ" in html or "chưa" in html
    assert f'href="#paper-{paper.pk}"' in html and paper.name[:40] in html
    assert f'id="paper-{paper.pk}-error"' in html
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT


def test_a_missing_field_is_linked_to_its_input():
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    client = client_for(applicant)
    paper = main_paper(procedure)
    client.post(
        reverse("portal:dossier_attach", kwargs={"reference": dossier.reference, "component_id": paper.pk}),
        {f"files-{paper.pk}": photo()},
    )
    key = next(item["key"] for item in dossier.version.snapshot["form"] if item["required"])
    data = form_post(procedure, action="submit")
    data[f"f-{key}"] = ""
    response = client.post(detail(dossier), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'aria-describedby="id_f-{key}_error' in html or f'id_f-{key}_error"' in html
    assert f'id="id_f-{key}_error"' in html


def test_a_text_file_renamed_pdf_is_refused_in_vietnamese():
    # given a draft
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    paper = main_paper(procedure)
    fake = SimpleUploadedFile("giay-khai-sinh.pdf", b"just some text, not a PDF\n" * 20, "application/pdf")
    # when she uploads a text file renamed .pdf
    response = client_for(applicant).post(
        reverse("portal:dossier_attach", kwargs={"reference": dossier.reference, "component_id": paper.pk}),
        {f"files-{paper.pk}": fake},
    )
    # then 400 with a Vietnamese message next to the paper, and nothing is attached
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="paper-{paper.pk}-error"' in html
    error = html.split(f'id="paper-{paper.pk}-error">', 1)[1].split("</p>", 1)[0]
    assert any(ch in error for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), error
    assert not DossierFile.objects.filter(dossier=dossier).exists()


def test_another_citizens_dossier_is_not_found_and_anonymous_visitors_log_in():
    # given a submitted dossier of a mother
    dossier = submitted_dossier()
    stranger = client_for(factories.UserFactory(full_name="Người Lạ"))
    # when someone else opens it, or its files, or posts to it: 404
    file_row = dossier.files.first()
    assert stranger.get(detail(dossier)).status_code == 404
    assert stranger.post(detail(dossier), {"action": "submit"}).status_code == 404
    url = reverse("portal:dossier_file", kwargs={"reference": dossier.reference, "file_id": file_row.pk})
    assert stranger.get(url).status_code == 404
    # and an anonymous visitor is sent to the login page
    response = Client().get(detail(dossier))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_a_double_post_of_submit_makes_one_dossier():
    # given a complete draft
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    client = client_for(applicant)
    paper = main_paper(procedure)
    client.post(
        reverse("portal:dossier_attach", kwargs={"reference": dossier.reference, "component_id": paper.pk}),
        {**form_post(procedure), f"photos-{paper.pk}": photo()},
    )
    # when the submit form is posted twice (a double click, or the back button)
    first = client.post(detail(dossier), {**form_post(procedure), "action": "submit"})
    second = client.post(detail(dossier), {**form_post(procedure), "action": "submit"})
    # then both land on the same submitted dossier, and there is one
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == detail(dossier)
    assert Dossier.objects.filter(applicant=applicant).count() == 1
    assert dossier.events.filter(kind="submitted").count() == 1


def test_discarding_a_draft():
    procedure, applicant = birth_procedure(), mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    response = client_for(applicant).post(
        reverse("portal:dossier_discard", kwargs={"reference": dossier.reference})
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_dossiers")
    assert not Dossier.objects.filter(pk=dossier.pk).exists()


def test_documents_and_files_download_for_the_owner_only():
    # given a dossier received at the desk, with its receipt (form 01)
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = submitted_dossier()
        dossier = dossier_receive(actor=desk_officer(), dossier=dossier, lock_version=dossier.lock_version)
    owner = client_for(dossier.applicant)
    document = dossier.documents.get()
    file_row = dossier.files.get()
    doc_url = reverse(
        "portal:dossier_document", kwargs={"reference": dossier.reference, "document_id": document.pk}
    )
    file_url = reverse("portal:dossier_file", kwargs={"reference": dossier.reference, "file_id": file_row.pk})
    # when the owner opens them: inline PDFs
    for url in (doc_url, file_url):
        response = owner.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    # and the page shows the code, the appointment and the document link
    html = owner.get(detail(dossier)).content.decode()
    assert dossier.code in html and doc_url in html and "Được tiếp nhận" in html
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html and "Ngày hẹn trả kết quả" in html
    # when another citizen tries the same addresses: 404
    stranger = client_for(factories.UserFactory())
    assert stranger.get(doc_url).status_code == 404
    assert stranger.get(file_url).status_code == 404


def test_a_supplement_request_shows_the_text_and_takes_the_supplements():
    # given a dossier the desk asked to supplement
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = submitted_dossier()
        officer = desk_officer()
        dossier = dossier_request_supplements(
            actor=officer,
            dossier=dossier,
            items="Chụp lại Giấy chứng sinh rõ nét",
            lock_version=dossier.lock_version,
        )
    client = client_for(dossier.applicant)
    html = client.get(detail(dossier)).content.decode()
    assert "Chụp lại Giấy chứng sinh rõ nét" in html and 'name="lock_version"' in html
    # when she sends a new photo with a note
    paper = main_paper(dossier.procedure)
    response = client.post(
        reverse("portal:dossier_supplement", kwargs={"reference": dossier.reference}),
        {"lock_version": dossier.lock_version, "note": "Đã chụp lại", f"p-{paper.pk}": photo()},
    )
    # then the dossier goes back to the desk
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert dossier.files.filter(round=1).exists()
    html = client.get(detail(dossier)).content.decode()
    assert "Bạn đã gửi hồ sơ bổ sung." in html


def test_my_dossiers_lists_drafts_first_with_bounded_queries(django_assert_max_num_queries):
    # given a citizen with a submitted dossier and a draft
    procedure, applicant = birth_procedure(), mother()
    submitted = submitted_dossier(applicant, procedure)
    draft = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    client = client_for(applicant)
    url = reverse("portal:my_dossiers")
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    # then the draft comes first, marked as a draft
    assert html.index(draft.reference) < html.index(submitted.reference)
    assert "Bản nháp" in html
    # when she has many more, the number of queries does not grow
    for _ in range(6):
        dossier_start(actor=applicant, procedure=procedure, commune=commune())
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_my_dossiers_is_linked_from_the_home_page(citizen_client):
    assert f'href="{reverse("portal:my_dossiers")}"' in citizen_client.get("/").content.decode()
    assert f'href="{reverse("portal:dossier_lookup")}"' in citizen_client.get("/").content.decode()


# --- the public lookup ---------------------------------------------------------------------------------

NOT_FOUND = "Không tìm thấy hồ sơ khớp với thông tin đã nhập"


def test_lookup_answers_with_the_right_second_factor_and_says_the_same_otherwise():
    # given a received dossier of a mother
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = submitted_dossier()
        dossier = dossier_receive(actor=desk_officer(), dossier=dossier, lock_version=dossier.lock_version)
    url = reverse("portal:dossier_lookup")
    # when someone has the code and the last 4 digits of the phone (or of the ID number)
    phone_tail, id_tail = dossier.applicant.phone[-4:], dossier.applicant.citizen_id[-4:]
    wrong = next(d for d in ("9999", "8888", "7777") if d not in (phone_tail, id_tail))
    for digits in (phone_tail, id_tail):
        html = Client().post(url, {"ma": dossier.code, "so": digits}).content.decode()
        # then they see the status, procedure and dates, and nothing personal
        assert "Được tiếp nhận" in html and dossier.code in html
        assert dossier.version.snapshot["name"][:30] in html
        assert dossier.due_at is not None and NOT_FOUND not in html
        assert "Nguyễn Thị Hoa" not in html
    # the submission reference works too, typed in lower case
    html = Client().post(url, {"ma": dossier.reference.lower(), "so": phone_tail}).content.decode()
    assert NOT_FOUND not in html and dossier.code in html
    # when the digits are wrong, or the code does not exist: the same answer, the same status
    wrong_digits = Client().post(url, {"ma": dossier.code, "so": wrong})
    wrong_code = Client().post(url, {"ma": "000.00.19.H55-261123-9999", "so": phone_tail})
    assert wrong_digits.status_code == wrong_code.status_code == 200
    for response in (wrong_digits, wrong_code):
        html = response.content.decode()
        assert NOT_FOUND in html and dossier.version.snapshot["name"][:30] not in html


def test_lookup_never_finds_drafts_and_prefills_the_code_from_the_qr():
    procedure, applicant = birth_procedure(), mother()
    draft = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    html = (
        Client()
        .post(reverse("portal:dossier_lookup"), {"ma": draft.reference, "so": "5678"})
        .content.decode()
    )
    assert NOT_FOUND in html
    html = (
        Client().get(reverse("portal:dossier_lookup"), {"ma": "000.00.19.H55-261123-0001"}).content.decode()
    )
    assert 'value="000.00.19.H55-261123-0001"' in html


def test_lookup_is_rate_limited_per_client_address():
    # given someone guessing from one address
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = reverse("portal:dossier_lookup")
    # when they try ten times, then an eleventh
    for _ in range(10):
        assert client.post(url, {"ma": "ABCDEFGHJK", "so": "1234"}).status_code == 200
    response = client.post(url, {"ma": "ABCDEFGHJK", "so": "1234"})
    # then they are told to wait, and another address is not affected
    assert response.status_code == 429
    assert "10 phút" in response.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.8").post(url, {"ma": "ABCDEFGHJK", "so": "1234"}).status_code == 200
