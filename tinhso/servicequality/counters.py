"""The daily counters per agency, each defined once, in SQL. The same statements fill the whole table
(`recompute`) and refresh the few cells a changed dossier touches (`refresh_cells`), so the incremental
table and a recomputation can only differ when an event was missed, which `index_check` reports.

A dossier counts for its competent agency, on Viet Nam's day of the moment that defines the counter:
receipt, end of processing, the late mark, the first payment request, a status change to synchronise.

Definitions (as tinhso.dossiers.reports.measures): deadline = coalesce(original_due_at, due_at), so an
apology's new appointment never makes a late dossier on time; late = marked late (late_since) or finished
after the deadline; early = not late and finished on a day before the deadline's day; on time = the rest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from tinhso.servicequality.models import COUNTERS

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper

TZ = "Asia/Ho_Chi_Minh"
Cell = tuple[int, dt.date]  # (agency id, day)


def _day(column: str) -> str:
    return f"(({column}) AT TIME ZONE '{TZ}')::date"


DEADLINE = "coalesce(d.original_due_at, d.due_at)"
LATE = f"(d.late_since IS NOT NULL OR ({DEADLINE} IS NOT NULL AND d.finished_at > {DEADLINE}))"
EARLY = f"(NOT {LATE} AND {DEADLINE} IS NOT NULL AND {_day('d.finished_at')} < {_day(DEADLINE)})"
SETTLED = "coalesce(d.finished_at, d.closed_at)"

# base: (the day's column, the WHERE that makes a dossier part of it, {counter: condition})
BASES: dict[str, tuple[str, str, dict[str, str]]] = {
    "received": (
        "d.received_at",
        "d.received_at IS NOT NULL",
        {
            "received": "TRUE",
            "eligible_online": "v.snapshot->>'online_level' = 'full'",
            "received_online": "v.snapshot->>'online_level' = 'full' AND d.channel = 2",
            "digitised": "EXISTS (SELECT 1 FROM dossiers_dossierfile f WHERE f.dossier_id = d.id"
            " AND NOT f.is_authorisation)",
            "reused": "EXISTS (SELECT 1 FROM dossiers_dossierfile f WHERE f.dossier_id = d.id"
            " AND f.source = 'reused')",
            "linked_store": "EXISTS (SELECT 1 FROM datastore_storeddocument s"
            " WHERE s.subject = 'dossier:' || d.id AND s.source = 'digitised')",
        },
    ),
    "settled": (
        SETTLED,
        f"d.received_at IS NOT NULL AND {SETTLED} IS NOT NULL",
        {"settled": "TRUE", "settled_flagged": f"d.late_since IS NOT NULL AND d.late_since <= {SETTLED}"},
    ),
    "flagged": (
        "d.late_since",
        "d.received_at IS NOT NULL AND d.late_since IS NOT NULL",
        {"flagged": "TRUE"},
    ),
    "finished": (
        "d.finished_at",
        "d.finished_at IS NOT NULL",
        {
            "finished": "TRUE",
            "finished_early": EARLY,
            "finished_on_time": f"NOT {LATE} AND NOT {EARLY}",
            "finished_late": LATE,
            "finished_e_result": "EXISTS (SELECT 1 FROM dossiers_dossierdocument k WHERE k.dossier_id = d.id"
            " AND k.kind = 'KQ')",
            "finished_dissatisfied": f"NOT {LATE} AND EXISTS (SELECT 1 FROM dossiers_rating r"
            " WHERE r.dossier_id = d.id AND 1 IN (r.attitude, r.timeliness, r.guidance, r.overall))",
        },
    ),
}


def _dossier_sql(base: str, cell_filter: str) -> str:
    column, where, counters = BASES[base]
    sums = ", ".join(f"count(*) FILTER (WHERE {cond}) AS {name}" for name, cond in counters.items())
    return (
        f"SELECT d.competent_agency_id, {_day(column)} AS day, {sums} "
        "FROM dossiers_dossier d JOIN publicservices_procedureversion v ON v.id = d.version_id "
        f"WHERE {where}{cell_filter} GROUP BY 1, 2"
    )


def _cell_filter(column: str) -> str:
    """Restrict a base to given cells: one agency, one day as a time range (so the indexes serve it)."""
    return f" AND d.competent_agency_id = %(agency)s AND {column} >= %(start)s AND {column} < %(end)s"


# the first payment request of each dossier, and whether one was paid by transfer: from the payments side
PAYMENTS_SQL = """
SELECT p.agency_id, (first_at AT TIME ZONE '{tz}')::date AS day, count(*) AS obligations,
       count(*) FILTER (WHERE paid_online) AS paid_online
