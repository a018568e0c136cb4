"""What /healthz reports: can we reach the database, and is a worker alive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection

from tinhso.core import clock
from tinhso.core.models import WorkerHeartbeat


def health_report() -> dict[str, Any]:
    report: dict[str, Any] = {"status": "ok", "time": clock.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"status": "ok"}
    except DatabaseError as exc:
        report["status"] = "error"
        report["database"] = {"status": "error", "error": exc.__class__.__name__}
        report["worker"] = {"status": "unknown"}
        return report
    report["worker"] = _worker_status()
    if report["worker"]["status"] != "ok":
        report["status"] = "degraded"
    return report


def _worker_status() -> dict[str, Any]:
    stale = dt.timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
    now = clock.now()
    with connection.cursor() as cursor:
        # procrastinate's own registry: workers refresh last_heartbeat every few seconds.
        cursor.execute(
            "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > %s",
            [now - dt.timedelta(minutes=1)],
        )
        alive = cursor.fetchone()[0]  # type: ignore[index]
    beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    periodic_ok = beat is not None and now - beat.beat_at <= stale
    if not alive:
        status = "down"
    elif beat is not None and not periodic_ok:
        status = "stale"  # workers run but the periodic scheduler has not fired lately
    else:
        status = "ok"
    return {
        "status": status,
        "alive_workers": alive,
        "last_periodic_heartbeat": beat.beat_at.isoformat() if beat else None,
    }
