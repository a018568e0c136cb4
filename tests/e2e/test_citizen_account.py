"""Issue 3's journey on a 360 px phone: register with a phone number (the code is read from the local
outbox), see the profile, log out, log in again; and the app keeps viewed pages offline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import read_outbox

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PASSWORD = "Doi-Che-Tan-2026"


def test_a_citizen_registers_with_a_phone_number(phone: Page, server_url: str, outbox_dir):
    phone.goto(server_url + "/")
    phone.get_by_role("link", name="Đăng ký tài khoản Thái Nguyên ID").click()
    phone.get_by_label("Họ và tên").fill("Lương Thị Mơ")
    phone.get_by_label("Số điện thoại di động hoặc thư điện tử").fill("0978 123 456")
    phone.get_by_label("Số định danh cá nhân").fill("019195001234")
    phone.get_by_label("Ngày sinh").fill("1995-03-08")
    phone.get_by_label("Xã, phường nơi cư trú").select_option(label="Phường Phan Đình Phùng")
    phone.get_by_label("Số nhà, đường phố, tổ/thôn/xóm").fill("Tổ 7")
    phone.locator("#id_password1").fill(PASSWORD)
    phone.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Tiếp tục: gửi mã xác thực").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Nhập mã xác thực")
    expect(phone.get_by_role("main")).to_contain_text("097****456")
    # the SMS went to the local outbox
    [sms] = read_outbox(outbox_dir, "sms", "0978123456")
    code = re.search(r"\b(\d{6})\b", sms["body"]).group(1)
    phone.get_by_label("Mã xác thực").fill(code)
    phone.get_by_role("button", name="Tạo tài khoản").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Xin chào, Mơ")
    expect(phone.get_by_role("status")).to_contain_text("Tài khoản Thái Nguyên ID của bạn đã được tạo.")
    # the profile shows what was registered
    phone.goto(server_url + "/tai-khoan/")
    main = phone.get_by_role("main")
    expect(main).to_contain_text("Lương Thị Mơ")
    expect(main).to_contain_text("019******234")
    expect(main).to_contain_text("Tổ 7, Phường Phan Đình Phùng, Thái Nguyên")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # the welcome notification waits in the inbox
    phone.goto(server_url + "/thong-bao/")
    expect(phone.get_by_role("main")).to_contain_text("Chào mừng bạn đến với Thái Nguyên ID")
    # log out and back in with the phone number
    phone.get_by_role("button", name="Đăng xuất").click()
    phone.goto(server_url + "/dang-nhap/")
    phone.get_by_label("Tên đăng nhập hoặc số điện thoại").fill("0978123456")
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Xin chào, Mơ")


def test_a_wrong_code_is_explained(phone: Page, server_url: str):
    phone.goto(server_url + "/dang-ky/")
    phone.get_by_label("Họ và tên").fill("Đinh Văn Tư")
    phone.get_by_label("Số điện thoại di động hoặc thư điện tử").fill("0978000111")
    phone.get_by_label("Số định danh cá nhân").fill("019080001111")
    phone.get_by_label("Ngày sinh").fill("1980-01-01")
    phone.locator("#id_password1").fill(PASSWORD)
    phone.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Tiếp tục: gửi mã xác thực").click()
    phone.get_by_label("Mã xác thực").fill("000000")
    phone.get_by_role("button", name="Tạo tài khoản").click()
    expect(phone.get_by_role("main")).to_contain_text("Mã xác thực không đúng. Bạn còn 4 lần thử.")


def test_viewed_pages_open_offline(browser, server_url: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(server_url + "/co-quan/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker, which keeps the page
    expect(page.get_by_role("heading", level=1)).to_have_text("Cơ quan hành chính")
    context.set_offline(True)
    page.goto(server_url + "/co-quan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cơ quan hành chính")
    page.goto(server_url + "/don-vi-hanh-chinh/")  # never opened: the offline page
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đang ngoại tuyến")
    context.close()
