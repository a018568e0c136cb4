"""A late dossier: the competent agency apologises and sets a new appointment (form 04)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from tinhso.core import clock, workcalendar
from tinhso.core.models import Role, User
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.issued import issue_document
from tinhso.dossiers.models import Dossier, DossierDocument, Status
from tinhso.dossiers.services.common import holds_role, local_text, lock, notify_applicant, set_status
from tinhso.dossiers.storage import atomic_with_files

LATE_CAN_APOLOGISE = frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.PAYMENT})


def may_apologise(user: User, dossier: Dossier) -> bool:
    """The head of the competent agency, for an open dossier that is late or due within a working day."""
    if dossier.status not in LATE_CAN_APOLOGISE or dossier.due_at is None:
        return False
    soon = workcalendar.add_working_hours(clock.now(), 8)
    return (dossier.late_since is not None or dossier.due_at <= soon) and holds_role(
        user, dossier.competent_agency, Role.AGENCY_LEADER
    )


@atomic_with_files
def dossier_apologise(
    *, actor: User, dossier: Dossier, reason: str, new_due_at: dt.datetime, lock_version: int | None = None
) -> Dossier:
    """Form 04, signed by the head of the competent agency, sent to the citizen with the new date."""
    if not holds_role(actor, dossier.competent_agency, Role.AGENCY_LEADER):
        raise NotAllowed(_("Only the head of the competent agency issues the apology letter."))
    reason = reason.strip()
    if not reason:
        raise DossierError(_("Give the reason for the delay."), errors={"reason": [str(_("Required."))]})
    dossier = lock(dossier, lock_version, statuses=LATE_CAN_APOLOGISE)
    if dossier.due_at is None or dossier.received_at is None:
        raise DossierError(_("The dossier has no appointment yet."))
    now = clock.now()
    if new_due_at <= max(now, dossier.due_at):
        raise DossierError(
            _("The new appointment must be later than now and than the one missed."),
            errors={"new_due_at": [str(_("Choose a later date."))]},
        )
    previous = dossier.due_at
    set_status(
        dossier,
        dossier.status,
        actor=actor,
        kind="apologised",
        note=f"{reason}\n{local_text(previous)} → {local_text(new_due_at)}",
        due_at=new_due_at,
        original_due_at=dossier.original_due_at or previous,  # the first appointment given stays the measure
        late_since=dossier.late_since or (previous if previous <= now else None),
    )
    issue_document(dossier, DossierDocument.Kind.APOLOGY, actor=actor, items=reason, previous_due=previous)
    notify_applicant(dossier, "dossier.apology", actor=actor, reason=reason, previous=local_text(previous))
    return dossier
