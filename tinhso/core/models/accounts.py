from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OneTimeCode(models.Model):
    """A code sent by SMS or e-mail to prove a person controls a telephone number or an e-mail address.

    Only a hash is stored; a code expires, allows a few wrong guesses, and is used once.
    """

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Registration")
        RESET = "reset", _("Password reset")

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    channel = models.CharField(max_length=10)  # sms | email
    address = models.CharField(max_length=254, db_index=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["address", "purpose", "created_at"]),
            models.Index(fields=["client_address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"


class Representation(models.Model):
    """A citizen acting for another person: a parent or guardian for a child, or the holder of an
    authorisation (giấy ủy quyền) for an adult. Dossiers submitted "for another person" point here."""

    class Relationship(models.TextChoices):
        PARENT = "parent", _("Parent (for a child under 18)")
        GUARDIAN = "guardian", _("Guardian")
        AUTHORISED = "authorised", _("Holder of an authorisation")

    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    full_name = models.CharField(_("full name of the person represented"), max_length=150)
    citizen_id = models.CharField(_("their personal identification number"), max_length=12, blank=True)
    date_of_birth = models.DateField(_("their date of birth"))
    authorisation = models.FileField(
        _("authorisation document"), upload_to="representations/%Y/%m/", blank=True
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("declared"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.representative} → {self.full_name} ({self.get_relationship_display()})"
