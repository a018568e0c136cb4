"""The one sequence service: counters per scope and period that are safe under concurrency.

Every code the platform issues (dossier codes, document numbers, arrival numbers) comes from
`sequence_next`, which is one statement:

    INSERT … ON CONFLICT (scope, period) DO UPDATE SET last_value = core_sequence.last_value + 1
    RETURNING last_value

- **Atomic**: PostgreSQL takes the row lock for the upsert, so two callers never read the same value
  and there is no read-then-write race (no SELECT … FOR UPDATE dance, no retry loop).
- **Gap-free**: the increment is part of the caller's transaction. If the caller rolls back (a dossier
  that fails validation after its code was drawn), the increment rolls back with it and the next caller
  gets the same number. Nothing is lost, nothing is skipped.
- **The price**: the row lock is held until the caller's transaction ends, so allocations in ONE scope
  and period are serialised until commit. Callers should draw the number late in their transaction and
  keep that transaction short; different scopes (other agencies, other days) never wait for each other.
  benchmarks/sequences.py measures the cost against uncontended scopes.

Call it inside `transaction.atomic()`. Outside a transaction the number is committed at once (still
unique, but a later failure of the caller then leaves a gap).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db import connection
from django.utils import timezone

from tinhso.core import clock

# The table name is spelled out: the statement must stay one round trip, and this module is also
# imported by benchmark processes before any model is loaded.
NEXT_SQL = """
INSERT INTO core_sequence (scope, period, last_value) VALUES (%s, %s, 1)
ON CONFLICT (scope, period) DO UPDATE SET last_value = core_sequence.last_value + 1
RETURNING last_value
"""

SCOPE_MAX = 120
PERIOD_MAX = 16


def sequence_next(*, scope: str, period: str) -> int:
    """The next value of the counter (1 for a new scope and period). See the module docstring."""
    if not scope or len(scope) > SCOPE_MAX:
        raise ValueError(f"scope must have 1 to {SCOPE_MAX} characters")
    if not period or len(period) > PERIOD_MAX:
        raise ValueError(f"period must have 1 to {PERIOD_MAX} characters")
    with connection.cursor() as cursor:
        cursor.execute(NEXT_SQL, [scope, period])
        row = cursor.fetchone()
    return int(row[0])


def period_key(kind: Literal["day", "year"], at: dt.datetime) -> str:
    """The period an instant falls in, on the platform's calendar (Asia/Ho_Chi_Minh, not UTC): a dossier
    received at 06:30 in Thái Nguyên is in today's series although it is still yesterday in UTC."""
    local = timezone.localtime(at)  # raises on a naive datetime, which would be a bug
    if kind == "day":
        return local.strftime("%Y-%m-%d")
    if kind == "year":
        return f"{local.year:04d}"
    raise ValueError(f"unknown period kind {kind!r}")


# --- Dossier codes: {agency identifier}-{yymmdd}-{daily number}, REGULATIONS.md §1 ---


def format_dossier_code(agency_code: str, day: dt.date, number: int) -> str:
    """`000.00.19.H55-261122-0001`: four digits, wider beyond 9999 so codes stay unique."""
    if not 2000 <= day.year <= 2099:
        raise ValueError("a two-digit year names a year of 2000-2099 only")
    if number < 1:
        raise ValueError("dossier numbers start at 1")
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def parse_dossier_code(code: str) -> tuple[str, dt.date, int]:
    """The inverse of format_dossier_code (agency identifiers contain dots, never hyphens)."""
    agency_code, day, number = code.rsplit("-", 2)
    if len(day) != 6 or not day.isdigit() or not number.isdigit() or len(number) < 4:
        raise ValueError(f"not a dossier code: {code!r}")
    # yymmdd: the century is ours (strptime's %y would put 69-99 in the 1900s)
    parsed = dt.date(2000 + int(day[:2]), int(day[2:4]), int(day[4:]))
    return agency_code, parsed, int(number)


def dossier_code(*, agency_code: str, at: dt.datetime | None = None) -> str:
    """Issue the next dossier code of the competent agency for the day of `at` (default: now)."""
    at = at or clock.now()
    number = sequence_next(scope=f"dossier:{agency_code}", period=period_key("day", at))
    return format_dossier_code(agency_code, timezone.localtime(at).date(), number)


# --- Yearly register numbers: documents issued (số văn bản) and documents received (số đến) ---


def document_number(*, issuer: str, year: int, series: str = "") -> int:
    """The next number of a document issued by the agency with identifier `issuer` in `year`.

    Numbering restarts on 1 January (Decree 30/2020/NĐ-CP). `series` separates registers an agency keeps
    apart (e.g. one for decisions), when its rules say so; empty means the agency's one register."""
    scope = f"document:{issuer}" + (f":{series}" if series else "")
    return sequence_next(scope=scope, period=f"{year:04d}")


def arrival_number(*, agency_code: str, year: int) -> int:
    """The next arrival number (số đến) in the incoming-document register of an agency for `year`."""
    return sequence_next(scope=f"arrival:{agency_code}", period=f"{year:04d}")


def register_number_label(number: int) -> str:
    """How register numbers are written: at least two digits ("05"), as on Vietnamese official
    documents [practice]."""
    if number < 1:
        raise ValueError("register numbers start at 1")
    return f"{number:02d}"
