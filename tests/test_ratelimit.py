"""The per-client budget of tries: counted atomically, a window from the first try, forgotten after."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from tinhso.core import ratelimit
from tinhso.core.models import RateBudget

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_the_window_runs_from_the_first_try_not_the_last():
    # given three tries allowed in ten minutes, the first at 9:00
    with time_machine.travel(START, tick=False):
        assert [ratelimit.allow("t", "1.2.3.4", limit=3, window=600) for _ in range(4)] == [True] * 3 + [
            False
        ]
    # when more tries come at 9:09 (a counter reset by each try would still refuse at 9:11)
    with time_machine.travel(START + dt.timedelta(minutes=9), tick=False):
        assert not ratelimit.allow("t", "1.2.3.4", limit=3, window=600)
        assert ratelimit.used("t", "1.2.3.4") == 5
    # then from 9:10 a new window starts
    with time_machine.travel(START + dt.timedelta(minutes=10, seconds=1), tick=False):
        assert ratelimit.used("t", "1.2.3.4") == 0
        assert ratelimit.allow("t", "1.2.3.4", limit=3, window=600)
        assert ratelimit.used("t", "1.2.3.4") == 1
    # and another client or purpose has its own budget
    with time_machine.travel(START, tick=False):
        assert ratelimit.allow("t", "5.6.7.8", limit=3, window=600)
        assert ratelimit.allow("other", "1.2.3.4", limit=3, window=600)


@pytest.mark.django_db
def test_passed_windows_are_pruned():
    with time_machine.travel(START, tick=False):
        ratelimit.allow("t", "a", limit=3, window=60)
        ratelimit.allow("t", "b", limit=3, window=3600)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert ratelimit.prune() == 1
    assert list(RateBudget.objects.values_list("key", flat=True)) == ["t:b"]


@pytest.mark.django_db(transaction=True)
def test_parallel_tries_are_all_counted():
    # given eight clients' threads trying at once from one address
    def tries() -> None:
        try:
            for _ in range(10):
                ratelimit.allow("parallel", "9.9.9.9", limit=1000, window=600)
        finally:
            connection.close()

    threads = [threading.Thread(target=tries) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every try counted
    assert ratelimit.used("parallel", "9.9.9.9") == 80
