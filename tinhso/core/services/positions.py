"""Giving officials their roles in agencies."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.core import access
from tinhso.core.audit import audit_record
from tinhso.core.models import Agency, Department, Position, User


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
        if user.kind != User.Kind.OFFICIAL:
            user.kind = User.Kind.OFFICIAL
            user.save(update_fields=["kind", "sort_key"])
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
    return position


def position_end(*, actor: User, position: Position) -> None:
    if not access.is_sysadmin(actor):
        raise PermissionError(_("Only a system administrator can end a position."))
    with transaction.atomic():
        position.is_active = False
        position.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="position.end",
            obj=position,
            before={"is_active": True},
            after={"is_active": False},
            subject=position.user,
        )
