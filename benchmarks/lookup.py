"""The public dossier lookup with many dossiers in the database.

Metrics: lookup_p95_ms (POST /api/v1/lookup, one client after another, 1,000,000 dossiers in full mode,
10,000 quick) and lookup_p95_ms_growth (that ÷ the same at 1/1000 of the dossiers, same run).

The requests are what people send: in turn a real dossier code with the applicant's last 4 digits (200), the
same code with wrong digits (404) and a code that does not exist (404), over codes drawn at random from the
table. Dossiers come from the worklist benchmark's generator (`benchmarks.worklist.grow_dossiers`). The bench
server's lookup budget is raised (`DOSSIER_LOOKUP_MAX_TRIES`, benchmarks/common.py) so no answer is a 429:
every request still spends a try, as in production.

Run after `worklist`, which leaves the large volume in the database: the large figure is taken first, then
the database is cloned again from its template for the small one (the server stays up: its workers
reconnect to the copy). Each figure is the median of the p95s of three blocks of requests.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import time

from benchmarks.common import emit, gunicorn, prepare_database, setup_django
from benchmarks.worklist import grow_dossiers

SEQUENTIAL = 300
SAMPLE = 200  # dossiers drawn per volume
WARM_UP = 30


def _cases(rng: random.Random) -> list[tuple[dict[str, str], int]]:
    """(request body, expected status) in turn: a hit, the right code with wrong digits, an unknown code."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM dossiers_dossier")
        low, high = cursor.fetchone()
        ids = [rng.randint(low, high) for _ in range(SAMPLE * 4)]
        cursor.execute(
            """
            SELECT d.code, u.phone, coalesce(u.citizen_id, '') FROM dossiers_dossier d
            JOIN core_user u ON u.id = d.applicant_id
            WHERE d.id = ANY(%s) AND d.code IS NOT NULL AND d.status <> 0 AND u.phone <> ''
            LIMIT %s
            """,
            [ids, SAMPLE],
        )
        found = cursor.fetchall()
    assert found, "no dossier with a code to look up"
    cases = []
    for n, (code, phone, citizen_id) in enumerate(found):
        tails = {phone[-4:], citizen_id[-4:]}
        wrong = next(d for d in ("0000", "1111", "2222") if d not in tails)
        cases.append(({"number": code, "last_digits": phone[-4:]}, 200))
        cases.append(({"number": code, "last_digits": wrong}, 404))
        cases.append(({"number": f"000.00.19.H55-991231-{n:04d}", "last_digits": phone[-4:]}, 404))
    return cases


def _measure(port: int, cases: list[tuple[dict[str, str], int]], requests: int) -> tuple[float, int]:
    """p95 in ms of `requests` lookups on one keep-alive connection, after a warm-up, as the median of the
    p95s of three blocks (one burst of other work on the machine moves one block, not the figure); and the
    number of wrong answers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    timings: list[float] = []
    wrong = 0
    for i in range(requests + WARM_UP):
        body, expected = cases[i % len(cases)]
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/lookup", body=json.dumps(body), headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - t0) * 1000
        if i >= WARM_UP:
            timings.append(elapsed)
            wrong += response.status != expected
    conn.close()
    third = len(timings) // 3
    blocks = [timings[k * third : (k + 1) * third] for k in range(3)]
    return statistics.median(statistics.quantiles(b, n=100)[94] for b in blocks), wrong


def _explain(code: str) -> str:
    """How PostgreSQL finds a dossier by code (the lookup's query): an index scan, not a table scan."""
    from django.db import connection

    from tinhso.dossiers.models import Dossier, Status

    query = (
        Dossier.objects.exclude(status=Status.DRAFT)
        .select_related("applicant", "procedure", "version")
        .filter(code=code)
        .order_by("pk")[:1]
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return " ".join(row[0].strip() for row in cursor.fetchall())


def run(quick: bool = False) -> None:
    from django.db import connections

    large = 10_000 if quick else 1_000_000
    small = large // 1000
    requests = 150 if quick else SEQUENTIAL
    rng = random.Random(20261203)
    prepare_database()
    setup_django()
    with gunicorn() as port:
        grow_dossiers(large)  # nothing to do after `worklist`
        cases = _cases(rng)
        plan = _explain(cases[0][0]["number"])
        large_p95, large_wrong = _measure(port, cases, requests)
    connections.close_all()
    prepare_database(fresh=True, keep_server=True)  # back to the template's few dossiers; server kept warm
    with gunicorn() as port:
        grow_dossiers(small)
        small_p95, small_wrong = _measure(port, _cases(rng), requests)
    assert large_wrong == small_wrong == 0, (large_wrong, small_wrong)
    emit(
        "lookup_p95_ms",
        large_p95,
        "ms",
        dossiers=large,
        clients=1,
        requests=requests,
        mix="1/3 found, 1/3 wrong digits, 1/3 unknown code",
        index_scan="Index Scan" in plan and "Seq Scan on dossiers_dossier" not in plan,
    )
    emit(
        "lookup_p95_ms_growth",
        large_p95 / small_p95 if small_p95 else 0.0,
        "ratio",
        small=small,
        large=large,
        small_p95_ms=round(small_p95, 2),
    )
