"""Automated accessibility checks (axe-core from npm, injected into the page) on every page a newcomer
reaches, at 360 px and 1280 px. Serious and critical findings fail the test; labels and contrast included."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PUBLIC = [
    "/",
    "/dang-nhap/",
    "/co-quan/",
    "/co-quan/000.00.03.H55/",
    "/don-vi-hanh-chinh/",
    "/khong-co-trang-nay/",
]
STAFF = ["/can-bo/", "/can-bo/can-bo/", "/can-bo/co-quan/", "/can-bo/khoa-api/"]
CITIZEN = ["/tai-khoan/", "/tai-khoan/nhat-ky/"]


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


@pytest.mark.parametrize("width", [360, 1280])
def test_back_office_pages_pass_axe(browser, server_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    log_in(page, server_url, "lanhdao.tinh")
    found = {}
    for path in STAFF:
        page.goto(server_url + path)
        if problems := violations(page):
            found[path] = problems
    context.close()
    assert not found, found


@pytest.mark.parametrize("width", [360, 1280])
def test_citizen_pages_pass_axe(browser, server_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    log_in(page, server_url, "congdan")  # the login itself leaves an entry in the activity log
    found = {}
    for path in CITIZEN:
        page.goto(server_url + path)
        if problems := violations(page):
            found[path] = problems
    context.close()
    assert not found, found
