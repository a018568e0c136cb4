"""Editing the working-day calendar: per-day overrides of the public holidays (system administrators)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.core import access, workcalendar
from tinhso.core.audit import audit_record
from tinhso.core.models import CalendarOverride, User


def _invalidate_now_and_on_commit() -> None:
    # now, so this process's own transaction sees the change; on commit, in case a read in between
    # compiled the calendar from a state that another transaction had not yet committed
    workcalendar.calendar_invalidate()
    transaction.on_commit(workcalendar.calendar_invalidate)


def calendar_override_set(
    *, actor: User, day: dt.date, kind: str, name: str, source: str = ""
) -> CalendarOverride:
    """Make `day` a day off or a working day whatever the holidays library says (one row per day)."""
    if not access.is_sysadmin(actor):
        raise PermissionError(_("Only a system administrator can change the calendar."))
    if kind not in CalendarOverride.Kind.values:
        raise ValueError(_("Unknown kind of calendar day."))
    if not name.strip():
        raise ValueError(_("Give the day a name."))
    with transaction.atomic():
        override, created = CalendarOverride.objects.update_or_create(
            day=day, defaults={"kind": kind, "name": name.strip(), "source": source.strip()}
        )
        audit_record(
            actor=actor,
            action="calendaroverride.set",
            obj=override,
            summary={"day": day.isoformat(), "kind": kind, "name": override.name, "created": created},
        )
        _invalidate_now_and_on_commit()
    return override


def calendar_override_remove(*, actor: User, day: dt.date) -> bool:
    """Let the holidays library decide `day` again. Returns whether there was an override."""
    if not access.is_sysadmin(actor):
        raise PermissionError(_("Only a system administrator can change the calendar."))
    with transaction.atomic():
        override = CalendarOverride.objects.select_for_update().filter(day=day).first()
        if override is None:
            return False
        audit_record(
            actor=actor,
            action="calendaroverride.remove",
            obj=override,
            summary={"day": day.isoformat(), "kind": override.kind, "name": override.name},
        )
        override.delete()
        _invalidate_now_and_on_commit()
    return True
