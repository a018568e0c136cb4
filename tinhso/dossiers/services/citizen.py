"""What the citizen may do to a dossier once it is submitted: withdraw it (status 7), rate the service."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.models import Position, Role, User
from tinhso.core.notifications import notification_send
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.models import Dossier, Rating, Status
from tinhso.dossiers.services.common import (
    close_step,
    current_step,
    event,
    lock,
    notify_applicant,
    set_status,
)

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


RATABLE = frozenset({Status.PROCESSED, Status.RETURNED})


@transaction.atomic
def dossier_rate(
    *,
    actor: User,
    dossier: Dossier,
    attitude: int,
    timeliness: int,
    guidance: int,
    overall: int,
    comment: str = "",
) -> Rating:
    """Once per dossier, after the result. A dissatisfied answer alerts the competent agency's leaders."""
    if dossier.applicant_id != actor.pk:
        raise NotAllowed(_("Only the person who submitted the dossier can rate it."))
    dossier = lock(dossier, None, statuses=RATABLE)
    if Rating.objects.filter(dossier=dossier).exists():
        raise DossierError(_("You have already rated this dossier."))
    levels = {"attitude": attitude, "timeliness": timeliness, "guidance": guidance, "overall": overall}
    wrong = {k: [str(_("Choose one answer."))] for k, v in levels.items() if v not in Rating.Level.values}
    if wrong:
        raise DossierError(_("Answer every question."), errors=wrong)
    rating = Rating.objects.create(
        dossier=dossier, comment=comment.strip()[:2000], created_at=clock.now(), **levels
    )
    event(dossier, actor=actor, kind="rated", visible=True)
    audit_record(actor=actor, action="dossier.rate", obj=dossier, summary={"overall": overall}, subject=actor)
    if rating.dissatisfied:
        leaders = [
            p.user
            for p in Position.objects.filter(
                agency_id=dossier.competent_agency_id, role=Role.AGENCY_LEADER, is_active=True
            ).select_related("user")
            if p.user.is_active
        ]
        context = {
            "dossier_number": dossier.number,
            "procedure_name": dossier.version.snapshot.get("name", ""),
            "comment": rating.comment,
        }
        url = _staff_url(dossier)
        transaction.on_commit(
            lambda: [
                notification_send(
                    actor=None, recipient=leader, event="rating.dissatisfied", context=context, url=url
                )
                for leader in leaders
            ]
        )
    return rating


def _staff_url(dossier: Dossier) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("backoffice:dossier", kwargs={"dossier_id": dossier.pk})
    except NoReverseMatch:
        return ""
