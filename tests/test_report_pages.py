"""The register and statistics pages in the back office, their Excel and PDF copies: who may open them,
what they show, links from every number to its dossiers, bounded queries on the register page."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.conftest import login_client
from tests.dossier_helpers import commune_leader, desk_officer
from tests.report_helpers import at, dossier
from tests.test_reports import LATER, quarter_of_cases
from tinhso.core.models import Role

pytestmark = pytest.mark.django_db
PAGES = [
    "backoffice:register",
    "backoffice:register-xlsx",
    "backoffice:register-pdf",
    "backoffice:statistics",
    "backoffice:statistics-xlsx",
    "backoffice:statistics-pdf",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_login_and_citizens_and_clerks_refused(
    name, citizen_client, commune_committee
):
    assert Client().get(reverse(name)).status_code == 302
    assert citizen_client.get(reverse(name)).status_code == 403
    clerk = login_client(factories.official(commune_committee, Role.CLERK))
    assert clerk.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    "role", [Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER]
)
def test_the_pages_open_for_those_who_receive_handle_or_oversee_dossiers(role, commune_committee):
    client = login_client(factories.official(commune_committee, role))
    for name in ("backoffice:register", "backoffice:statistics"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Sổ theo dõi hồ sơ" in body and "Thống kê" in body  # the navigation items


def test_every_number_of_the_statistics_opens_a_register_of_as_many_dossiers():
    # given the commune's quarter, seen by its leader
    quarter_of_cases()
    client = login_client(commune_leader())
    with time_machine.travel(LATER, tick=False):
        page = client.get(reverse("backoffice:statistics"), {"period": "2026-Q3"})
        assert page.status_code == 200
        cells = [(c["value"], c["url"]) for row in page.context["rows"] for c in row["cells"]]
        cells += [(c["value"], c["url"]) for c in page.context["totals"]]
        cells += [(s["value"], s["url"]) for s in page.context["statuses"]]
        # when each linked number is followed
        for value, url in cells:
            if not url:
                assert value == 0
                continue
            listed = client.get(url)
            # then the register counts the same dossiers
            assert listed.status_code == 200, url
            assert listed.context["page"].paginator.count == value, url


def test_the_register_page_makes_the_same_queries_for_3_or_60_dossiers():
    client = login_client(commune_leader())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("backoffice:register"), {"period": "2026-Q3"}).status_code == 200
        return len(captured)

    for _n in range(3):
        dossier(received=at("2026-07-10"), due=at("2026-07-20"))
    few = queries()
    for _n in range(57):
        dossier(received=at("2026-07-11"), due=at("2026-07-20"), finished_at=at("2026-07-12"), status=9)
    many = queries()
    assert few == many and many <= 20, (few, many)


def test_the_register_is_paginated_in_receipt_order():
    made = [
        dossier(received=at(f"2026-09-{day:02d}", f"{hour:02d}:00"), due=at("2026-10-20"))
        for day in range(30, 0, -1)
        for hour in (15, 8)
    ]
    client = login_client(desk_officer())
    first = client.get(reverse("backoffice:register"), {"period": "2026-09"})
    second = client.get(reverse("backoffice:register"), {"period": "2026-09", "page": 2})
    lines = first.context["lines"] + second.context["lines"]
    assert first.context["page"].paginator.count == 60 and len(first.context["lines"]) == 50
    assert [line["number"] for line in lines] == list(range(1, 61))
    assert [line["dossier"].pk for line in lines] == [d.pk for d in sorted(made, key=lambda d: d.received_at)]


def test_bad_filters_are_explained_on_the_page(commune_committee):
    client = login_client(commune_leader())
    inverted = client.get(
        reverse("backoffice:register"),
        {"period": "custom", "date_from": "2026-09-30", "date_to": "2026-09-01"},
    )
    assert inverted.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu" in inverted.content.decode()
    other = client.get(reverse("backoffice:statistics"), {"agency": factories.agency("19:dept:tu-phap").code})
    assert other.status_code == 400
    assert "Bạn không được xem hồ sơ của cơ quan này" in other.content.decode()
    assert client.get(reverse("backoffice:register-xlsx"), {"period": "2026-13"}).status_code == 400


def test_excel_copies_open_with_the_form_s_columns_and_real_dates():
    from openpyxl import load_workbook

    quarter_of_cases()
    client = login_client(commune_leader())
    with time_machine.travel(LATER, tick=False):
        register = client.get(reverse("backoffice:register-xlsx"), {"period": "2026-Q3"})
        stats = client.get(reverse("backoffice:statistics-xlsx"), {"period": "2026-Q3"})
    assert register["Content-Disposition"] == 'attachment; filename="so-theo-doi-ho-so-2026-Q3.xlsx"'
    sheet = load_workbook(io.BytesIO(register.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[1][0] == "SỔ THEO DÕI HỒ SƠ"
    header = next(row for row in values if row[0] == "TT")
    assert tuple(header[1:4]) == ("Mã hồ sơ", "Tên TTHC", "Số lượng hồ sơ (bộ)")
    first = values[values.index(header) + 2]
    assert first[0] == 1 and first[3] == 1 and first[7].year == 2026  # a real date, not text
    book = load_workbook(io.BytesIO(stats.content))
    assert book.sheetnames == ["Thống kê", "Theo trạng thái"]
    total = next(row for row in book["Thống kê"].iter_rows(values_only=True) if row[0] == "Tổng cộng")
    assert tuple(total[1:4]) == (10, 1, 9)


def test_printed_copies_are_a4_landscape_in_vietnamese():
    from pypdf import PdfReader

    quarter_of_cases()
    client = login_client(commune_leader())
    with time_machine.travel(LATER, tick=False):
        for name, title in (
            ("backoffice:register-pdf", "SỔ THEO DÕI HỒ SƠ"),
            ("backoffice:statistics-pdf", "THỐNG KÊ TÌNH HÌNH"),
        ):
            response = client.get(reverse(name), {"period": "2026-Q3"})
            assert response["Content-Type"] == "application/pdf"
            pdf = PdfReader(io.BytesIO(response.content))
            box = pdf.pages[0].mediabox
            assert (round(float(box.width)), round(float(box.height))) == (842, 595)
            text = pdf.pages[0].extract_text()
            assert title in text and "Quý III/2026" in text


def test_a_link_from_a_row_filters_the_register_by_that_row():
    quarter_of_cases()
    client = login_client(factories.official(factories.agency("19:committee"), Role.AGENCY_LEADER))
    with time_machine.travel(LATER, tick=False):
        page = client.get(reverse("backoffice:statistics"), {"period": "2026-Q3", "group_by": "commune"})
    row = page.context["rows"][0]
    url = next(c["url"] for c in row["cells"] if c["url"])
    assert parse_qs(urlparse(url).query)["commune"] == [row["code"]]
