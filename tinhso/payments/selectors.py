"""Reads of payments that depend on who asks: a citizen's own requests, an agency's reconciliation."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from tinhso.core.access import AnyUser, agencies_of, is_sysadmin
from tinhso.core.models import Agency, User
from tinhso.payments.models import BankNotice, PaymentRequest


def requests_for_payer(*, viewer: AnyUser, subject: str) -> QuerySet[PaymentRequest]:
    if not viewer.is_authenticated:
        return PaymentRequest.objects.none()
    return PaymentRequest.objects.filter(subject=subject, payer_id=viewer.pk).order_by("created_at")


def requests_for_staff(*, subject: str) -> QuerySet[PaymentRequest]:
    """For a dossier page the caller already checked the official may see."""
    return PaymentRequest.objects.filter(subject=subject).order_by("created_at")


def reconciliation_agencies(*, viewer: AnyUser) -> QuerySet[Agency]:
    if is_sysadmin(viewer):
        return Agency.objects.filter(is_active=True)
    if not isinstance(viewer, User):
        return Agency.objects.none()
    return agencies_of(viewer)


@dataclass
class Reconciliation:
    requests: list[PaymentRequest] = field(default_factory=list)
    notices: list[BankNotice] = field(default_factory=list)  # those that matched nothing, or not exactly
    counts: Counter = field(default_factory=Counter)  # type: ignore[type-arg]
    paid_total: int = 0
    pending_total: int = 0


def reconciliation(
    *, viewer: AnyUser, agency: Agency, start: dt.datetime, end: dt.datetime
) -> Reconciliation:
    """Requests of the agency made or paid in [start, end), and the bank notices of the period that did not
    simply match (wrong amount, unknown reference, paid twice); nothing if the viewer may not see it."""
    if not reconciliation_agencies(viewer=viewer).filter(pk=agency.pk).exists():
        return Reconciliation()
    requests = list(
        PaymentRequest.objects.filter(agency=agency, created_at__gte=start, created_at__lt=end)
        .select_related("payer")
        .order_by("created_at")[:2000]
    )
    notices = list(
        BankNotice.objects.filter(received_at__gte=start, received_at__lt=end)
        .filter(agency=agency)
        .exclude(outcome=BankNotice.Outcome.MATCHED)
        .order_by("received_at")[:2000]
    )
    unknown = (
        list(
            BankNotice.objects.filter(
                received_at__gte=start,
                received_at__lt=end,
                outcome=BankNotice.Outcome.UNKNOWN,
                agency__isnull=True,
            ).order_by("received_at")[:500]
        )
        if is_sysadmin(viewer) or _collects_on_unknown(viewer)
        else []
    )
    result = Reconciliation(requests=requests, notices=notices + unknown)
    for row in requests:
        result.counts[row.state] += 1
    for notice in result.notices:
        result.counts[notice.outcome] += 1
    totals = PaymentRequest.objects.filter(agency=agency, created_at__gte=start, created_at__lt=end)
    result.paid_total = totals.filter(state=PaymentRequest.State.PAID).aggregate(s=Sum("amount"))["s"] or 0
    result.pending_total = (
        totals.filter(state=PaymentRequest.State.PENDING).aggregate(s=Sum("amount"))["s"] or 0
    )
    return result


def _collects_on_unknown(viewer: AnyUser) -> bool:
    """Transfers with no known reference belong to no agency yet: the provincial leaders see them."""
    return isinstance(viewer, User) and agencies_of(viewer).filter(parent__isnull=True).exists()


def payment_of_payer(*, viewer: AnyUser, reference: str) -> PaymentRequest | None:
    if not viewer.is_authenticated:
        return None
    return PaymentRequest.objects.filter(reference=reference, payer_id=viewer.pk).first()
