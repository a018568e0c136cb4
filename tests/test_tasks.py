import pytest
from django.db import connection, transaction

from tinhso.core.tasks import worker_heartbeat


def job_count(timestamp: int) -> int:
    # matched on the argument: other tests' in-process workers may schedule real heartbeats meanwhile
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name LIKE %s AND (args->>'timestamp')::bigint = %s",
            ["%worker_heartbeat", timestamp],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_job_deferred_in_a_rolled_back_transaction_does_not_exist():
    with pytest.raises(RuntimeError), transaction.atomic():
        worker_heartbeat.configure(queueing_lock="test-rollback").defer(timestamp=111)
        raise RuntimeError("roll back")
    assert job_count(111) == 0
    with transaction.atomic():
        # own queueing lock: an in-process worker of another test may hold a real heartbeat in the queue
        worker_heartbeat.configure(queueing_lock="test-commit").defer(timestamp=222)
    assert job_count(222) == 1
