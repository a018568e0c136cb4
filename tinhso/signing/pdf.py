"""PAdES signatures on the platform's PDFs with pyHanko: the competent person's personal signature first,
then the organisation's (Decree 30/2020: a document is valid with both). The visible signature and seal
images are drawn into the page by the document generator; the signature fields themselves are invisible,
which avoids pyHanko's own stamp text (see the architecture notes)."""

from __future__ import annotations

import io

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import signers

from tinhso.core.models import Agency, User
from tinhso.signing import certificates
from tinhso.signing.errors import SigningError
from tinhso.signing.keystore import key_store
from tinhso.signing.models import Credential

FIELD_PERSONAL = "ChuKyCaNhan"
FIELD_ORGANISATION = "ChuKyCoQuan"


def seal_of(agency: Agency) -> Credential:
    credential = Credential.objects.filter(
        kind=Credential.Kind.ORGANISATION, agency=agency, is_active=True
    ).first()
    if credential is None:
        raise SigningError(f"agency {agency.code} has no organisation certificate")
    return credential


def signature_of(user: User, agency: Agency) -> Credential | None:
    return Credential.objects.filter(
        kind=Credential.Kind.PERSONAL, agency=agency, user=user, is_active=True
    ).first()


def _sign(data: bytes, credential: Credential, field: str, *, reason: str, location: str) -> bytes:
    chain = certificates.asn1_from_pem(credential.chain)
    (certificate,) = certificates.asn1_from_pem(credential.certificate)
    try:
        signer = key_store().signer(ref=credential.key_ref, certificate=certificate, chain=chain)
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=field, md_algorithm="sha256", reason=reason or None, location=location or None
        )
        return signers.sign_pdf(writer, meta, signer=signer).getvalue()
    except SigningError:
        raise
    except (PdfError, OSError, ValueError) as exc:  # never the key itself in the message
        raise SigningError(
            f"signing with {credential.fingerprint[:12]} failed: {type(exc).__name__}"
        ) from exc


def sign_pdf(
    data: bytes,
    *,
    organisation: Credential,
    personal: Credential | None = None,
    reason: str = "",
    location: str = "",
) -> bytes:
    """The PDF with the person's signature (when given) and then the organisation's."""
    if personal is not None:
        data = _sign(data, personal, FIELD_PERSONAL, reason=reason, location=location)
    return _sign(data, organisation, FIELD_ORGANISATION, reason=reason, location=location)
