"""What the citizen's dossier page shows of payments: each request with its VietQR code drawn as SVG, the
account to transfer to by hand, and the receipt once paid."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tinhso.core.models import User
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services.fees import money, subject_of
from tinhso.payments import selectors
from tinhso.payments.models import PaymentRequest
from tinhso.payments.qr import qr_svg


@dataclass(frozen=True)
class PaymentRow:
    request: PaymentRequest
    amount_text: str
    note: str
    qr: SafeString | None
    receipt_url: str | None


def payment_rows(user: User, dossier: Dossier) -> list[PaymentRow]:
    rows = []
    for request in selectors.requests_for_payer(viewer=user, subject=subject_of(dossier)):
        pending = request.state == PaymentRequest.State.PENDING
        title = _("VietQR code to pay %(amount)s") % {"amount": money(request.amount)}
        # our own SVG: numbers only, and the title's characters escaped by qr_svg
        qr = mark_safe(qr_svg(request.payload, title=title)) if pending else None  # noqa: S308
        rows.append(
            PaymentRow(
                request=request,
                amount_text=money(request.amount),
                note=f"TS{request.reference}",
                qr=qr,
                receipt_url=reverse("portal:payment_receipt", kwargs={"reference": request.reference})
                if request.receipt
                else None,
            )
        )
    return rows
