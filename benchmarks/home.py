"""Home pages under 20 concurrent clients, at a small volume and at 1000x that volume of accounts.

Metrics: home_p95_ms (citizen home, logged in), home_p95_ms_growth (large / small volume),
backoffice_home_p95_ms (+ _growth), home_rps beside baseline_rps (a static file served by the same
server, same run) and home_rps_ratio.
"""

from __future__ import annotations

from benchmarks.common import emit, gunicorn, insert_citizens, load, prepare_database, setup_django

CLIENTS = 20


def _session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from tinhso.core.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _grow(accounts: int) -> None:
    """Citizen accounts and audit entries: the tables that grow with use and that home pages touch."""
    from django.db import connection

    with connection.cursor() as cursor:
        insert_citizens(cursor, "bench", accounts)
        cursor.execute(
            """
            INSERT INTO core_auditentry (at, actor_label, action, object_type, object_id, summary)
            SELECT now() - (g || ' seconds')::interval, 'bench', 'user.login', '', '', '{}'::jsonb
            FROM generate_series(1, %s) g
            """,
            [accounts],
        )
        cursor.execute("ANALYZE")


def _measure(port: int, citizen: str, official: str, requests: int) -> tuple[float, float]:
    load(port, "/", clients=4, requests_per_client=5, headers={"Cookie": citizen})  # warm-up
    home = load(port, "/", clients=CLIENTS, requests_per_client=requests, headers={"Cookie": citizen})
    office = load(
        port, "/can-bo/", clients=CLIENTS, requests_per_client=requests, headers={"Cookie": official}
    )
    assert home.errors == 0 and office.errors == 0, (home.errors, office.errors)
    return home.p95, office.p95


def run(quick: bool = False) -> None:
    large = 2_000 if quick else 200_000
    small = large // 1000
    requests = 2 if quick else 25
    prepare_database()
    setup_django()
    citizen, official = _session_cookie("congdan"), _session_cookie("lanhdao.tinh")
    with gunicorn() as port:
        _grow(small)
        home_small, office_small = _measure(port, citizen, official, requests)
        _grow(large)
        home_large, office_large = _measure(port, citizen, official, requests)
        home = load(port, "/", clients=CLIENTS, requests_per_client=requests, headers={"Cookie": citizen})
        baseline = load(port, "/static/css/tinhso.css", clients=CLIENTS, requests_per_client=requests)
    emit("home_p95_ms", home_large, "ms", clients=CLIENTS, accounts=large)
    emit(
        "home_p95_ms_growth",
        home_large / home_small if home_small else 0.0,
        "ratio",
        small=small,
        large=large,
    )
    emit("backoffice_home_p95_ms", office_large, "ms", clients=CLIENTS, accounts=large)
    emit("backoffice_home_p95_ms_growth", office_large / office_small if office_small else 0.0, "ratio")
    emit("home_rps", home.rps, "requests/s", clients=CLIENTS)
    emit("baseline_rps", baseline.rps, "requests/s", what="static file through the same server")
    emit("home_rps_ratio", home.rps / baseline.rps if baseline.rps else 0.0, "ratio")
