"""The officials' dossier inbox with many dossiers in the database.

Metrics: inbox_p95_ms (the one-stop officer's /can-bo/ho-so/ page, one client after another, with
1,000,000 dossiers in full mode, 10,000 quick), inbox_p95_ms_growth (that ÷ the same at 1/1000 of the
dossiers), inbox_api_p95_ms (GET /api/v1/tasks), inbox_rps beside baseline_rps (a static file, same
server, same run, 8 clients) and inbox_rps_ratio.

Dossiers are spread over every other commune of the province; 3 % are open, half waiting at a commune
centre's desk, half with a commune's specialist. The measured officer's desk holds the same 150 open
dossiers at both volumes, so the growth figure shows what the rest of the database costs her page.
"""

from __future__ import annotations

from benchmarks.common import emit, gunicorn, load, prepare_database, setup_django
from benchmarks.home import _session_cookie

SEQUENTIAL = 60
DEMO_COMMUNE = "05443"  # tinhso.core.demo.DEMO_COMMUNE (not importable before Django is set up)
OWN_TASKS = 150  # on the measured officer's desk at both volumes: more than a page
CLIENTS = 8


def grow_dossiers(total: int) -> None:
    """Dossiers in the database up to `total` (kept if already there), generated in SQL; also used by
    benchmarks/lookup.py. Every one is the demo citizen's (telephone ending 5678), 1 in 66 without a code."""
    from django.db import connection

    from tinhso.core.models import Agency, User
    from tinhso.publicservices.models import Procedure
    from tinhso.publicservices.versions import version_current

    procedure = Procedure.objects.get(code="1.001193")
    version = version_current(procedure)
    applicant = User.objects.get(username="congdan")
    committees = dict(Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE).values_list("unit_id", "id"))
    centres = dict(
        Agency.objects.filter(kind=Agency.Kind.COMMUNE_SERVICE_CENTRE).values_list("unit_id", "id")
    )
    mine = Agency.objects.get(ref=f"{DEMO_COMMUNE}:centre").unit_id
    # the measured officer's own commune gets a fixed set of tasks (see _own_tasks): the rest of the
    # province grows around it, so the page shows the same rows at both volumes
    pairs = [(committees[u], centres[u]) for u in sorted(committees) if u in centres and u != mine]
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM dossiers_dossier")
        start = cursor.fetchone()[0] + 1
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        have = cursor.fetchone()[0]
        if have >= total:
            return
        cursor.execute("CREATE TEMP TABLE bench_pairs (n int, committee bigint, centre bigint)")
        cursor.executemany(
            "INSERT INTO bench_pairs VALUES (%s, %s, %s)", [(i, c, d) for i, (c, d) in enumerate(pairs)]
        )
        cursor.execute(
            """
            INSERT INTO dossiers_dossier (id, reference, code, procedure_id, version_id, applicant_id,
                applicant_name, subject_name, competent_agency_id, receiving_agency_id, status, channel,
                form_data, delivery, delivery_address, created_at, updated_at, submitted_at, received_at,
                due_at, paused_hours, outcome_note, lock_version)
            SELECT g, 'B' || g, CASE WHEN g %% 66 = 0 THEN NULL ELSE 'BENCH-' || g END, %s, %s, %s,
                'Công dân ' || g, '', p.committee, p.centre,
                CASE WHEN g %% 66 = 0 THEN 1 WHEN g %% 33 = 0 THEN 4 ELSE 10 END, 2, '{}'::jsonb, 'online', '',
                now() - (g %% 5000 || ' hours')::interval, now(), now(), now(),
                now() + ((g %% 200) - 50 || ' hours')::interval, 0, '', 0
            FROM generate_series(%s, %s) g
            JOIN bench_pairs p ON p.n = g %% %s
            """,
            [procedure.pk, version.pk, applicant.pk, start, start + total - have - 1, len(pairs)],
        )
        cursor.execute(
            """
            INSERT INTO dossiers_steprun (dossier_id, index, name, kind, role, department, agency_id,
                started_at, due_at, budget_hours, finished_at, spent_hours, outcome, note)
            SELECT d.id, CASE WHEN d.status = 1 THEN 0 ELSE 1 END,
                CASE WHEN d.status = 1 THEN 'Tiếp nhận hồ sơ' ELSE 'Thẩm định' END,
                CASE WHEN d.status = 1 THEN 'receive' ELSE 'handle' END,
                CASE WHEN d.status = 1 THEN 'one_stop_officer' ELSE 'specialist' END, '',
                CASE WHEN d.status = 1 THEN d.receiving_agency_id ELSE d.competent_agency_id END,
                d.created_at, d.due_at, 8,
                CASE WHEN d.status = 10 THEN now() END, CASE WHEN d.status = 10 THEN 4 END,
                CASE WHEN d.status = 10 THEN 'finished' ELSE '' END, ''
            FROM dossiers_dossier d WHERE d.id >= %s
            """,
            [start],
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), max(id)) FROM dossiers_dossier"
        )
        cursor.execute("DROP TABLE bench_pairs")
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_steprun")


