"""Inter-agency procedures (liên thông): a step at a partner agency begins with a hand-over that the partner
accepts, or refuses with a reason. A refused hand-over goes back, whole, to the official who passed it on;
nothing is lost and the partner's step stays in the history with its outcome."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.models import User
from tinhso.dossiers.errors import DossierError, not_in_status
from tinhso.dossiers.models import Dossier, Status, StepRun
from tinhso.dossiers.services.common import (
    close_step,
    event,
    lock,
    notify_staff,
    open_step,
    require_step,
)

WORKING = {Status.RECEIVED, Status.PROCESSING}


def _awaiting(dossier: Dossier, actor: User) -> StepRun:
    step = require_step(dossier, actor)
    if not step.awaits_acceptance:
        raise not_in_status()
    return step


@transaction.atomic
def dossier_accept_handover(
    *, actor: User, dossier: Dossier, note: str = "", lock_version: int | None = None
) -> Dossier:
    """The partner agency takes the dossier in: its step starts being worked on, by the person accepting."""
    dossier = lock(dossier, lock_version, statuses=WORKING)
    step = _awaiting(dossier, actor)
    step.accepted_at = clock.now()
    if step.assignee_id is None:
        step.assignee = actor
    step.save(update_fields=["accepted_at", "assignee"])
    event(
        dossier, actor=actor, kind="handover_accepted", step_name=step.name, note=note.strip(), visible=False
    )
    dossier.lock_version += 1
    dossier.save(update_fields=["lock_version", "updated_at"])
    return dossier


@transaction.atomic
def dossier_reject_handover(
    *, actor: User, dossier: Dossier, reason: str, lock_version: int | None = None
) -> Dossier:
    """The partner agency refuses the hand-over: the dossier returns to the step that passed it on, to the
    person who did it, with the reason; they are told."""
    reason = reason.strip()
    if not reason:
        raise DossierError(
            _("Say why the dossier is returned to the sending agency."),
            errors={"reason": [str(_("Required."))]},
        )
    dossier = lock(dossier, lock_version, statuses=WORKING)
    step = _awaiting(dossier, actor)
    assert step.handover_from_id is not None
    sender = (
        StepRun.objects.filter(dossier=dossier, finished_at__isnull=False, agency_id=step.handover_from_id)
        .select_related("finished_by")
        .order_by("-finished_at", "-id")
        .first()
    )
    if sender is None:
        raise not_in_status()
    close_step(step, actor=actor, outcome="handover_rejected", note=reason)
    event(dossier, actor=actor, kind="handover_rejected", step_name=step.name, note=reason, visible=False)
    dossier.lock_version += 1
    dossier.save(update_fields=["lock_version", "updated_at"])
    back = open_step(dossier, sender.index, assignee=sender.finished_by, handover=False)
    partner = step.agency.name
    transaction.on_commit(
        lambda: notify_staff(
            [sender.finished_by] if sender.finished_by else [],
            "task.handover_rejected",
            back,
            reason=reason,
            partner=partner,
        )
    )
    return dossier
