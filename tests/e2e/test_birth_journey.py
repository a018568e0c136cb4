"""Issue 4's journey across roles: a mother registers her baby's birth from her phone; the commune's
one-stop officer receives it, the civil status officer and the commune leader carry it to "processed";
she sees every status change."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RESULTS
from tests.e2e.test_accessibility import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def paper_photo(page_no: int) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((1800, 2400), 40 + page_no).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@contextmanager
def official(browser: Browser, server_url: str, username: str) -> Iterator[Page]:
    """A desk computer of its own: a separate browser context, so sessions do not mix."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, server_url, username)
        yield page
    except Exception:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"journey-{username}-failure.png"), full_page=True)
        raise
    finally:
        context.close()


def fill_eform(page: Page) -> None:
    for field in page.locator("form#draft-form [name^='f-']").all():
        kind = field.get_attribute("type") or field.evaluate("e => e.tagName.toLowerCase()")
        empty = kind not in ("checkbox", "select") and not field.input_value()
        if field.get_attribute("inputmode") == "numeric" and empty:
            field.fill("019190000123")  # a personal identification number
        elif kind in ("text", "textarea") and empty:
            field.fill("Nguyễn Minh Khang")
        elif kind == "date" and empty:
            field.fill("2026-11-18")
        elif kind == "tel" and empty:
            field.fill("0912345678")
        elif kind == "checkbox":
            field.check()
        elif kind == "select" and len(field.locator("option").all()) > 1 and not field.input_value():
            field.select_option(index=1)


DEMO_PIN = "246810"  # TINHSO_DEMO_SIGNING_PIN


def sign_result(leader: Page) -> None:
    """The leader reads the preview of the result, then approves and signs it with the PIN."""
    preview = leader.get_by_role("link", name="Đọc kết quả trước khi ký (bản xem trước PDF)")
    response = leader.request.get(preview.evaluate("a => a.href"))
    assert response.ok and response.body().startswith(b"%PDF")
    form = leader.locator("form.action-form").filter(has_text="Phê duyệt và ký số kết quả")
    form.get_by_label("Mã PIN ký số của bạn").fill(DEMO_PIN)
    form.get_by_role("button", name="Phê duyệt và ký số kết quả").click()
    expect(leader.locator(".messages")).to_contain_text("ký số")


def open_dossier(page: Page, server_url: str, number: str) -> None:
    page.goto(server_url + "/can-bo/ho-so/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_mother_registers_her_babys_birth(browser: Browser, phone: Page, server_url: str):
    # given the demo citizen on her phone, who declared her newborn as someone she acts for
    log_in(phone, server_url, "congdan")
    # when she looks for the procedure typing without diacritics
    phone.goto(server_url + "/thu-tuc/")
    phone.locator("#id_q").fill("dang ky khai sinh")
    phone.locator("#id_q").press("Enter")
    phone.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).first.click()
    phone.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    # and submits for her child
    phone.get_by_label(re.compile("Nguyễn Minh Khang")).check()
    phone.get_by_role("button", name="Bắt đầu lập hồ sơ").click()
    phone.wait_for_url(re.compile(r"/ho-so/[2-9A-Z]{10}/$"))
    reference = phone.url.rstrip("/").rsplit("/", 1)[-1]
    fill_eform(phone)
    # with two photos of the birth certificate taken with the camera
    paper = phone.locator(".paper:has(.badge-required)").first
    paper.locator("input[capture]").set_input_files(
        files=[{"name": f"anh-{i}.jpg", "mimeType": "image/jpeg", "buffer": paper_photo(i)} for i in (1, 2)]
    )
    paper.locator("button[data-upload]").click()
    expect(phone.locator(".messages")).to_contain_text("Đã đính kèm tệp")
    expect(paper.locator(".attached li")).to_contain_text("2 trang")
    phone.get_by_role("button", name="Nộp hồ sơ").click()
    expect(phone.locator(".status")).to_contain_text("Mới đăng ký")
    phone.screenshot(path=str(RESULTS / "journey-submitted-phone.png"), full_page=True)

    # then the commune's one-stop officer receives it and the receipt carries the dossier code
    with official(browser, server_url, "motcua.pdp") as desk:
        open_dossier(desk, server_url, reference)
        desk.get_by_role("button", name="Tiếp nhận", exact=True).click()
        expect(desk.locator(".messages")).to_be_visible()
        code = re.search(r"\d{3}\.\d{2}\.\d{2}\.H55-\d{6}-\d{4}", desk.content())
        assert code, "no dossier code on the page"
        receipt = desk.locator("a[href*='/van-ban/']").first
        response = desk.request.get(server_url + receipt.get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"
    number = code.group(0)
    phone.reload()
    expect(phone.locator(".status")).to_contain_text("Được tiếp nhận")
    expect(phone.get_by_text(number).first).to_be_visible()

    # when the civil status officer forwards it and the commune leader approves it
    with official(browser, server_url, "chuyenvien.pdp") as clerk:
        open_dossier(clerk, server_url, number)
        clerk.get_by_role("button", name="Chuyển bước tiếp theo").click()
        expect(clerk.locator(".messages")).to_be_visible()
    phone.reload()
    expect(phone.locator(".status")).to_contain_text("Đang xử lý")
    with official(browser, server_url, "lanhdao.pdp") as leader:
        open_dossier(leader, server_url, number)
        sign_result(leader)

    # then the signed extract is in her account at once (an online result), and each change is in her
    # timeline and her notifications
    phone.reload()
    expect(phone.locator(".status").first).to_contain_text("Đã trả kết quả")
    page_text = phone.locator("main").inner_text()
    for words in ("tiếp nhận", "đang giải quyết", "giải quyết xong", "trích lục khai sinh"):
        assert words in page_text.lower(), words
    extract = phone.get_by_role("link", name="Trích lục khai sinh")
    response = phone.request.get(extract.evaluate("a => a.href"))
    assert response.ok and response.body().startswith(b"%PDF")
    phone.screenshot(path=str(RESULTS / "journey-processed-phone.png"), full_page=True)
    phone.goto(server_url + "/thong-bao/")
    expect(phone.locator("main")).to_contain_text(number)