def _own_tasks(count: int = OWN_TASKS) -> None:
    """`count` online dossiers waiting at the measured officer's desk (once)."""
    from django.db import connection

    from tinhso.core.models import Agency, User
    from tinhso.publicservices.models import Procedure
    from tinhso.publicservices.versions import version_current

    procedure = Procedure.objects.get(code="1.001193")
    version = version_current(procedure)
    applicant = User.objects.get(username="congdan")
    committee = Agency.objects.get(ref=f"{DEMO_COMMUNE}:committee")
    centre = Agency.objects.get(ref=f"{DEMO_COMMUNE}:centre")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH d AS (
                INSERT INTO dossiers_dossier (reference, code, procedure_id, version_id, applicant_id,
                    applicant_name, subject_name, competent_agency_id, receiving_agency_id, status, channel,
                    form_data, delivery, delivery_address, created_at, updated_at, submitted_at, paused_hours,
                    outcome_note, lock_version)
                SELECT 'OWN' || g, NULL, %s, %s, %s, 'Công dân ' || g, '', %s, %s, 1, 2, '{}'::jsonb,
                    'online', '', now(), now(), now() - (g || ' minutes')::interval, 0, '', 0
                FROM generate_series(1, %s) g
                ON CONFLICT DO NOTHING
                RETURNING id, submitted_at
            )
            INSERT INTO dossiers_steprun (dossier_id, index, name, kind, role, department, agency_id,
                started_at, due_at, budget_hours, outcome, note)
            SELECT d.id, 0, 'Tiếp nhận hồ sơ', 'receive', 'one_stop_officer', '', %s, d.submitted_at,
                d.submitted_at + interval '4 hours', 4, '', ''
            FROM d
            """,
            [procedure.pk, version.pk, applicant.pk, committee.pk, centre.pk, count, centre.pk],
        )


def _measure(port: int, cookie: str, sequential: int) -> tuple[float, float]:
    headers = {"Cookie": cookie}
    for path in ("/can-bo/ho-so/", "/api/v1/tasks"):  # warm every server process, not just one
        load(port, path, clients=6, requests_per_client=2, headers=headers)
    page = load(port, "/can-bo/ho-so/", clients=1, requests_per_client=sequential, headers=headers)
    api = load(port, "/api/v1/tasks", clients=1, requests_per_client=sequential, headers=headers)
    assert page.errors == 0 and api.errors == 0, (page.errors, api.errors)
    return page.p95, api.p95


def run(quick: bool = False) -> None:
    large = 10_000 if quick else 1_000_000
    small = large // 1000
    sequential = 20 if quick else SEQUENTIAL
    busy_requests = 3 if quick else 10
    prepare_database()
    setup_django()
    cookie = _session_cookie("motcua.pdp")
    with gunicorn() as port:
        _own_tasks()
        grow_dossiers(small)
        page_small, api_small = _measure(port, cookie, sequential)
        grow_dossiers(large)
        page_large, api_large = _measure(port, cookie, sequential)
        busy = load(
            port,
            "/can-bo/ho-so/",
            clients=CLIENTS,
            requests_per_client=busy_requests,
            headers={"Cookie": cookie},
        )
        baseline = load(port, "/static/css/tinhso.css", clients=CLIENTS, requests_per_client=busy_requests)
    emit("inbox_p95_ms", page_large, "ms", dossiers=large, clients=1)
    emit(
        "inbox_p95_ms_growth",
        page_large / page_small if page_small else 0.0,
        "ratio",
        small=small,
        large=large,
    )
    emit("inbox_api_p95_ms", api_large, "ms", dossiers=large)
    emit(
        "inbox_api_p95_ms_growth",
        api_large / api_small if api_small else 0.0,
        "ratio",
        small=small,
        large=large,
    )
    emit("inbox_rps", busy.rps, "requests/s", clients=CLIENTS)
    emit("inbox_baseline_rps", baseline.rps, "requests/s", what="static file, same server")
    emit("inbox_rps_ratio", busy.rps / baseline.rps if baseline.rps else 0.0, "ratio")
