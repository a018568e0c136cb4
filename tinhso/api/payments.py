"""/api/v1/payments/bank-notices/{bank} (the banks' transfer notices, HMAC-signed) and the citizen's
payment requests of a dossier (with the VietQR payload an app turns into a code)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tinhso.api.dossiers import _citizen
from tinhso.api.schemas import ErrorOut
from tinhso.core import permissions
from tinhso.core.downloads import private_pdf
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers.services.fees import subject_of
from tinhso.payments import selectors
from tinhso.payments.services import NoticeRefused, bank_notice_receive

router = Router(tags=["payments"])


class NoticeOut(Schema):
    outcome: str
    transaction_id: str
    reference: str


class PaymentOut(Schema):
    reference: str
    kind: str
    description: str
    amount: int
    state: str
    bank_bin: str
    bank_name: str
    account_number: str
    account_name: str
    transfer_note: str
    vietqr: str
    created_at: dt.datetime
    paid_at: dt.datetime | None
    method: str
    receipt_number: str
    receipt_url: str | None


@router.post(
    "/payments/bank-notices/{bank_bin}",
    auth=None,
    response={200: NoticeOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="A bank's notice of a transfer (JSON body, `X-Signature`: HMAC-SHA256 of the body, hex)",
    url_name="bank_notice",
    description=(
        "Body: `transaction_id`, `amount` (VND), `account_number`, `description` (the transfer note, which "
        "carries the payment reference `TS…`), `paid_at` and `timestamp` (ISO 8601; older than 10 minutes is "
        "refused as a replay). The same transaction sent again answers with its first outcome; nothing is "
        "paid twice. Outcomes: matched, wrong_amount, unknown, already_paid."
    ),
)
@permissions.public  # authenticated by the bank's signature, checked in the service
def bank_notice(request: HttpRequest, bank_bin: str) -> Status:
    try:
        notice = bank_notice_receive(
            bank_bin=bank_bin, body=request.body, signature=request.headers.get("X-Signature", "")
        )
    except NoticeRefused as exc:
        return Status(exc.status, {"detail": str(exc)})
    return Status(
        200,
        {"outcome": notice.outcome, "transaction_id": notice.transaction_id, "reference": notice.reference},
    )


def _payment(row) -> PaymentOut:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return PaymentOut(
        reference=row.reference,
        kind=row.kind,
        description=row.description,
        amount=row.amount,
        state=row.state,
        bank_bin=row.bank_bin,
        bank_name=row.bank_name,
        account_number=row.account_number,
        account_name=row.account_name,
        transfer_note=f"TS{row.reference}",
        vietqr=row.payload,
        created_at=row.created_at,
        paid_at=row.paid_at,
        method=row.method,
        receipt_number=row.receipt_number,
        receipt_url=reverse("api-1:payment_receipt", kwargs={"reference": row.reference})
        if row.receipt
        else None,
    )


@router.get(
    "/dossiers/{reference}/payments",
    response={200: list[PaymentOut], 403: ErrorOut, 404: ErrorOut},
    summary="The payment requests of one of your dossiers, with their VietQR payloads and receipts",
)
def dossier_payments(request: HttpRequest, reference: str) -> Status:
    user = _citizen(request)
    found = dossier_selectors.dossier_for_citizen(viewer=user, reference=reference)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    return Status(
        200, [_payment(r) for r in selectors.requests_for_payer(viewer=user, subject=subject_of(found))]
    )


@router.get(
    "/payments/{reference}/receipt",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="The electronic receipt of one of your payments (PDF)",
    url_name="payment_receipt",
)
def payment_receipt(request: HttpRequest, reference: str) -> FileResponse | Status:
    user = _citizen(request)
    row = selectors.payment_of_payer(viewer=user, reference=reference)
    if row is None or not row.receipt:
        return Status(404, {"detail": _("No such receipt.")})
    return private_pdf(row.receipt, f"bien-lai-{row.reference}.pdf")
