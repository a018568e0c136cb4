"""Signing credentials and trust roots. Certificates are public and live in the database; private keys never
do: `key_ref` names the key for the configured backend (a file under SIGNING_KEY_DIR, or a signing
service's key id), so a database dump carries no key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Credential(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation signature (seal)")
        PERSONAL = "personal", _("Personal signature")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="credentials"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credentials",
    )
    certificate = models.TextField(_("certificate (PEM)"))
    chain = models.TextField(_("issuer certificates (PEM)"), blank=True)
    key_ref = models.CharField(_("key reference"), max_length=200, editable=False)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=400, editable=False)
    issuer = models.CharField(_("issuer"), max_length=400, editable=False)
    not_before = models.DateTimeField(_("valid from"), editable=False)
    not_after = models.DateTimeField(_("valid until"), editable=False)
    is_active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["agency", "kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(is_active=True, kind="organisation"),
                name="one_active_seal_per_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "agency"],
                condition=Q(is_active=True, kind="personal"),
                name="one_active_signature_per_signer",
            ),
            models.CheckConstraint(
                condition=Q(kind="organisation", user__isnull=True) | Q(kind="personal", user__isnull=False),
                name="credential_owner_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class TrustRoot(models.Model):
    """A certificate authority whose signatures the verifier trusts (the demo CA on a laptop; in production
    the national roots an administrator adds)."""

    name = models.CharField(_("name"), max_length=200)
    certificate = models.TextField(_("certificate (PEM)"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("trusted"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trusted root certificate")
        verbose_name_plural = _("trusted root certificates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SigningPin(models.Model):
    """The PIN a signer confirms each signing with (hashed like a password), and its failed tries."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_pin"
    )
    pin_hash = models.CharField(max_length=200)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signing PIN")
        verbose_name_plural = _("signing PINs")

    def __str__(self) -> str:
        return str(self.user)
