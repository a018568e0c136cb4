"""The deadline watch: before a step is due its holder is reminded; once it is overdue the agency's leaders
are told; a dossier past its appointment is marked late. Run by a periodic job; running it twice (or in
two workers at once) sends nothing twice, because each row is claimed by one UPDATE before anyone is told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from tinhso.core import clock, workcalendar
from tinhso.core.models import Position, Role, User
from tinhso.dossiers.models import Dossier, Status, StepRun
from tinhso.dossiers.services.common import event, local_text, notify_staff, step_holders


@dataclass(frozen=True)
class WatchResult:
    reminded: int
    escalated: int
    late: int


def _leaders(step: StepRun) -> list[User]:
    rows = Position.objects.filter(agency_id=step.agency_id, role=Role.AGENCY_LEADER, is_active=True)
    return [p.user for p in rows.select_related("user") if p.user.is_active]


def _claim(rows: list[int], field: str, now: dt.datetime) -> list[StepRun]:
    """Mark the steps as handled by this run; only the ones this UPDATE changed are returned."""
    if not rows:
        return []
    claimed = list(
        StepRun.objects.filter(pk__in=rows, **{f"{field}__isnull": True}).values_list("pk", flat=True)
    )
    updated = StepRun.objects.filter(pk__in=claimed, **{f"{field}__isnull": True}).update(**{field: now})
    if updated != len(claimed):  # another worker claimed some in between: keep only what is ours
        claimed = list(StepRun.objects.filter(pk__in=claimed, **{field: now}).values_list("pk", flat=True))
    return list(StepRun.objects.filter(pk__in=claimed).select_related("dossier", "assignee", "agency"))


def deadline_watch(*, now: dt.datetime | None = None) -> WatchResult:
    now = now or clock.now()
    soon = workcalendar.add_working_hours(now, settings.TINHSO_REMIND_BEFORE_HOURS)
    open_steps = StepRun.objects.filter(finished_at__isnull=True, due_at__isnull=False)
    due_soon = list(
        open_steps.filter(reminded_at__isnull=True, due_at__gt=now, due_at__lte=soon).values_list(
            "pk", flat=True
        )
    )
    overdue = list(open_steps.filter(escalated_at__isnull=True, due_at__lte=now).values_list("pk", flat=True))
    with transaction.atomic():
        reminded = _claim(due_soon, "reminded_at", now)
        for step in reminded:
            notify_staff(step_holders(step), "task.due_soon", step)
    with transaction.atomic():
        escalated = _claim(overdue, "escalated_at", now)
        for step in escalated:
            notify_staff(_leaders(step), "task.overdue", step)
    late = 0
    with transaction.atomic():
        candidates = Dossier.objects.select_for_update(skip_locked=True).filter(
            Q(status__in=[Status.RECEIVED, Status.PROCESSING]),
            late_since__isnull=True,
            paused_at__isnull=True,
            due_at__lte=now,
        )
        for dossier in candidates:
            dossier.late_since = dossier.due_at
            dossier.save(update_fields=["late_since", "updated_at"])
            event(dossier, actor=None, kind="late", note=local_text(dossier.due_at), visible=False)
            late += 1
    return WatchResult(reminded=len(reminded), escalated=len(escalated), late=late)
