"""The inbox pages, the settings page, the header badge, the API and the template admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import login_client
from tinhso.core.models import AuditEntry, Notification, NotificationPreference, NotificationTemplate, Role
from tinhso.core.notifications import notification_send, unread_count

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path


def send(user, event="account.welcome", url="", **context) -> Notification:  # type: ignore[no-untyped-def]
    return notification_send(actor=None, recipient=user, event=event, context=context, url=url)


def test_the_inbox_lists_newest_first_with_unread_highlighted(citizen, citizen_client):
    older = send(citizen)
    newer = send(citizen, "account.password_changed", changed_at="08:30 ngày 15/03/2026")
    citizen_client.get(reverse("portal:notification", args=[older.pk]))
    html = citizen_client.get(reverse("portal:inbox")).content.decode()
    assert "<h1>Thông báo</h1>" in html
    assert html.index("Mật khẩu tài khoản của bạn đã được thay đổi") < html.index(
        "Chào mừng bạn đến với Thái Nguyên ID"
    )
    assert f'class="notification unread" id="n-{newer.pk}"' in html
    assert f'class="notification" id="n-{older.pk}"' in html
    assert "Chưa đọc" in html and "1 thông báo chưa đọc" in html
    assert "Đánh dấu tất cả là đã đọc" in html


def test_the_header_shows_the_unread_count(citizen, citizen_client):
    html = citizen_client.get("/").content.decode()
    assert 'href="/thong-bao/"' in html and "thông báo chưa đọc" not in html
    for _ in range(3):
        send(citizen)
    html = citizen_client.get("/").content.decode()
    assert '<span class="inbox-count" aria-hidden="true">3</span>' in html
    assert "3 thông báo chưa đọc" in html
    assert 'href="/thong-bao/"' in html  # the home tile


def test_officials_badge_leads_to_the_back_office_inbox(commune_committee):
    official = factories.official(commune_committee, Role.CLERK)
    send(official, "position.assigned", role="Văn thư", agency="UBND phường")
    client = login_client(official)
    html = client.get(reverse("backoffice:home")).content.decode()
    assert 'href="/can-bo/thong-bao/" class="inbox-link"' in html and "1 thông báo chưa đọc" in html
    html = client.get(reverse("backoffice:inbox")).content.decode()
    assert 'aria-current="page">Thông báo</a>' in html
    assert "Bạn được phân công vai trò Văn thư tại UBND phường" in html


def test_opening_marks_read_and_follows_the_link(citizen, citizen_client):
    linked = send(citizen, url="/tai-khoan/")
    plain = send(citizen, "account.password_changed")
    response = citizen_client.get(reverse("portal:notification", args=[linked.pk]))
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    response = citizen_client.get(reverse("portal:notification", args=[plain.pk]))
    assert response.status_code == 200
    assert "Mật khẩu tài khoản của bạn đã được thay đổi" in response.content.decode()
    assert unread_count(viewer=citizen) == 0


def test_an_outside_link_is_not_followed_automatically(citizen, citizen_client):
    notification = send(citizen, url="https://example.com/lua-dao")
    response = citizen_client.get(reverse("portal:notification", args=[notification.pk]))
    assert response.status_code == 200 and 'href="https://example.com/lua-dao"' in response.content.decode()


def test_nobody_sees_someone_elses_notifications(citizen, citizen_client):
    other = factories.UserFactory()
    theirs = send(other)
    assert citizen_client.get(reverse("portal:notification", args=[theirs.pk])).status_code == 404
    assert "Chào mừng" not in citizen_client.get(reverse("portal:inbox")).content.decode()
    assert citizen_client.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert citizen_client.get("/api/v1/notifications").json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_is_a_post(citizen, citizen_client):
    send(citizen)
    send(citizen)
    assert citizen_client.get(reverse("portal:inbox-read-all")).status_code == 405
    response = citizen_client.post(reverse("portal:inbox-read-all"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert unread_count(viewer=citizen) == 0


def test_staff_inbox_is_for_officials(citizen_client, commune_committee):
    assert citizen_client.get(reverse("backoffice:inbox")).status_code == 403
    official = factories.official(commune_committee)
    send(official)
    client = login_client(official)
    response = client.post(reverse("backoffice:inbox-read-all"))
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:inbox")
    assert unread_count(viewer=official) == 0


def test_settings_page_shows_the_addresses_and_saves(citizen, citizen_client):
    html = citizen_client.get(reverse("portal:notification-settings")).content.decode()
    assert "<h1>Cài đặt thông báo</h1>" in html
    assert f"Gửi đến {citizen.email}" in html and "Tài khoản của bạn chưa có số điện thoại." in html
    response = citizen_client.post(reverse("portal:notification-settings"), {"email": "on", "sms": "on"})
    assert response.status_code == 400
    assert "Tài khoản của bạn chưa có số điện thoại." in response.content.decode()
    response = citizen_client.post(
        reverse("portal:notification-settings"), {"email": "on", "zalo": "on", "zalo_address": "12"}
    )
    assert response.status_code == 400
    assert "Nhập số điện thoại di động Việt Nam gồm 10 chữ số" in response.content.decode()
    response = citizen_client.post(
        reverse("portal:notification-settings"), {"zalo": "on", "zalo_address": "0987 654 321"}, follow=True
    )
    assert "Đã lưu cài đặt thông báo." in response.content.decode()
    assert dict(NotificationPreference.objects.filter(user=citizen).values_list("channel", "enabled")) == {
        "email": False,
        "sms": False,
        "zalo": True,
    }
    assert NotificationPreference.objects.get(user=citizen, channel="zalo").address == "0987654321"
    assert 'value="0987654321"' in response.content.decode()


def test_inbox_queries_do_not_grow_with_rows(citizen, citizen_client, django_assert_max_num_queries):
    send(citizen)
    with django_assert_max_num_queries(7) as few:
        citizen_client.get(reverse("portal:inbox"))
    for _ in range(25):
        send(citizen)
    with django_assert_max_num_queries(len(few.captured_queries)):
        citizen_client.get(reverse("portal:inbox"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        citizen_client.get(reverse("portal:inbox"), {"page": 2})


def test_api_lists_own_notifications_and_marks_them_read(citizen, citizen_client):
    first = send(citizen)
    send(citizen, "account.password_changed")
    send(factories.UserFactory())
    body = citizen_client.get("/api/v1/notifications", {"limit": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert body["items"][0]["title"] == "Mật khẩu tài khoản của bạn đã được thay đổi"
    response = citizen_client.post(f"/api/v1/notifications/{first.pk}/read")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert citizen_client.get("/api/v1/notifications", {"unread": "true"}).json()["count"] == 1
    assert citizen_client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    missing = citizen_client.post("/api/v1/notifications/999999999/read", HTTP_ACCEPT_LANGUAGE="vi")
    assert missing.status_code == 404 and missing.json()["detail"] == "Không tìm thấy thông báo này."
    assert Client().get("/api/v1/notifications").status_code == 401
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/notifications", "/api/v1/notifications/read-all"} <= set(paths)


def test_invalid_template_text_is_a_clear_form_error():
    client = login_client(factories.sysadmin())
    template = NotificationTemplate.objects.get(event="account.welcome")
    url = reverse("admin:core_notificationtemplate_change", args=[template.pk])
    form = {
        "event": "account.welcome",
        "is_active": "on",
        "title": "Chào {{ recipient_name|khong_co_bo_loc }}",
        "body": "{% if %}",
        "sms_text": "{% load static %}",
        "zalo_text": "",
        "sample_context": '{"recipient_name": "Nguyễn Văn An"}',
        "source": "",
        "notes": "",
    }
    response = client.post(url, form, HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert response.status_code == 200 and html.count("Nội dung mẫu không hợp lệ") == 3
    response = client.post(url, {**form, "event": "Chào mừng"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Dùng các từ viết thường, ngăn cách bằng dấu chấm" in response.content.decode()
    response = client.post(
        url, {**form, "title": "Xin chào {{ recipient_name }}", "body": "Nội dung", "sms_text": ""}
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.title == "Xin chào {{ recipient_name }}"
    assert AuditEntry.objects.filter(action="notificationtemplate.update").exists()
    html = client.get(url).content.decode()
    assert "Xin chào Nguyễn Văn An" in html  # the preview, rendered with the sample data


def test_notification_records_are_read_only_in_the_admin(citizen):
    send(citizen)
    client = login_client(factories.sysadmin())
    assert client.get(reverse("admin:core_delivery_changelist")).status_code == 200
    assert client.get(reverse("admin:core_notification_add")).status_code == 403
