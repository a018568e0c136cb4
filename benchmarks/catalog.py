"""Searching the procedure catalog: the published 55 procedures and 1000x as many synthetic ones.

Metrics: procedure_search_p95_ms (20 clients, /thu-tuc/?q=… over HTTP, 55,000 procedures in full mode,
5,500 quick), procedure_search_p95_ms_growth (large / small catalog), procedure_search_rps beside
baseline_rps (the catalog page without a query, same run) and procedure_search_ratio.
"""

from __future__ import annotations

from benchmarks.common import emit, gunicorn, load, prepare_database, setup_django

CLIENTS = 20
QUERY = "/thu-tuc/?q=dang+ky+khai+sinh"


def _grow(total: int) -> None:
    """Other procedures under new codes, whose words do not match the query: the search must find the
    same few procedures in a catalog 1000 times larger."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM publicservices_procedure")
        have = cursor.fetchone()[0]
        copies = max(0, total // 55 - 1)
        cursor.execute(
            """
            INSERT INTO publicservices_procedure (code, name, field, level, implementing_agency, promulgating_body,
                decision_no, processing_time, processing_time_unit, processing_time_detail, fee_vnd, fee_detail,
                online_level, channels, result, legal_basis, subjects, fully_described, source_url, source_note,
                is_active, search_text, sort_key)
            SELECT 'b' || n || '.' || p.code, 'Thủ tục mẫu ' || md5(p.code || n), p.field, p.level, p.implementing_agency,
                p.promulgating_body, p.decision_no, p.processing_time, p.processing_time_unit, '', p.fee_vnd,
                p.fee_detail, p.online_level, p.channels, p.result, p.legal_basis, p.subjects, p.fully_described,
                '', '', true, 'thu tuc mau ' || md5(p.code || n) || ' ' || md5(n || p.code), p.sort_key
            FROM publicservices_procedure p CROSS JOIN generate_series(1, %s) n
            WHERE p.code NOT LIKE 'b%%'
            ON CONFLICT DO NOTHING
            """,
            [copies] if have <= 55 else [0],
        )
        cursor.execute("ANALYZE publicservices_procedure")


def run(quick: bool = False) -> None:
    large = 5_500 if quick else 55_000
    requests = 2 if quick else 20
    prepare_database()
    setup_django()
    with gunicorn() as port:
        load(port, QUERY, clients=2, requests_per_client=2)
        small = load(port, QUERY, clients=CLIENTS, requests_per_client=requests)
        _grow(large)
        load(port, QUERY, clients=2, requests_per_client=2)
        big = load(port, QUERY, clients=CLIENTS, requests_per_client=requests)
        baseline = load(port, "/thu-tuc/", clients=CLIENTS, requests_per_client=requests)
    assert small.errors == big.errors == baseline.errors == 0
    emit("procedure_search_p95_ms", big.p95, "ms", clients=CLIENTS, procedures=large)
    emit(
        "procedure_search_p95_ms_growth",
        big.p95 / small.p95 if small.p95 else 0.0,
        "ratio",
        small=55,
        large=large,
    )
    emit("procedure_search_rps", big.rps, "requests/s")
    emit("procedure_list_baseline_rps", baseline.rps, "requests/s", what="catalog page without a query")
    emit("procedure_search_ratio", big.rps / baseline.rps if baseline.rps else 0.0, "ratio")
