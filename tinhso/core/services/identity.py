"""Accounts and their external identities (VNeID): linking, logging in through one, unlinking.

One account is one person: an identity (provider, subject) belongs to one account, and a personal
identification number is linked to at most one account.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from tinhso.core import access, clock
from tinhso.core.audit import audit_record
from tinhso.core.identity_numbers import parse_personal_number
from tinhso.core.models import ExternalIdentity, User


class IdentityError(Exception):
    """A refusal to show the person, with the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SignIn:
    user: User
    identity: ExternalIdentity
    outcome: str  # "login" (already linked), "linked" (to the logged-in account), "matched", "created"


# --- Reading the claims ------------------------------------------------------------------------------


def claims_subject(claims: dict[str, Any]) -> str:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip() or len(subject) > 255:
        raise IdentityError(_("The response from VNeID is not valid."), status=400)
    return subject


def claims_citizen_id(claims: dict[str, Any]) -> str | None:
    """The personal identification number when the claim holds a well-formed one."""
    parsed = parse_personal_number(claims.get(settings.VNEID_CITIZEN_ID_CLAIM))
    return parsed.number if parsed else None


def claims_level(claims: dict[str, Any]) -> str:
    value = claims.get(settings.VNEID_LEVEL_CLAIM)
    return str(value)[:100] if value is not None else ""


def claims_full_name(claims: dict[str, Any]) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("family_name"), claims.get("middle_name"), claims.get("given_name")]
        name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return " ".join(name.split())[:150]


def _mask(citizen_id: str | None) -> str:
    return ("•" * 9 + citizen_id[-3:]) if citizen_id else ""


def _lock(*keys: str) -> None:
    """Serialise sign-ins of the same person (same subject or same number) until the transaction ends, so
    two callbacks at once cannot create two accounts."""
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [digest])


# --- Services ----------------------------------------------------------------------------------------


def external_identity_link(
    *, actor: User | None, user: User, provider: str, claims: dict[str, Any]
) -> ExternalIdentity:
    """Link the identity in `claims` to `user` (or refresh it when already linked to them)."""
    if actor is not None and actor != user and not access.is_sysadmin(actor):
        raise IdentityError(_("You cannot link an identity to someone else's account."), status=403)
    subject = claims_subject(claims)
    citizen_id = claims_citizen_id(claims)
    now = clock.now()
    with transaction.atomic():
        _lock(f"{provider}:{subject}", *([f"citizen:{citizen_id}"] if citizen_id else []))
        identity = ExternalIdentity.objects.filter(provider=provider, subject=subject).first()
        if identity is not None and identity.user_id != user.pk:
            raise IdentityError(_("This VNeID identity is already linked to another account."))
        if identity is None:
            others = ExternalIdentity.objects.filter(user=user, provider=provider)
            # A second identity from the same provider is only the same person under a new identifier.
            if any(not citizen_id or other.citizen_id != citizen_id for other in others):
                raise IdentityError(_("Your account is already linked to a different VNeID identity."))
            if (
                citizen_id
                and ExternalIdentity.objects.filter(citizen_id=citizen_id).exclude(user=user).exists()
            ):
                raise IdentityError(
                    _("This personal identification number is already linked to another account.")
                )
            identity = ExternalIdentity(user=user, provider=provider, subject=subject, linked_at=now)
            action = f"{provider}.linked"
        else:
            action = ""
        identity.level_of_assurance = claims_level(claims)
        identity.citizen_id = citizen_id
        identity.claims = claims
        identity.save()
        if action:
            audit_record(
                actor=actor,
                action=action,
                obj=identity,
                summary={
                    "user": user.username,
                    "level_of_assurance": identity.level_of_assurance,
                    "citizen_id": _mask(citizen_id),
                },
            )
    return identity


