"""Notifications: rendering, the inbox row, deliveries per channel, the deliver task and its retries."""

from __future__ import annotations

import logging

import pytest
from django.db import connection, transaction

from tests import factories
from tinhso.core.messaging import DeliveryError, OutgoingMessage, outbox_read
from tinhso.core.models import (
    AuditEntry,
    Delivery,
    Notification,
    NotificationPreference,
    NotificationTemplate,
    Position,
    Role,
)
from tinhso.core.notification_templates import builtin_templates, load_notification_templates
from tinhso.core.notifications import (
    PreferenceError,
    channel_settings,
    inbox_for,
    normalize_phone,
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_set,
    notification_send,
    unread_count,
)
from tinhso.core.services.positions import position_assign
from tinhso.core.tasks_notifications import DELIVERY_MAX_ATTEMPTS, DeliveryGaveUp, notification_deliver

pytestmark = pytest.mark.django_db
TASK = "tinhso.core.tasks_notifications.notification_deliver"


class FailingBackend:
    """A gateway that is down."""

    def send(self, message: OutgoingMessage) -> str:
        raise DeliveryError("gateway unreachable")


class FlakyBackend:
    """A gateway that fails once per address, then works (class-level: the worker makes new instances)."""

    failed: set[str] = set()

    def send(self, message: OutgoingMessage) -> str:
        if message.to not in self.failed:
            self.failed.add(message.to)
            raise DeliveryError("timeout")
        return f"flaky-{message.to}"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path
    return tmp_path


@pytest.fixture
def reachable(citizen):
    """A citizen with an e-mail address and a telephone number."""
    citizen.phone = "0912345678"
    citizen.save()
    return citizen


def jobs_for(delivery_ids: list[int]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (args->>'delivery_id')::int, status, attempts, scheduled_at - now() FROM procrastinate_jobs"
            " WHERE task_name = %s AND (args->>'delivery_id')::int = ANY(%s) ORDER BY id",
            [TASK, delivery_ids],
        )
        return cursor.fetchall()


def test_sending_writes_the_inbox_and_one_delivery_per_enabled_channel(reachable):
    notification = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    assert notification.title == "Chào mừng bạn đến với Thái Nguyên ID"
    assert "Xin chào Nguyễn Văn An" in notification.body and reachable.username in notification.body
    assert list(inbox_for(viewer=reachable)) == [notification]
    deliveries = {d.channel: d for d in notification.deliveries.all()}
    # defaults: e-mail and SMS on because the account has both; Zalo off until chosen
    assert set(deliveries) == {"email", "sms"}
    assert deliveries["email"].address == reachable.email and deliveries["sms"].address == "0912345678"
    assert deliveries["sms"].body.startswith("Thái Nguyên ID: tài khoản")
    assert all(d.status == Delivery.Status.PENDING and d.attempts == 0 for d in deliveries.values())
    # one job per delivery, deferred in the same transaction
    assert sorted(j[0] for j in jobs_for([d.pk for d in deliveries.values()])) == sorted(
        d.pk for d in deliveries.values()
    )
    entry = AuditEntry.objects.get(action="notification.send")
    assert entry.summary == {
        "event": "account.welcome",
        "recipient": reachable.username,
        "channels": ["email", "sms"],
    }


def test_chosen_channels_and_the_zalo_number_are_used(reachable):
    notification_preferences_set(
        actor=reachable,
        user=reachable,
        enabled={"email": False, "sms": True, "zalo": True},
        zalo_address="+84 987 654 321",
    )
    notification = notification_send(
        actor=None, recipient=reachable, event="account.password_changed", context={"changed_at": "08:30"}
    )
    assert {(d.channel, d.address) for d in notification.deliveries.all()} == {
        ("sms", "0912345678"),
        ("zalo", "0987654321"),
    }
    assert AuditEntry.objects.filter(action="notification_preference.set", actor=reachable).exists()


def test_zalo_uses_the_account_telephone_by_default(reachable):
    notification_preferences_set(actor=reachable, user=reachable, enabled={"zalo": True})
    zalo = next(c for c in channel_settings(reachable) if c.channel == "zalo")
    assert zalo.enabled and zalo.address == "0912345678" and zalo.custom_address == ""


def test_without_addresses_only_the_inbox_is_used(db):
    user = factories.UserFactory(email="", phone="")
    notification = notification_send(actor=None, recipient=user, event="account.welcome", context={})
    assert not notification.deliveries.exists()
    assert unread_count(viewer=user) == 1


