"""`tinhso run` as a newcomer uses it: starts, serves, and stops everything on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tinhso import cli, devdb

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.xdist_group("cli")
def test_run_serves_and_ctrl_c_stops_everything(worker_id):
    dbname = f"tinhso_cli_{worker_id}"
    port = free_port()
    env = {**os.environ, "TINHSO_DB_NAME": dbname, "PORT": str(port)}
    env.pop("DATABASE_URL", None)
    server = devdb.ensure_running()
    devdb.drop_database(server, dbname)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tinhso.cli", "run"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = []
        deadline = time.monotonic() + 120
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            if "is ready on" in line or time.monotonic() > deadline:
                break
        text = "".join(output)
        # the demo logins are printed, in Vietnamese
        assert "Tài khoản dùng thử" in text and "motcua.pdp" in text and "congdan" in text
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
        children = psutil.Process(proc.pid).children(recursive=True)
        assert any("gunicorn" in " ".join(c.cmdline()) for c in children)
        assert any("procrastinate" in " ".join(c.cmdline()) for c in children)
        # when the user presses Ctrl-C
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=40) == 0
        # then the server and the worker are gone, and the port is free again
        _gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive
        with socket.socket() as s:
            # SO_REUSEADDR, as servers bind: a closed connection's TIME_WAIT is not a listening server
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
        # the database was running before, so it is left running for whoever started it
        assert devdb._running() is not None
    finally:
        if proc.poll() is None:
            proc.kill()
        devdb.drop_database(server, dbname)


def test_a_stale_server_from_a_crash_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "RUN_DIR", tmp_path)
    stale = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "gunicorn"])
    (tmp_path / "gunicorn-8123.pid").write_text(str(stale.pid))
    cli._recover_stale("gunicorn-8123", "gunicorn")
    assert stale.wait(timeout=10) is not None
    assert not (tmp_path / "gunicorn-8123.pid").exists()


def test_an_unrelated_process_with_a_reused_pid_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "RUN_DIR", tmp_path)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "gunicorn-8124.pid").write_text(str(other.pid))
        cli._recover_stale("gunicorn-8124", "gunicorn")
        assert other.poll() is None
    finally:
        other.kill()
