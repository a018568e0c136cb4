"""Signed results (issue 6, part 3): the leader approves with the signing PIN, the result is produced from
the procedure's template, signed by them and sealed by the agency; a signing failure changes nothing;
several results can be signed at once; the receipt is sealed too; anyone can verify (part 4)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tests.conftest import login_client
from tests.dossier_helpers import (
    PIN,
    civil_status_officer,
    commune_leader,
    desk_officer,
    submitted_dossier,
)
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.models import Dossier, DossierDocument, Status
from tinhso.dossiers.services import dossier_finish, dossier_finish_many, dossier_forward, dossier_receive
from tinhso.signing.models import Credential, SigningPin
from tinhso.signing.verification import Outcome, verify_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def at_approval() -> Dossier:
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    return dossier_forward(actor=civil_status_officer(), dossier=dossier)


def result_of(dossier: Dossier) -> DossierDocument:
    return dossier.documents.get(kind=DossierDocument.Kind.RESULT)


def test_the_leader_signs_the_birth_extract_and_it_verifies():
    # given a birth registration at the ward leader's approval
    dossier, leader = at_approval(), commune_leader()
    # when she approves it with her PIN
    done = dossier_finish(actor=leader, dossier=dossier, pin=PIN)
    # then the dossier is processed with a signed extract from the template, filled from the e-form
    assert done.status == Status.RETURNED  # online: the signed result is in the account
    result = result_of(done)
    assert result.title == "TRÍCH LỤC KHAI SINH" and result.number.endswith("/TLKS")
    data = result.file.read()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Nguyễn Minh Khang" in text and done.number in text
    # signed by her, then by the ward's committee, both trusted and unchanged
    report = verify_pdf(data)
    assert report.outcome == Outcome.VALID
    assert [(s.kind, s.signer) for s in report.signatures] == [
        ("personal", leader.full_name),
        ("organisation", done.competent_agency.short_name or done.competent_agency.name),
    ]


def test_a_wrong_pin_changes_nothing_and_counts_even_though_it_is_rolled_back(settings):
    dossier, leader = at_approval(), commune_leader()
    for _ in range(settings.SIGNING_PIN_MAX_FAILURES - 1):
        with pytest.raises(DossierError):
            dossier_finish(actor=leader, dossier=dossier, pin="000000")
    assert SigningPin.objects.get(user=leader).failures == settings.SIGNING_PIN_MAX_FAILURES - 1
    with pytest.raises(DossierError):
        dossier_finish(actor=leader, dossier=dossier, pin="000000")
    # locked now, even with the right PIN
    with pytest.raises(NotAllowed):
        dossier_finish(actor=leader, dossier=dossier, pin=PIN)
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.status == Status.PROCESSING and not fresh.documents.filter(kind="KQ").exists()


def test_a_signing_failure_leaves_the_dossier_unfinished_and_no_file(settings, _media):
    dossier, leader = at_approval(), commune_leader()
    personal = Credential.objects.get(user=leader, is_active=True)
    (Path(settings.SIGNING_KEY_DIR) / f"{personal.key_ref}.key.pem").unlink()
    from tinhso.signing.keystore import key_store

    key_store()._cache.clear()  # type: ignore[attr-defined]
    with pytest.raises(DossierError) as raised:
        dossier_finish(actor=leader, dossier=dossier, pin=PIN)
    assert "ký số" in str(raised.value) or "ký" in str(raised.value)
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.status == Status.PROCESSING and not fresh.documents.filter(kind="KQ").exists()
    assert not list((_media / "results").rglob("*.pdf")) if (_media / "results").exists() else True


def test_a_leader_without_a_certificate_is_told_so():
    dossier, leader = at_approval(), commune_leader()
    Credential.objects.filter(user=leader).update(is_active=False)
    with pytest.raises(DossierError, match="chứng thư số"):
        dossier_finish(actor=leader, dossier=dossier, pin=PIN)


def test_several_results_signed_at_once_and_one_failure_does_not_stop_the_others():
    leader = commune_leader()
    first, second = at_approval(), at_approval()
    Dossier.objects.filter(pk=second.pk).update(status=Status.WITHDRAWN)  # withdrawn meanwhile
    outcomes = dossier_finish_many(actor=leader, dossiers=[first, second], pin=PIN)
    assert [problem is None for _d, problem in outcomes] == [True, False]
    assert Dossier.objects.get(pk=first.pk).status == Status.RETURNED


def test_the_receipt_is_sealed_by_the_desk():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    receipt = dossier.documents.get(kind=DossierDocument.Kind.RECEIPT)
    report = verify_pdf(receipt.file.read())
    assert receipt.signed_at and report.outcome == Outcome.VALID
    assert [s.kind for s in report.signatures] == ["organisation"]


def test_the_public_verifier_tells_valid_altered_and_not_a_pdf(client):
    dossier = dossier_finish(actor=commune_leader(), dossier=at_approval(), pin=PIN)
    result = result_of(dossier)
    original = result.file.read()
    # an exact copy
    page = client.post("/xac-thuc/", {"file": SimpleUploadedFile("kq.pdf", original)})
    html = page.content.decode()
    assert page.status_code == 200 and "Hợp lệ" in html and dossier.number in html
    assert "Đây đúng là văn bản do hệ thống cấp" in html
    # an altered copy: a revision appended that draws over the page
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(original))
    writer.add_stream_to_page(
        0, writer.add_object(generic.StreamObject(stream_data=b"1 0 0 rg 90 500 300 40 re f"))
    )
    altered = io.BytesIO()
    writer.write(altered)
    page = client.post("/xac-thuc/", {"file": SimpleUploadedFile("kq.pdf", altered.getvalue())})
    html = page.content.decode()
    assert "Đã bị sửa đổi" in html and "Văn bản mà tệp này tự ghi là" in html and dossier.number in html
    # not a PDF
    page = client.post("/xac-thuc/", {"file": SimpleUploadedFile("kq.pdf", b"MZ\x90\x00program")})
    assert "không phải văn bản PDF" in page.content.decode()
    # the QR code's page shows the document's facts, never the applicant's
    qr = client.get(f"/xac-thuc/{result.verify_code}/").content.decode()
    assert dossier.number in qr and dossier.applicant.phone not in qr
    assert client.get("/xac-thuc/AAAAAAAAAAAA/").status_code == 404


def test_the_verifier_api(client):
    dossier = dossier_finish(actor=commune_leader(), dossier=at_approval(), pin=PIN)
    result = result_of(dossier)
    answer = client.post("/api/v1/verify", {"file": SimpleUploadedFile("kq.pdf", result.file.read())})
    body = answer.json()
    assert answer.status_code == 200 and body["outcome"] == "valid" and body["exact_copy"]
    assert body["document"]["dossier_number"] == dossier.number and len(body["signatures"]) == 2
    assert client.get(f"/api/v1/verify/{result.verify_code}").json()["number"] == result.number
    assert client.get("/api/v1/verify/NOPE").status_code == 404


def test_the_preview_is_for_the_approver_only():
    dossier, leader = at_approval(), commune_leader()
    url = f"/can-bo/ho-so/{dossier.pk}/ket-qua/xem-truoc/"
    preview = login_client(leader).get(url)
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    assert verify_pdf(preview.content).outcome == Outcome.UNSIGNED
    assert login_client(civil_status_officer()).get(url).status_code in (403, 404)
    assert login_client(dossier.applicant).get(url).status_code in (302, 403)


def test_the_leader_sets_the_signing_pin_with_the_account_password():
    leader = commune_leader()
    client = login_client(leader)
    wrong = client.post("/can-bo/chu-ky-so/", {"password": "sai", "pin": "135790", "pin_again": "135790"})
    assert wrong.status_code == 400 and "Mật khẩu không đúng" in wrong.content.decode()
    from tests.factories import PASSWORD

    done = client.post("/can-bo/chu-ky-so/", {"password": PASSWORD, "pin": "135790", "pin_again": "135790"})
    assert done.status_code == 302
    page = client.get("/can-bo/chu-ky-so/").content.decode()
    assert "Chứng thư số của bạn" in page and "BEGIN" not in page
