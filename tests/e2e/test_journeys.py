"""A newcomer's first minutes: a one-stop officer on a desktop and a citizen on a 360 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PASSWORD = "TinhSo@2026"


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_one_stop_officer_logs_in_and_sees_their_desk(desktop: Page, server_url: str):
    log_in(desktop, server_url, "motcua.pdp")
    expect(desktop).to_have_url(re.compile(r"/can-bo/$"))
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Xin chào, Lý Thị Hoa")
    nav = desktop.get_by_role("navigation", name="Nghiệp vụ")
    expect(nav).to_contain_text("Tiếp nhận hồ sơ")
    expect(nav).not_to_contain_text("Văn bản đến")
    expect(desktop.get_by_role("main")).to_contain_text(
        "Trung tâm Phục vụ hành chính công phường Phan Đình Phùng"
    )
    nav.get_by_role("link", name="Cán bộ, công chức").click()
    expect(desktop.get_by_role("table")).to_contain_text("Lý Thị Hoa")


def test_clerk_sees_the_documents_menu(desktop: Page, server_url: str):
    log_in(desktop, server_url, "vanthu.pdp")
    nav = desktop.get_by_role("navigation", name="Nghiệp vụ")
    expect(nav).to_contain_text("Văn bản đến")
    expect(nav).not_to_contain_text("Tiếp nhận hồ sơ")


def test_citizen_logs_in_on_a_phone(phone: Page, server_url: str):
    phone.goto(server_url + "/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Dịch vụ công tỉnh Thái Nguyên")
    phone.get_by_role("banner").get_by_role("link", name="Đăng nhập").click()
    phone.get_by_label("Tên đăng nhập hoặc số điện thoại").fill("congdan")
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Xin chào, An")
    expect(
        phone.get_by_role("main").get_by_role("link", name=re.compile("Cơ quan hành chính"))
    ).to_be_visible()
    # nothing wider than the phone's screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_is_explained(phone: Page, server_url: str):
    log_in(phone, server_url, "congdan", "nham-mat-khau")
    expect(phone.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")


def test_keyboard_users_can_skip_to_content_and_log_in(desktop: Page, server_url: str):
    desktop.goto(server_url + "/")
    desktop.keyboard.press("Tab")
    skip = desktop.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # visible when focused
    desktop.get_by_role("banner").get_by_role("link", name="Đăng nhập").click()
    # the username field has focus on arrival: type, Tab, type, Enter
    expect(desktop.get_by_label("Tên đăng nhập hoặc số điện thoại")).to_be_focused()
    desktop.keyboard.type("congdan")
    desktop.keyboard.press("Tab")
    desktop.keyboard.type(PASSWORD)
    desktop.keyboard.press("Enter")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Xin chào, An")


def test_switching_to_english(phone: Page, server_url: str):
    phone.goto(server_url + "/co-quan/")
    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Agencies")
    phone.get_by_role("button", name="Tiếng Việt").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cơ quan hành chính")


def test_citizen_finds_a_procedure_typed_without_diacritics(phone: Page, server_url: str):
    phone.goto(server_url + "/")
    phone.get_by_role("link", name=re.compile("Dịch vụ công trực tuyến")).click()
    phone.get_by_label("Bạn cần làm thủ tục gì?").fill("dang ky khai sinh")
    phone.get_by_role("button", name="Tìm kiếm").click()
    phone.get_by_role("main").get_by_role("link").filter(has_text="Thủ tục đăng ký khai sinh").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    expect(phone.get_by_role("main")).to_contain_text("Giấy tờ phải nộp")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
