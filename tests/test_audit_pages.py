"""Where people read the audit log: a citizen's own activity page and API, and the admin's browser."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories
from tests.conftest import login_client
from tinhso.core.audit import audit_record, audit_record_view
from tinhso.core.audit_chain import audit_seal
from tinhso.core.models import AuditEntry, Position, Role

pytestmark = pytest.mark.django_db


def test_a_citizen_sees_who_viewed_and_changed_their_records(citizen, citizen_client, commune_committee):
    officer = factories.official(commune_committee, Role.ONE_STOP_OFFICER, full_name="Phạm Thu Trang")
    Position.objects.filter(user=officer).update(title="Công chức tiếp nhận")
    audit_record_view(actor=officer, obj=citizen, subject=citizen)
    audit_record(actor=citizen, action="user.login", subject=citizen)
    audit_record(actor=officer, action="user.view", obj=officer, subject=officer)  # someone else's record
    html = citizen_client.get("/tai-khoan/nhat-ky/").content.decode()
    assert "Phạm Thu Trang" in html
    assert f"Công chức tiếp nhận, {commune_committee.name}" in html
    assert "Xem thông tin tài khoản" in html and "Đăng nhập" in html and "Bạn" in html
    assert html.count("<tr>") == 1 + 2  # header + the citizen's two entries, not the officer's own


def test_the_activity_page_is_paginated_with_constant_queries(
    citizen, citizen_client, django_assert_max_num_queries
):
    officials = [factories.official(factories.agency("19:committee"), Role.SPECIALIST) for _ in range(3)]
    for i in range(30):
        audit_record_view(actor=officials[i % 3], obj=citizen, subject=citizen)
    with django_assert_max_num_queries(12):
        response = citizen_client.get("/tai-khoan/nhat-ky/")
    assert response.status_code == 200 and "Trang 1/2" in response.content.decode()
    assert citizen_client.get("/tai-khoan/nhat-ky/", {"page": "x"}).status_code == 200


def test_the_account_page_links_to_the_activity_log(citizen_client):
    assert "/tai-khoan/nhat-ky/" in citizen_client.get("/tai-khoan/").content.decode()


def test_officials_use_the_back_office_not_this_page(commune_committee):
    client = login_client(factories.official(commune_committee))
    assert client.get("/tai-khoan/nhat-ky/").status_code == 403


def test_the_api_lists_ones_own_entries(citizen, citizen_client, commune_committee):
    officer = factories.official(commune_committee, Role.SPECIALIST, full_name="Vũ Đức Long")
    audit_record_view(actor=officer, obj=citizen, subject=citizen)
    audit_record(actor=citizen, action="user.login", subject=citizen)
    body = citizen_client.get("/api/v1/me/audit", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert body["count"] == 2
    newest, oldest = body["items"]
    assert newest["action"] == "user.login" and newest["by_self"] is True
    assert oldest["actor"] == "Vũ Đức Long" and oldest["actor_positions"] == [
        f"Chuyên viên, {commune_committee.name}"
    ]
    assert oldest["action_label"] == "Xem thông tin tài khoản"
    page = citizen_client.get("/api/v1/me/audit", {"limit": 1, "offset": 1}).json()
    assert [i["action"] for i in page["items"]] == ["user.view"]


def test_the_api_needs_a_login_and_valid_paging():
    assert Client().get("/api/v1/me/audit").status_code == 401
    client = login_client(factories.UserFactory())
    assert client.get("/api/v1/me/audit", {"limit": 1000}).status_code == 422


def test_administrators_browse_the_log_with_chain_status():
    admin = factories.sysadmin()
    client = login_client(admin)
    audit_record(actor=admin, action="test.sealed")
    audit_seal()
    audit_record(actor=admin, action="test.waiting")
    html = client.get("/quan-tri/core/auditentry/").content.decode()
    row = '<td class="field-action">{}</td>'.format
    assert row("test.sealed") in html and row("test.waiting") in html and "chờ niêm phong" in html
    html = client.get("/quan-tri/core/auditentry/", {"sealed": "no"}).content.decode()
    assert row("test.waiting") in html and row("test.sealed") not in html
    audit_record(actor=None, action="test.by_system")
    html = client.get("/quan-tri/core/auditentry/", {"actor_kind": "system"}).content.decode()
    assert row("test.by_system") in html and row("test.waiting") not in html
    html = client.get("/quan-tri/core/auditentry/", {"q": admin.username}).content.decode()
    assert row("test.waiting") in html and row("test.by_system") not in html
    entry = AuditEntry.objects.get(action="test.sealed")
    assert client.get(f"/quan-tri/core/auditentry/{entry.pk}/change/").status_code == 200
    # read-only, even for them
    assert client.post(f"/quan-tri/core/auditentry/{entry.pk}/delete/").status_code == 403


def test_opening_a_citizens_account_in_the_admin_is_shown_to_them(citizen, citizen_client):
    admin = factories.sysadmin()
    login_client(admin).get(f"/quan-tri/core/user/{citizen.pk}/change/")
    entry = AuditEntry.objects.get(action="user.view", subject=citizen)
    assert entry.actor == admin


def test_admin_edits_record_before_and_after(citizen):
    admin = factories.sysadmin()
    client = login_client(admin)
    client.get(f"/quan-tri/core/user/{citizen.pk}/change/")
    form = {
        "username": citizen.username,
        "full_name": "Nguyễn Văn Bình",
        "kind": "citizen",
        "email": citizen.email,
        "phone": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/quan-tri/core/user/{citizen.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="user.update", subject=citizen)
    assert entry.before["full_name"] == "Nguyễn Văn An" and entry.after["full_name"] == "Nguyễn Văn Bình"
    assert not any("password" in key for key in entry.after)
