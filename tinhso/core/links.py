"""Links between pages that may not exist yet (pages of capabilities still being built)."""

from __future__ import annotations

import functools

from django.urls import NoReverseMatch, reverse


@functools.lru_cache(maxsize=256)
def reverse_or_none(url_name: str) -> str | None:
    """The URL of a page without arguments, or None while the page does not exist. Cached: URLs are fixed
    for the life of a process, and a failed reverse() is expensive."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None
