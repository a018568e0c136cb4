"""Writing the audit log. Services call `audit_record` inside their transaction; reads of a citizen's
records by someone else call `audit_record_view`. Sealing and verification: tinhso/core/audit_chain.py.

Writes only INSERT: they never wait for the sealing job, which takes its own lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.middleware import client_address
from tinhso.core.models import AuditEntry, Position, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    summary: dict[str, Any] | None = None,
    actor_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    subject: User | None = None,
) -> AuditEntry:
    """Record one action. `before`/`after` hold the changed fields' values (never secrets); `subject` is the
    person whose record this is, who then sees the entry under /tai-khoan/nhat-ky/."""
    label = actor_label or (actor.username if actor is not None else "system")
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        subject=subject if subject is not None and subject.pk else None,
        summary=summary or {},
        before=before,
        after=after,
        client_address=client_address.get(),
    )


def audit_record_view(*, actor: User | None, obj: models.Model, subject: User) -> AuditEntry | None:
    """Record that `actor` read `subject`'s record `obj`. A person reading their own record is not
    recorded: the log is there to show citizens what OTHERS did with their data."""
    if actor is not None and actor.pk == subject.pk:
        return None
    return audit_record(actor=actor, action=f"{obj._meta.model_name}.view", obj=obj, subject=subject)


# --- What an action means, in words a citizen understands ---

ACTION_LABELS: dict[str, str | Promise] = {
    "user.login": _("Logged in"),
    "user.login_failed": _("Failed login attempt"),
    "user.create": _("Created the account"),
    "user.update": _("Changed the account details"),
    "user.view": _("Viewed the account details"),
    "position.assign": _("Assigned a position"),
    "position.update": _("Changed a position"),
    "position.admin_save": _("Changed a position"),
    "position.end": _("Ended a position"),
    "position.admin_delete": _("Removed a position"),
    "api_token.create": _("Created an API token"),
    "api_token.revoke": _("Revoked an API token"),
    "user.register": _("Registered the account"),
    "user.password_reset": _("Reset the password"),
    "user.profile_update": _("Changed the personal details"),
    "representation.declare": _("Declared acting for another person"),
    "representation.end": _("Ended acting for another person"),
    "vneid.login": _("Logged in with VNeID"),
    "vneid.login_failed": _("Failed login with VNeID"),
    "vneid.linked": _("Linked the account to VNeID"),
    "vneid.unlinked": _("Unlinked the account from VNeID"),
    "notification.send": _("Sent a notification"),
    "notification.read": _("Read a notification"),
    "notification.read_all": _("Marked all notifications as read"),
    "notification_preference.set": _("Changed how notifications are sent"),
}

_VERB_LABELS: dict[str, str | Promise] = {
    "view": _("Viewed %(thing)s"),
    "create": _("Created %(thing)s"),
    "update": _("Changed %(thing)s"),
    "admin_save": _("Changed %(thing)s"),
    "delete": _("Deleted %(thing)s"),
    "admin_delete": _("Deleted %(thing)s"),
}


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Domains add their actions' labels here (at import of their services), e.g. "dossier.receive"."""
    ACTION_LABELS.update(labels)


def _thing(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return gettext("a record")


def action_label(action: str, object_type: str = "") -> str:
    """The registered label, else a generic one from the verb and the object's kind, never the raw code."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    verb = action.rpartition(".")[2]
    pattern = _VERB_LABELS.get(verb, _("Other action on %(thing)s"))
    return str(pattern) % {"thing": _thing(object_type)}


@dataclass(frozen=True)
class AuditLine:
    """One entry as its subject sees it."""

    at: Any
    action: str
    who: str
    positions: list[str]
    what: str
    by_self: bool


def _position_label(p: Position) -> str:
    return f"{p.title or p.get_role_display()}, {p.agency.name}"


def audit_line(entry: AuditEntry, *, viewer: User) -> AuditLine:
    """Presentation of an entry from `selectors.audit_for_subject` (which prefetches the positions)."""
    actor = entry.actor
    if actor is None:
        who, positions = gettext("The system"), []
    else:
        who = gettext("You") if actor.pk == viewer.pk else actor.get_full_name()
        held = getattr(actor, "audit_positions", None)
        if held is None:
            held = list(actor.positions.filter(is_active=True).select_related("agency"))
        # the positions held now: an official who has left shows none
        positions = [_position_label(p) for p in held] if actor.is_official else []
    return AuditLine(
        at=entry.at,
        action=entry.action,
        who=who,
        positions=positions,
        what=action_label(entry.action, entry.object_type),
        by_self=actor is not None and actor.pk == viewer.pk,
    )
