"""Synchronisation with the National Public Service Portal (Cổng Dịch vụ công quốc gia).

Every status change queues an item (in the same transaction, with a job for the dossier); a worker sends
the dossier's pending items in order through the adapter named by settings.NATIONAL_PORTAL_ADAPTER. The
default adapter records what would be sent, in the national codes, under OUTBOX_DIR/dvcqg (no network).
A failure is retried with back-off (1, 2, 4 … minutes, at most 6 hours apart); after MAX_ATTEMPTS the item
is marked failed and shown on the back office's synchronisation screen, from where it can be sent again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.models import User
from tinhso.dossiers.models import Dossier, PortalSync

MAX_ATTEMPTS = 10
MAX_DELAY = dt.timedelta(hours=6)


class Adapter(Protocol):
    def send(self, payload: dict[str, Any]) -> str:
        """Deliver one status change; return the portal's receipt id, or raise."""
        ...


class LocalAdapter:
    """Writes each item as a JSON line to OUTBOX_DIR/dvcqg/YYYY-MM-DD.jsonl: what a real adapter would POST."""

    def send(self, payload: dict[str, Any]) -> str:
        folder = Path(settings.OUTBOX_DIR) / "dvcqg"
        folder.mkdir(parents=True, exist_ok=True)
        now = clock.now()
        line = json.dumps({"sent_at": now.isoformat(), **payload}, ensure_ascii=False)
        with open(folder / f"{timezone.localtime(now):%Y-%m-%d}.jsonl", "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return f"LOCAL-{payload['MaHoSo']}-{payload['TrangThai']}"


def adapter() -> Adapter:
    instance: Adapter = import_string(settings.NATIONAL_PORTAL_ADAPTER)()
    return instance


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).strftime("%Y%m%d%H%M%S") if value else None


def payload_for(dossier: Dossier) -> dict[str, Any]:
    """The national portal's fields (names as its integration guide writes them) [practice]."""
    return {
        "MaHoSo": dossier.number,
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.version.snapshot.get("name", ""),
        "MaCoQuan": dossier.competent_agency.code,
        "MaNoiTiepNhan": dossier.receiving_agency.code,
        "KenhThucHien": dossier.channel,
        "TrangThai": dossier.status,
        "NgayNopHoSo": _iso(dossier.submitted_at),
        "NgayTiepNhan": _iso(dossier.received_at),
        "NgayHenTra": _iso(dossier.due_at),
        "NgayKetThucXuLy": _iso(dossier.finished_at),
        "NgayTraKetQua": _iso(dossier.closed_at) if dossier.status == 10 else None,
    }


def queue_status(dossier: Dossier) -> None:
    """Inside the status change's transaction: the item and the job commit (or roll back) with it."""
    if dossier.status == 0:
        return
    now = clock.now()
    PortalSync.objects.create(
        dossier=dossier,
        status=dossier.status,
        changed_at=now,
        payload=payload_for(dossier),
        next_attempt_at=now,
    )
    from tinhso.dossiers.tasks import portal_sync_dossier

    portal_sync_dossier.configure(lock=f"portal-sync-{dossier.pk}").defer(dossier_id=dossier.pk)


def _delay(attempts: int) -> dt.timedelta:
    return min(MAX_DELAY, dt.timedelta(minutes=2 ** max(0, attempts - 1)))


def send_pending(dossier_id: int, *, now: dt.datetime | None = None) -> int:
    """Send the dossier's due items in order; stop at the first failure (a later status never overtakes an
    earlier one). Returns how many were sent."""
    now = now or clock.now()
    sent = 0
    while True:
        with transaction.atomic():
            # the first item not sent yet: a failed one blocks the later ones until it is sent again
            item = (
                PortalSync.objects.select_for_update(skip_locked=True)
                .filter(dossier_id=dossier_id)
                .exclude(state=PortalSync.State.SENT)
                .order_by("id")
                .first()
            )
            if item is None or item.state == PortalSync.State.FAILED:
                return sent
            if item.next_attempt_at and item.next_attempt_at > now:
                return sent
            item.attempts += 1
            try:
                item.receipt = adapter().send(item.payload)[:100]
            except Exception as exc:
                item.last_error = f"{type(exc).__name__}: {exc}"[:300]
                if item.attempts >= MAX_ATTEMPTS:
                    item.state = PortalSync.State.FAILED
                item.next_attempt_at = now + _delay(item.attempts)
                item.save()
                return sent
            item.state, item.sent_at, item.last_error = PortalSync.State.SENT, clock.now(), ""
            item.save()
            from tinhso.dossiers.services.common import dossier_changed

            dossier_changed(item.dossier)  # the index scores timely synchronisation
            sent += 1


def send_due(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The periodic retry: every dossier with a due pending item."""
    now = now or clock.now()
    dossiers = (
        PortalSync.objects.filter(state=PortalSync.State.PENDING, next_attempt_at__lte=now)
        .order_by("dossier_id")
        .values_list("dossier_id", flat=True)
        .distinct()[:limit]
    )
    return sum(send_pending(dossier_id, now=now) for dossier_id in list(dossiers))


@transaction.atomic
def portal_sync_retry(*, actor: User, item: PortalSync) -> None:
    """An operator sends a failed item again (and what waits behind it)."""
    PortalSync.objects.filter(pk=item.pk, state=PortalSync.State.FAILED).update(
        state=PortalSync.State.PENDING, attempts=0, next_attempt_at=clock.now()
    )
    audit_record(actor=actor, action="portal_sync.retry", obj=item, summary={"dossier": item.dossier_id})
    from tinhso.dossiers.tasks import portal_sync_dossier

    portal_sync_dossier.configure(lock=f"portal-sync-{item.dossier_id}").defer(dossier_id=item.dossier_id)
