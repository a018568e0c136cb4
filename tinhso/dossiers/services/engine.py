"""Processing through the procedure's steps (quy trình nội bộ): forward, send back, ask for the financial
obligation, finish. One open step per dossier (a database constraint) and the row lock make two officials
acting at once safe: the second is told someone else acted."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.models import User
from tinhso.dossiers.errors import DossierError, NotAllowed, not_in_status
from tinhso.dossiers.models import Delivery, Dossier, Status, StepRun
from tinhso.dossiers.results import issue_result
from tinhso.dossiers.services.common import (
    clock_restart,
    close_step,
    event,
    holds_role,
    lock,
    notify_applicant,
    open_step,
    require_step,
    set_status,
    steps_of,
)
from tinhso.dossiers.services.fees import request_payment
from tinhso.dossiers.storage import atomic_with_files
from tinhso.payments.models import PaymentRequest
from tinhso.signing.services import signing_pin_verify

WORKING = {Status.RECEIVED, Status.PROCESSING}


def _assignee_for(dossier: Dossier, index: int, to_user: User | None) -> User | None:
    if to_user is None:
        return None
    from tinhso.dossiers.services.common import agency_for

    step = steps_of(dossier)[index]
    if not to_user.is_active or not holds_role(to_user, agency_for(dossier, step), step["role"]):
        raise DossierError(
            _("%(name)s cannot act at the next step."), name=to_user.full_name or to_user.username
        )
    return to_user


@transaction.atomic
def dossier_forward(
    *,
    actor: User,
    dossier: Dossier,
    to_user: User | None = None,
    note: str = "",
    lock_version: int | None = None,
) -> Dossier:
    """Pass the dossier to the next step, to a named person or to everyone who holds that step's role."""
    dossier = lock(dossier, lock_version, statuses=WORKING)
    step = require_step(dossier, actor, kinds={"handle"})
    steps = steps_of(dossier)
    if step.index + 1 >= len(steps) or steps[step.index + 1]["kind"] == "return":
        raise DossierError(_("This is the last step: approve the result instead."))
    assignee = _assignee_for(dossier, step.index + 1, to_user)
    close_step(step, actor=actor, outcome="forwarded", note=note.strip())
    event(dossier, actor=actor, kind="forwarded", step_name=step.name, note=note.strip(), visible=False)
    if dossier.status == Status.RECEIVED:
        set_status(dossier, Status.PROCESSING, actor=actor, kind="processing")
        notify_applicant(dossier, "dossier.processing", actor=actor)
    else:
        dossier.lock_version += 1
        dossier.save(update_fields=["lock_version", "updated_at"])
    nxt = open_step(dossier, step.index + 1, assignee=assignee)
    if nxt.handover_from_id is not None:  # the citizen sees where an inter-agency dossier has gone
        event(dossier, actor=actor, kind="handed_over", step_name=nxt.name, note=nxt.agency.name)
    return dossier


