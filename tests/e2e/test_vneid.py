"""A citizen on a 360 px phone logs in with VNeID through the local simulator. The server is a real gunicorn,
so its token exchange goes over HTTP to the simulator on the same server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_citizen_logs_in_with_vneid_on_a_phone(phone: Page, server_url: str):
    phone.goto(server_url + "/")
    phone.get_by_role("banner").get_by_role("link", name="Đăng nhập", exact=True).click()
    phone.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    # the simulated VNeID portal
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cổng xác thực VNeID (mô phỏng)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_label(re.compile("Nguyễn Văn An")).check()
    phone.get_by_role("button", name="Xác nhận đăng nhập").click()
    # back on the portal, logged in
    expect(phone.get_by_role("heading", level=1)).to_have_text("Xin chào, An")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(server_url + "/tai-khoan/")
    section = phone.get_by_role("region", name="Định danh điện tử (VNeID)")
    expect(section).to_contain_text("Nguyễn Văn An")
    expect(section).to_contain_text("•••••••••123")
    expect(section).to_contain_text("Mức 2")
    expect(section.get_by_role("button", name="Hủy liên kết VNeID")).to_be_visible()
    assert not violations(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_cancelling_at_vneid_is_explained(phone: Page, server_url: str):
    phone.goto(server_url + "/dang-nhap/")
    phone.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    phone.get_by_role("button", name="Hủy").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Không đăng nhập được bằng VNeID")
    expect(phone.get_by_role("alert")).to_contain_text("Bạn đã hủy đăng nhập trên VNeID")
