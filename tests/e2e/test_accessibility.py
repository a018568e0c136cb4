"""Automated accessibility checks (axe-core from npm, injected into the page) on every page a newcomer
reaches, at 360 px and 1280 px. Serious and critical findings fail the test; labels and contrast included."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PUBLIC = [
    "/thu-tuc/",
    "/thu-tuc/?q=khai+sinh",
    "/thu-tuc/1.001193/",
    "/",
    "/dang-nhap/",
    "/co-quan/",
    "/co-quan/000.00.03.H55/",
    "/don-vi-hanh-chinh/",
    "/khong-co-trang-nay/",
    "/dang-nhap/vneid/",  # redirects to the VNeID simulator's page
    "/dang-nhap/vneid/callback/",  # the VNeID error page
    "/tra-cuu-ho-so/",
    "/tra-cuu-ho-so/?ma=000.00.19.H55-261122-0001",
    "/xac-thuc/",
    "/mo-phong-ngan-hang/",
]
STAFF = [
    "/can-bo/",
    "/can-bo/can-bo/",
    "/can-bo/co-quan/",
    "/can-bo/khoa-api/",
    "/can-bo/thong-bao/",
    "/can-bo/ho-so/",
    "/can-bo/so-theo-doi-ho-so/",  # the demo's received dossier is in this month's register
    "/can-bo/so-theo-doi-ho-so/?period=custom&date_from=2026-09-30&date_to=2026-09-01",  # errors shown
    "/can-bo/thong-ke/",
    "/can-bo/thong-ke/?group_by=procedure",
    "/can-bo/ky-so/",
    "/can-bo/chu-ky-so/",
    "/can-bo/dong-bo-dvcqg/",
    "/can-bo/doi-soat-thanh-toan/",
    "/can-bo/chi-so/",
    "/can-bo/chi-so/?scope=05443",
    "/can-bo/chi-so/ho-so/?scope=province&measure=received",
]
DESK = [
    "/can-bo/ho-so/tiep-nhan/",
    "/can-bo/ho-so/tiep-nhan-truc-tiep/?q=khai+sinh",
    "/can-bo/ho-so/tiep-nhan-truc-tiep/?thu-tuc=1.001193",
    "/can-bo/so-theo-doi-ho-so/",
    "/can-bo/thong-ke/?group_by=commune",
]
CITIZEN = [
    "/",
    "/tai-khoan/",
    "/tai-khoan/sua/",
    "/tai-khoan/nguoi-duoc-dai-dien/",
    "/tai-khoan/nhat-ky/",
    "/thong-bao/",
    "/tai-khoan/thong-bao/",
    "/ho-so/",  # the demo citizen has demo dossiers (tinhso/dossiers/demo.py)
    "/kho-du-lieu/",
    "/thanh-toan/",
    "/thu-tuc/1.001193/nop/",
]


def violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "TinhSo@2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/can-bo/**" if "." in username else "**/")


@pytest.mark.parametrize("width", [360, 1280])
def test_public_pages_pass_axe(browser, server_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    found = {}
    for path in PUBLIC:
        page.goto(server_url + path)
        if problems := violations(page):
            found[path] = problems
    context.close()
    assert not found, found


def _logged_in_pages_pass_axe(browser, server_url: str, width: int, username: str, paths: list[str]) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    log_in(page, server_url, username)
    found = {}
    for path in paths:
        page.goto(server_url + path)
        if problems := violations(page):
            found[path] = problems
    context.close()
    assert not found, found


@pytest.mark.parametrize("width", [360, 1280])
def test_back_office_pages_pass_axe(browser, server_url, width):
    _logged_in_pages_pass_axe(browser, server_url, width, "lanhdao.tinh", STAFF)


@pytest.mark.parametrize("width", [360, 1280])
def test_desk_pages_pass_axe(browser, server_url, width):
    """The commune one-stop officer's own pages: reception queue and registering at the desk."""
    _logged_in_pages_pass_axe(browser, server_url, width, "motcua.pdp", DESK)


@pytest.mark.parametrize("width", [360, 1280])
def test_citizen_pages_pass_axe(browser, server_url, width):
    """Logged in as the demo citizen, whose inbox holds the welcome notification (unread badge shown)."""
    _logged_in_pages_pass_axe(browser, server_url, width, "congdan", CITIZEN)
