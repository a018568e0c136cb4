"""Notifications: tell a person something, in their in-app inbox and over the channels they chose.

`notification_send` is called by other services (never by views): it renders the event's template,
writes the inbox row and one Delivery per enabled channel, and defers `notification_deliver` for each
delivery inside the caller's transaction, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from tinhso.core import access, clock
from tinhso.core.access import AnyUser
from tinhso.core.audit import audit_record
from tinhso.core.models import (
    Delivery,
    Notification,
    NotificationChannel,
    NotificationPreference,
    User,
)
from tinhso.core.notification_templates import RenderedTexts, render_event
from tinhso.core.tasks_notifications import notification_deliver

CHANNEL_ORDER = (NotificationChannel.EMAIL, NotificationChannel.SMS, NotificationChannel.ZALO)


@dataclass(frozen=True)
class ChannelSetting:
    """One channel as it applies to a person: on or off, and the address messages go to."""

    channel: str
    label: str | Promise
    enabled: bool
    address: str  # the address used: the person's own for this channel, else the account's
    account_address: str  # the account's e-mail or telephone number
    custom_address: str  # what the person entered for this channel ("" when none)

    @property
    def available(self) -> bool:
        return bool(self.address)


def _account_address(user: User, channel: str) -> str:
    return (user.email if channel == NotificationChannel.EMAIL else user.phone).strip()


def channel_settings(user: User) -> list[ChannelSetting]:
    """The person's channels, with the defaults where they have not chosen: e-mail on when the account has
    an e-mail address, SMS on when it has a telephone number, Zalo off until chosen (to the telephone
    number unless another is given). The in-app inbox is always on and is not listed."""
    chosen = {p.channel: p for p in NotificationPreference.objects.filter(user=user)}
    result = []
    for channel in CHANNEL_ORDER:
        account = _account_address(user, channel)
        pref = chosen.get(channel)
        custom = pref.address.strip() if pref is not None else ""
        address = custom or account
        default_on = bool(account) and channel != NotificationChannel.ZALO
        enabled = pref.enabled if pref is not None else default_on
        result.append(
            ChannelSetting(
                channel=channel,
                label=NotificationChannel(channel).label,
                enabled=enabled and bool(address),
                address=address,
                account_address=account,
                custom_address=custom,
            )
        )
    return result


def _absolute(url: str) -> str:
    return f"{settings.TINHSO_SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def _channel_text(texts: RenderedTexts, channel: str, url: str) -> str:
    text = texts.for_channel(channel)
    if url and channel == NotificationChannel.EMAIL:
        text = f"{text}\n\n{_absolute(url)}"
    return text


def notification_send(
    *, actor: User | None, recipient: User, event: str, context: Mapping[str, Any], url: str = ""
) -> Notification:
    """Notify `recipient` of `event` (e.g. "account.welcome"). `context` fills the template's variables;
    recipient_name, username and site_url are always available. Deliveries go out from the worker."""
    values = {
        "recipient_name": recipient.get_full_name(),
        "username": recipient.username,
        "site_url": settings.TINHSO_SITE_URL,
        **context,
    }
    # The templates are Vietnamese; labels passed in the context (roles, statuses) must be too, whatever
    # the language of the request that caused the event.
    with translation.override(settings.LANGUAGE_CODE):
        texts = render_event(event, values)
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            event=event,
            title=texts.title,
            body=texts.body,
            url=url[:500],
            created_at=clock.now(),
        )
        channels = [c for c in channel_settings(recipient) if c.enabled] if recipient.is_active else []
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(
                    notification=notification,
                    channel=c.channel,
                    address=c.address,
                    body=_channel_text(texts, c.channel, url),
                )
                for c in channels
            ]
        )
        for delivery in deliveries:
            notification_deliver.defer(delivery_id=delivery.pk)
        audit_record(
            actor=actor,
            action="notification.send",
            obj=notification,
            summary={
                "event": event,
                "recipient": recipient.username,
                "channels": [c.channel for c in channels],
            },
        )
    return notification


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionError(_("This notification is not yours."))
    if notification.read_at is not None:
        return notification  # reading twice changes nothing and logs nothing
    with transaction.atomic():
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
        audit_record(actor=actor, action="notification.read", obj=notification)
    return notification


def notification_mark_all_read(*, actor: User) -> int:
    with transaction.atomic():
        count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=clock.now())
        if count:
            audit_record(actor=actor, action="notification.read_all", summary={"count": count})
    return count


def delivery_retry(*, actor: User, delivery: Delivery) -> Delivery:
    """Queue a failed delivery again (a system administrator, after a gateway outage). The attempts count
    on, so the retry is one more attempt, not another hour of them."""
    if not access.is_sysadmin(actor):
        raise PermissionError(_("Only a system administrator can send a delivery again."))
    with transaction.atomic():
        delivery.status = Delivery.Status.PENDING
        delivery.save(update_fields=["status"])
        notification_deliver.defer(delivery_id=delivery.pk)
        audit_record(
            actor=actor, action="delivery.retry", obj=delivery, summary={"attempts": delivery.attempts}
        )
    return delivery


PHONE = re.compile(r"^0\d{9}$")


def normalize_phone(value: str) -> str | None:
    """A Vietnamese mobile number as 0xxxxxxxxx (from "+84 912 345 678", "0912.345.678" …), else None."""
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if PHONE.match(digits) else None


class PreferenceError(ValueError):
    def __init__(self, message: str, *, channel: str):
        super().__init__(message)
        self.message = message
        self.channel = channel


def notification_preferences_set(
    *, actor: User, user: User, enabled: Mapping[str, bool], zalo_address: str = ""
) -> list[ChannelSetting]:
    """Turn channels on or off for `user` (themselves, or anyone for a system administrator). Only the
    Zalo number can differ from the account: e-mail and SMS use the account's verified details."""
    if actor.pk != user.pk and not access.is_sysadmin(actor):
        raise PermissionError(_("You can only change your own notification settings."))
    zalo = ""
    if zalo_address.strip():
        normalized = normalize_phone(zalo_address)
        if normalized is None:
            raise PreferenceError(
                _("Enter a Vietnamese mobile number of 10 digits, such as 0912345678."),
                channel=NotificationChannel.ZALO,
            )
        zalo = normalized
    for channel in CHANNEL_ORDER:
        address = zalo if channel == NotificationChannel.ZALO else ""
        if enabled.get(channel) and not (address or _account_address(user, channel)):
            message = (
                _("Your account has no e-mail address.")
                if channel == NotificationChannel.EMAIL
                else _("Your account has no telephone number.")
            )
            raise PreferenceError(message, channel=channel)
    with transaction.atomic():
        for channel in CHANNEL_ORDER:
            NotificationPreference.objects.update_or_create(
                user=user,
                channel=channel,
                defaults={
                    "enabled": bool(enabled.get(channel)),
                    "address": zalo if channel == NotificationChannel.ZALO else "",
                },
            )
        audit_record(
            actor=actor,
            action="notification_preference.set",
            obj=user,
            summary={c: bool(enabled.get(c)) for c in CHANNEL_ORDER},
        )
    return channel_settings(user)


# --- Reads ---


def inbox_for(*, viewer: AnyUser) -> QuerySet[Notification]:
    """The viewer's own notifications, newest first. Nobody sees anyone else's, administrators included."""
    if not viewer.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=viewer.pk).order_by("-created_at", "-id")


def unread_count(*, viewer: AnyUser) -> int:
    if not viewer.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=viewer.pk, read_at__isnull=True).count()


def notification_get(*, viewer: AnyUser, notification_id: int) -> Notification | None:
    return inbox_for(viewer=viewer).filter(pk=notification_id).first()


def channel_settings_for(*, viewer: AnyUser) -> list[ChannelSetting]:
    if not isinstance(viewer, User):
        return []
    return channel_settings(viewer)
