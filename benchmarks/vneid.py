"""Logging in with VNeID (the simulator, over HTTP, against gunicorn): the whole browser flow, start →
simulator page → choice → callback, whose token exchange the server makes over HTTP to itself.

Metrics: vneid_login_p95_ms (an already linked identity, with many identities in the table),
vneid_login_p95_ms_growth (1000x the identities / 1x), vneid_logins_per_s beside
baseline_password_logins_per_s (the username-and-password form, same server, same run) and
vneid_login_ratio.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from benchmarks.common import (
    LoadResult,
    concurrently,
    emit,
    gunicorn,
    insert_citizens,
    prepare_database,
    setup_django,
)

CLIENTS = 4
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
AN = "019090000123"  # the simulator's Nguyễn Văn An, linked to the demo account `congdan`


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # each step of the flow is measured and checked, not followed blindly


class Browser:
    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )

    def fetch(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        body = urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode()


def vneid_login(base: str) -> bool:
    browser = Browser()
    status, authorize, _ = browser.fetch(base + "/dang-nhap/vneid/")
    if status != 302:
        return False
    status, _, page = browser.fetch(authorize)
    token = CSRF.search(page)
    if status != 200 or token is None:
        return False
    status, callback, _ = browser.fetch(authorize, {"csrfmiddlewaretoken": token.group(1), "identity": AN})
    if status != 302:
        return False
    status, landing, _ = browser.fetch(callback)
    return status == 302 and landing.endswith("/sau-dang-nhap/")


def password_login(base: str) -> bool:
    browser = Browser()
    status, _, page = browser.fetch(base + "/dang-nhap/")
    token = CSRF.search(page)
    if status != 200 or token is None:
        return False
    form = {"csrfmiddlewaretoken": token.group(1), "username": "congdan", "password": "TinhSo@2026"}
    status, landing, _ = browser.fetch(base + "/dang-nhap/", form)
    return status == 302 and landing.endswith("/sau-dang-nhap/")


def _run(flow, base: str, per_client: int) -> LoadResult:  # type: ignore[no-untyped-def]
    return concurrently(lambda: lambda: flow(base), clients=CLIENTS, per_client=per_client)


def _grow(identities: int) -> None:
    """Citizen accounts, each linked to a VNeID identity: the table the callback looks up."""
    from django.db import connection

    with connection.cursor() as cursor:
        insert_citizens(cursor, "vbench", identities)
        cursor.execute(
            """
            INSERT INTO core_externalidentity (user_id, provider, subject, level_of_assurance, citizen_id,
                                               claims, linked_at)
            SELECT u.id, 'vneid', 'bench-' || u.username, 'urn:vneid:loa:2',
                   '096' || lpad(substr(u.username, 7), 9, '0'), '{}'::jsonb, now()
            FROM core_user u
            WHERE u.username LIKE 'vbench%%'
            ON CONFLICT DO NOTHING
            """
        )
        cursor.execute("ANALYZE")


def run(quick: bool = False) -> None:
    large = 5_000 if quick else 100_000
    small = large // 1000
    per_client = 2 if quick else 25
    prepare_database()
    setup_django()
    with gunicorn() as port:
        base = f"http://127.0.0.1:{port}"
        _run(vneid_login, base, 2)  # warm-up: the simulator's key, the client's key-set cache
        _grow(small)
        small_run = _run(vneid_login, base, per_client)
        _grow(large)
        large_run = _run(vneid_login, base, per_client)
        # Argon2 makes each password login slow on purpose: fewer of them give a stable rate.
        baseline_run = _run(password_login, base, max(2, per_client // 3))
    errors = (small_run.errors, large_run.errors, baseline_run.errors)
    assert errors == (0, 0, 0), errors
    vneid_rate, password_rate = large_run.rps, baseline_run.rps
    emit("vneid_login_p95_ms", large_run.p95, "ms", clients=CLIENTS, identities=large)
    emit(
        "vneid_login_p95_ms_growth",
        large_run.p95 / small_run.p95 if small_run.p95 else 0.0,
        "ratio",
        small=small,
        large=large,
    )
    emit("vneid_logins_per_s", vneid_rate, "logins/s", clients=CLIENTS)
    emit(
        "baseline_password_logins_per_s",
        password_rate,
        "logins/s",
        what="username and password form (Argon2), same server",
    )
    emit("vneid_login_ratio", vneid_rate / password_rate if password_rate else 0.0, "ratio")
