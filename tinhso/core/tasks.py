"""Background jobs of the platform core. Tasks are thin: ids in, a service call, idempotent."""

from __future__ import annotations

import datetime as dt
import socket

from django.db import connection
from procrastinate.contrib.django import app

from tinhso.core import clock
from tinhso.core.housekeeping import housekeeping_run
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


@app.periodic(cron="23 * * * *", periodic_id="housekeeping")
@app.task(queue="periodic", queueing_lock="housekeeping")
def housekeeping(timestamp: int) -> None:
    """Expired one-time codes and sessions, old outbox messages, passed rate windows."""
    housekeeping_run()


@app.periodic(cron="42 2 * * *", periodic_id="remove-old-jobs")
@app.task(queue="periodic", queueing_lock="remove-old-jobs")
def remove_old_jobs(timestamp: int) -> None:
    """Finished jobs are history nobody reads after a week; failed ones stay for investigation."""
    cutoff = clock.now() - dt.timedelta(days=7)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE status = 'succeeded' AND id IN ("
            " SELECT job_id FROM procrastinate_events WHERE type = 'finished' AND at < %s)",
            [cutoff],
        )
    WorkerHeartbeat.objects.filter(beat_at__lt=cutoff).delete()
