"""/api/v1/verify: the public verifier for programs (a citizen's app, another agency's system)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from tinhso.api.schemas import ErrorOut
from tinhso.core import permissions, ratelimit
from tinhso.core.middleware import address_of
from tinhso.dossiers.verification import DocumentFacts, document_verify, registered_document

router = Router(tags=["verification"])
MAX_BYTES = 10 * 2**20


class DocumentOut(Schema):
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


class SignatureOut(Schema):
    field: str
    signer: str
    organisation: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool
    unchanged_since: bool
    kind: str


class VerificationOut(Schema):
    outcome: str  # valid, altered, untrusted, unsigned, not_pdf
    sha256: str
    signatures: list[SignatureOut]
    document: DocumentOut | None
    exact_copy: bool


def _document(found: DocumentFacts | None) -> DocumentOut | None:
    return DocumentOut(**found.__dict__) if found else None


@router.post(
    "/verify",
    auth=None,
    response={200: VerificationOut, 400: ErrorOut, 429: ErrorOut},
    summary="Check the signatures of a PDF the platform issued (multipart `file`)",
)
@permissions.public
def verify(request: HttpRequest, file: File[UploadedFile]) -> Status:
    if not ratelimit.allow("verify", address_of(request), limit=30, window=600):
        return Status(429, {"detail": _("Too many checks from this connection; please wait a few minutes.")})
    if file.size is None or file.size > MAX_BYTES:
        return Status(400, {"detail": _("The file is larger than 10 MB.")})
    result = document_verify(data=file.read())
    return Status(
        200,
        {
            "outcome": result.report.outcome,
            "sha256": result.report.sha256,
            "signatures": [s.__dict__ for s in result.report.signatures],
            "document": _document(result.document),
            "exact_copy": result.exact_copy,
        },
    )


@router.get(
    "/verify/{code}",
    auth=None,
    response={200: DocumentOut, 404: ErrorOut},
    summary="The document a verification code (its QR code) belongs to",
)
@permissions.public
def verify_code(request: HttpRequest, code: str) -> Status:
    found = registered_document(code)
    if found is None:
        return Status(404, {"detail": _("No document has this verification code.")})
    return Status(200, _document(found))
