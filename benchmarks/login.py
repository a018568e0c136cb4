"""Logging in under concurrency, at a small and a 1000x larger number of accounts.

Metrics: login_p95_ms (8 concurrent clients, each login a full POST with CSRF, password check and
session), login_p95_ms_growth (large / small account volume), login_per_s beside
password_checks_per_s (the Argon2 hasher alone, same machine, same run) and login_ratio_to_hasher.
"""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
import urllib.parse

from benchmarks.common import emit, gunicorn, insert_citizens, prepare_database, setup_django

CLIENTS = 8
PASSWORD = "Bench-Mat-Khau-2026"  # noqa: S105 - the benchmark accounts' password


def _accounts(total: int, password_hash: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        insert_citizens(cursor, "login", total, password=password_hash, with_phone=True)
        cursor.execute("ANALYZE core_user")


def _login_once(port: int, username: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/dang-nhap/")
    page = conn.getresponse()
    html = page.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "").group(1)  # type: ignore[union-attr]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    t0 = time.perf_counter()
    conn.request(
        "POST",
        "/dang-nhap/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://127.0.0.1:{port}/dang-nhap/",
        },
    )
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - t0) * 1000
    conn.close()
    if response.status != 302:
        raise RuntimeError(f"login failed with {response.status}")
    return elapsed


def _measure(port: int, accounts: int, per_client: int) -> tuple[float, float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        mine = [
            _login_once(port, f"login{(index * per_client + i) % accounts + 1}") for i in range(per_client)
        ]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    return statistics.quantiles(latencies, n=100)[94], len(latencies) / seconds


def run(quick: bool = False) -> None:
    large = 10_000 if quick else 100_000
    small = max(large // 1000, CLIENTS)
    per_client = 2 if quick else 12
    prepare_database()
    setup_django()
    from django.contrib.auth.hashers import check_password, make_password

    password_hash = make_password(PASSWORD)
    t0 = time.perf_counter()
    checks = 5 if quick else 20
    for _ in range(checks):
        check_password(PASSWORD, password_hash)
    hasher_per_s = checks / (time.perf_counter() - t0)
    _accounts(small, password_hash)
    with gunicorn() as port:
        _login_once(port, "login1")  # warm-up
        p95_small, _rate = _measure(port, small, per_client)
        _accounts(large, password_hash)
        p95_large, rate = _measure(port, large, per_client)
    emit("login_p95_ms", p95_large, "ms", clients=CLIENTS, accounts=large)
    emit(
        "login_p95_ms_growth", p95_large / p95_small if p95_small else 0.0, "ratio", small=small, large=large
    )
    emit("login_per_s", rate, "logins/s", clients=CLIENTS)
    emit("password_checks_per_s", hasher_per_s, "checks/s", what="Argon2 check_password in one thread")
    emit("login_ratio_to_hasher", rate / hasher_per_s if hasher_per_s else 0.0, "ratio")
