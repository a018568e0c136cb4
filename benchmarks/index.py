"""The service-quality index (issue 7) with many dossiers in the database.

Metrics: index_dashboard_p95_ms (the provincial leader's dashboard /can-bo/chi-so/ for the last complete
quarter, one client after another, with 2,000,000 dossiers; quick: 20,000) and index_dashboard_p95_ms_growth
(÷ the same at 1/1000 of the dossiers, same run), with index_api_p95_ms (GET /api/v1/index) beside it;
index_recompute_s (the whole daily table recomputed from the records, large volume) and its growth;
index_query_vs_duckdb: the time `compute_index` takes for the province's quarter from the daily counters,
divided by the time DuckDB takes to compute the same counters by scanning the dossiers (and their payments
and synchronisations) exported to Parquet, in the same run; both results are checked to agree.

The dossiers are the statistics benchmark's (received over four years with every situation), given the facts
the counters read: papers (some reused), results, ratings (some dissatisfied), payment requests and
national-portal synchronisations. The dossier tables are emptied first when an earlier module filled them.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
import tempfile
import time
from pathlib import Path

from benchmarks.common import emit, gunicorn, load, prepare_database, setup_django
from benchmarks.home import _session_cookie
from benchmarks.statistics import _grow_shaped, _quarter, _reset_if_filled

SEQUENTIAL = 30


def _facts(first_id: int) -> None:
    """The facts the counters read, for every dossier from `first_id` on, by SQL (cheap, deterministic)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO dossiers_dossierfile (dossier_id, component_name, is_authorisation, file, original_name,
                content_type, size, pages, sha256, source, round, uploaded_by_id, created_at)
            SELECT id, 'Giấy tờ', false, '', 'giay-to.pdf', 'application/pdf', 200000, 1, '',
                   CASE WHEN id %% 40 = 0 THEN 'reused' ELSE 'upload' END, 0, applicant_id, coalesce(received_at, now())
            FROM dossiers_dossier WHERE id >= %s AND received_at IS NOT NULL AND id %% 3 <> 0
            """,
            [first_id],
        )
        cursor.execute(
            """
            INSERT INTO dossiers_dossierdocument (dossier_id, kind, file, issued_at, issued_by_id, items)
            SELECT id, 'KQ', '', finished_at, applicant_id, '' FROM dossiers_dossier
            WHERE id >= %s AND finished_at IS NOT NULL AND id %% 4 <> 0
            """,
            [first_id],
        )
        cursor.execute(
            """
            INSERT INTO dossiers_rating (dossier_id, attitude, timeliness, guidance, overall, comment, created_at)
            SELECT id, CASE WHEN id %% 90 = 0 THEN 1 ELSE 3 END, 2, 3, 3, '', finished_at + interval '1 day'
            FROM dossiers_dossier WHERE id >= %s AND finished_at IS NOT NULL AND id %% 9 = 0
            """,
            [first_id],
        )
        cursor.execute(
            """
            INSERT INTO payments_paymentrequest (subject, subject_label, payer_id, agency_id, kind, description,
                amount, reference, bank_bin, bank_name, account_number, account_name, payload, state, method,
                created_at, receipt_number, receipt)
            SELECT 'dossier:' || id, coalesce(code, reference), applicant_id, competent_agency_id, 'fee', 'Lệ phí',
                   8000, 'B' || id, '970415', 'VietinBank', '370000000001', 'Bench', '',
                   CASE WHEN id %% 60 = 0 THEN 'pending' ELSE 'paid' END,
                   CASE WHEN id %% 60 = 0 THEN '' WHEN id %% 7 = 0 THEN 'cash' ELSE 'transfer' END,
                   received_at + interval '1 hour', '', ''
            FROM dossiers_dossier WHERE id >= %s AND received_at IS NOT NULL AND id %% 20 = 0
            """,
            [first_id],
        )
        cursor.execute(
            """
            INSERT INTO dossiers_portalsync (dossier_id, status, changed_at, payload, state, attempts,
                next_attempt_at, sent_at, receipt, last_error)
            SELECT id, 2, received_at, '{}'::jsonb, 'sent', 1, received_at,
                   received_at + CASE WHEN id %% 17 = 0 THEN interval '30 hours' ELSE interval '20 minutes' END, '', ''
            FROM dossiers_dossier WHERE id >= %s AND received_at IS NOT NULL AND id %% 10 = 0
            """,
            [first_id],
        )
        for table in (
            "dossiers_dossierfile",
            "dossiers_dossierdocument",
            "dossiers_rating",
            "payments_paymentrequest",
            "dossiers_portalsync",
        ):
            cursor.execute(f"ANALYZE {table}")


def _grow(total: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM dossiers_dossier")
        first_id = cursor.fetchone()[0]
    _grow_shaped(total)
    _facts(first_id)


def _recompute() -> float:
    from tinhso.servicequality import counters

    t0 = time.perf_counter()
    counters.recompute()
    return time.perf_counter() - t0


def _measure(port: int, cookie: str, sequential: int, quarter: str) -> dict[str, float]:
    headers = {"Cookie": cookie}
    paths = {
        "index_dashboard": f"/can-bo/chi-so/?scope=province&period={quarter}",
        "index_api": f"/api/v1/index?scope=province&period={quarter}",
    }
    for path in paths.values():  # every server process warm (three of them), so no first request is timed
        load(port, path, clients=4, requests_per_client=3, headers=headers)
    out = {}
    for name, path in paths.items():
        result = load(port, path, clients=1, requests_per_client=sequential, headers=headers)
        assert result.errors == 0, (name, result.errors)
        out[name] = result.p95
    return out


# --- the same figures by DuckDB over Parquet -------------------------------------------------------------

EXPORT = """
SELECT d.id, d.competent_agency_id AS agency, d.channel,
       (d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS received,
       (d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS finished,
       (coalesce(d.finished_at, d.closed_at) AT TIME ZONE 'Asia/Ho_Chi_Minh') AS settled,
       (d.late_since AT TIME ZONE 'Asia/Ho_Chi_Minh') AS late_since,
       (coalesce(d.original_due_at, d.due_at) AT TIME ZONE 'Asia/Ho_Chi_Minh') AS deadline,
       v.snapshot->>'online_level' = 'full' AS online_full,
       EXISTS (SELECT 1 FROM dossiers_dossierfile f WHERE f.dossier_id = d.id AND NOT f.is_authorisation) AS has_files,
       EXISTS (SELECT 1 FROM dossiers_dossierfile f WHERE f.dossier_id = d.id AND f.source = 'reused') AS has_reused,
       EXISTS (SELECT 1 FROM datastore_storeddocument s WHERE s.subject = 'dossier:' || d.id
               AND s.source = 'digitised') AS has_store,
       EXISTS (SELECT 1 FROM dossiers_dossierdocument k WHERE k.dossier_id = d.id AND k.kind = 'KQ') AS has_result,
       EXISTS (SELECT 1 FROM dossiers_rating r WHERE r.dossier_id = d.id
               AND 1 IN (r.attitude, r.timeliness, r.guidance, r.overall)) AS dissatisfied
FROM dossiers_dossier d JOIN publicservices_procedureversion v ON v.id = d.version_id
"""
EXPORT_PAYMENTS = """
SELECT agency_id AS agency, subject, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS created,
       state = 'paid' AND method = 'transfer' AS paid_online
FROM payments_paymentrequest WHERE subject LIKE 'dossier:%'
"""
EXPORT_SYNC = """
SELECT d.competent_agency_id AS agency, (y.changed_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS changed,
       (y.sent_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS sent
FROM dossiers_portalsync y JOIN dossiers_dossier d ON d.id = y.dossier_id
"""

DUCKDB_QUERY = """
WITH d AS (
  SELECT *, late_since IS NOT NULL OR (deadline IS NOT NULL AND finished > deadline) AS late,
         CAST(received AS DATE) AS rday, CAST(finished AS DATE) AS fday, CAST(settled AS DATE) AS sday,
         CAST(late_since AS DATE) AS lday, CAST(deadline AS DATE) AS dday
  FROM read_parquet('{dossiers}') WHERE agency IN (SELECT unnest({agencies}))
)
SELECT
  count(*) FILTER (WHERE rday >= DATE '{start}' AND rday < DATE '{end}') AS received,
  count(*) FILTER (WHERE received IS NOT NULL AND sday >= DATE '{start}' AND sday < DATE '{end}') AS settled,
  count(*) FILTER (WHERE received IS NOT NULL AND lday >= DATE '{start}' AND lday < DATE '{end}') AS flagged,
  count(*) FILTER (WHERE received IS NOT NULL AND sday >= DATE '{start}' AND sday < DATE '{end}' AND late_since <= settled) AS settled_flagged,
  count(*) FILTER (WHERE fday >= DATE '{start}' AND fday < DATE '{end}') AS finished,
  count(*) FILTER (WHERE fday >= DATE '{start}' AND fday < DATE '{end}' AND NOT late AND deadline IS NOT NULL AND fday < dday) AS finished_early,
  count(*) FILTER (WHERE fday >= DATE '{start}' AND fday < DATE '{end}' AND NOT late AND NOT (deadline IS NOT NULL AND fday < dday)) AS finished_on_time,
  count(*) FILTER (WHERE fday >= DATE '{start}' AND fday < DATE '{end}' AND late) AS finished_late,
  count(*) FILTER (WHERE fday >= DATE '{start}' AND fday < DATE '{end}' AND has_result) AS finished_e_result,
  count(*) FILTER (WHERE fday >= DATE '{start}' AND fday < DATE '{end}' AND NOT late AND dissatisfied) AS finished_dissatisfied,
  count(*) FILTER (WHERE rday >= DATE '{start}' AND rday < DATE '{end}' AND online_full) AS eligible_online,
  count(*) FILTER (WHERE rday >= DATE '{start}' AND rday < DATE '{end}' AND online_full AND channel = 2) AS received_online,
  count(*) FILTER (WHERE rday >= DATE '{start}' AND rday < DATE '{end}' AND has_files) AS digitised,
  count(*) FILTER (WHERE rday >= DATE '{start}' AND rday < DATE '{end}' AND has_reused) AS reused,
  count(*) FILTER (WHERE rday >= DATE '{start}' AND rday < DATE '{end}' AND has_store) AS linked_store,
  count(*) FILTER (WHERE rday < DATE '{start}') - count(*) FILTER (WHERE received IS NOT NULL AND sday < DATE '{start}') AS open_start,
  count(*) FILTER (WHERE received IS NOT NULL AND lday < DATE '{start}')
    - count(*) FILTER (WHERE received IS NOT NULL AND sday < DATE '{start}' AND late_since <= settled) AS flagged_start,
  (SELECT count(*) FROM (SELECT subject FROM read_parquet('{payments}') WHERE agency IN (SELECT unnest({agencies}))
     GROUP BY subject HAVING CAST(min(created) AS DATE) >= DATE '{start}' AND CAST(min(created) AS DATE) < DATE '{end}')) AS obligations,
  (SELECT count(*) FROM (SELECT subject FROM read_parquet('{payments}') WHERE agency IN (SELECT unnest({agencies}))
     GROUP BY subject HAVING CAST(min(created) AS DATE) >= DATE '{start}' AND CAST(min(created) AS DATE) < DATE '{end}' AND bool_or(paid_online)))
     AS paid_online,
  (SELECT count(*) FROM read_parquet('{sync}') WHERE agency IN (SELECT unnest({agencies}))
     AND CAST(changed AS DATE) >= DATE '{start}' AND CAST(changed AS DATE) < DATE '{end}') AS sync_items,
  (SELECT count(*) FROM read_parquet('{sync}') WHERE agency IN (SELECT unnest({agencies}))
     AND CAST(changed AS DATE) >= DATE '{start}' AND CAST(changed AS DATE) < DATE '{end}' AND sent <= changed + INTERVAL 1 HOUR) AS sync_1h,
  (SELECT count(*) FROM read_parquet('{sync}') WHERE agency IN (SELECT unnest({agencies}))
     AND CAST(changed AS DATE) >= DATE '{start}' AND CAST(changed AS DATE) < DATE '{end}' AND sent <= changed + INTERVAL 24 HOUR) AS sync_24h,
  (SELECT count(*) FROM read_parquet('{sync}') WHERE agency IN (SELECT unnest({agencies}))
     AND CAST(changed AS DATE) >= DATE '{start}' AND CAST(changed AS DATE) < DATE '{end}' AND sent <= changed + INTERVAL 72 HOUR) AS sync_72h
FROM d
"""


def _export(folder: Path) -> dict[str, Path]:
    import duckdb
    from django.db import connection

    paths = {}
    for name, sql in (("dossiers", EXPORT), ("payments", EXPORT_PAYMENTS), ("sync", EXPORT_SYNC)):
        csv = folder / f"{name}.csv"
        with (
            connection.cursor() as cursor,
            open(csv, "wb") as out,
            cursor.connection.cursor().copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy,
        ):
            for chunk in copy:
                out.write(chunk)
        parquet = folder / f"{name}.parquet"
        duckdb.sql(f"COPY (SELECT * FROM read_csv_auto('{csv}')) TO '{parquet}' (FORMAT parquet)")
        csv.unlink()
        paths[name] = parquet
    return paths


def _duckdb_vs_platform(start: dt.date, end: dt.date, repeats: int) -> tuple[float, float, float]:
    import duckdb

    from tinhso.servicequality.index import (
        Totals,
        active_indicators,
        compute_index,
        measures,
        procedure_measures,
        province_scope,
        score,
        sync_window,
    )
    from tinhso.servicequality.models import COUNTERS

    scope = province_scope()
    with tempfile.TemporaryDirectory() as tmp:
        files = _export(Path(tmp))
        query = DUCKDB_QUERY.format(
            dossiers=files["dossiers"],
            payments=files["payments"],
            sync=files["sync"],
            agencies=list(scope.agency_ids),
            start=start.isoformat(),
            end=end.isoformat(),
        )
        con = duckdb.connect()
        con.execute(query).fetchall()  # warm: file metadata, plan
        duck_times, platform_times = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            row = con.execute(query).fetchone()
            duck_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            platform = compute_index(scope, start, end)
            platform_times.append(time.perf_counter() - t0)
        names = [c[0] for c in con.description]
        got = dict(zip(names, row, strict=True))
    totals = Totals(
        counters={c: int(got[c]) for c in COUNTERS},
        open_start=int(got["open_start"]),
        flagged_start=int(got["flagged_start"]),
    )
    indicators = active_indicators()
    values = measures(totals, procedure_measures(scope), sync_window(indicators))
    by_duckdb = {i.indicator.code: i.points for i in score(indicators, values, scope)}
    by_platform = {i.indicator.code: i.points for i in platform.indicators}
    assert by_duckdb == by_platform, (by_duckdb, by_platform)
    duck, mine = stats.median(duck_times), stats.median(platform_times)
    return mine / duck, mine, duck


def run(quick: bool = False) -> None:
    large = 20_000 if quick else 2_000_000
    small = large // 1000
    sequential = 15 if quick else SEQUENTIAL
    prepare_database()
    setup_django()
    cookie = _session_cookie("lanhdao.tinh")
    quarter = _quarter()
    from tinhso.servicequality.index import parse_period_text

    start, end = parse_period_text(quarter)
    with gunicorn() as port:
        _reset_if_filled(small)
        _grow(small)
        small_recompute = _recompute()
        at_small = _measure(port, cookie, sequential, quarter)
        _grow(large - small)
        large_recompute = _recompute()
        at_large = _measure(port, cookie, sequential, quarter)
    for name in ("index_dashboard", "index_api"):
        emit(f"{name}_p95_ms", at_large[name], "ms", dossiers=large, period=quarter, scope="province")
        emit(
            f"{name}_p95_ms_growth",
            at_large[name] / at_small[name] if at_small[name] else 0.0,
            "ratio",
            small=small,
            large=large,
        )
    emit("index_recompute_s", large_recompute, "s", dossiers=large)
    emit(
        "index_recompute_s_growth",
        large_recompute / small_recompute if small_recompute else 0.0,
        "ratio",
        small=small,
        large=large,
    )
    ratio, mine, duck = _duckdb_vs_platform(start, end, 3 if quick else 10)
    emit(
        "index_query_vs_duckdb",
        ratio,
        "ratio",
        platform_ms=round(mine * 1000, 2),
        duckdb_ms=round(duck * 1000, 2),
        dossiers=large,
        what="province, one quarter, by group; same figures checked",
    )
