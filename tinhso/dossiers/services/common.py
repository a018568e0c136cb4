"""Shared by the dossier services: locking, events, steps, notifications."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string

from tinhso.core import clock, workcalendar
from tinhso.core.access import active_positions, is_sysadmin
from tinhso.core.audit import audit_record
from tinhso.core.models import Agency, User
from tinhso.core.notifications import notification_send
from tinhso.dossiers.errors import NotAllowed, not_in_status, stale
from tinhso.dossiers.models import Dossier, DossierEvent, Status, StepRun
from tinhso.dossiers.portal_sync import queue_status
from tinhso.publicservices.models import ProcessStep
from tinhso.publicservices.process import step_budget


def lock(dossier: Dossier, lock_version: int | None, *, statuses: Collection[int] | None = None) -> Dossier:
    """The dossier row locked for this transaction; refuse when someone changed it since the person's page
    was drawn (`lock_version`), or when its status does not allow the action."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if lock_version is not None and locked.lock_version != lock_version:
        raise stale()
    if statuses is not None and locked.status not in statuses:
        raise not_in_status()
    return locked


# events that change what the national portal shows without a new status (a new appointment)
RESYNC_KINDS = frozenset({"apologised"})


def dossier_changed(dossier: Dossier) -> None:
    """Tell the listeners (settings.TINHSO_DOSSIER_LISTENERS: the service-quality index, …) that the dossier
    changed, inside the change's transaction. The dossier code knows none of them."""
    for path in settings.TINHSO_DOSSIER_LISTENERS:
        _listener(path)(dossier)


@functools.cache
def _listener(path: str) -> Any:
    return import_string(path)


def set_status(
    dossier: Dossier, status: int, *, actor: User | None, kind: str, note: str = "", **fields: Any
) -> None:
    before = dossier.status
    dossier.status = status
    dossier.lock_version += 1
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.save()
    event(dossier, actor=actor, kind=kind, status_from=before, status_to=status, note=note)
    if status != before or kind in RESYNC_KINDS:
        queue_status(dossier)
    audit_record(
        actor=actor,
        action=f"dossier.{kind}",
        obj=dossier,
        summary={"dossier": dossier.number, "status": status},
        before={"status": before},
        after={"status": status},
        subject=dossier.applicant,
    )


def event(
    dossier: Dossier,
    *,
    actor: User | None,
    kind: str,
    status_from: int | None = None,
    status_to: int | None = None,
    step_name: str = "",
    note: str = "",
    visible: bool = True,
) -> DossierEvent:
    dossier_changed(dossier)
    return DossierEvent.objects.create(
        dossier=dossier,
        at=clock.now(),
        actor=actor,
        kind=kind,
        status_from=status_from,
        status_to=status_to,
        step_name=step_name,
        note=note,
        visible_to_citizen=visible,
    )


def clock_restart(dossier: Dossier) -> dict[str, Any]:
    """The fields that start the stopped clock again now: the working time stopped is added to
    `paused_hours`, and the appointment keeps the working time that remained when it stopped."""
    fields: dict[str, Any] = {"paused_at": None}
    if dossier.paused_at is None:
        return fields
    now = clock.now()
    fields["paused_hours"] = dossier.paused_hours + workcalendar.working_hours_between(dossier.paused_at, now)
    if dossier.due_at is not None:
        remaining = workcalendar.working_hours_between(dossier.paused_at, dossier.due_at)
        fields["due_at"] = workcalendar.add_working_hours(now, max(remaining, Decimal(0)))
    return fields


def steps_of(dossier: Dossier) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = dossier.version.snapshot.get("process", {}).get("steps", [])
    return steps


def statutory_hours(dossier: Dossier) -> Decimal | None:
    if dossier.received_at and dossier.due_at:
        return workcalendar.working_hours_between(dossier.received_at, dossier.due_at)
    return None


def agency_for(dossier: Dossier, step: dict[str, Any]) -> Agency:
    """Where a step of the dossier's process is done: the receiving point, the competent agency, or the
    partner agency an inter-agency (liên thông) step names."""
    if step["place"] == ProcessStep.Place.RECEIVING:
        return dossier.receiving_agency
    if step["place"] == ProcessStep.Place.PARTNER and step.get("agency_id"):
        return Agency.objects.get(pk=step["agency_id"])
    return dossier.competent_agency


