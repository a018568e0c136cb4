from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sequence(models.Model):
    """One counter per scope and period (e.g. scope "dossier:000.00.19.H55", period "2026-11-22").

    Written only by `tinhso.core.sequences.sequence_next`, in one atomic statement."""

    scope = models.CharField(_("scope"), max_length=120)
    period = models.CharField(_("period"), max_length=16)
    last_value = models.BigIntegerField(_("last value issued"), default=0)

    class Meta:
        verbose_name = _("sequence")
        verbose_name_plural = _("sequences")
        # sequence_next's INSERT … ON CONFLICT (scope, period) needs exactly this unique constraint
        constraints = [models.UniqueConstraint(fields=["scope", "period"], name="sequence_scope_period")]

    def __str__(self) -> str:
        return f"{self.scope} {self.period}: {self.last_value}"
