"""Shared benchmark machinery: a bench database, a gunicorn as `make run` starts it, a load generator."""

from __future__ import annotations

import atexit
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "tinhso_bench"


def emit(metric: str, value: float, unit: str, **extra: object) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra}), flush=True)


BENCH_MEDIA = ROOT / "var" / "bench-media"  # files stored by the benchmarks' submissions, emptied per run
# The bench server's settings, beside the bench database: the benchmarks' endpoints mounted (/api/v1/bench/…,
# never in a deployment), a lookup budget no benchmark client reaches (every bench client is 127.0.0.1),
# and its own media folder.
BENCH_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "tinhso.settings",
    "TINHSO_DB_NAME": BENCH_DB,
    "TINHSO_BENCH_ENDPOINTS": "1",
    "DOSSIER_LOOKUP_MAX_TRIES": str(10**9),
    "MEDIA_ROOT": str(BENCH_MEDIA),
    "TINHSO_DEMO_HISTORY": "0",  # benchmarks make their own volume
}


def bench_env() -> dict[str, str]:
    env = {**os.environ, **BENCH_SETTINGS}
    env.pop("DATABASE_URL", None)
    return env


_prepared = False


def _fixture_fingerprint() -> str:
    """Changes whenever migrations, reference or demo data change: the template database is rebuilt then."""
    digest = hashlib.sha256()
    for pattern in (
        "tinhso/*/migrations/*.py",
        "tinhso/*/data/*",
        "tinhso/*/demo.py",
        "tinhso/core/reference.py",
        "tinhso/publicservices/catalog.py",
        "tinhso/publicservices/process.py",
    ):
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    data = ROOT.parent / "shared" / "data"
    for path in sorted(data.glob("*.csv")) if data.is_dir() else []:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_database(*, fresh: bool = False, keep_server: bool = False) -> None:
    """A fresh database with migrations, reference data and the demo accounts (once per run: benchmarks
    add their own rows under their own names, so they can share it). Built once into a template database
    and copied from it afterwards (a second), until migrations or data change.

    `keep_server`: leave the running gunicorn up (its workers stay warm). The old database is dropped WITH
    (FORCE), which ends the workers' connections; Django's health checks (`CONN_HEALTH_CHECKS`) reconnect
    each at its next request, to the copy. Only when the template exists already, between measurements."""
    global _prepared
    if _prepared and not fresh:
        return
    _prepared = True
    if not keep_server:
        stop_server()  # its connections would hold the database being replaced
    from psycopg import connect, sql

    from tinhso import devdb

    server = devdb.ensure_running()
    shutil.rmtree(BENCH_MEDIA, ignore_errors=True)  # the files of the database being replaced
    template = f"{BENCH_DB}_template_{_fixture_fingerprint()}"
    with connect(server.conninfo(), autocommit=True) as conn:
        have = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
    if not have:
        stop_server()  # the template is made from the bench database: nothing may be connected to it
        for (old,) in _templates(server):
            devdb.drop_database(server, old)
        devdb.drop_database(server, BENCH_DB)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=bench_env(), check=True, cwd=ROOT)
        subprocess.run([*manage, "demo_data", "--quiet"], env=bench_env(), check=True, cwd=ROOT)
        with connect(server.conninfo(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(template), sql.Identifier(BENCH_DB)
                )
            )
        return
    devdb.drop_database(server, BENCH_DB)
    with connect(server.conninfo(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(BENCH_DB), sql.Identifier(template)
            )
        )


def _templates(server) -> list[tuple[str]]:  # type: ignore[no-untyped-def]
    from psycopg import connect

    with connect(server.conninfo(), autocommit=True) as conn:
        return conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{BENCH_DB}_template_%"]
        ).fetchall()


def migrated_database() -> None:
    """The bench database with the current schema, kept if it exists (no demo data): for benchmarks that
    bring their own rows and must stay quick."""
    from tinhso import devdb

    devdb.ensure_database(devdb.ensure_running(), BENCH_DB)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=bench_env(), check=True, cwd=ROOT)


def setup_django() -> None:
    os.environ.update(BENCH_SETTINGS)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_server: tuple[subprocess.Popen, int] | None = None


def _start_server() -> tuple[subprocess.Popen, int]:
    from tinhso.cli import gunicorn_argv

    port = _free_port()
    argv = [a for a in gunicorn_argv(port) if a != "-"]
    argv = [a for a in argv if a != "--access-logfile"]
    proc = subprocess.Popen(
        argv, env=bench_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return proc, port
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.3)


def stop_server() -> None:
    """SIGQUIT: stop now. The load generator's keep-alive connections would hold a graceful stop
    (SIGTERM) for seconds, and nothing is in flight once the measurements are taken."""
    global _server
    if _server is not None:
        proc, _port = _server
        _server = None
        proc.send_signal(signal.SIGQUIT)
        proc.wait(timeout=20)


@contextmanager
def gunicorn() -> Iterator[int]:
    """The platform's server on the bench database, as `make run` starts it. One server serves every
    benchmark of a run (booting three workers costs seconds each time); stopped at exit."""
    global _server
    if _server is None or _server[0].poll() is not None:
        _server = _start_server()
        atexit.register(stop_server)
    yield _server[1]


@dataclass
class LoadResult:
    latencies_ms: list[float]
    errors: int
    seconds: float

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[94] if len(self.latencies_ms) >= 2 else 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def concurrently(make_step: Callable[[], Callable[[], bool]], *, clients: int, per_client: int) -> LoadResult:
    """`clients` threads start together; each makes its own step (its connection, its cookies) and runs it
    `per_client` times. A step returns False for a failed request: counted as an error, not timed."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)

    def client() -> None:
        nonlocal errors
        step = make_step()
        mine: list[float] = []
        bad = 0
        start_gate.wait()
        for _ in range(per_client):
            t0 = time.perf_counter()
            if step():
                mine.append((time.perf_counter() - t0) * 1000)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return LoadResult(latencies, errors, time.perf_counter() - t0)


def load(
    port: int, path: str, *, clients: int, requests_per_client: int, headers: dict[str, str] | None = None
) -> LoadResult:
    """`clients` threads, each with one keep-alive connection, each sending `requests_per_client` GETs."""

    def make_step() -> Callable[[], bool]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def step() -> bool:
            nonlocal conn
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                return response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                return False

        return step

    return concurrently(make_step, clients=clients, per_client=requests_per_client)


def insert_citizens(  # type: ignore[no-untyped-def]
    cursor,
    prefix: str,
    last: int,
    *,
    first: int = 1,
    password: str = "!",  # noqa: S107 - "!" is Django's unusable-password marker
    with_phone: bool = False,
) -> None:
    """Citizen accounts `prefix1` … `prefix{last}` in one statement (existing ones are kept)."""
    phone = "'09' || lpad(g::text, 8, '0')" if with_phone else "''"
    cursor.execute(
        f"""
        INSERT INTO core_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                               is_active, date_joined, full_name, kind, phone, sort_key, address_line)
        SELECT %s, false, %s || g, '', '', '', false, true, now(), 'Công dân ' || g, 'citizen', {phone}, '', ''
        FROM generate_series(%s, %s) g
        ON CONFLICT DO NOTHING
        """,
        [password, prefix, first, last],
    )
