"""The statistics and the dossier register with many dossiers in the database.

Metrics: statistics_p95_ms (the provincial leader's statistics for a quarter, /can-bo/thong-ke/, one
client after another, with 1,000,000 dossiers in full mode, 10,000 quick), statistics_p95_ms_growth (that
÷ the same at 1/1000 of the dossiers, same run), register_p95_ms (the first page of that quarter's
register, /can-bo/so-theo-doi-ho-so/) and register_p95_ms_growth; statistics_api_p95_ms beside them.

The dossiers come from the worklist benchmark's generator (benchmarks.worklist.grow_dossiers), then are spread
over four years of receipts with every situation the statistics count: processed early, on time and late,
withdrawn, refused, supplements requested, still open. A quarter therefore holds about 1/16 of them,
and the leader sees them all (the province and every agency below it): the statistics aggregate some
62,000 dossiers at full volume, the register counts them and shows 50.

The dossier tables are emptied first when an earlier module of the run (the worklist) filled them, so
the small volume really is 1/1000 of the large one.
"""

from __future__ import annotations

import datetime as dt

from benchmarks.common import emit, gunicorn, load, prepare_database, setup_django
from benchmarks.home import _session_cookie
from benchmarks.worklist import grow_dossiers

SEQUENTIAL = 40
YEARS = 4


def _reset_if_filled(small: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        if cursor.fetchone()[0] > small:
            cursor.execute("TRUNCATE dossiers_dossier CASCADE")


def _reshape(first_id: int) -> None:
    """Every dossier from `first_id` on, deterministically by its id: received over the last YEARS years in
    the order of their ids (as rows are written when dossiers arrive; up to two days off), an appointment
    1–15 days later, most processed (some after the appointment, marked late), some
    withdrawn, refused or waiting for supplements (with their form 02), the open ones received lately."""
    from django.db import connection

    hours = YEARS * 365 * 24
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH span AS (SELECT max(id) AS last, max(id) - %s + 1 AS n FROM dossiers_dossier),
            shaped AS (
                SELECT d.id, d.id AS g,
                       now() - ((span.last - d.id) * %s / span.n + (d.id * 7919) %% 48 || ' hours')::interval
                           AS got,
                       ((d.id %% 15) + 1) * interval '1 day' AS budget
                FROM dossiers_dossier d, span WHERE d.id >= %s
            )
            UPDATE dossiers_dossier d SET
                channel = CASE WHEN s.g %% 10 < 6 THEN 2 WHEN s.g %% 10 < 9 THEN 1 ELSE 3 END,
                status = CASE WHEN d.status IN (1, 4) THEN d.status
                              WHEN s.g %% 50 = 7 THEN 7 WHEN s.g %% 50 = 11 THEN 3
                              WHEN s.g %% 50 = 13 THEN 9 ELSE 10 END,
                submitted_at = CASE WHEN d.status IN (1, 4) THEN now() - (s.g %% 30 || ' days')::interval
                                    ELSE s.got END,
                received_at = CASE WHEN d.status = 1 OR s.g %% 50 = 11 THEN NULL
                                   WHEN d.status = 4 THEN now() - (s.g %% 30 || ' days')::interval
                                   ELSE s.got END,
                due_at = CASE WHEN d.status = 1 OR s.g %% 50 = 11 THEN NULL
                              WHEN d.status = 4 THEN now() - (s.g %% 30 || ' days')::interval + s.budget
                              ELSE s.got + s.budget END,
                finished_at = CASE WHEN d.status IN (1, 4) OR s.g %% 50 IN (7, 11) THEN NULL
                                   ELSE s.got + s.budget * ((s.g %% 13) / 11.0) END,
                closed_at = CASE WHEN d.status IN (1, 4) OR s.g %% 50 = 13 THEN NULL
                                 WHEN s.g %% 50 IN (7, 11) THEN s.got + interval '2 days'
                                 ELSE s.got + s.budget * ((s.g %% 13) / 11.0) + interval '1 day' END,
                late_since = CASE WHEN d.status NOT IN (1, 4) AND s.g %% 50 NOT IN (7, 11) AND s.g %% 13 > 11
                                  THEN s.got + s.budget END
            FROM shaped s WHERE d.id = s.id
            """,
            [first_id, hours, first_id],
        )
        cursor.execute(
            """
            INSERT INTO dossiers_dossierdocument (dossier_id, kind, file, issued_at, issued_by_id, items)
            SELECT id, '02', '', coalesce(received_at, submitted_at) + interval '1 day', applicant_id, ''
            FROM dossiers_dossier WHERE id >= %s AND id %% 50 = 3
            """,
            [first_id],
        )
        cursor.execute("VACUUM ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_dossierdocument")


def _grow_shaped(total: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM dossiers_dossier")
        first_id = cursor.fetchone()[0]
    grow_dossiers(total)
    _reshape(first_id)


def _quarter() -> str:
    """The last complete quarter: every situation is in it, and it is over (its numbers are final)."""
    from tinhso.core import clock
    from tinhso.dossiers.reports.periods import quarter_of

    return quarter_of(quarter_of(clock.today()).first - dt.timedelta(days=1)).key


def _measure(port: int, cookie: str, sequential: int, quarter: str) -> dict[str, float]:
    headers = {"Cookie": cookie}
    paths = {
        "statistics": f"/can-bo/thong-ke/?period={quarter}",
        "register": f"/can-bo/so-theo-doi-ho-so/?period={quarter}",
        "statistics_api": f"/api/v1/staff/statistics?period={quarter}",
    }
    for path in paths.values():  # every server process warm (three of them), so no first request is timed
        load(port, path, clients=4, requests_per_client=3, headers=headers)
    out = {}
    for name, path in paths.items():
        result = load(port, path, clients=1, requests_per_client=sequential, headers=headers)
        assert result.errors == 0, (name, result.errors)
        out[name] = result.p95
    return out


def run(quick: bool = False) -> None:
    large = 10_000 if quick else 1_000_000
    small = large // 1000
    sequential = 15 if quick else SEQUENTIAL
    prepare_database()
    setup_django()
    cookie = _session_cookie("lanhdao.tinh")
    quarter = _quarter()
    with gunicorn() as port:
        _reset_if_filled(small)
        _grow_shaped(small)
        at_small = _measure(port, cookie, sequential, quarter)
        _grow_shaped(large)
        at_large = _measure(port, cookie, sequential, quarter)
    for name in ("statistics", "register", "statistics_api"):
        emit(f"{name}_p95_ms", at_large[name], "ms", dossiers=large, period=quarter, viewer="lanhdao.tinh")
        if name != "statistics_api":
            growth = at_large[name] / at_small[name] if at_small[name] else 0.0
            emit(f"{name}_p95_ms_growth", growth, "ratio", small=small, large=large)
