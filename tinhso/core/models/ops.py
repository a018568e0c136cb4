from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """A failed login, kept for the lockout window; old rows are pruned by a periodic job."""

    username = models.CharField(max_length=150)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["client_address", "at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the token is shown once when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class WorkerHeartbeat(models.Model):
    """Written by a periodic job: proves a worker is alive and the scheduler fires."""

    worker = models.CharField(max_length=100, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class RateBudget(models.Model):
    """Tries counted per client and purpose in a fixed window from the first try (core.ratelimit); counted by
    one atomic statement so parallel tries are all counted. Expired rows are pruned by a periodic job."""

    key = models.CharField(max_length=200, primary_key=True)
    used = models.IntegerField()
    window_ends = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} {self.used}"
