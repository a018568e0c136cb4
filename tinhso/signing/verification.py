"""What a PDF's signatures say: who signed, when, whether the file was changed since, and whether the
signer's certificate chains to a root the platform trusts. Anyone may ask (a public page and API)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from tinhso.signing import certificates
from tinhso.signing.models import Credential, TrustRoot

log = logging.getLogger(__name__)


class Outcome:
    VALID = "valid"  # every signature intact, trusted, nothing changed since
    ALTERED = "altered"  # the content changed after a signature
    UNTRUSTED = "untrusted"  # intact, but a signer's certificate does not chain to our roots
    UNSIGNED = "unsigned"  # a PDF without signatures
    NOT_PDF = "not_pdf"  # not a PDF, or too damaged to read


@dataclass(frozen=True)
class SignatureFacts:
    field: str
    signer: str
    organisation: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool
    unchanged_since: bool
    kind: str  # personal / organisation / unknown (a certificate the platform did not register)
    fingerprint: str


@dataclass(frozen=True)
class Report:
    outcome: str
    sha256: str
    signatures: list[SignatureFacts] = field(default_factory=list)


def _roots() -> list:  # type: ignore[type-arg]
    roots = []
    for row in TrustRoot.objects.filter(is_active=True):
        roots.extend(certificates.asn1_from_pem(row.certificate))
    return roots


def _name_part(name, oid: str) -> str:  # type: ignore[no-untyped-def]
    value = name.native.get(oid) if name is not None else None
    return str(value) if value else ""


def verify_pdf(data: bytes) -> Report:
    digest = hashlib.sha256(data).hexdigest()
    if not data.startswith(b"%PDF-"):
        return Report(Outcome.NOT_PDF, digest)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        log.info("unreadable PDF submitted for verification: %s", type(exc).__name__)
        return Report(Outcome.NOT_PDF, digest)
    if not embedded:
        return Report(Outcome.UNSIGNED, digest)
    context = ValidationContext(trust_roots=_roots(), allow_fetching=False)
    known = {c.fingerprint: c.kind for c in Credential.objects.all().only("fingerprint", "kind")}
    found: list[SignatureFacts] = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:
            log.info("signature %s could not be validated: %s", signature.field_name, type(exc).__name__)
            found.append(
                SignatureFacts(signature.field_name, "", "", None, False, False, False, "unknown", "")
            )
            continue
        cert = status.signing_cert
        print_ = hashlib.sha256(cert.dump()).hexdigest()
        unchanged = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.modification_level is not None
            and status.modification_level <= ModificationLevel.FORM_FILLING
        )
        found.append(
            SignatureFacts(
                field=signature.field_name,
                signer=_name_part(cert.subject, "common_name"),
                organisation=_name_part(cert.subject, "organization_name"),
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                unchanged_since=bool(unchanged),
                kind=known.get(print_, "unknown"),
                fingerprint=print_,
            )
        )
    if not all(s.intact and s.unchanged_since for s in found):
        outcome = Outcome.ALTERED
    elif not all(s.trusted for s in found):
        outcome = Outcome.UNTRUSTED
    else:
        outcome = Outcome.VALID
    return Report(outcome, digest, found)
