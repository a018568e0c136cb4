from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Append-only record of every write a service makes (who, what, on which object, from where), and of
    officials' reads of a citizen's records.

    A PostgreSQL trigger (migration 0002_sequences_audit) refuses DELETE and every UPDATE except the
    one-time sealing by `tinhso.core.audit_chain.audit_seal`, which fills the chain fields."""

    at = models.DateTimeField(_("time"), db_index=True)
    # PROTECT, not SET_NULL: nulling the actor would be an UPDATE, which the log refuses. People with a
    # history are deactivated, not deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose record"),
        help_text=_("The person whose record was read or changed; they see this entry in their account."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    # The hash chain, NULL until a sealing run fills all four at once.
    chain_seq = models.BigIntegerField(_("position in the chain"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, null=True, blank=True)
    entry_hash = models.CharField(_("hash"), max_length=64, null=True, blank=True)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["subject", "-at"], name="auditentry_subject_at"),
            # the sealing job reads the few unsealed rows; a partial index keeps that independent of size
            models.Index(
                fields=["id"], condition=models.Q(chain_seq__isnull=True), name="auditentry_unsealed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
