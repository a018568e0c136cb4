"""The citizen's online submission in a real browser, on a phone and a desktop: start a dossier, fill in the
e-form, take a photo (compressed in the browser), submit once, see it in My dossiers; axe on each page."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RESULTS
from tests.e2e.test_accessibility import log_in, violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def big_photo() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((3000, 4000), 60).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def shot(page: Page, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"dossier-{name}.png"), full_page=True)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_citizen_submits_a_dossier_with_a_photo(request, server_url: str, device: str):
    page: Page = request.getfixturevalue(device)
    # given the demo citizen, logged in
    log_in(page, server_url, "congdan")
    # when she starts a birth registration for herself at her ward
    page.goto(server_url + "/thu-tuc/1.001193/nop/")
    assert not violations(page)
    shot(page, f"start-{device}")
    page.get_by_role("button", name="Bắt đầu lập hồ sơ").click()
    page.wait_for_url(re.compile(r"/ho-so/[2-9A-Z]{10}/$"))
    assert not violations(page)
    # and she submits at once: the missing paper is named next to it
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".error-summary")).to_be_visible(timeout=15_000)
    shot(page, f"draft-errors-{device}")
    assert not violations(page)
    # when she fills in the form and takes a large photo of each required paper
    for field in page.locator("form#draft-form [name^='f-']").all():
        kind = field.get_attribute("type") or field.evaluate("e => e.tagName.toLowerCase()")
        if field.get_attribute("inputmode") == "numeric" and not field.input_value():
            field.fill("019190000123")  # a personal identification number
        elif kind in ("text", "textarea") and not field.input_value():
            field.fill("Nguyễn Minh Khang")
        elif kind == "date" and not field.input_value():
            field.fill("2026-11-20")
        elif kind == "tel" and not field.input_value():
            field.fill("0912345678")
        elif kind == "select":
            options = field.locator("option").all()
            if len(options) > 1:
                field.select_option(index=1)
        elif kind == "checkbox":
            field.check()
    photo = big_photo()
    required = page.locator(".paper:has(.badge-required)").count()
    for index in range(max(1, required)):
        paper = page.locator(".paper:has(.badge-required)" if required else ".paper").nth(index)
        paper.locator("input[capture]").set_input_files(
            files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": photo}]
        )
        paper.locator("button[data-upload]").click()
        expect(page.locator(".messages")).to_contain_text("Đã đính kèm tệp", timeout=30_000)
    # then the photo was made smaller in the browser before it was sent
    sizes = page.locator(".paper .attached li").all_inner_texts()
    assert sizes, "nothing attached"
    assert all(re.search(r"\d+[,.]?\d*\sKB", s) for s in sizes), sizes  # not MB: made smaller
    shot(page, f"draft-{device}")
    assert not violations(page)
    # when she submits (a double click)
    page.get_by_role("button", name="Nộp hồ sơ").dblclick()
    page.wait_for_url(re.compile(r"/ho-so/[2-9A-Z]{10}/$"))
    expect(page.locator(".status")).to_contain_text("Mới đăng ký")
    shot(page, f"submitted-{device}")
    assert not violations(page)
    # then My dossiers lists it
    page.goto(server_url + "/ho-so/")
    shot(page, f"list-{device}")
    page.goto(server_url + "/tra-cuu-ho-so/")
    shot(page, f"lookup-{device}")
