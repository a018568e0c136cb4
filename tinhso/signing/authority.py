"""The demo certificate authority of a laptop or test installation: created at set-up, it issues an
organisation certificate to every agency and a personal certificate to every leader who signs. Keys go to
the key store (files under SIGNING_KEY_DIR), certificates to the database. Production never calls this:
certificates and keys come from a real CA through `manage.py signing_import` (see the runbook)."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.db import transaction

from tinhso.core import clock
from tinhso.core.models import Agency, Position, Role, User
from tinhso.signing import certificates
from tinhso.signing.keystore import key_store
from tinhso.signing.models import Credential, TrustRoot

CA_REF = "demo-ca"
SOURCE = "CA thử nghiệm của Tỉnh số (chỉ dùng để trình diễn, không có giá trị pháp lý)"


# demo certificates are valid from a little more than a year back: the demo history (dossiers/demo_history.py)
# signs results dated up to a year ago with them
DEMO_BACKDATED = dt.timedelta(days=400)


def _fit(value: str, limit: int = 64) -> str:
    """A common name within X.520's 64 bytes, cut at a word (long agency names stay whole in O)."""
    if len(value.encode()) <= limit:
        return value
    words, kept = value.split(), ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if len(candidate.encode()) > limit:
            break
        kept = candidate
    return kept or value.encode()[:limit].decode(errors="ignore")


def _name(common: str, organisation: str = "", title: str = "", uid: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    attributes.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, settings.TINHSO_PROVINCE_PLACE))
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    if uid:
        attributes.append(x509.NameAttribute(NameOID.USER_ID, uid))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, _fit(common)))
    return x509.Name(attributes)


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def demo_authority() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """The demo CA, created on first use; its certificate is a trust root of the verifier."""
    store = key_store()
    root = TrustRoot.objects.filter(source=SOURCE, is_active=True).order_by("-id").first()
    if root is not None and store.has(CA_REF):
        key = store.load(CA_REF)  # type: ignore[attr-defined]
        certificate = certificates.load(root.certificate)
        if certificate.public_key() == key.public_key():
            return certificate, key
    key = ec.generate_private_key(ec.SECP256R1())
    now = clock.now()
    name = _name(f"Tỉnh số demo CA — {settings.TINHSO_PROVINCE_PLACE}", "Tỉnh số (thử nghiệm)")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - DEMO_BACKDATED)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    store.save(CA_REF, key)
    TrustRoot.objects.create(
        name=certificates.common_name(certificate.subject),
        certificate=certificates.to_pem(certificate),
        fingerprint=certificates.fingerprint(certificate),
        source=SOURCE,
    )
    return certificate, key


def credential_issue(*, kind: str, agency: Agency, user: User | None = None, title: str = "") -> Credential:
    """A new key and certificate from the demo CA; the previous credential of the same owner stops being used
    (documents it signed stay valid)."""
    ca_cert, ca_key = demo_authority()
    key = ec.generate_private_key(ec.SECP256R1())
    now = clock.now()
    if kind == Credential.Kind.PERSONAL:
        assert user is not None
        subject = _name(user.full_name or user.username, agency.name, title)
    else:
        subject = _name(agency.short_name or agency.name, agency.name, uid=agency.code)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - DEMO_BACKDATED)
        .not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    found = certificates.facts(certificate)
    key_store().save(found.fingerprint, key)
    with transaction.atomic():
        Credential.objects.filter(kind=kind, agency=agency, user=user, is_active=True).update(is_active=False)
        return Credential.objects.create(
            kind=kind,
            agency=agency,
            user=user,
            certificate=certificates.to_pem(certificate),
            chain=certificates.to_pem(ca_cert),
            key_ref=found.fingerprint,
            fingerprint=found.fingerprint,
            subject=found.subject,
            issuer=found.issuer,
            not_before=found.not_before,
            not_after=found.not_after,
            source=SOURCE,
        )


def _usable(credential: Credential | None) -> bool:
    return (
        credential is not None and credential.not_after > clock.now() and key_store().has(credential.key_ref)
    )


def demo_credentials_ensure() -> dict[str, int]:
    """Every active agency has its seal and every leader their personal signature (idempotent; a credential
    whose key file is gone is replaced)."""
    issued = {"organisation": 0, "personal": 0}
    active = {
        (c.kind, c.agency_id, c.user_id): c
        for c in Credential.objects.filter(is_active=True).select_related("agency")
    }
    for agency in Agency.objects.filter(is_active=True):
        if not _usable(active.get((Credential.Kind.ORGANISATION, agency.pk, None))):
            credential_issue(kind=Credential.Kind.ORGANISATION, agency=agency)
            issued["organisation"] += 1
    leaders = Position.objects.filter(role=Role.AGENCY_LEADER, is_active=True, user__is_active=True)
    for position in leaders.select_related("user", "agency"):
        if not _usable(active.get((Credential.Kind.PERSONAL, position.agency_id, position.user_id))):
            credential_issue(
                kind=Credential.Kind.PERSONAL,
                agency=position.agency,
                user=position.user,
                title=position.title,
            )
            issued["personal"] += 1
    return issued
