"""Who may do what: roles held in agencies. Selectors and view guards build on these helpers."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from tinhso.core.models import Agency, Position, Role, User

AnyUser = User | AnonymousUser


def active_positions(user: AnyUser) -> QuerySet[Position]:
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Position.objects.none()
    return Position.objects.filter(user=user, is_active=True, agency__is_active=True)


def roles_of(user: AnyUser) -> set[str]:
    cached = getattr(user, "_tinhso_roles", None)
    if cached is None:
        cached = set(active_positions(user).values_list("role", flat=True))
        user._tinhso_roles = cached  # type: ignore[union-attr]
    return cached


def is_official(user: AnyUser) -> bool:
    return bool(user.is_authenticated and isinstance(user, User) and user.is_official and roles_of(user))


def is_sysadmin(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and (getattr(user, "is_superuser", False) or Role.SYSADMIN in roles_of(user))
    )


def has_role(user: AnyUser, roles: Iterable[str]) -> bool:
    return bool(roles_of(user) & set(roles)) or is_sysadmin(user)


def agencies_of(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[Agency]:
    """The agencies whose business the user may see: where they hold a position, and for leaders of an
    agency, the agencies under it (a provincial leader oversees the departments and communes)."""
    if is_sysadmin(user):
        return Agency.objects.all()
    key = tuple(sorted(roles)) if roles is not None else None
    cache: dict | None = getattr(user, "_tinhso_agency_ids", None)
    if cache is None:  # per request: request.user is a new object each time
        cache = {}
        user._tinhso_agency_ids = cache  # type: ignore[union-attr]
    if key not in cache:
        positions = active_positions(user)
        if roles is not None:
            positions = positions.filter(role__in=list(roles))
        rows = list(positions.values_list("agency_id", "role"))
        ids = {agency_id for agency_id, _role in rows}
        frontier = {agency_id for agency_id, role in rows if role == Role.AGENCY_LEADER}
        while frontier:  # the hierarchy is shallow (province → department/commune → centre)
            children = set(
                Agency.objects.filter(parent_id__in=frontier).order_by().values_list("id", flat=True)
            )
            children -= ids
            ids |= children
            frontier = children
        cache[key] = frozenset(ids)
    return Agency.objects.filter(id__in=cache[key])
