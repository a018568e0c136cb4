"""What the citizen may do to a dossier once it is submitted: withdraw it (status 7)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.models import User
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.models import Dossier, Status
from tinhso.dossiers.services.common import close_step, current_step, lock, notify_applicant, set_status

# Before the result exists; afterwards there is nothing left to withdraw.
WITHDRAWABLE = frozenset(
    {Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.PAYMENT}
)


@transaction.atomic
def dossier_withdraw(
    *, actor: User, dossier: Dossier, reason: str, lock_version: int | None = None
) -> Dossier:
    """The citizen asks to withdraw the dossier: processing ends at once (status 7)."""
    if dossier.applicant_id != actor.pk:
        raise NotAllowed(_("This dossier is not yours."))
    reason = reason.strip()
    if not reason:
        raise DossierError(_("Say why you withdraw the dossier."), errors={"reason": [str(_("Required."))]})
    dossier = lock(dossier, lock_version, statuses=WITHDRAWABLE)
    step = current_step(dossier)
    if step is not None:
        close_step(step, actor=actor, outcome="withdrawn", note=reason[:2000])
    set_status(
        dossier,
        Status.WITHDRAWN,
        actor=actor,
        kind="withdrawn",
        note=reason[:2000],
        outcome_note=reason[:2000],
        closed_at=clock.now(),
        paused_at=None,
    )
    notify_applicant(dossier, "dossier.withdrawn", actor=actor)
    return dossier
