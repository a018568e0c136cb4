"""A per-process memo of rows that change rarely (a procedure by its code, a commune, a procedure's agencies
and current version), for the paths that take submissions in at peak rate. A value is trusted for
TINHSO_VERSION_CHECK_SECONDS, the window in which the platform already trusts a procedure's version: an
administrator's change is seen within seconds everywhere, and each request saves the queries. Tests set the
window to 0, so nothing is remembered between them."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")
_memo: dict[Hashable, tuple[float, object]] = {}
LIMIT = 4096  # entries kept per process before the memo starts again


def recent(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, or its value from the last few seconds in this process. A `None` result is not kept."""
    window = settings.TINHSO_VERSION_CHECK_SECONDS
    now = time.monotonic()
    hit = _memo.get(key)
    if hit is not None and now - hit[0] < window:
        return hit[1]  # type: ignore[return-value]
    value = make()
    if window > 0 and value is not None:
        if len(_memo) >= LIMIT:
            _memo.clear()
        _memo[key] = (now, value)
    return value
