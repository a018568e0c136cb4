"""The index dashboard, its drill-down, copies and API (issue 7, parts 3–5 and 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories
from tests.conftest import login_client
from tests.dossier_helpers import civil_status_officer, commune_leader, desk_officer, submitted_dossier
from tinhso.core import clock
from tinhso.core.models import Role
from tinhso.dossiers.services import dossier_forward, dossier_receive
from tinhso.servicequality import counters

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def province_leader():  # type: ignore[no-untyped-def]
    return factories.official(factories.agency("19:committee"), Role.AGENCY_LEADER)


def some_dossiers():  # type: ignore[no-untyped-def]
    dossier = dossier_forward(
        actor=civil_status_officer(),
        dossier=dossier_receive(actor=desk_officer(), dossier=submitted_dossier()),
    )
    counters.recompute()
    return dossier


def test_the_provincial_leader_sees_the_score_groups_trend_and_rankings():
    some_dossiers()
    client = login_client(province_leader())
    page = client.get("/can-bo/chi-so/")
    html = page.content.decode()
    assert page.status_code == 200
    for words in ("Công khai, minh bạch", "Tiến độ", "Xếp hạng", "index-chart-data", "chart.umd.min.js"):
        assert words in html, words
    assert "Phan Đình Phùng" in html


def test_a_commune_leader_sees_only_the_commune():
    some_dossiers()
    client = login_client(commune_leader())
    page = client.get("/can-bo/chi-so/").content.decode()
    assert "Phan Đình Phùng" in page and "Xếp hạng" not in page
    assert client.get("/can-bo/chi-so/?scope=province").status_code == 200  # falls back to the commune
    api = client.get("/api/v1/index", {"scope": "province", "period": "2026-Q4"})
    assert api.status_code == 404
    assert client.get("/api/v1/index/ranking", {"period": "2026-Q4"}).status_code == 403


def test_a_number_opens_its_dossiers():
    dossier = some_dossiers()
    client = login_client(province_leader())
    today = clock.today()
    period = f"{today.year}-{today.month:02d}"
    listed = client.get(
        "/can-bo/chi-so/ho-so/", {"scope": "province", "period": period, "measure": "received"}
    )
    assert listed.status_code == 200 and dossier.number in listed.content.decode()
    assert (
        client.get(
            "/can-bo/chi-so/ho-so/", {"scope": "province", "period": period, "measure": "drop table"}
        ).status_code
        == 404
    )


def test_excel_pdf_and_api():
    some_dossiers()
    client = login_client(province_leader())
    excel = client.get("/can-bo/chi-so/excel/", {"scope": "province"})
    assert excel.status_code == 200 and excel["Content-Type"].startswith("application/vnd.openxml")
    pdf = client.get("/can-bo/chi-so/bao-cao/", {"scope": "province"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    today = clock.today()
    body = client.get("/api/v1/index", {"scope": "province", "period": f"{today.year}"}).json()
    assert body["scope_kind"] == "province" and len(body["groups"]) == 6 and body["measures"]["received"] >= 1
    assert 0 <= body["score"] <= 100
    assert client.get("/api/v1/index", {"scope": "province", "period": "2026-13"}).status_code == 400
    ranked = client.get("/api/v1/index/ranking", {"kind": "commune", "period": f"{today.year}"}).json()
    assert len(ranked) >= 90 and ranked[0]["rank"] == 1


def test_citizens_and_specialists_are_refused():
    dossier = some_dossiers()
    assert login_client(dossier.applicant).get("/can-bo/chi-so/").status_code == 403
    assert login_client(civil_status_officer()).get("/can-bo/chi-so/").status_code == 403
    assert login_client(dossier.applicant).get("/api/v1/index", {"period": "2026"}).status_code == 403
