"""API tokens: created for a user, shown once, stored as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.core import access, clock
from tinhso.core.audit import audit_record
from tinhso.core.models import ApiToken, User

TOKEN_PREFIX = "ts_"  # noqa: S105 - a visible prefix, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    if actor != user and not access.is_sysadmin(actor):
        raise PermissionError(_("Only a system administrator can create tokens for someone else."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100] or _("API token"),
            prefix=raw[:10],
            key_hash=hash_token(raw),
            created_at=clock.now(),
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=token,
            summary={"user": user.username},
            after={"name": token.name, "prefix": token.prefix},
            subject=user,
        )
    return token, raw


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if actor != token.user and not access.is_sysadmin(actor):
        raise PermissionError(_("You cannot revoke this token."))
    with transaction.atomic():
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
            subject=token.user,
        )


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    # Recording every use would turn reads into writes; once a minute is enough to see a token is alive.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
