"""Writing the audit log. Services call `audit_record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from tinhso.core import clock
from tinhso.core.middleware import client_address
from tinhso.core.models import AuditEntry, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    summary: dict[str, Any] | None = None,
    actor_label: str = "",
    subject: User | None = None,  # the citizen whose record this is (stored once the chain lands)
) -> AuditEntry:
    label = actor_label or (actor.username if actor is not None else "system")
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary or {},
        client_address=client_address.get(),
    )
