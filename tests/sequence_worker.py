"""Runs in a separate (spawned) process: its own Django, its own connection to the SAME test database.

Kept apart from the test module because a spawned child imports the target's module before Django is set
up, and the test module imports models."""

from __future__ import annotations

import contextlib
import os
from typing import Any

ROLLBACK_EVERY = 7  # every 7th transaction rolls back after drawing a number: that number must be reissued


class _Rollback(Exception):
    pass


def allocate(
    database: dict[str, Any], scope: str, period: str, count: int, barrier: Any, results: Any
) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tinhso.settings"
    os.environ["TINHSO_DB_NAME"] = database["NAME"]
    import django

    django.setup()
    from django.db import connection, transaction

    connection.settings_dict.update(database)  # before the first query: the test database, not the dev one
    from tinhso.core.sequences import sequence_next

    values: list[int] = []
    try:
        connection.ensure_connection()
        barrier.wait(timeout=120)  # start together, for real contention
        attempt = 0
        while len(values) < count:
            attempt += 1
            if attempt % ROLLBACK_EVERY == 0:
                with contextlib.suppress(_Rollback), transaction.atomic():
                    sequence_next(scope=scope, period=period)
                    raise _Rollback
                continue
            with transaction.atomic():
                values.append(sequence_next(scope=scope, period=period))
    finally:
        connection.close()
        results.put(values)
