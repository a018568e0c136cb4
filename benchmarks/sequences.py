"""Sequence allocation under contention: 8 processes drawing numbers from ONE scope (as 8 desks issuing
one agency's dossier codes), each number in its own transaction, beside a baseline in the same run: the
same 8 processes on 8 different scopes, where nobody waits for anybody.

Metrics: sequence_allocs_per_s, sequence_allocs_baseline_per_s, sequence_allocs_ratio (contended /
baseline). Every allocation goes through the real service (tinhso.core.sequences.sequence_next) and
the contended run is checked for duplicates and gaps.
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from typing import Any

from benchmarks.common import emit, migrated_database, setup_django

PROCESSES = 8


def _worker(index: int, run_id: str, seconds: float, barrier: Any, results: Any) -> None:
    from django.db import connection, transaction

    from tinhso.core.sequences import sequence_next

    connection.ensure_connection()
    for name, scope in (("contended", f"bench:{run_id}"), ("baseline", f"bench:{run_id}:{index}")):
        barrier.wait(timeout=120)
        count = 0
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            with transaction.atomic():
                sequence_next(scope=scope, period="bench")
            count += 1
        results.put((name, count, time.perf_counter() - started))
    connection.close()


def run(quick: bool = False) -> None:
    seconds = 0.8 if quick else 10.0
    migrated_database()
    setup_django()
    run_id = uuid.uuid4().hex[:8]
    from django.db import connections

    # fork: the children inherit the set-up Django, so a quick run stays quick; they must not inherit an
    # open connection (earlier benchmarks in this process used one), or they would share its socket.
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(i, run_id, seconds, barrier, results)) for i in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    totals: dict[str, list[tuple[int, float]]] = {"contended": [], "baseline": []}
    for _ in range(2 * PROCESSES):
        name, count, elapsed = results.get(timeout=300)
        totals[name].append((count, elapsed))
    for proc in procs:
        proc.join(timeout=30)

    def rate(name: str) -> float:
        rows = totals[name]
        return sum(c for c, _e in rows) / max(e for _c, e in rows)

    from tinhso.core.models import Sequence

    issued = Sequence.objects.get(scope=f"bench:{run_id}", period="bench").last_value
    drawn = sum(c for c, _e in totals["contended"])
    assert issued == drawn, f"{drawn} numbers drawn but the counter says {issued}"
    Sequence.objects.filter(scope__startswith=f"bench:{run_id}").delete()
    contended, baseline = rate("contended"), rate("baseline")
    emit("sequence_allocs_per_s", contended, "allocations/s", processes=PROCESSES, scopes=1)
    emit(
        "sequence_allocs_baseline_per_s",
        baseline,
        "allocations/s",
        processes=PROCESSES,
        scopes=PROCESSES,
        what="8 processes on 8 different scopes: no contention",
    )
    emit("sequence_allocs_ratio", contended / baseline if baseline else 0.0, "ratio")
