"""Background jobs of the platform core. Tasks are thin: ids in, a service call, idempotent."""

from __future__ import annotations

import socket

from procrastinate.contrib.django import app

from tinhso.core import clock
from tinhso.core.models import WorkerHeartbeat
from tinhso.core.services.auth import login_failures_prune


@app.periodic(cron="* * * * *", periodic_id="worker-heartbeat")
@app.task(queue="periodic", queueing_lock="worker-heartbeat")
def worker_heartbeat(timestamp: int) -> None:
    """Proves to /healthz that a worker runs and that periodic jobs fire."""
    WorkerHeartbeat.objects.update_or_create(worker=socket.gethostname(), defaults={"beat_at": clock.now()})


@app.periodic(cron="17 * * * *", periodic_id="prune-login-failures")
@app.task(queue="periodic", queueing_lock="prune-login-failures")
def prune_login_failures(timestamp: int) -> None:
    login_failures_prune()
