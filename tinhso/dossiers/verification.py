"""Verifying a document the platform issued: the signatures of the uploaded file (tinhso.signing), and the
document it is, found by its digest (an exact copy) or by the verification code it carries (its QR code,
also in the PDF's keywords, which survive most edits). Only what the paper itself shows is told: the kind
of document, its number, the agency, the signer, the date, the dossier code — never the applicant's
details or the file."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from tinhso.documents.result import VERIFY_KEYWORD
from tinhso.dossiers.models import DossierDocument
from tinhso.signing.verification import Report, verify_pdf

_CODE = re.compile(rf"{re.escape(VERIFY_KEYWORD)}([2-9A-Z]{{12}})")
BY_COMPETENT_AGENCY = {DossierDocument.Kind.RESULT, DossierDocument.Kind.APOLOGY, DossierDocument.Kind.STOP}


@dataclass(frozen=True)
class DocumentFacts:
    code: str | None
    kind: str
    title: str
    number: str
    agency: str
    signer: str
    signed_at: dt.datetime | None
    issued_at: dt.datetime
    dossier_number: str
    procedure_name: str
    sha256: str


@dataclass(frozen=True)
class Verification:
    report: Report
    document: DocumentFacts | None
    exact_copy: bool  # the uploaded file is byte for byte the one the platform issued


def facts(document: DossierDocument) -> DocumentFacts:
    dossier = document.dossier
    agency = dossier.competent_agency if document.kind in BY_COMPETENT_AGENCY else dossier.receiving_agency
    signer = document.signed_by or (
        document.issued_by if document.kind == DossierDocument.Kind.RESULT else None
    )
    return DocumentFacts(
        code=document.verify_code,
        kind=document.kind,
        title=document.title or str(document.get_kind_display()),
        number=document.number,
        agency=agency.name,
        signer=(signer.full_name or signer.username) if signer else "",
        signed_at=document.signed_at,
        issued_at=document.issued_at,
        dossier_number=dossier.number,
        procedure_name=dossier.version.snapshot.get("name", ""),
        sha256=document.sha256,
    )


def _rows():  # type: ignore[no-untyped-def]
    return DossierDocument.objects.select_related(
        "dossier",
        "dossier__competent_agency",
        "dossier__receiving_agency",
        "dossier__version",
        "signed_by",
        "issued_by",
    )


def registered_document(code: str) -> DocumentFacts | None:
    code = (code or "").strip().upper()
    if not re.fullmatch(r"[2-9A-Z]{12}", code):
        return None
    found = _rows().filter(verify_code=code).first()
    return facts(found) if found else None


def _claimed_code(data: bytes) -> str | None:
    try:
        info = PdfReader(io.BytesIO(data), strict=False).metadata
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
    keywords = str(info.get("/Keywords", "") or "") if info else ""
    match = _CODE.search(keywords)
    return match.group(1) if match else None


def document_verify(*, data: bytes) -> Verification:
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValueError("too large")
    report = verify_pdf(data)
    exact = _rows().filter(sha256=report.sha256).exclude(sha256="").first()
    if exact is not None:
        return Verification(report, facts(exact), exact_copy=True)
    code = _claimed_code(data) if report.outcome != "not_pdf" else None
    claimed = registered_document(code) if code else None
    return Verification(report, claimed, exact_copy=False)
