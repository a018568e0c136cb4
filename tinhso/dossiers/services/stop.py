"""Stop processing (status 8) with the notice to the citizen (form 05): the competent agency's head ends a
dossier that cannot be processed further, for a reason the notice states."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.models import Role, User
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.issued import issue_document
from tinhso.dossiers.models import Dossier, DossierDocument, Status
from tinhso.dossiers.services.common import (
    close_step,
    current_step,
    holds_role,
    lock,
    notify_applicant,
    set_status,
)
from tinhso.dossiers.storage import atomic_with_files

# received and not yet finished; also while waiting for the citizen (supplements never sent, for instance)
STOPPABLE = frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.PAYMENT})


def may_stop(user: User, dossier: Dossier) -> bool:
    return dossier.status in STOPPABLE and holds_role(user, dossier.competent_agency, Role.AGENCY_LEADER)


@atomic_with_files
def dossier_stop(*, actor: User, dossier: Dossier, reason: str, lock_version: int | None = None) -> Dossier:
    """Form 05, signed by the head of the competent agency; the dossier closes with status 8."""
    if not holds_role(actor, dossier.competent_agency, Role.AGENCY_LEADER):
        raise NotAllowed(_("Only the head of the competent agency stops the processing of a dossier."))
    reason = reason.strip()
    if not reason:
        raise DossierError(
            _("Give the reason for stopping the processing."), errors={"reason": [str(_("Required."))]}
        )
    dossier = lock(dossier, lock_version, statuses=STOPPABLE)
    step = current_step(dossier)
    if step is not None:
        close_step(step, actor=actor, outcome="stopped", note=reason[:2000])
    set_status(
        dossier,
        Status.STOPPED,
        actor=actor,
        kind="stopped",
        note=reason[:2000],
        outcome_note=reason[:2000],
        closed_at=clock.now(),
        paused_at=None,
    )
    issue_document(dossier, DossierDocument.Kind.STOP, actor=actor, items=reason[:2000])
    notify_applicant(dossier, "dossier.stopped", actor=actor, reason=reason[:2000])
    return dossier
