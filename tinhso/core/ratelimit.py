"""A small per-client budget of tries in the shared cache (the database cache, so it holds across server
processes): for public pages that cost work, such as the signature verifier."""

from __future__ import annotations

from django.core.cache import cache


def allow(bucket: str, client: str | None, *, limit: int, window: int) -> bool:
    """Count one try; False once `limit` tries were made in the `window` seconds since the first."""
    key = f"tinhso:rate:{bucket}:{client or 'unknown'}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return True
    return used <= limit