def test_preferences_refuse_channels_without_an_address_and_bad_numbers(db):
    user = factories.UserFactory(email="", phone="")
    with pytest.raises(PreferenceError) as no_email:
        notification_preferences_set(actor=user, user=user, enabled={"email": True})
    assert no_email.value.channel == "email"
    with pytest.raises(PreferenceError) as bad_number:
        notification_preferences_set(actor=user, user=user, enabled={"zalo": True}, zalo_address="12345")
    assert bad_number.value.channel == "zalo"
    assert not NotificationPreference.objects.filter(user=user).exists()
    other = factories.UserFactory()
    with pytest.raises(PermissionError):
        notification_preferences_set(actor=other, user=user, enabled={})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("091234567", None),
        ("abc", None),
    ],
)
def test_phone_numbers_are_normalized(raw, expected):
    assert normalize_phone(raw) == expected


def test_a_rolled_back_change_sends_nothing(reachable):
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
        raise RuntimeError("roll back")
    assert not Notification.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s", [TASK])
        assert cursor.fetchone()[0] == 0


def test_the_deliver_task_writes_to_the_outbox(reachable):
    notification = notification_send(
        actor=None, recipient=reachable, event="account.welcome", context={}, url="/tai-khoan/"
    )
    for delivery in notification.deliveries.all():
        assert notification_deliver(delivery_id=delivery.pk) == "sent"
    [mail] = outbox_read("email", to=reachable.email)
    assert mail["subject"] == "Chào mừng bạn đến với Thái Nguyên ID"
    assert mail["body"].endswith("http://127.0.0.1:8000/tai-khoan/")
    [sms] = outbox_read("sms", to="0912345678")
    email_delivery = notification.deliveries.get(channel="email")
    assert email_delivery.status == Delivery.Status.SENT and email_delivery.attempts == 1
    assert email_delivery.provider_ref == mail["ref"] and email_delivery.sent_at is not None
    assert sms["meta"]["event"] == "account.welcome"


def test_delivering_twice_sends_once(reachable):
    notification = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    delivery = notification.deliveries.get(channel="sms")
    assert notification_deliver(delivery_id=delivery.pk) == "sent"
    assert notification_deliver(delivery_id=delivery.pk) == "already sent"
    assert len(outbox_read("sms")) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert notification_deliver(delivery_id=999_999_999) == "gone"


def test_a_failing_gateway_is_retried_then_the_delivery_is_marked_failed(reachable, settings):
    settings.MESSAGE_BACKENDS = {
        **settings.MESSAGE_BACKENDS,
        "sms": "tests.test_notifications.FailingBackend",
    }
    notification = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    delivery = notification.deliveries.get(channel="sms")
    for attempt in range(1, DELIVERY_MAX_ATTEMPTS):
        # a DeliveryError is what procrastinate's retry strategy retries
        with pytest.raises(DeliveryError):
            notification_deliver(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, attempt)
        assert delivery.last_error == "DeliveryError: gateway unreachable"
    with pytest.raises(DeliveryGaveUp):
        notification_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, DELIVERY_MAX_ATTEMPTS)
    assert not outbox_read("sms")
    # the other channel is not affected
    assert notification_deliver(delivery_id=notification.deliveries.get(channel="email").pk) == "sent"


@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_with_back_off_until_sent_or_failed(settings):
    """The real procrastinate worker, in process: one channel recovers after one failure, the other never."""
    load_notification_templates()  # transactional tests start from an emptied database
    settings.MESSAGE_BACKENDS = {
        "sms": "tests.test_notifications.FailingBackend",
        "email": "tests.test_notifications.FlakyBackend",
        "zalo": "tinhso.core.messaging.OutboxBackend",
    }
    FlakyBackend.failed = set()
    user = factories.UserFactory(phone="0912345678")
    notification = notification_send(actor=None, recipient=user, event="account.welcome", context={})
    sms, email = notification.deliveries.get(channel="sms"), notification.deliveries.get(channel="email")
    from procrastinate.contrib.django import app

    waits = []
    with app.replace_connector(app.connector.get_worker_connector()):
        for _round in range(DELIVERY_MAX_ATTEMPTS + 1):
            app.run_worker(
                queues=["notifications"], wait=False, listen_notify=False, install_signal_handlers=False
            )
            jobs = {row[0]: row for row in jobs_for([sms.pk, email.pk])}
            if jobs[sms.pk][1] == "todo":
                waits.append(round(jobs[sms.pk][3].total_seconds()))
            with connection.cursor() as cursor:  # time passes: the back-off is over
                cursor.execute(
                    "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo' AND task_name = %s",
                    [TASK],
                )
    sms.refresh_from_db()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.provider_ref) == ("sent", 2, f"flaky-{user.email}")
    assert (sms.status, sms.attempts) == ("failed", DELIVERY_MAX_ATTEMPTS)
    assert {row[0]: row[1] for row in jobs_for([sms.pk, email.pk])} == {
        sms.pk: "failed",
        email.pk: "succeeded",
    }
    # exponential back-off: 5, 25, 125, 625, 3125 seconds (a little less by the time we look)
    assert len(waits) == DELIVERY_MAX_ATTEMPTS - 1
    assert all(5**n - 5 <= wait <= 5**n for n, wait in enumerate(waits, start=1)), waits


