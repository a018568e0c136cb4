import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from tinhso.core import clock
from tinhso.core.models import WorkerHeartbeat
from tinhso.core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db


def register_worker(seconds_ago: int = 0) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (%s)",
            [clock.now() - dt.timedelta(seconds=seconds_ago)],
        )


def test_health_reports_a_missing_worker():
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["database"]["status"] == "ok"
    assert body["worker"]["status"] == "down" and body["status"] == "degraded"


def test_health_is_ok_with_a_live_worker_and_a_fresh_heartbeat():
    register_worker()
    worker_heartbeat(timestamp=0)
    body = Client().get("/healthz").json()
    assert body["status"] == "ok" and body["worker"]["alive_workers"] == 1
    assert body["worker"]["last_periodic_heartbeat"] is not None


def test_health_flags_a_scheduler_that_stopped_firing():
    register_worker()
    WorkerHeartbeat.objects.create(worker="old", beat_at=clock.now() - dt.timedelta(hours=1))
    assert Client().get("/healthz").json()["worker"]["status"] == "stale"


def test_the_heartbeat_task_is_idempotent():
    worker_heartbeat(timestamp=0)
    worker_heartbeat(timestamp=0)
    assert WorkerHeartbeat.objects.count() == 1


def test_api_health_matches():
    body = Client().get("/api/v1/health").json()
    assert body["database"]["status"] == "ok"
