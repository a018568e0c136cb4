"""Fees and financial obligations paid by VietQR (issue 6, part 1): requests at reception, the bank's signed
notices (forged, replayed, wrong amounts, unknown references, paid twice, a crash half-way), cash at the
desk, the simulator, the reconciliation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import login_client
from tests.dossier_helpers import (
    birth_procedure,
    civil_status_officer,
    commune,
    commune_leader,
    desk_officer,
    filled_form,
    main_paper,
    photo,
    submitted_dossier,
)
from tinhso.core import clock
from tinhso.core.models import Notification, Role
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.models import Dossier, Status
from tinhso.dossiers.services import Person, dossier_intake, dossier_receive, dossier_request_payment
from tinhso.payments import banks
from tinhso.payments.models import BankNotice, PaymentRequest
from tinhso.payments.services import NoticeRefused, bank_notice_receive
from tinhso.payments.vietqr import decode
from tinhso.publicservices.models import FeeKind, Procedure
from tinhso.publicservices.versions import version_publish

pytestmark = pytest.mark.django_db
BANK = banks.DEMO_BANK


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def with_fee(amount: int = 8000) -> Procedure:
    procedure = birth_procedure()
    procedure.fee_kind, procedure.fee_vnd = FeeKind.FIXED, amount
    procedure.save()
    version_publish(actor=None, procedure=procedure, note="lệ phí")
    return procedure


def received_with_fee() -> Dossier:
    return dossier_receive(actor=desk_officer(), dossier=submitted_dossier(procedure=with_fee()))


def notice(request: PaymentRequest, **changes):  # type: ignore[no-untyped-def]
    now = clock.now()
    body = {
        "transaction_id": "FT26337" + request.reference,
        "amount": request.amount,
        "account_number": request.account_number,
        "description": f"NGUYEN THI HOA chuyen tien TS{request.reference}",
        "paid_at": now.isoformat(),
        "timestamp": now.isoformat(),
        **changes,
    }
    raw = json.dumps(body).encode()
    return raw, banks.signature(banks.bank_secret(BANK), raw)  # type: ignore[arg-type]


def test_a_fee_is_requested_at_reception_and_the_dossier_waits_with_its_clock_stopped(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = received_with_fee()
    assert dossier.status == Status.PAYMENT and dossier.paused_at is not None and dossier.code
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    transfer = decode(request.payload)
    assert (transfer.amount, transfer.bank_bin, transfer.account) == (8000, BANK, request.account_number)
    assert transfer.note == f"TS{request.reference}" and transfer.dynamic
    assert Notification.objects.filter(
        recipient=dossier.applicant, event="dossier.payment_requested"
    ).exists()


def test_the_bank_notice_marks_it_paid_once_and_processing_goes_on(django_capture_on_commit_callbacks):
    dossier = received_with_fee()
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    body, signature = notice(request)
    with django_capture_on_commit_callbacks(execute=True):
        first = bank_notice_receive(bank_bin=BANK, body=body, signature=signature)
    assert first.outcome == BankNotice.Outcome.MATCHED
    request.refresh_from_db()
    assert request.state == PaymentRequest.State.PAID and request.receipt_number and request.receipt
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.status == Status.RECEIVED and fresh.paused_at is None
    assert Notification.objects.filter(
        recipient=dossier.applicant, event="dossier.payment_fulfilled"
    ).exists()
    # the same notice again (a bank's retry): the same answer, nothing paid twice
    again = bank_notice_receive(bank_bin=BANK, body=body, signature=signature)
    assert again.pk == first.pk and BankNotice.objects.count() == 1
    # another transfer for the same reference: recorded as paid twice, for a refund
    body, signature = notice(request, transaction_id="FT-SECOND")
    assert bank_notice_receive(bank_bin=BANK, body=body, signature=signature).outcome == "already_paid"


def test_forged_stale_and_unknown_notices_are_refused():
    dossier = received_with_fee()
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    body, signature = notice(request)
    with pytest.raises(NoticeRefused) as forged:
        bank_notice_receive(bank_bin=BANK, body=body.replace(b"8000", b"80"), signature=signature)
    assert forged.value.status == 401
    with pytest.raises(NoticeRefused) as unknown_bank:
        bank_notice_receive(bank_bin="970999", body=body, signature=signature)
    assert unknown_bank.value.status == 404
    old = (clock.now() - dt.timedelta(hours=1)).isoformat()
    body, signature = notice(request, timestamp=old)
    with pytest.raises(NoticeRefused) as stale:
        bank_notice_receive(bank_bin=BANK, body=body, signature=signature)
    assert stale.value.status == 401
    raw = b'{"transaction_id": "x"}'
    with pytest.raises(NoticeRefused):
        bank_notice_receive(bank_bin=BANK, body=raw, signature=banks.signature(banks.bank_secret(BANK), raw))  # type: ignore[arg-type]
    assert not BankNotice.objects.exists()
    assert PaymentRequest.objects.get(pk=request.pk).state == PaymentRequest.State.PENDING


def test_a_wrong_amount_or_an_unknown_reference_pays_nothing():
    dossier = received_with_fee()
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    body, signature = notice(request, amount=7000)
    assert bank_notice_receive(bank_bin=BANK, body=body, signature=signature).outcome == "wrong_amount"
    body, signature = notice(request, transaction_id="FT-UNKNOWN", description="chuyen tien TS2222222222")
    assert bank_notice_receive(bank_bin=BANK, body=body, signature=signature).outcome == "unknown"
    assert PaymentRequest.objects.get(pk=request.pk).state == PaymentRequest.State.PENDING
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PAYMENT


def test_a_crash_between_payment_and_status_change_leaves_nothing_half_done(monkeypatch):
    dossier = received_with_fee()
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    body, signature = notice(request)

    def crash(request):  # type: ignore[no-untyped-def]
        raise RuntimeError("server lost")

    monkeypatch.setattr("tinhso.dossiers.services.fees.dossier_paid", crash)
    with pytest.raises(RuntimeError):
        bank_notice_receive(bank_bin=BANK, body=body, signature=signature)
    assert not BankNotice.objects.exists()
    assert PaymentRequest.objects.get(pk=request.pk).state == PaymentRequest.State.PENDING
    monkeypatch.undo()
    # the bank retries: paid once, the dossier goes on
    assert bank_notice_receive(bank_bin=BANK, body=body, signature=signature).outcome == "matched"
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


def test_the_notice_endpoint_over_http(client):
    dossier = received_with_fee()
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    body, signature = notice(request)
    url = f"/api/v1/payments/bank-notices/{BANK}"
    forged = client.post(url, body, content_type="application/json", headers={"X-Signature": "00" * 32})
    assert forged.status_code == 401
    ok = client.post(url, body, content_type="application/json", headers={"X-Signature": signature})
    assert ok.status_code == 200 and ok.json()["outcome"] == "matched"


def test_a_walk_in_pays_the_fee_in_cash_at_the_desk():
    procedure = with_fee()
    dossier = dossier_intake(
        actor=desk_officer(),
        procedure=procedure,
        person=Person(full_name="Trần Văn Bình", citizen_id="019190000778", phone="0987654322"),
        form_data=filled_form(procedure),
        files={main_paper(procedure).pk: [photo()]},
        commune=commune(),
    )
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    assert request.state == "paid" and request.method == "cash" and request.receipt
    assert dossier.status == Status.RECEIVED and dossier.paused_at is None


def test_an_official_requests_an_obligation_with_its_amount():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    clerk = civil_status_officer()
    with pytest.raises(DossierError):
        dossier_request_payment(actor=clerk, dossier=dossier, note="Lệ phí", amount=0)
    done = dossier_request_payment(
        actor=clerk, dossier=dossier, note="Phí cấp bản sao trích lục", amount=16000
    )
    assert done.status == Status.PAYMENT
    assert PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}").kind == "obligation"


def test_the_citizen_sees_the_code_and_pays_with_the_simulator(settings):
    settings.BANK_SIMULATOR, settings.BANK_SIMULATOR_IN_PROCESS = True, True
    dossier = received_with_fee()
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    citizen = login_client(dossier.applicant)
    page = citizen.get(f"/ho-so/{dossier.reference}/").content.decode()
    assert "<svg" in page and f"TS{request.reference}" in page and "8.000" in page
    api = citizen.get(f"/api/v1/dossiers/{dossier.reference}/payments").json()
    assert api[0]["vietqr"] == request.payload and api[0]["state"] == "pending"
    paid = citizen.post("/mo-phong-ngan-hang/", {"reference": request.reference})
    assert paid.status_code == 200 and "xác nhận" in paid.content.decode()
    request.refresh_from_db()
    assert request.state == "paid"
    receipt = citizen.get(f"/bien-lai/{request.reference}/")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    # nobody else gets the receipt
    assert login_client(factories.UserFactory()).get(f"/bien-lai/{request.reference}/").status_code == 404


def test_the_reconciliation_by_agency_and_day(settings):
    dossier = received_with_fee()
    request = PaymentRequest.objects.get(subject=f"dossier:{dossier.pk}")
    body, signature = notice(request, amount=1000)
    bank_notice_receive(bank_bin=BANK, body=body, signature=signature)
    officer = login_client(commune_leader())  # the ward's leader oversees its committee's collections
    page = officer.get(
        "/can-bo/doi-soat-thanh-toan/",
        {"agency": dossier.competent_agency.pk, "start": clock.today(), "end": clock.today()},
    )
    html = page.content.decode()
    assert page.status_code == 200 and request.reference in html and "Số tiền không khớp" in html
    excel = officer.get(
        "/can-bo/doi-soat-thanh-toan/",
        {"agency": dossier.competent_agency.pk, "start": clock.today(), "end": clock.today(), "xuat": "xlsx"},
    )
    assert excel.status_code == 200 and excel["Content-Type"].startswith("application/vnd.openxml")
    # an officer of another centre chooses only among her agencies
    other = login_client(factories.official(factories.agency("19:centre"), Role.ONE_STOP_OFFICER))
    refused = other.get(
        "/can-bo/doi-soat-thanh-toan/",
        {"agency": dossier.competent_agency.pk, "start": clock.today(), "end": clock.today()},
    )
    assert refused.status_code == 400
    assert login_client(dossier.applicant).get("/can-bo/doi-soat-thanh-toan/").status_code == 403


def test_free_procedures_skip_payment():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    assert dossier.status == Status.RECEIVED
    assert not PaymentRequest.objects.filter(subject=f"dossier:{dossier.pk}").exists()
