"""Browser journeys: Playwright (sync API) drives Debian's Chromium against a gunicorn started here, on its
own database with the demo data, exactly as `make run` serves it. Playwright never shares a thread with
Django's ORM: the server is a separate process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _require_chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (make test installs Debian's chromium when run as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def outbox_dir(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Where the e2e server's SMS and e-mail go (one JSON file per message), for tests to read codes."""
    return tmp_path_factory.mktemp("outbox")


def read_outbox(outbox: Path, channel: str, to: str) -> list[dict]:
    import json

    folder = outbox / channel
    files = sorted(folder.glob("*.json")) if folder.exists() else []
    return [m for m in (json.loads(f.read_text(encoding="utf-8")) for f in files) if m["to"] == to]


@pytest.fixture(scope="session")
def server_env(worker_id: str, outbox_dir: Path) -> dict[str, str]:
    """The environment of the e2e server: its own database and outbox."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tinhso.settings",
        "TINHSO_DB_NAME": f"tinhso_e2e_{worker_id}",
        "OUTBOX_DIR": str(outbox_dir),
        "TINHSO_DEMO_HISTORY": "0",  # journeys count on the demo's few dossiers
    }
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture(scope="session")
def server_python(server_env: dict[str, str]):  # type: ignore[no-untyped-def]
    """Run Python in the e2e server's database, in a process of its own (the test process is bound to the
    pytest database): for journeys that let time pass, as the periodic jobs would see it."""

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", code],
            env=server_env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    return run


@pytest.fixture(scope="session")
def server_url(worker_id: str, server_env: dict[str, str]) -> Iterator[str]:
    """A separately started gunicorn on a fresh database loaded with the demo data."""
    _require_chromium()
    from tinhso import devdb

    env = server_env
    dbname = env["TINHSO_DB_NAME"]
    server = devdb.ensure_running()
    devdb.drop_database(server, dbname)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "demo_data", "--quiet"], env=env, check=True, cwd=ROOT)
    port = _free_port()
    from tinhso.cli import gunicorn_argv

    RESULTS.mkdir(exist_ok=True)
    log = open(RESULTS / f"gunicorn-{worker_id}.log", "w")  # noqa: SIM115 - closed after the session
    proc = subprocess.Popen(
        gunicorn_argv(port),
        env={**env, "WEB_CONCURRENCY": "2"},
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 - local test server
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start; see test-results/gunicorn-*.log") from None
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()
    devdb.drop_database(server, dbname)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _context(browser, request, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="vi-VN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone(browser, request):  # type: ignore[no-untyped-def]
    """A 360 px wide phone screen."""
    yield from _context(
        browser,
        request,
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def desktop(browser, request):  # type: ignore[no-untyped-def]
    yield from _context(browser, request, viewport={"width": 1280, "height": 800})