FROM (SELECT agency_id, subject, min(created_at) AS first_at,
             bool_or(state = 'paid' AND method = 'transfer') AS paid_online
      FROM payments_paymentrequest WHERE subject LIKE 'dossier:%%' {where} GROUP BY agency_id, subject) p
{having} GROUP BY 1, 2
""".replace("{tz}", TZ)

SYNC_SQL = f"""
SELECT d.competent_agency_id, {_day("y.changed_at")} AS day, count(*) AS sync_items,
       count(*) FILTER (WHERE y.sent_at <= y.changed_at + interval '1 hour') AS sync_1h,
       count(*) FILTER (WHERE y.sent_at <= y.changed_at + interval '24 hours') AS sync_24h,
       count(*) FILTER (WHERE y.sent_at <= y.changed_at + interval '72 hours') AS sync_72h
FROM dossiers_portalsync y JOIN dossiers_dossier d ON d.id = y.dossier_id
WHERE TRUE {{where}} GROUP BY 1, 2
"""


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    from zoneinfo import ZoneInfo

    start = dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(TZ))
    return start, start + dt.timedelta(days=1)


def _rows(sql: str, params: dict | None = None) -> Iterable[dict[str, Any]]:  # type: ignore[type-arg]
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        names = [c.name for c in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(names, row, strict=True))


def _statements(cell: Cell | None) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    params: dict = {}  # type: ignore[type-arg]
    if cell is not None:
        start, end = _bounds(cell[1])
        params = {"agency": cell[0], "start": start, "end": end}
    statements = []
    for base, (column, _where, _counters) in BASES.items():
        statements.append((_dossier_sql(base, _cell_filter(column) if cell else ""), params))
    if cell is None:
        statements.append((PAYMENTS_SQL.format(where="", having=""), params))
        statements.append((SYNC_SQL.format(where=""), params))
    else:
        statements.append(
            (
                PAYMENTS_SQL.format(
                    where="AND agency_id = %(agency)s",
                    having="WHERE first_at >= %(start)s AND first_at < %(end)s",
                ),
                params,
            )
        )
        statements.append(
            (
                SYNC_SQL.format(
                    where="AND d.competent_agency_id = %(agency)s AND y.changed_at >= %(start)s"
                    " AND y.changed_at < %(end)s"
                ),
                params,
            )
        )
    return statements


def compute(cell: Cell | None = None) -> dict[Cell, dict[str, int]]:
    """Every counter of every (agency, day), or of one cell, straight from the platform's records."""
    totals: dict[Cell, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for sql, params in _statements(cell):
        for row in _rows(sql, params):
            key = (row.pop("competent_agency_id", None) or row.pop("agency_id"), row.pop("day"))
            for name, value in row.items():
                totals[key][name] += int(value)
    return dict(totals)


def _upsert(cells: dict[Cell, dict[str, int]]) -> None:
    if not cells:
        return
    columns = ", ".join(COUNTERS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COUNTERS)
    rows: list[list[Any]] = [
        [agency, day, *(values[c] for c in COUNTERS)] for (agency, day), values in cells.items()
    ]
    placeholders = ", ".join(["%s"] * (2 + len(COUNTERS)))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO servicequality_agencyday (agency_id, day, {columns}) VALUES ({placeholders}) "
            f"ON CONFLICT (agency_id, day) DO UPDATE SET {updates}",
            rows,  # type: ignore[arg-type]
        )


_MONTH_SUMS = ", ".join(f"sum({c})::int" for c in COUNTERS)


def _roll_months(months: set[tuple[int, dt.date]] | None) -> None:
    """The monthly table from the daily one: the given (agency, month)s, or all of it."""
    columns = ", ".join(COUNTERS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COUNTERS)
    with connection.cursor() as cursor:
        if months is None:
            cursor.execute("DELETE FROM servicequality_agencymonth")
            cursor.execute(
                f"INSERT INTO servicequality_agencymonth (agency_id, month, {columns}) "
                f"SELECT agency_id, date_trunc('month', day)::date, {_MONTH_SUMS} FROM servicequality_agencyday "
                "GROUP BY 1, 2"
            )
            return
        for agency, month in months:
            nxt = (month + dt.timedelta(days=32)).replace(day=1)
            cursor.execute(
                f"INSERT INTO servicequality_agencymonth (agency_id, month, {columns}) "
                f"SELECT %s, %s, {', '.join(f'coalesce(sum({c}), 0)::int' for c in COUNTERS)} "
                "FROM servicequality_agencyday WHERE agency_id = %s AND day >= %s AND day < %s "
                f"ON CONFLICT (agency_id, month) DO UPDATE SET {updates}",
                [agency, month, agency, month, nxt],
            )


@transaction.atomic
def refresh_cells(cells: Iterable[Cell]) -> int:
    """Recompute the given cells from the records and store them (zeros included: a cell can empty), and
    the months they fall in."""
    fresh: dict[Cell, dict[str, int]] = {}
    for cell in set(cells):
        fresh[cell] = compute(cell).get(cell, dict.fromkeys(COUNTERS, 0))
    _upsert(fresh)
    _roll_months({(agency, day.replace(day=1)) for agency, day in fresh})
    return len(fresh)


