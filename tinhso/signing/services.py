"""Writes of the signing domain: a signer's PIN, and importing a certificate and key issued by a real CA."""

from __future__ import annotations

import datetime as dt
import re

from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.errors import NotAllowed
from tinhso.core.errors import UserError as DossierError
from tinhso.core.models import Agency, User
from tinhso.signing import certificates
from tinhso.signing.keystore import key_store
from tinhso.signing.models import Credential, SigningPin

PIN = re.compile(r"^\d{6,8}$")
LOCK_MINUTES = 15


def signing_pin_set(*, actor: User, pin: str, password: str) -> None:
    """A signer chooses the PIN that confirms each signature; their account password proves it is them."""
    if not actor.check_password(password):
        raise NotAllowed(_("The password is not correct."))
    if not PIN.fullmatch(pin or ""):
        raise DossierError(_("The PIN has 6 to 8 digits."), errors={"pin": [str(_("Invalid."))]})
    with transaction.atomic():
        SigningPin.objects.update_or_create(
            user=actor, defaults={"pin_hash": make_password(pin), "failures": 0, "locked_until": None}
        )
        audit_record(actor=actor, action="signing.pin_set", obj=actor, subject=actor, summary={})


def signing_pin_verify(*, actor: User, pin: str) -> None:
    """Committed on its own, before any signing transaction: a wrong PIN counts even though the signing that
    asked for it is abandoned. Five wrong PINs lock signing for 15 minutes."""
    problem: DossierError | None = None
    with transaction.atomic():
        row = SigningPin.objects.select_for_update().filter(user=actor).first()
        now = clock.now()
        if row is None:
            problem = DossierError(
                _("Set your signing PIN first (Digital signature page)."), errors={"pin": []}
            )
        elif row.locked_until and row.locked_until > now:
            problem = NotAllowed(_("Too many wrong PINs: signing is locked for a few minutes."))
        elif not check_password(pin or "", row.pin_hash):
            row.failures += 1
            if row.failures >= settings.SIGNING_PIN_MAX_FAILURES:
                row.failures, row.locked_until = 0, now + dt.timedelta(minutes=LOCK_MINUTES)
            row.save(update_fields=["failures", "locked_until", "updated_at"])
            audit_record(actor=actor, action="signing.pin_wrong", obj=actor, subject=actor, summary={})
            problem = DossierError(_("The PIN is not correct."), errors={"pin": [str(_("Invalid."))]})
        elif row.failures:
            row.failures = 0
            row.save(update_fields=["failures", "updated_at"])
    if problem is not None:  # raised after the commit, so the count stays
        raise problem


@transaction.atomic
def credential_import(
    *,
    actor: User | None,
    data: bytes,
    password: bytes | None,
    agency: Agency,
    user: User | None = None,
    source: str,
) -> Credential:
    """A PKCS#12 file from a real CA: the key goes to the key store, the certificate and its chain to the
    database; the owner's previous credential stops being used."""
    key, certificate, extra = pkcs12.load_key_and_certificates(data, password)
    if key is None or certificate is None:
        raise DossierError(_("The file holds no key and certificate."))
    found = certificates.facts(certificate)
    if found.not_after <= clock.now():
        raise DossierError(_("The certificate has expired."))
    kind = Credential.Kind.PERSONAL if user is not None else Credential.Kind.ORGANISATION
    key_store().save(found.fingerprint, key)
    Credential.objects.filter(kind=kind, agency=agency, user=user, is_active=True).update(is_active=False)
    credential = Credential.objects.create(
        kind=kind,
        agency=agency,
        user=user,
        certificate=certificates.to_pem(certificate),
        chain="".join(certificates.to_pem(c) for c in extra or []),
        key_ref=found.fingerprint,
        fingerprint=found.fingerprint,
        subject=found.subject,
        issuer=found.issuer,
        not_before=found.not_before,
        not_after=found.not_after,
        source=source[:200],
    )
    audit_record(
        actor=actor,
        action="signing.credential_import",
        obj=credential,
        summary={"agency": agency.code, "kind": kind, "fingerprint": found.fingerprint},
    )
    return credential
