"""A bank's app, simulated, for laptops and tests (settings.BANK_SIMULATOR, never in production): the payer
finds the transfer by its reference (as scanning the VietQR code would), confirms it, and the simulated bank
sends its HMAC-signed notice to the platform over HTTP, exactly as a real bank's server would."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tinhso.core import clock, permissions
from tinhso.payments.banks import DEMO_BANK, bank_secret_ensure, signature
from tinhso.payments.models import PaymentRequest


class TransferForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Payment reference (in the transfer note, after TS)"), max_length=12
    )
    amount = forms.IntegerField(
        label=gettext_lazy("Amount to transfer (đồng)"), min_value=1, max_value=10**12, required=False
    )


def _send(request: HttpRequest, body: bytes, sig: str) -> dict:  # type: ignore[type-arg]
    url = request.build_absolute_uri(reverse("api-1:bank_notice", kwargs={"bank_bin": DEMO_BANK}))
    call = urllib.request.Request(  # noqa: S310 - our own server's address
        url, data=body, method="POST", headers={"Content-Type": "application/json", "X-Signature": sig}
    )
    if settings.BANK_SIMULATOR_IN_PROCESS:  # tests: no server to call
        from tinhso.payments.services import bank_notice_receive

        notice = bank_notice_receive(bank_bin=DEMO_BANK, body=body, signature=sig)
        return {"outcome": notice.outcome}
    try:
        with urllib.request.urlopen(call, timeout=15) as answer:  # noqa: S310
            result: dict = json.loads(answer.read())  # type: ignore[type-arg]
            return result
    except urllib.error.HTTPError as exc:
        return {"outcome": "refused", "status": exc.code}


@permissions.public
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest) -> HttpResponse:
    if not settings.BANK_SIMULATOR:
        raise Http404
    form = TransferForm(request.POST or None, initial={"reference": request.GET.get("ref", "")})
    reference = (request.POST.get("reference") or request.GET.get("ref") or "").strip().upper()
    found = PaymentRequest.objects.filter(reference=reference).first() if reference else None
    outcome = None
    if request.method == "POST" and form.is_valid() and found is not None:
        now = clock.now()
        notice = {
            "transaction_id": f"SIM{secrets.token_hex(8).upper()}",
            "amount": form.cleaned_data["amount"] or found.amount,
            "account_number": found.account_number,
            "description": f"TS{found.reference} chuyen khoan",
            "paid_at": now.isoformat(),
            "timestamp": now.isoformat(),
        }
        body = json.dumps(notice).encode()
        outcome = _send(request, body, signature(bank_secret_ensure(DEMO_BANK), body))
    elif request.method == "POST" and found is None:
        form.add_error("reference", _("No payment has this reference."))
    return render(
        request,
        "banksim/pay.html",
        {"form": form, "found": found, "outcome": outcome},
        status=400 if request.method == "POST" and outcome is None else 200,
    )