def stored() -> dict[Cell, dict[str, int]]:
    from tinhso.servicequality.models import AgencyDay

    return {
        (row["agency_id"], row["day"]): {c: row[c] for c in COUNTERS}
        for row in AgencyDay.objects.values("agency_id", "day", *COUNTERS)
    }


def _fresh_sql() -> str:
    """One statement giving every (agency, day) with all its counters, straight from the records: the
    bases' statements side by side, their missing counters as zeros, summed per cell."""
    parts = []
    for sql, _params in _statements(None):
        parts.append(f"SELECT * FROM ({sql}) AS part")
    aligned = []
    for _column, _where, counters in BASES.values():
        aligned.append(list(counters))
    aligned.append(["obligations", "paid_online"])
    aligned.append(["sync_items", "sync_1h", "sync_24h", "sync_72h"])
    selects = []
    for part, names in zip(parts, aligned, strict=True):
        columns = ", ".join(name if name in names else f"0 AS {name}" for name in COUNTERS)
        selects.append(
            f"SELECT p.* FROM (SELECT agency_id, day, {columns} FROM ({part}) AS q(agency_id, day, {', '.join(names)})) AS p"
        )
    union = " UNION ALL ".join(selects)
    sums = ", ".join(f"sum({c})::int AS {c}" for c in COUNTERS)
    return f"SELECT agency_id, day, {sums} FROM ({union}) AS every_part GROUP BY agency_id, day"


def differences() -> list[tuple[Cell, str, int, int]]:
    """(cell, counter, stored, recomputed) wherever the table and a recomputation disagree, found by the
    database (a full outer join of the two), so only differing cells travel."""
    stored_cols = ", ".join(f"coalesce(t.{c}, 0)" for c in COUNTERS)
    fresh_cols = ", ".join(f"coalesce(f.{c}, 0)" for c in COUNTERS)
    differs = " OR ".join(f"coalesce(t.{c}, 0) <> coalesce(f.{c}, 0)" for c in COUNTERS)
    sql = (
        f"WITH f AS ({_fresh_sql()}) SELECT coalesce(t.agency_id, f.agency_id), coalesce(t.day, f.day), "
        f"{stored_cols}, {fresh_cols} FROM servicequality_agencyday t FULL OUTER JOIN f "
        f"ON f.agency_id = t.agency_id AND f.day = t.day WHERE {differs}"
    )
    found = []
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for agency, day, *values in cursor.fetchall():
            have, fresh = values[: len(COUNTERS)], values[len(COUNTERS) :]
            for counter, a, b in zip(COUNTERS, have, fresh, strict=True):
                if a != b:
                    found.append(((agency, day), counter, int(a), int(b)))
        found.extend(_month_differences(cursor))
    return sorted(found, key=lambda x: (x[0][0], x[0][1], x[1]))


def _month_differences(cursor: CursorWrapper) -> list[tuple[Cell, str, int, int]]:
    """The monthly table against the sum of its days (the counter is prefixed "month:")."""
    sums = ", ".join(f"sum({c})::int AS {c}" for c in COUNTERS)
    days = f"SELECT agency_id, date_trunc('month', day)::date AS month, {sums} FROM servicequality_agencyday GROUP BY 1, 2"
    stored_cols = ", ".join(f"coalesce(t.{c}, 0)" for c in COUNTERS)
    fresh_cols = ", ".join(f"coalesce(f.{c}, 0)" for c in COUNTERS)
    differs = " OR ".join(f"coalesce(t.{c}, 0) <> coalesce(f.{c}, 0)" for c in COUNTERS)
    cursor.execute(
        f"WITH f AS ({days}) SELECT coalesce(t.agency_id, f.agency_id), coalesce(t.month, f.month), "
        f"{stored_cols}, {fresh_cols} FROM servicequality_agencymonth t FULL OUTER JOIN f "
        f"ON f.agency_id = t.agency_id AND f.month = t.month WHERE {differs}"
    )
    found = []
    for agency, month, *values in cursor.fetchall():
        have, fresh = values[: len(COUNTERS)], values[len(COUNTERS) :]
        for counter, a, b in zip(COUNTERS, have, fresh, strict=True):
            if a != b:
                found.append(((agency, month), f"month:{counter}", int(a), int(b)))
    return found


@transaction.atomic
def recompute() -> int:
    """Rebuild the whole table from the records, in the database (one INSERT … SELECT)."""
    columns = ", ".join(COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM servicequality_agencyday")
        cursor.execute(
            f"INSERT INTO servicequality_agencyday (agency_id, day, {columns}) "
            f"SELECT agency_id, day, {columns} FROM ({_fresh_sql()}) AS fresh"
        )
        cells = cursor.rowcount
    _roll_months(None)
    return cells
