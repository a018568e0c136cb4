"""Signatures on the platform's PDFs: the demo authority, signing, and verification of intact, altered,
untrusted and unsigned files (issue 6, parts 2 and 4)."""

from __future__ import annotations

import io
import os
import stat

import pytest
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from reportlab.pdfgen import canvas

from tests import factories
from tinhso.core.models import Role
from tinhso.signing import authority
from tinhso.signing.models import Credential, TrustRoot
from tinhso.signing.pdf import seal_of, sign_pdf, signature_of
from tinhso.signing.verification import Outcome, verify_pdf

pytestmark = pytest.mark.django_db


def a_pdf(text: str = "Giấy chứng nhận") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)
    page.drawString(100, 700, text)
    page.save()
    return buffer.getvalue()


def test_every_agency_has_a_seal_and_keys_stay_out_of_the_database():
    agency = factories.agency("19:dept:tu-phap")
    seal = seal_of(agency)
    assert seal.kind == Credential.Kind.ORGANISATION and "BEGIN CERTIFICATE" in seal.certificate
    assert "PRIVATE KEY" not in seal.certificate + seal.chain
    key_file = settings.SIGNING_KEY_DIR / f"{seal.key_ref}.key.pem"
    assert key_file.is_file() and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert TrustRoot.objects.filter(is_active=True).exists()


def test_a_document_signed_by_the_leader_and_the_agency_verifies_as_valid():
    # given the department's director with his personal certificate
    agency = factories.agency("19:dept:tu-phap")
    leader = factories.official(agency, Role.AGENCY_LEADER, full_name="Nguyễn Quốc Hưng")
    authority.demo_credentials_ensure()
    personal = signature_of(leader, agency)
    assert personal is not None
    # when a result is signed by him, then by the agency
    signed = sign_pdf(a_pdf(), organisation=seal_of(agency), personal=personal, reason="Phê duyệt")
    # then both signatures verify, in order, trusted and unchanged
    report = verify_pdf(signed)
    assert report.outcome == Outcome.VALID
    assert [(s.kind, s.signer) for s in report.signatures] == [
        ("personal", "Nguyễn Quốc Hưng"),
        ("organisation", agency.name),
    ]
    assert all(s.signed_at is not None and s.organisation == agency.name for s in report.signatures)


def test_a_byte_changed_after_signing_is_reported_as_altered():
    agency = factories.agency("19:dept:tu-phap")
    signed = bytearray(sign_pdf(a_pdf("SO TIEN 100000"), organisation=seal_of(agency)))
    at = signed.find(b"100000")
    assert at > 0
    signed[at] = ord("9")
    assert verify_pdf(bytes(signed)).outcome == Outcome.ALTERED


def test_content_added_after_signing_is_reported_as_altered():
    from pyhanko.pdf_utils import generic

    agency = factories.agency("19:dept:tu-phap")
    signed = sign_pdf(a_pdf(), organisation=seal_of(agency))
    # an incremental update that draws over the signed page, as an editor would save it
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 600 200 50 re f"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    assert verify_pdf(out.getvalue()).outcome == Outcome.ALTERED


def test_a_certificate_from_elsewhere_is_not_trusted():
    agency = factories.agency("19:dept:tu-phap")
    signed = sign_pdf(a_pdf(), organisation=seal_of(agency))
    TrustRoot.objects.update(is_active=False)
    assert verify_pdf(signed).outcome == Outcome.UNTRUSTED


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"MZ\x90\x00 an executable", Outcome.NOT_PDF),
        (b"%PDF-1.7\n garbage that is not a PDF", Outcome.NOT_PDF),
        (None, Outcome.UNSIGNED),
    ],
)
def test_files_that_are_not_signed_pdfs_get_a_clear_outcome(data, outcome):
    assert verify_pdf(data if data is not None else a_pdf()).outcome == outcome
