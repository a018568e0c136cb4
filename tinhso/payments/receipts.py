"""The electronic receipt of a paid request: numbered in the collecting agency's receipt series, sealed by
the agency when it has a certificate, kept with the request."""

from __future__ import annotations

import contextlib
import hashlib

from django.conf import settings
from django.utils import timezone

from tinhso.core.filebatch import current_batch
from tinhso.core.sequences import document_number
from tinhso.documents.layout import Header
from tinhso.documents.payment_receipt import PaymentReceiptData, render_payment_receipt
from tinhso.payments.models import PaymentRequest
from tinhso.signing.errors import SigningError
from tinhso.signing.models import Credential
from tinhso.signing.pdf import sign_pdf

METHOD_WORDING: dict[str, str] = {
    PaymentRequest.Method.TRANSFER: "Chuyển khoản (VietQR)",
    PaymentRequest.Method.CASH: "Tiền mặt tại Bộ phận Tiếp nhận và Trả kết quả",
}


def issue_receipt(request: PaymentRequest) -> None:
    agency = request.agency
    paid_at = request.paid_at or timezone.now()
    year = timezone.localtime(paid_at).year
    number = document_number(issuer=agency.code, year=year, series="BL")
    request.receipt_number = f"{number:07d}"
    series = f"BL/{year % 100:02d}E"
    data = render_payment_receipt(
        PaymentReceiptData(
            header=Header(
                issuer_parent=agency.parent.name if agency.parent_id and agency.parent else "",
                issuer=agency.name,
                number=request.receipt_number,
                place=settings.TINHSO_PROVINCE_PLACE,
                date=timezone.localtime(paid_at).date(),
            ),
            series=series,
            payer=request.payer.full_name or request.payer.username,
            description=request.description,
            amount=request.amount,
            method=METHOD_WORDING.get(PaymentRequest.Method(request.method), request.method),
            paid_at=paid_at,
            reference=request.reference,
            dossier_number=request.subject_label,
        )
    )
    seal = Credential.objects.filter(kind=Credential.Kind.ORGANISATION, agency=agency, is_active=True).first()
    if seal is not None:
        # an unsigned receipt stays a valid record of the payment
        with contextlib.suppress(SigningError):
            data = sign_pdf(data, organisation=seal, reason="Biên lai thu phí, lệ phí")
    name = current_batch().save(
        f"receipts/{request.reference}-{hashlib.sha256(data).hexdigest()[:8]}.pdf", data
    )
    request.receipt.name = name
