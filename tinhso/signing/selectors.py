"""Reads of the signing domain that depend on who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from tinhso.core.access import AnyUser, is_sysadmin
from tinhso.signing.models import Credential, SigningPin


def credentials_of(*, viewer: AnyUser) -> QuerySet[Credential]:
    """The viewer's own personal certificates (the certificates, never a key)."""
    if not viewer.is_authenticated:
        return Credential.objects.none()
    return (
        Credential.objects.filter(user_id=viewer.pk)
        .select_related("agency")
        .order_by("-is_active", "-created_at")
    )


def has_pin(*, viewer: AnyUser) -> bool:
    return viewer.is_authenticated and SigningPin.objects.filter(user_id=viewer.pk).exists()


def credential_list(*, viewer: AnyUser) -> QuerySet[Credential]:
    """All certificates, for system administrators only."""
    if not is_sysadmin(viewer):
        return Credential.objects.none()
    return Credential.objects.select_related("agency", "user")
