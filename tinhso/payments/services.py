"""Payment requests and the banks' notices. A request carries the collecting agency's account and a dynamic
VietQR code whose transfer note holds the request's reference; the bank's notice (HMAC-signed) marks it
paid exactly once, whatever is replayed or retried; the domain that asked is told, in the same transaction."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.errors import UserError as DossierError
from tinhso.core.models import Agency, User
from tinhso.payments import banks, vietqr
from tinhso.payments.models import BankNotice, CollectionAccount, PaymentRequest

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE = re.compile(r"TS\s?([2-9A-HJ-NP-Z]{10})")
NOTICE_WINDOW = dt.timedelta(minutes=10)  # a notice signed longer ago than this is a replay


class NoticeRefused(Exception):
    """A notice that is not the bank's (unknown bank, bad signature, stale) or not well-formed."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


def account_for(agency: Agency) -> CollectionAccount | None:
    """The agency's own collection account, else the nearest one above it."""
    current: Agency | None = agency
    while current is not None:
        account = CollectionAccount.objects.filter(agency=current, is_active=True).first()
        if account is not None:
            return account
        current = current.parent
    return None


def payment_request_create(
    *,
    actor: User | None,
    subject: str,
    subject_label: str,
    payer: User,
    agency: Agency,
    kind: str,
    amount: int,
    description: str,
) -> PaymentRequest:
    """Inside the caller's transaction (the dossier's status change and its request commit together)."""
    if amount <= 0:
        raise DossierError(_("The amount must be a positive number of đồng."), errors={"amount": []})
    account = account_for(agency)
    if account is None:
        raise DossierError(_("%(agency)s has no account to collect payments on yet."), agency=agency.name)
    reference = new_reference()
    payload = vietqr.encode(
        vietqr.Transfer(account.bank_bin, account.account_number, amount, note=f"TS{reference}")
    )
    request = PaymentRequest.objects.create(
        subject=subject,
        subject_label=subject_label[:60],
        payer=payer,
        agency=agency,
        kind=kind,
        description=description.strip()[:300],
        amount=amount,
        reference=reference,
        bank_bin=account.bank_bin,
        bank_name=account.bank_name,
        account_number=account.account_number,
        account_name=account.account_name,
        payload=payload,
        created_at=clock.now(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="payment.request",
        obj=request,
        summary={"reference": reference, "amount": amount, "subject": subject},
        subject=payer,
    )
    return request


def _handler(request: PaymentRequest) -> None:
    kind = request.subject.split(":", 1)[0]
    path = settings.TINHSO_PAYMENT_HANDLERS.get(kind)
    if path:
        import_string(path)(request)


def _mark_paid(request: PaymentRequest, *, method: str, at: dt.datetime, actor: User | None) -> None:
    from tinhso.payments.receipts import issue_receipt

    request.state = PaymentRequest.State.PAID
    request.method = method
    request.paid_at = at
    request.collected_by = actor
    issue_receipt(request)
    request.save()
    audit_record(
        actor=actor,
        action="payment.paid",
        obj=request,
        summary={"reference": request.reference, "method": method, "amount": request.amount},
        subject=request.payer,
    )
    _handler(request)


def payment_collect_cash(*, actor: User, request: PaymentRequest) -> PaymentRequest:
    """The desk collected the amount in cash: paid, with the electronic receipt."""
    from tinhso.core.filebatch import atomic_with_files

    @atomic_with_files
    def collect() -> PaymentRequest:
        locked = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state != PaymentRequest.State.PENDING:
            raise DossierError(_("This payment is not waiting any more."))
        _mark_paid(locked, method=PaymentRequest.Method.CASH, at=clock.now(), actor=actor)
        return locked

    return collect()


@dataclass(frozen=True)
class NoticeIn:
    transaction_id: str
    amount: int
    account_number: str
    description: str
    paid_at: dt.datetime
    signed_at: dt.datetime


def _parse(body: bytes) -> NoticeIn:
    try:
        data: dict[str, Any] = json.loads(body)
        paid_at = parse_datetime(str(data["paid_at"]))
        signed_at = parse_datetime(str(data["timestamp"]))
        notice = NoticeIn(
            transaction_id=str(data["transaction_id"]).strip()[:64],
            amount=int(data["amount"]),
            account_number=str(data["account_number"]).strip()[:19],
            description=str(data.get("description", ""))[:300],
            paid_at=paid_at,  # type: ignore[arg-type]
            signed_at=signed_at,  # type: ignore[arg-type]
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise NoticeRefused("malformed notice") from exc
    if not notice.transaction_id or paid_at is None or signed_at is None or notice.amount <= 0:
        raise NoticeRefused("malformed notice")
    return notice


def _references(description: str) -> list[str]:
    """The payment references a transfer note may carry: banks upper-case notes, drop the marks and
    sometimes the spaces, or prepend the payer's name."""
    plain = vietqr.plain_text(description).replace(" ", "")
    return list(dict.fromkeys(m.group(1) for m in REFERENCE.finditer(plain)))


def bank_notice_receive(*, bank_bin: str, body: bytes, signature: str) -> BankNotice:
    """The bank tells of a transfer. Verified (HMAC of the exact body with the bank's secret, signed within
    the last minutes), kept once per bank transaction (a repeat answers with the first outcome), matched by
    the reference in the note, amount and account checked; a match marks the request paid."""
    if banks.bank_secret(bank_bin) is None:
        raise NoticeRefused("unknown bank", status=404)
    if not banks.signature_matches(bank_bin, body, signature):
        raise NoticeRefused("bad signature", status=401)
    notice = _parse(body)
    signed_at = (
        notice.signed_at if timezone.is_aware(notice.signed_at) else timezone.make_aware(notice.signed_at)
    )
    if abs(clock.now() - signed_at) > NOTICE_WINDOW:
        raise NoticeRefused("stale notice", status=401)
    from tinhso.core.filebatch import atomic_with_files

    @atomic_with_files
    def record() -> BankNotice:
        existing = BankNotice.objects.filter(bank_bin=bank_bin, transaction_id=notice.transaction_id).first()
        if existing is not None:
            return existing
        candidates = _references(notice.description)
        request = (
            PaymentRequest.objects.select_for_update().filter(reference__in=candidates).order_by("id").first()
            if candidates
            else None
        )
        reference = request.reference if request else (candidates[0] if candidates else "")
        if request is None:
            outcome = BankNotice.Outcome.UNKNOWN
        elif request.state == PaymentRequest.State.PAID:
            outcome = BankNotice.Outcome.ALREADY_PAID
        elif notice.amount != request.amount or notice.account_number != request.account_number:
            outcome = BankNotice.Outcome.WRONG_AMOUNT
        else:
            outcome = BankNotice.Outcome.MATCHED
        row = BankNotice.objects.create(
            bank_bin=bank_bin,
            transaction_id=notice.transaction_id,
            amount=notice.amount,
            account_number=notice.account_number,
            description=notice.description,
            reference=reference,
            paid_at=notice.paid_at
            if timezone.is_aware(notice.paid_at)
            else timezone.make_aware(notice.paid_at),
            received_at=clock.now(),
            outcome=outcome,
            request=request,
            agency=request.agency if request else None,
        )
        if outcome == BankNotice.Outcome.MATCHED and request is not None:
            _mark_paid(request, method=PaymentRequest.Method.TRANSFER, at=row.paid_at, actor=None)
        return row

    try:
        return record()
    except IntegrityError:  # the same notice, processed at this very moment by another server
        return BankNotice.objects.get(bank_bin=bank_bin, transaction_id=notice.transaction_id)