def _username_for(citizen_id: str | None, subject: str) -> str:
    base = citizen_id or "vneid-" + hashlib.sha256(subject.encode()).hexdigest()[:12]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def external_identity_sign_in(*, actor: User | None, provider: str, claims: dict[str, Any]) -> SignIn:
    """Decide whose account verified `claims` open. `actor` is the person already logged in, if any:
    1. the identity is linked: its account (refused when someone else is logged in);
    2. someone is logged in: link the identity to their account;
    3. a citizen account holds the same personal identification number from an identity: that account;
       or the one-stop desk recorded the person (from their identity card) for a walk-in dossier: that
       record, so they find their dossiers;
    4. otherwise a new citizen account, with no usable password, linked to the identity."""
    subject = claims_subject(claims)
    citizen_id = claims_citizen_id(claims)
    with transaction.atomic():
        _lock(f"{provider}:{subject}", *([f"citizen:{citizen_id}"] if citizen_id else []))
        identity = (
            ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject).first()
        )
        if identity is not None:
            if actor is not None and actor != identity.user:
                raise IdentityError(_("This VNeID identity is already linked to another account."))
            user, outcome = identity.user, "login"
            identity = external_identity_link(actor=user, user=user, provider=provider, claims=claims)
        elif actor is not None:
            user, outcome = actor, "linked"
            identity = external_identity_link(actor=actor, user=actor, provider=provider, claims=claims)
        else:
            match = (
                ExternalIdentity.objects.select_related("user")
                .filter(citizen_id=citizen_id, user__kind=User.Kind.CITIZEN)
                .first()
                if citizen_id
                else None
            )
            desk_record = _desk_record(citizen_id) if match is None and citizen_id else None
            if match is not None:
                user, outcome = match.user, "matched"
            elif desk_record is not None:
                user, outcome = desk_record, "matched_desk_record"
            else:
                # The number is verified by the provider: the new account carries it, unless an account
                # registered by telephone already declared it — then the desk resolves who is who, and
                # neither account is taken over automatically.
                declared_elsewhere = bool(citizen_id) and User.objects.filter(citizen_id=citizen_id).exists()
                user = User(
                    username=_username_for(citizen_id, subject),
                    full_name=claims_full_name(claims) or _("VNeID citizen"),
                    kind=User.Kind.CITIZEN,
                    citizen_id=None if declared_elsewhere or not citizen_id else citizen_id,
                )
                user.set_unusable_password()
                user.save()
                audit_record(
                    actor=user,
                    action="user.create",
                    obj=user,
                    subject=user,
                    summary={"via": provider, "citizen_id_conflict": declared_elsewhere},
                )
                outcome = "created"
            identity = external_identity_link(actor=user, user=user, provider=provider, claims=claims)
        if not user.is_active:
            raise IdentityError(
                _("This account is locked. Please contact the support desk."),
                status=403,
            )
        identity.last_login_at = clock.now()
        identity.save(update_fields=["last_login_at"])
        if outcome != "linked":
            audit_record(
                actor=user,
                action=f"{provider}.login",
                obj=identity,
                summary={"outcome": outcome, "level_of_assurance": identity.level_of_assurance},
            )
    return SignIn(user=user, identity=identity, outcome=outcome)


def _desk_record(citizen_id: str) -> User | None:
    """The record a one-stop officer made for a person at the desk (`dossiers.services.intake.person_for`):
    a citizen account with this number, no password and no identity yet. An account someone registered
    themselves always has a password, so it is never taken over this way."""
    user = User.objects.filter(citizen_id=citizen_id, kind=User.Kind.CITIZEN).first()
    if user is None or user.has_usable_password() or user.external_identities.exists():
        return None
    return user


def external_identity_unlink(*, actor: User, identity: ExternalIdentity) -> None:
    """Remove a link, but never the account's last way to log in."""
    if actor.pk != identity.user_id and not access.is_sysadmin(actor):
        raise IdentityError(_("You cannot change someone else's account."), status=403)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=identity.user_id)
        others = ExternalIdentity.objects.filter(user=user).exclude(pk=identity.pk).exists()
        if not user.has_usable_password() and not others:
            raise IdentityError(
                _("VNeID is the only way to log in to this account, so it cannot be unlinked.")
            )
        audit_record(
            actor=actor,
            action=f"{identity.provider}.unlinked",
            obj=identity,
            summary={"user": user.username, "citizen_id": _mask(identity.citizen_id)},
        )
        identity.delete()


def external_identity_login_failed(*, actor: User | None, provider: str, reason: str) -> None:
    """Record a login through a provider that did not succeed (bad signature, wrong state, cancelled …)."""
    with transaction.atomic():
        audit_record(actor=actor, action=f"{provider}.login_failed", summary={"reason": reason[:50]})
