"""Giving officials their roles in agencies."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.core import access
from tinhso.core.audit import audit_record
from tinhso.core.links import reverse_or_none
from tinhso.core.models import Agency, Department, Position, Role, User
from tinhso.core.notifications import notification_send


def _snapshot(position: Position) -> dict[str, object]:
    return {
        "department": position.department.name if position.department else None,
        "title": position.title,
        "is_active": position.is_active,
    }


def position_assign(
    *,
    actor: User | None,
    user: User,
    agency: Agency,
    role: str,
    department: Department | None = None,
    title: str = "",
) -> Position:
    """Give `user` a role in `agency` (idempotent: an existing position is updated and re-activated)."""
    if actor is not None and not access.is_sysadmin(actor):
        raise PermissionError(_("Only a system administrator can assign roles."))
    if department is not None and department.agency_id != agency.pk:
        raise ValueError(_("The internal department does not belong to this agency."))
    with transaction.atomic():
        previous = Position.objects.filter(user=user, agency=agency, role=role).first()
        position, created = Position.objects.update_or_create(
            user=user,
            agency=agency,
            role=role,
            defaults={"department": department, "title": title, "is_active": True},
        )
        audit_record(
            actor=actor,
            action="position.assign" if created else "position.update",
            obj=position,
            summary={"user": user.username, "agency": agency.code, "role": role},
            before=_snapshot(previous) if previous is not None else None,
            after=_snapshot(position),
            subject=user,
        )
        sync_official_flags(user)
        if created:
            notification_send(
                actor=actor,
                recipient=user,
                event="position.assigned",
                context={
                    "role": Role(role).label,
                    "title": title,
                    "agency": agency.name,
                    "department": department.name if department is not None else "",
                },
                url=reverse_or_none("backoffice:home") or "",
            )
    return position


def sync_official_flags(user: User) -> None:
    """An account with a position is an official's; a system administrator also reaches the admin site."""
    positions = user.positions.filter(is_active=True)
    kind = User.Kind.OFFICIAL if positions.exists() else user.kind
    is_staff = user.is_superuser or positions.filter(role=Role.SYSADMIN).exists()
    if (kind, is_staff) != (user.kind, user.is_staff):
        user.kind, user.is_staff = kind, is_staff
        user.save(update_fields=["kind", "is_staff", "sort_key"])


def position_end(*, actor: User, position: Position) -> None:
    if not access.is_sysadmin(actor):
        raise PermissionError(_("Only a system administrator can end a position."))
    with transaction.atomic():
        position.is_active = False
        position.save(update_fields=["is_active"])
        sync_official_flags(position.user)
        audit_record(
            actor=actor,
            action="position.end",
            obj=position,
            before={"is_active": True},
            after={"is_active": False},
            subject=position.user,
        )