@transaction.atomic
def dossier_send_back(
    *, actor: User, dossier: Dossier, note: str, lock_version: int | None = None
) -> Dossier:
    """Back to the previous step, to the person who did it, with the reason."""
    note = note.strip()
    if not note:
        raise DossierError(_("Say why the dossier is sent back."))
    dossier = lock(dossier, lock_version, statuses=WORKING)
    step = require_step(dossier, actor, kinds={"handle", "approve"})
    previous = (
        StepRun.objects.filter(dossier=dossier, index=step.index - 1, finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )
    if step.index <= 1 or previous is None:
        raise DossierError(_("There is no earlier processing step to send the dossier back to."))
    close_step(step, actor=actor, outcome="sent_back", note=note)
    event(dossier, actor=actor, kind="sent_back", step_name=step.name, note=note, visible=False)
    dossier.lock_version += 1
    dossier.save(update_fields=["lock_version", "updated_at"])
    open_step(dossier, previous.index, assignee=previous.finished_by)
    return dossier


@transaction.atomic
def dossier_request_payment(
    *, actor: User, dossier: Dossier, note: str, amount: int | None = None, lock_version: int | None = None
) -> Dossier:
    """Status 6: the citizen must fulfil a financial obligation; the clock stops meanwhile. With an amount,
    the citizen pays it by VietQR and processing goes on by itself once the bank confirms."""
    note = note.strip()
    if not note:
        raise DossierError(_("Describe the financial obligation (what, how much, where to pay)."))
    dossier = lock(dossier, lock_version, statuses=WORKING)
    require_step(dossier, actor, kinds={"handle", "approve"})
    if amount is not None:
        request_payment(
            dossier, actor=actor, amount=amount, kind=PaymentRequest.Kind.OBLIGATION, description=note
        )
    set_status(
        dossier, Status.PAYMENT, actor=actor, kind="payment_requested", note=note, paused_at=clock.now()
    )
    notify_applicant(dossier, "dossier.payment_requested", actor=actor, note=note)
    return dossier


@transaction.atomic
def dossier_resume_after_payment(
    *, actor: User, dossier: Dossier, lock_version: int | None = None
) -> Dossier:
    """The obligation is fulfilled: processing and the clock go on."""
    dossier = lock(dossier, lock_version, statuses={Status.PAYMENT})
    require_step(dossier, actor)
    set_status(dossier, Status.PROCESSING, actor=actor, kind="payment_fulfilled", **clock_restart(dossier))
    notify_applicant(dossier, "dossier.payment_fulfilled", actor=actor)
    return dossier


def dossier_finish(
    *, actor: User, dossier: Dossier, pin: str, note: str = "", lock_version: int | None = None
) -> Dossier:
    """Approve and sign: the leader confirms with their signing PIN; the result is produced from the
    procedure's template, signed by them and sealed by the agency, and only then is the dossier status 9
    "Đã xử lý xong", with the result at the return step. A signing failure changes nothing."""
    signing_pin_verify(actor=actor, pin=pin)  # committed on its own: a wrong PIN counts
    return _finish_signed(actor=actor, dossier=dossier, note=note, lock_version=lock_version)


def dossier_finish_many(
    *, actor: User, dossiers: list[Dossier], pin: str
) -> list[tuple[Dossier, DossierError | None]]:
    """Batch signing: one PIN for several results; each dossier is signed and finished in its own
    transaction, so one that fails (someone else acted, a missing certificate) leaves the others done."""
    signing_pin_verify(actor=actor, pin=pin)
    outcomes: list[tuple[Dossier, DossierError | None]] = []
    for dossier in dossiers:
        try:
            outcomes.append((_finish_signed(actor=actor, dossier=dossier, note="", lock_version=None), None))
        except DossierError as exc:
            outcomes.append((dossier, exc))
    return outcomes


@atomic_with_files
def _finish_signed(*, actor: User, dossier: Dossier, note: str, lock_version: int | None) -> Dossier:
    dossier = lock(dossier, lock_version, statuses=WORKING)
    step = require_step(dossier, actor, kinds={"approve"})
    issue_result(dossier, signer=actor, agency=step.agency)
    close_step(step, actor=actor, outcome="finished", note=note.strip())
    set_status(
        dossier, Status.PROCESSED, actor=actor, kind="processed", note=note.strip(), finished_at=clock.now()
    )
    steps = steps_of(dossier)
    returning = open_step(dossier, step.index + 1) if step.index + 1 < len(steps) else None
    if dossier.delivery == Delivery.ONLINE:
        # the signed result is in the citizen's account now: that is the hand-over (status 10)
        if returning is not None:
            close_step(returning, actor=None, outcome="returned_online")
        set_status(dossier, Status.RETURNED, actor=None, kind="returned_online", closed_at=clock.now())
        notify_applicant(dossier, "dossier.returned", actor=actor)
    else:
        notify_applicant(dossier, "dossier.processed", actor=actor)
    return dossier


@transaction.atomic
def dossier_return_result(
    *, actor: User, dossier: Dossier, note: str = "", tracking: str = "", lock_version: int | None = None
) -> Dossier:
    """Status 10: the result was handed over at the desk, or posted (the tracking number is required)."""
    dossier = lock(dossier, lock_version, statuses={Status.PROCESSED})
    step = require_step(dossier, actor, kinds={"return"})
    tracking = " ".join(tracking.split())[:40]
    if dossier.delivery == Delivery.POST and not tracking:
        raise DossierError(
            _("Enter the postal tracking number of the parcel."), errors={"tracking": [str(_("Required."))]}
        )
    text = " · ".join(
        p for p in [note.strip(), tracking and str(_("postal tracking number %(n)s") % {"n": tracking})] if p
    )
    close_step(step, actor=actor, outcome="returned", note=text)
    set_status(
        dossier,
        Status.RETURNED,
        actor=actor,
        kind="returned",
        note=text,
        closed_at=clock.now(),
        postal_tracking=tracking,
    )
    notify_applicant(dossier, "dossier.returned", actor=actor)
    return dossier


def ensure_staff(actor: User) -> None:
    if not actor.is_official:
        raise NotAllowed(_("Only officials can process dossiers."))


__all__ = ["not_in_status"]
