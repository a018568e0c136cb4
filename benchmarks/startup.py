"""A second `make run`: how long until the platform serves, and how long Ctrl-C takes to stop it all.

Metrics: rerun_ready_s (target < 15 s: nothing is reinstalled, data is kept), ctrl_c_stop_s.
Runs against the bench database prepared by benchmarks.common (already migrated and seeded).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

from benchmarks.common import BENCH_DB, ROOT, _free_port, emit, prepare_database


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def run(quick: bool = False) -> None:
    prepare_database(fresh=True)  # a restart of a platform in normal use, not of one the benchmarks filled
    port = _free_port()
    env = {**os.environ, "TINHSO_DB_NAME": BENCH_DB, "PORT": str(port)}
    env.pop("DATABASE_URL", None)
    t0 = time.monotonic()
    # its own session, so Ctrl-C can be sent to the whole group as a terminal does
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not _ready(port):
            if proc.poll() is not None or time.monotonic() - t0 > 120:
                raise RuntimeError("make run did not become ready")
            time.sleep(0.1)
        ready = time.monotonic() - t0
        t1 = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
        stopped = time.monotonic() - t1
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    emit("rerun_ready_s", ready, "s", target="< 15")
    emit("ctrl_c_stop_s", stopped, "s")