def test_the_administrators_template_is_used(reachable):
    NotificationTemplate.objects.filter(event="account.welcome").update(
        title="Chào {{ recipient_name }}", sms_text=""
    )
    notification = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    assert notification.title == "Chào Nguyễn Văn An"
    # an empty SMS text falls back to the title
    assert notification.deliveries.get(channel="sms").body == "Chào Nguyễn Văn An"


def test_a_missing_or_inactive_template_falls_back_to_the_built_in_text(reachable, caplog):
    NotificationTemplate.objects.filter(event="account.welcome").update(is_active=False, title="Cũ")
    with caplog.at_level(logging.WARNING, logger="tinhso.core.notification_templates"):
        notification = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    assert notification.title == builtin_templates()["account.welcome"]["title"]
    assert "no active notification template for account.welcome" in caplog.text
    NotificationTemplate.objects.filter(event="account.welcome").delete()
    notification = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    assert notification.title == builtin_templates()["account.welcome"]["title"]


def test_an_unknown_event_still_reaches_the_person(reachable, caplog):
    with caplog.at_level(logging.ERROR, logger="tinhso.core.notification_templates"):
        notification = notification_send(
            actor=None, recipient=reachable, event="dossier.unheard_of", context={}
        )
    assert notification.title == "Bạn có thông báo mới"
    assert "no notification text at all for event dossier.unheard_of" in caplog.text


def test_a_template_that_fails_on_real_data_falls_back(reachable, caplog):
    NotificationTemplate.objects.filter(event="account.welcome").update(title='{% include "base.html" %}')
    with caplog.at_level(logging.ERROR):
        notification = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    assert notification.title == builtin_templates()["account.welcome"]["title"]
    assert "failed to render" in caplog.text


def test_templates_only_see_plain_values(reachable):
    NotificationTemplate.objects.filter(event="account.welcome").update(
        title="[{{ who.password }}|{{ who }}|{{ items.0 }}]"
    )
    notification = notification_send(
        actor=None,
        recipient=reachable,
        event="account.welcome",
        context={"who": reachable, "items": [reachable]},
    )
    assert notification.title == "[|Nguyễn Văn An|Nguyễn Văn An]"


def test_the_loader_is_idempotent_and_keeps_edits():
    NotificationTemplate.objects.filter(event="account.welcome").update(title="Đã sửa")
    NotificationTemplate.objects.filter(event="position.assigned").delete()
    assert load_notification_templates() == {"created": 1, "templates": len(builtin_templates())}
    assert load_notification_templates()["created"] == 0
    assert NotificationTemplate.objects.get(event="account.welcome").title == "Đã sửa"
    assert {
        "account.welcome",
        "account.password_changed",
        "account.vneid_linked",
        "position.assigned",
    } <= set(NotificationTemplate.objects.values_list("event", flat=True))


def test_a_new_position_notifies_the_official(justice_department):
    admin = factories.sysadmin()
    user = factories.UserFactory(full_name="Vũ Đức Long")
    position_assign(
        actor=admin, user=user, agency=justice_department, role=Role.SPECIALIST, title="Chuyên viên"
    )
    [notification] = inbox_for(viewer=user)
    assert notification.event == "position.assigned"
    assert notification.title == "Bạn được phân công vai trò Chuyên viên tại Sở Tư pháp"
    assert notification.url == "/can-bo/"
    # updating the same position does not notify again
    position_assign(
        actor=admin, user=user, agency=justice_department, role=Role.SPECIALIST, title="Chuyên viên chính"
    )
    assert inbox_for(viewer=user).count() == 1
    assert Position.objects.get(user=user).title == "Chuyên viên chính"


def test_marking_read(reachable):
    first = notification_send(actor=None, recipient=reachable, event="account.welcome", context={})
    notification_send(actor=None, recipient=reachable, event="account.password_changed", context={})
    other = factories.UserFactory()
    with pytest.raises(PermissionError):
        notification_mark_read(actor=other, notification=first)
    notification_mark_read(actor=reachable, notification=first)
    notification_mark_read(actor=reachable, notification=first)  # twice: no second audit entry
    assert unread_count(viewer=reachable) == 1
    assert AuditEntry.objects.filter(action="notification.read").count() == 1
    assert notification_mark_all_read(actor=reachable) == 1
    assert notification_mark_all_read(actor=reachable) == 0
    assert unread_count(viewer=reachable) == 0