def open_step(
    dossier: Dossier,
    index: int,
    *,
    assignee: User | None = None,
    total_hours: Decimal | None = None,
    handover: bool = True,
) -> StepRun:
    steps = steps_of(dossier)
    step = steps[index]
    now = clock.now()
    budget = step_budget(step, total_hours if total_hours is not None else statutory_hours(dossier))
    agency = agency_for(dossier, step)
    # entering a partner agency's steps is a hand-over: the partner accepts it or returns the dossier
    previous = StepRun.objects.filter(dossier=dossier).order_by("-id").only("agency_id").first()
    handover_from = (
        previous.agency_id
        if handover
        and step["place"] == ProcessStep.Place.PARTNER
        and previous is not None
        and previous.agency_id != agency.pk
        else None
    )
    run = StepRun.objects.create(
        dossier=dossier,
        index=index,
        name=step["name"],
        kind=step["kind"],
        role=step["role"],
        department=step.get("department", ""),
        agency=agency,
        assignee=assignee,
        started_at=now,
        due_at=workcalendar.add_working_hours(now, budget),
        budget_hours=budget,
        handover_from_id=handover_from,
    )
    if handover_from is not None:
        transaction.on_commit(lambda: notify_staff(step_holders(run), "task.handover", run))
    return run


def step_holders(step: StepRun) -> list[User]:
    """Who has the step in their inbox: its assignee, or everyone with its role in its agency."""
    if step.assignee_id is not None and step.assignee is not None:
        return [step.assignee]
    return list(
        User.objects.filter(
            positions__agency_id=step.agency_id,
            positions__role=step.role,
            positions__is_active=True,
            is_active=True,
        ).distinct()
    )


def staff_url(dossier_id: int) -> str:
    try:
        return reverse("backoffice:dossier", kwargs={"dossier_id": dossier_id})
    except NoReverseMatch:  # a deployment without the back office (API only)
        return ""


def notify_staff(users: list[User], event_name: str, step: StepRun, **context: Any) -> None:
    """Tell officials about a step of a dossier (reminders, escalations, hand-overs)."""
    values = {
        "dossier_number": step.dossier.number,
        "procedure_name": step.dossier.version.snapshot.get("name", ""),
        "step_name": step.name,
        "due": local_text(step.due_at),
        "agency": step.agency.name,
        **context,
    }
    for user in users:
        notification_send(
            actor=None, recipient=user, event=event_name, context=values, url=staff_url(step.dossier_id)
        )


def current_step(dossier: Dossier) -> StepRun | None:
    return StepRun.objects.select_for_update().filter(dossier=dossier, finished_at__isnull=True).first()


def close_step(step: StepRun, *, actor: User | None, outcome: str, note: str = "") -> None:
    now = clock.now()
    step.finished_at = now
    step.finished_by = actor
    step.spent_hours = workcalendar.working_hours_between(step.started_at, now)
    step.outcome = outcome
    step.note = note
    step.save()


def may_act(user: User, step: StepRun) -> bool:
    """The assignee, or while nobody is assigned, anyone holding the step's role in the step's agency."""
    if step.assignee_id is not None:
        return step.assignee_id == user.pk
    return active_positions(user).filter(agency_id=step.agency_id, role=step.role).exists()


def require_step(dossier: Dossier, actor: User, *, kinds: set[str] | None = None) -> StepRun:
    step = current_step(dossier)
    if step is None or (kinds is not None and step.kind not in kinds):
        raise not_in_status()
    if not may_act(actor, step):
        raise NotAllowed(_no_step_message())
    return step


def _no_step_message() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("This dossier is not in your hands at this step.")


def holds_role(user: User, agency: Agency, role: str) -> bool:
    return is_sysadmin(user) or active_positions(user).filter(agency=agency, role=role).exists()


def holds_any(user: Any, agencies: list[Agency], role: str) -> bool:
    return isinstance(user, User) and any(holds_role(user, agency, role) for agency in agencies)


def local_text(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "H:i d/m/Y")


def citizen_url(dossier: Dossier) -> str:
    try:
        return reverse("portal:dossier_detail", kwargs={"reference": dossier.reference})
    except NoReverseMatch:  # a deployment without the portal (API only)
        return ""


def notify_applicant(dossier: Dossier, event_name: str, *, actor: User | None, **context: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # the texts are Vietnamese whoever acted
        values = {
            "dossier_number": dossier.number,
            "procedure_name": dossier.version.snapshot.get("name", ""),
            "status": str(Status(dossier.status).label),
            "appointment": local_text(dossier.due_at),
            **context,
        }

    def _send() -> None:
        notification_send(
            actor=actor,
            recipient=dossier.applicant,
            event=event_name,
            context=values,
            url=citizen_url(dossier),
        )

    transaction.on_commit(_send)
