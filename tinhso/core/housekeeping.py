"""What nobody needs after a while, removed by an hourly job: one-time codes past their use (a day after they
expire, so a support officer can still see why a code failed), expired sessions (a pending registration keeps
a password hash in its session), the local outbox's messages (only the laptop backend writes them) and
passed rate-limit windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session

from tinhso.core import clock, ratelimit
from tinhso.core.models import OneTimeCode

CODE_KEPT = dt.timedelta(days=1)
OUTBOX_KEPT = dt.timedelta(days=7)


def _outbox_prune(before: dt.datetime) -> int:
    removed = 0
    root = Path(settings.OUTBOX_DIR)
    if not root.is_dir():
        return 0
    for path in root.glob("*/*.json"):
        try:
            if dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC) < before:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed meanwhile by another run
            continue
    return removed


def housekeeping_run() -> dict[str, int]:
    """Remove what has passed; returns how many of each (for the job's log)."""
    now = clock.now()
    codes, _ = OneTimeCode.objects.filter(expires_at__lt=now - CODE_KEPT).delete()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    return {
        "one_time_codes": codes,
        "sessions": sessions,
        "outbox_messages": _outbox_prune(now - OUTBOX_KEPT),
        "rate_windows": ratelimit.prune(),
    }
