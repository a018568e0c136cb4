"""The one-stop desk (bộ phận một cửa): receive an online dossier, ask for supplements, or refuse it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.models import User
from tinhso.core.sequences import dossier_code
from tinhso.dossiers.errors import DossierError, not_in_status
from tinhso.dossiers.issued import issue_document
from tinhso.dossiers.models import Dossier, DossierDocument, Status
from tinhso.dossiers.services.common import (
    clock_restart,
    close_step,
    current_step,
    lock,
    notify_applicant,
    open_step,
    require_step,
    set_status,
    steps_of,
)
from tinhso.dossiers.services.fees import fee_on_receipt
from tinhso.dossiers.services.store import capture_papers
from tinhso.dossiers.storage import atomic_with_files
from tinhso.publicservices.process import statutory_due


@atomic_with_files
def dossier_receive(
    *,
    actor: User,
    dossier: Dossier,
    lock_version: int | None = None,
    due_at: dt.datetime | None = None,
    fee_collected_at_desk: bool = False,
) -> Dossier:
    """Receive a complete online dossier: status 2, dossier code, appointment date, receipt (form 01)."""
    dossier = lock(dossier, lock_version, statuses={Status.SUBMITTED})
    step = require_step(dossier, actor, kinds={"receive"})
    now = clock.now()
    appointment = statutory_due(dossier.version.snapshot, now) or due_at
    if appointment is None:
        raise DossierError(_("The procedure publishes no processing time: set the appointment date."))
    close_step(step, actor=actor, outcome="received")
    set_status(
        dossier,
        Status.RECEIVED,
        actor=actor,
        kind="received",
        code=dossier_code(agency_code=dossier.competent_agency.code, at=now),
        received_at=now,
        received_by=actor,
        due_at=appointment,
    )
    if len(steps_of(dossier)) > 1:
        open_step(dossier, 1)
    issue_document(dossier, DossierDocument.Kind.RECEIPT, actor=actor)
    capture_papers(dossier)
    notify_applicant(dossier, "dossier.received", actor=actor)
    fee_on_receipt(dossier, actor=actor, collected_at_desk=fee_collected_at_desk)
    return dossier


@atomic_with_files
def dossier_request_supplements(
    *, actor: User, dossier: Dossier, items: str, lock_version: int | None = None
) -> Dossier:
    """Form 02: at the desk before receipt, or by the official examining it. A received dossier's clock
    stops until the citizen supplements."""
    items = items.strip()
    if not items:
        raise DossierError(_("List what the citizen must supplement or complete."))
    dossier = lock(dossier, lock_version, statuses={Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING})
    step = require_step(dossier, actor, kinds={"receive", "handle"})
    close_step(step, actor=actor, outcome="supplement", note=items)
    paused = clock.now() if dossier.received_at else None
    set_status(
        dossier, Status.SUPPLEMENT, actor=actor, kind="supplement_requested", note=items, paused_at=paused
    )
    issue_document(dossier, DossierDocument.Kind.SUPPLEMENT, actor=actor, items=items)
    notify_applicant(dossier, "dossier.supplement_requested", actor=actor, items=items)
    return dossier


def resume_after_supplement(dossier: Dossier, *, actor: User) -> None:
    """Back to the step and status that asked; the time stopped is added to the deadlines."""
    request = dossier.events.filter(kind="supplement_requested").order_by("-at", "-id").first()
    asked_at = dossier.steps.filter(outcome="supplement").order_by("-finished_at").first()
    if request is None or asked_at is None:
        raise not_in_status()
    fields = clock_restart(dossier)
    set_status(dossier, request.status_from or Status.SUBMITTED, actor=actor, kind="resumed", **fields)
    open_step(dossier, asked_at.index, assignee=asked_at.finished_by)
    notify_applicant(dossier, "dossier.supplement_received", actor=actor)


@atomic_with_files
def dossier_refuse(*, actor: User, dossier: Dossier, reason: str, lock_version: int | None = None) -> Dossier:
    """Form 03: the dossier is not received, with the reason."""
    reason = reason.strip()
    if not reason:
        raise DossierError(_("Give the reason for refusing the dossier."))
    dossier = lock(dossier, lock_version, statuses={Status.SUBMITTED})
    step = require_step(dossier, actor, kinds={"receive"})
    close_step(step, actor=actor, outcome="refused", note=reason)
    set_status(
        dossier,
        Status.REFUSED,
        actor=actor,
        kind="refused",
        note=reason,
        outcome_note=reason,
        closed_at=clock.now(),
    )
    issue_document(dossier, DossierDocument.Kind.REFUSAL, actor=actor, items=reason)
    notify_applicant(dossier, "dossier.refused", actor=actor, reason=reason)
    return dossier


__all__ = ["current_step", "dossier_receive", "dossier_refuse", "dossier_request_supplements"]
