import json

import pytest
from django.test import Client

from tests import factories
from tinhso.core.models import ApiToken, Role
from tinhso.core.services.tokens import api_token_create

pytestmark = pytest.mark.django_db


def test_openapi_document_describes_the_api():
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["info"]["version"] == "1"
    assert {"/api/v1/agencies", "/api/v1/units", "/api/v1/me", "/api/v1/health"} <= set(doc["paths"])


def test_docs_page_works_offline():
    html = Client().get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_units_are_filtered_and_paginated():
    body = Client().get("/api/v1/units", {"province": "19", "level": "commune", "limit": 10}).json()
    assert body["count"] == 92 and len(body["items"]) == 10
    assert all(item["province_code"] == "19" for item in body["items"])


def test_unit_search_without_diacritics():
    body = Client().get("/api/v1/units", {"province": "19", "q": "phan dinh phung"}).json()
    assert [item["name"] for item in body["items"]] == ["Phường Phan Đình Phùng"]


def test_agency_directory_and_detail():
    body = Client().get("/api/v1/agencies", {"kind": "department", "limit": 100}).json()
    assert body["count"] == 15
    detail = Client().get("/api/v1/agencies/000.00.03.H55").json()
    assert detail["name"] == "Sở Tư pháp" and detail["parent_code"] == "000.00.00.H55"
    assert "Phòng Hành chính tư pháp" in [d["name"] for d in detail["departments"]]


def test_unknown_agency_is_a_404_with_a_message():
    response = Client().get("/api/v1/agencies/000.99.99.H55", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không có cơ quan nào mang mã định danh này."


def test_bad_input_is_a_422_with_a_vietnamese_message():
    response = Client().get("/api/v1/units", {"limit": "nhiều"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_me_requires_authentication():
    response = Client().get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 401
    assert "đăng nhập" in response.json()["detail"]


def test_me_with_a_session(commune_committee):
    user = factories.official(commune_committee, Role.CLERK)
    client = Client()
    client.force_login(user)
    body = client.get("/api/v1/me").json()
    assert body["username"] == user.username
    assert body["positions"][0]["role"] == "clerk"


def test_bearer_tokens_authenticate_and_can_be_revoked(citizen):
    token, raw = api_token_create(actor=citizen, user=citizen, name="script")
    client = Client()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == citizen.username
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ts_not-a-token").status_code == 401


def test_tokens_are_stored_hashed(citizen):
    _token, raw = api_token_create(actor=citizen, user=citizen, name="script")
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert raw not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_token_create_and_revoke_through_the_api(citizen):
    client = Client(enforce_csrf_checks=False)
    client.force_login(citizen)
    created = client.post("/api/v1/tokens", {"name": "báo cáo"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["token"].startswith("ts_")
    token_id = created.json()["id"]
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 404


def test_a_citizen_cannot_revoke_someone_elses_token(citizen):
    other = factories.UserFactory()
    token, _raw = api_token_create(actor=other, user=other, name="x")
    client = Client()
    client.force_login(citizen)
    assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 404


def test_officials_list_is_scoped_to_the_viewer(commune_committee, justice_department, citizen):
    me = factories.official(commune_committee)
    other = factories.official(justice_department)
    client = Client()
    client.force_login(me)
    names = {o["username"] for o in client.get("/api/v1/officials").json()}
    assert me.username in names and other.username not in names
    client.force_login(citizen)
    assert client.get("/api/v1/officials").status_code == 403
