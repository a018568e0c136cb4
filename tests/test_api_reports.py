"""GET /api/v1/staff/register and /api/v1/staff/statistics: the same numbers, filters and visibility as the
back office; bad filters answer 4xx in Vietnamese, never 500."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from django.test import Client

from tests import factories
from tests.conftest import login_client
from tests.dossier_helpers import commune_leader
from tests.test_reports import LATER, quarter_of_cases
from tinhso.core.models import Role
from tinhso.core.services.tokens import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_the_statistics_and_the_register_agree():
    # given the commune's third quarter, read by its leader with an API token
    quarter_of_cases()
    leader = commune_leader()
    _token, raw = api_token_create(actor=leader, user=leader, name="báo cáo")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    with time_machine.travel(LATER, tick=False):
        stats = client.get("/api/v1/staff/statistics", {"period": "2026-Q3"})
        # when the register of the row's late dossiers is read through the row's link
        row = stats.json()["rows"][0]
        late = client.get(row["register_url"] + "&measure=processed_late")
    # then the numbers are the ones of the quarter, and the list holds the late ones
    assert stats.status_code == 200
    body = stats.json()
    assert body["period"] == {
        "key": "2026-Q3",
        "label": "Quý III/2026",
        "first": "2026-07-01",
        "last": "2026-09-30",
    }
    totals = body["totals"]
    assert (totals["to_handle"], totals["carried_over"], totals["received"]) == (10, 1, 9)
    assert (totals["processed_early"], totals["processed_on_time"], totals["processed_late"]) == (1, 1, 3)
    assert {s["status"]: s["count"] for s in totals["by_status"]}[9] == 5
    assert late.status_code == 200 and late.json()["count"] == 3
    assert {item["verdict"] for item in late.json()["items"]} == {"late"}
    assert late.json()["measure_label"] == "Đã giải quyết quá hạn"


def test_the_register_pages_with_limit_and_offset():
    quarter_of_cases()
    client = login_client(commune_leader())
    with time_machine.travel(LATER, tick=False):
        first = client.get("/api/v1/staff/register", {"period": "2026-Q3", "limit": 4}).json()
        rest = client.get("/api/v1/staff/register", {"period": "2026-Q3", "limit": 4, "offset": 4}).json()
    assert first["count"] == 9 and len(first["items"]) == 4
    assert [i["number"] for i in first["items"] + rest["items"]] == list(range(1, 9))
    assert first["items"][0]["links"]["page"].startswith("/can-bo/ho-so/")


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"period": "custom", "date_from": "2026-09-30", "date_to": "2026-09-01"},
            "date_to",
            "Ngày kết thúc trước ngày bắt đầu.",
        ),
        (
            {"date_from": "2020-01-01", "date_to": "2026-01-01"},
            "date_to",
            "Hãy chọn khoảng thời gian không quá 5 năm.",
        ),
        ({"date_from": "2026-01-01"}, "date_to", "Hãy nhập đủ ngày bắt đầu và ngày kết thúc."),
        ({"date_from": "2026-02-30", "date_to": "2026-03-01"}, "date_from", ""),
        (
            {"period": "2026-13"},
            "period",
            "Hãy chọn một tháng (2026-11), một quý (2026-Q4) hoặc một năm (2026).",
        ),
        ({"agency": "000.99.99.X00"}, "agency", "Không có cơ quan nào mang mã định danh này."),
        ({"status": "99"}, "status", ""),
        ({"group_by": "weather"}, "group_by", ""),
        (
            {"procedure": "khong-co-thu-tuc-nay"},
            "procedure",
            "Không có thủ tục nào mang mã này hoặc có các từ này trong tên.",
        ),
    ],
)
def test_bad_filters_answer_400_with_the_reason(params, field, message):
    client = login_client(commune_leader())
    for path in ("/api/v1/staff/statistics", "/api/v1/staff/register"):
        if path.endswith("register") and field == "group_by":
            continue
        response = client.get(path, params)
        assert response.status_code == 400, (path, response.content)
        body = response.json()
        assert body["detail"] == "Điều kiện lọc không hợp lệ."
        assert field in body["errors"]
        assert not message or body["errors"][field] == [message]


def test_an_agency_the_official_may_not_see_is_forbidden():
    client = login_client(commune_leader())
    response = client.get("/api/v1/staff/statistics", {"agency": factories.agency("19:dept:tu-phap").code})
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không được xem hồ sơ của cơ quan này."


def test_a_province_leader_may_choose_a_commune_agency():
    quarter_of_cases()
    client = login_client(factories.official(factories.agency("19:committee"), Role.AGENCY_LEADER))
    with time_machine.travel(LATER, tick=False):
        response = client.get(
            "/api/v1/staff/statistics",
            {"period": "2026-Q3", "agency": factories.agency("05443:committee").code},
        )
    assert response.status_code == 200 and response.json()["totals"]["to_handle"] == 10


def test_citizens_clerks_and_anonymous_callers_get_no_numbers(citizen_client, commune_committee):
    clerk = login_client(factories.official(commune_committee, Role.CLERK))
    for path in ("/api/v1/staff/statistics", "/api/v1/staff/register"):
        assert Client().get(path).status_code == 401
        assert citizen_client.get(path).status_code == 403
        assert clerk.get(path).status_code == 403


def test_the_endpoints_are_in_the_openapi_document():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/staff/register" in paths and "/api/v1/staff/statistics" in paths
    names = {p["name"] for p in paths["/api/v1/staff/statistics"]["get"]["parameters"]}
    assert {"period", "date_from", "date_to", "agency", "procedure", "status", "channel", "group_by"} <= names
