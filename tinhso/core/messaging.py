"""Sending a message to a person over one channel (SMS, e-mail, Zalo Official Account).

One entry point, `message_send`, and pluggable backends chosen per channel in settings.MESSAGE_BACKENDS.
Locally every channel writes to var/outbox/<channel>/ (one JSON file per message), so one-time codes and
notifications can be read offline, by a person and by tests. Production points a channel at a gateway
backend (e-mail: DjangoEmailBackend over SMTP; SMS and Zalo: a provider's HTTP backend).
Callers that must not lose a message (notifications) call this from a worker task with retries.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from tinhso.core import clock

CHANNELS = ("sms", "email", "zalo")


@dataclass(frozen=True)
class OutgoingMessage:
    channel: str
    to: str
    body: str
    subject: str = ""
    meta: dict[str, str] = field(default_factory=dict)


class DeliveryError(Exception):
    """The backend could not deliver; the caller may retry."""


class Backend(Protocol):
    def send(self, message: OutgoingMessage) -> str:
        """Deliver the message and return the provider's reference for it."""
        ...


class OutboxBackend:
    """Writes each message as a JSON file under var/outbox/<channel>/ (atomically: write, then rename)."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or settings.OUTBOX_DIR)

    def send(self, message: OutgoingMessage) -> str:
        folder = self.directory / message.channel
        folder.mkdir(parents=True, exist_ok=True)
        ref = f"{clock.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
        tmp = folder / f".{ref}.tmp"
        tmp.write_text(
            json.dumps(
                {"ref": ref, "at": clock.now().isoformat(), **asdict(message)}, ensure_ascii=False, indent=1
            ),
            encoding="utf-8",
        )
        os.replace(tmp, folder / f"{ref}.json")
        return ref


class DjangoEmailBackend:
    """E-mail through Django's mail settings (EMAIL_HOST, …) for production."""

    def send(self, message: OutgoingMessage) -> str:
        from django.core.mail import send_mail

        try:
            send_mail(message.subject, message.body, None, [message.to])
        except OSError as exc:
            raise DeliveryError(str(exc)) from exc
        return f"smtp-{uuid.uuid4().hex[:12]}"


def backend_for(channel: str) -> Backend:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    path = settings.MESSAGE_BACKENDS.get(channel, "tinhso.core.messaging.OutboxBackend")
    return import_string(path)()  # type: ignore[no-any-return]


def message_send(
    *, channel: str, to: str, body: str, subject: str = "", meta: dict[str, str] | None = None
) -> str:
    return backend_for(channel).send(OutgoingMessage(channel, to, body, subject, meta or {}))


def outbox_read(channel: str, *, to: str | None = None) -> list[dict]:
    """Messages in the local outbox, oldest first (for people testing locally, and for tests)."""
    folder = Path(settings.OUTBOX_DIR) / channel
    if not folder.exists():
        return []
    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    return [m for m in items if to is None or m["to"] == to]
