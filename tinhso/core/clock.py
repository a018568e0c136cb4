"""The platform's one clock. Tests move it with time-machine; nothing else calls datetime.now()."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """Today's date in the platform's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate(now())
