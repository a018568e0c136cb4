"""Notifications: how fast they are sent and delivered, and whether the inbox stays fast as the table grows.

Metrics:
- notification_send_per_s (render + inbox row + 2 deliveries + 2 jobs + audit, one transaction each)
  beside notification_create_baseline_per_s (a bare INSERT of a notification row, same run), and the ratio;
- notification_deliver_per_s (the worker's task, to the local outbox) beside message_send_baseline_per_s
  (the outbox backend alone), and the ratio;
- notification_inbox_p95_ms and home_badge_p95_ms (a logged-in citizen with 500 notifications, 20 concurrent clients)
  with the table at `large` rows, and their _growth (large / 1/1000 of it).
"""

from __future__ import annotations

import os
import tempfile
import time

from benchmarks.common import emit, gunicorn, insert_citizens, load, prepare_database, setup_django
from benchmarks.home import _session_cookie

CLIENTS = 20


def _rate(count: int, action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for i in range(count):
        action(i)
    return count / (time.perf_counter() - started)


def _grow(rows: int, *, recipients: int) -> None:
    """Other people's notifications: the table grows, the measured citizen's inbox does not."""
    from django.db import connection

    with connection.cursor() as cursor:
        insert_citizens(cursor, "notif", recipients)
        cursor.execute(
            """
            INSERT INTO core_notification (recipient_id, event, title, body, url, created_at, read_at)
            SELECT u.id, 'bench.event', 'Thông báo ' || g, 'Nội dung thông báo thử', '',
                   now() - (g || ' seconds')::interval,
                   CASE WHEN g %% 3 = 0 THEN NULL ELSE now() END
            FROM generate_series(1, %s) g
            JOIN core_user u ON u.username = 'notif' || (1 + g %% %s)
            """,
            [rows, recipients],
        )
        cursor.execute("ANALYZE core_notification")


def _measure(port: int, cookie: str, requests: int) -> tuple[float, float]:
    headers = {"Cookie": cookie}
    load(port, "/thong-bao/", clients=4, requests_per_client=5, headers=headers)  # warm-up
    inbox = load(port, "/thong-bao/", clients=CLIENTS, requests_per_client=requests, headers=headers)
    home = load(port, "/", clients=CLIENTS, requests_per_client=requests, headers=headers)
    assert inbox.errors == 0 and home.errors == 0, (inbox.errors, home.errors)
    return inbox.p95, home.p95


def run(quick: bool = False) -> None:
    large = 10_000 if quick else 2_000_000
    small = large // 1000
    sends = 60 if quick else 1500
    requests = 2 if quick else 25
    os.environ["OUTBOX_DIR"] = tempfile.mkdtemp(prefix="tinhso-bench-outbox-")
    prepare_database()
    setup_django()
    from tinhso.core import clock
    from tinhso.core.messaging import message_send
    from tinhso.core.models import Delivery, Notification, User
    from tinhso.core.notifications import notification_send
    from tinhso.core.tasks_notifications import notification_deliver

    citizen = User.objects.get(username="congdan")  # e-mail and SMS on by default: 2 deliveries a send
    baseline = _rate(
        sends,
        lambda i: Notification.objects.create(
            recipient=citizen, event="bench.baseline", title=f"Thông báo {i}", created_at=clock.now()
        ),
    )
    send = _rate(
        sends,
        lambda i: notification_send(
            actor=None, recipient=citizen, event="account.password_changed", context={"changed_at": str(i)}
        ),
    )
    emit("notification_send_per_s", send, "notifications/s", deliveries_each=2)
    emit("notification_create_baseline_per_s", baseline, "rows/s", what="bare INSERT of a notification row")
    emit("notification_send_ratio", send / baseline, "ratio")

    pending = list(Delivery.objects.filter(status="pending").values_list("pk", flat=True)[:sends])
    deliver = _rate(len(pending), lambda i: notification_deliver(delivery_id=pending[i]))
    raw = _rate(len(pending), lambda i: message_send(channel="sms", to="0912345678", body=f"Tin thử {i}"))
    emit("notification_deliver_per_s", deliver, "deliveries/s", backend="outbox")
    emit("message_send_baseline_per_s", raw, "messages/s", what="outbox backend alone")
    emit("notification_deliver_ratio", deliver / raw, "ratio")

    # the measured citizen's inbox: 500 notifications, a third unread, at both volumes
    Notification.objects.filter(recipient=citizen).delete()
    Notification.objects.bulk_create(
        Notification(recipient=citizen, event="bench", title=f"Thông báo {i}", created_at=clock.now())
        for i in range(500)
    )
    cookie = _session_cookie("congdan")
    with gunicorn() as port:
        _grow(small, recipients=max(small // 10, 1))
        inbox_small, home_small = _measure(port, cookie, requests)
        _grow(large - small, recipients=large // 10)
        inbox_large, home_large = _measure(port, cookie, requests)
    emit("notification_inbox_p95_ms", inbox_large, "ms", clients=CLIENTS, notifications=large)
    emit(
        "notification_inbox_p95_ms_growth",
        inbox_large / inbox_small if inbox_small else 0.0,
        "ratio",
        small=small,
        large=large,
    )
    emit("home_badge_p95_ms", home_large, "ms", clients=CLIENTS, notifications=large)
    emit("home_badge_p95_ms_growth", home_large / home_small if home_small else 0.0, "ratio")
