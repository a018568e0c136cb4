from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """An account's identity at an external identity provider (VNeID first), kept apart from the User model:
    which person the provider vouched for (`subject`), how strongly (`level_of_assurance`) and what it said."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    provider = models.CharField(_("identity provider"), max_length=30)
    subject = models.CharField(_("subject identifier"), max_length=255)
    # Stored as the provider gives it (e.g. the `acr` claim), so nothing is lost in translation.
    level_of_assurance = models.CharField(_("level of assurance"), max_length=100, blank=True)
    citizen_id = models.CharField(_("personal identification number"), max_length=12, null=True, blank=True)
    claims = models.JSONField(_("claims"), default=dict, blank=True)
    linked_at = models.DateTimeField(_("linked"))
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_account_per_external_subject"),
        ]
        indexes = [models.Index(fields=["citizen_id"], name="external_identity_citizen_id")]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"

    @property
    def level(self) -> int | None:
        """The numeric level (VNeID: 1 or 2) when the stored value ends in one, e.g. "2" or "…:loa:2"."""
        found = re.search(r"(\d+)$", self.level_of_assurance)
        return int(found.group(1)) if found else None

    @property
    def masked_citizen_id(self) -> str:
        """The personal identification number with only its last three digits visible."""
        if not self.citizen_id:
            return ""
        return "•" * (len(self.citizen_id) - 3) + self.citizen_id[-3:]
