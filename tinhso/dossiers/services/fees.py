"""Fees and financial obligations of a dossier, paid by VietQR transfer (or in cash at the desk): a fee the
procedure publishes as a fixed amount is requested when the dossier is received; an official may request
another obligation with its amount while processing. Either way the dossier waits in status 6 with its
clock stopped, and goes on by itself when the bank's notice (or the desk) marks it paid."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import User
from tinhso.dossiers.models import Dossier, Status
from tinhso.dossiers.services.common import clock_restart, event, notify_applicant, set_status
from tinhso.payments.models import PaymentRequest
from tinhso.payments.services import account_for, payment_collect_cash, payment_request_create


def subject_of(dossier: Dossier) -> str:
    return f"dossier:{dossier.pk}"


def fee_due(snapshot: dict[str, Any]) -> int | None:
    """The fee the version publishes as a fixed amount; None when free, exempt or not a fixed amount (the
    official then requests the obligation with its amount)."""
    if snapshot.get("fee_kind") == "fixed" and (snapshot.get("fee_vnd") or 0) > 0:
        return int(snapshot["fee_vnd"])
    return None


def money(amount: int) -> str:
    return f"{number_format(amount, force_grouping=True)} đồng"


def open_requests(dossier: Dossier) -> list[PaymentRequest]:
    return list(
        PaymentRequest.objects.filter(subject=subject_of(dossier), state=PaymentRequest.State.PENDING)
    )


def request_payment(
    dossier: Dossier, *, actor: User | None, amount: int, kind: str, description: str
) -> PaymentRequest:
    """A payment request for the dossier, collected by its competent agency (inside the caller's transaction)."""
    return payment_request_create(
        actor=actor,
        subject=subject_of(dossier),
        subject_label=dossier.number,
        payer=dossier.applicant,
        agency=dossier.competent_agency,
        kind=kind,
        amount=amount,
        description=description,
    )


def fee_on_receipt(dossier: Dossier, *, actor: User, collected_at_desk: bool) -> None:
    """At reception: the procedure's fixed fee is collected in cash at the desk (walk-in), or requested
    online, the dossier waiting for it with its clock stopped."""
    amount = fee_due(dossier.version.snapshot)
    if amount is None:
        return
    if account_for(dossier.competent_agency) is None:  # no account configured: the desk collects it by hand
        event(dossier, actor=actor, kind="fee_not_requested", note=money(amount), visible=False)
        return
    description = str(_("Fee of the procedure: %(name)s")) % {
        "name": dossier.version.snapshot.get("name", "")
    }
    request = request_payment(
        dossier, actor=actor, amount=amount, kind=PaymentRequest.Kind.FEE, description=description
    )
    if collected_at_desk:
        payment_collect_cash(actor=actor, request=request)
        return
    note = str(_("%(amount)s, by bank transfer with the VietQR code on the dossier page.")) % {
        "amount": money(amount)
    }
    from tinhso.core import clock

    set_status(
        dossier, Status.PAYMENT, actor=actor, kind="payment_requested", note=note, paused_at=clock.now()
    )
    notify_applicant(dossier, "dossier.payment_requested", actor=actor, note=note)


def dossier_paid(request: PaymentRequest) -> None:
    """The payments domain's handler: a request of this dossier is paid (inside its transaction)."""
    dossier = Dossier.objects.select_for_update().filter(pk=int(request.subject.split(":", 1)[1])).first()
    if dossier is None:
        return
    event(
        dossier,
        actor=request.collected_by,
        kind="payment_received",
        note=f"{money(request.amount)} · {request.reference}",
    )
    if dossier.status == Status.PAYMENT and not open_requests(dossier):
        asked = dossier.events.filter(kind="payment_requested").order_by("-at", "-id").first()
        back = (
            asked.status_from
            if asked and asked.status_from in (Status.RECEIVED, Status.PROCESSING)
            else Status.PROCESSING
        )
        set_status(
            dossier, back, actor=request.collected_by, kind="payment_fulfilled", **clock_restart(dossier)
        )
        notify_applicant(dossier, "dossier.payment_fulfilled", actor=request.collected_by)
