"""A small per-client budget of tries (for public pages that cost work or invite guessing: the dossier
lookup, the signature verifier). Counted in the database so it holds across server processes, by one
`INSERT … ON CONFLICT … RETURNING`: parallel tries are all counted, and the window runs from the first try
(a try after the window starts a new one)."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from tinhso.core import clock
from tinhso.core.models import RateBudget


def _key(bucket: str, client: str | None) -> str:
    return f"{bucket}:{client or 'unknown'}"[:200]


def count(bucket: str, client: str | None, *, window: int) -> int:
    """Count one try and return the tries made in the current window, this one included."""
    now = clock.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_ratebudget (key, used, window_ends) VALUES (%s, 1, %s) "
            "ON CONFLICT (key) DO UPDATE SET "
            " used = CASE WHEN core_ratebudget.window_ends <= %s THEN 1 ELSE core_ratebudget.used + 1 END, "
            " window_ends = CASE WHEN core_ratebudget.window_ends <= %s THEN EXCLUDED.window_ends "
            "  ELSE core_ratebudget.window_ends END "
            "RETURNING used",
            [_key(bucket, client), now + dt.timedelta(seconds=window), now, now],
        )
        return int(cursor.fetchone()[0])


def allow(bucket: str, client: str | None, *, limit: int, window: int) -> bool:
    """Count one try; False once `limit` tries were made in the `window` seconds since the first."""
    return count(bucket, client, window=window) <= limit


def used(bucket: str, client: str | None) -> int:
    """The tries counted in the current window (0 when none or when it has passed); counts nothing."""
    row = RateBudget.objects.filter(key=_key(bucket, client), window_ends__gt=clock.now()).first()
    return row.used if row else 0


def prune() -> int:
    """Forget the windows that have passed."""
    deleted, _ = RateBudget.objects.filter(window_ends__lte=clock.now()).delete()
    return deleted
