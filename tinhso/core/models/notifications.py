"""Notifications: the in-app inbox, the templates an administrator edits, each person's channels, and
one delivery row per message sent outside the platform (e-mail, SMS, Zalo)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    """Channels outside the platform (tinhso.core.messaging.CHANNELS); the in-app inbox is always on."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")


class NotificationTemplate(models.Model):
    """The text sent for one event, as Django template text. Loaded with built-in Vietnamese defaults by
    `load_notification_templates()` (which never overwrites an administrator's edits)."""

    event = models.CharField(
        _("event"),
        max_length=100,
        unique=True,
        help_text=_("A key such as account.welcome; the platform sends notifications by this key."),
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("Also the e-mail subject."))
    body = models.TextField(_("body"), help_text=_("Shown in the inbox and sent by e-mail."))
    sms_text = models.TextField(
        _("SMS text"), blank=True, help_text=_("A short text for SMS. Empty: the title is sent.")
    )
    zalo_text = models.TextField(
        _("Zalo text"),
        blank=True,
        help_text=_("A short text for Zalo. Empty: the SMS text, or else the title and body."),
    )
    sample_context = models.JSONField(
        _("sample data"),
        default=dict,
        blank=True,
        help_text=_("Example values of the variables, used for the preview."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive: the built-in default text is sent instead.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["event"]

    def __str__(self) -> str:
        return self.event


class Notification(models.Model):
    """One message in a person's in-app inbox. Texts are rendered when sent, so editing a template later
    does not change what someone has already received."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("event"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            # The header's unread badge is counted on every page: a small partial index keeps it cheap.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice for one channel. Without a row the defaults apply (see
    tinhso.core.notifications.channel_settings_for)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    enabled = models.BooleanField(_("enabled"), default=False)
    address = models.CharField(
        _("address"),
        max_length=254,
        blank=True,
        help_text=_("Empty: the account's e-mail address (e-mail) or telephone number (SMS, Zalo)."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="one_preference_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.channel}"


class Delivery(models.Model):
    """A notification sent over one channel by the worker (`notification_deliver`), with its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    address = models.CharField(_("address"), max_length=254)
    body = models.TextField(_("text sent"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    provider_ref = models.CharField(_("provider reference"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["status"], condition=~Q(status="sent"), name="delivery_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address} ({self.status})"
