"""Issue 5's journey: a walk-in citizen's dossier for a provincial procedure is received at a ward's centre,
routed to the Department of Justice and processed late; the citizen gets the apology letter with a new
date, later the result, and rates the service; the department's leader sees the dissatisfied rating."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RESULTS
from tests.e2e.test_accessibility import violations
from tests.e2e.test_birth_journey import official, open_dossier, sign_result

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PROCEDURE = "2.000635"  # Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh (Sở Tư pháp)
PERSON = ("Lê Minh Châu", "019301000890")  # a citizen of the VNeID simulator, with no account yet
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

# the dossier's clock, moved as if the days had passed: every time shifted so the appointment is past,
# then the periodic deadline watch, as the worker would run it
LET_TIME_PASS = """
import datetime as dt
from django.db.models import F
from tinhso.core import clock
from tinhso.dossiers.deadlines import deadline_watch
from tinhso.dossiers.models import Dossier, StepRun
d = Dossier.objects.get(code={code!r})
shift = d.due_at - clock.now() + dt.timedelta(hours=3)
Dossier.objects.filter(pk=d.pk).update(
    submitted_at=F("submitted_at") - shift, received_at=F("received_at") - shift, due_at=F("due_at") - shift
)
StepRun.objects.filter(dossier=d).update(started_at=F("started_at") - shift, due_at=F("due_at") - shift)
StepRun.objects.filter(dossier=d, finished_at__isnull=False).update(finished_at=F("finished_at") - shift)
print(deadline_watch())
"""


def scan(n: int) -> dict:
    buffer = io.BytesIO()
    Image.effect_noise((1200, 1600), 30 + n).convert("RGB").save(buffer, "JPEG", quality=85)
    return {"name": f"scan-{n}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def fill_inputs(page: Page, scope: str) -> None:
    """Every empty input of a section, as an officer would type them from the papers."""
    for field in page.locator(f"{scope} input, {scope} textarea, {scope} select").all():
        kind = field.get_attribute("type") or field.evaluate("e => e.tagName.toLowerCase()")
        if kind in ("hidden", "file", "submit"):
            continue
        if kind == "checkbox":
            field.check()
        elif kind == "select":
            if len(field.locator("option").all()) > 1 and not field.input_value():
                field.select_option(index=1)
        elif field.input_value():
            continue
        elif field.get_attribute("inputmode") == "numeric":
            field.fill("019301000890")
        elif kind == "date":
            field.fill("2001-11-20")
        elif kind == "tel":
            field.fill("0977000890")
        elif kind == "email":
            field.fill("chau@example.vn")
        elif kind == "number":
            field.fill("2")
        else:
            field.fill("Lê Minh Châu")


def test_a_walk_in_dossier_routed_to_a_department_processed_late_and_rated(
    browser: Browser, phone: Page, server_url: str, server_python
):
    # given a person at the ward's one-stop desk asking for a copy of a birth certificate
    with official(browser, server_url, "motcua.pdp") as desk:
        desk.goto(server_url + "/can-bo/ho-so/tiep-nhan-truc-tiep/")
        desk.locator("#id_q").fill("ban sao giay khai sinh")
        desk.locator("#id_q").press("Enter")
        desk.locator(f"a[href='?thu-tuc={PROCEDURE}']").click()
        # when the officer registers it with the scanned papers
        desk.get_by_label("Họ và tên").first.fill(PERSON[0])
        desk.get_by_label("Số định danh cá nhân").first.fill(PERSON[1])
        fill_inputs(desk, "section:has(#h-eform)")
        for i, upload in enumerate(desk.locator("section:has(#h-papers) input[type=file]").all()):
            upload.set_input_files(files=[scan(i)])
        desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
        # then it is received on the spot at the ward, for the department
        expect(desk.locator(".messages")).to_be_visible()
        found = re.search(r"\d{3}\.\d{2}\.\d{2}\.H55-\d{6}-\d{4}", desk.content())
        assert found, "no dossier code on the page"
        number = found.group(0)
        expect(desk.locator("main")).to_contain_text("Sở Tư pháp")
        expect(desk.locator("main")).to_contain_text(
            "Trung tâm Phục vụ hành chính công phường Phan Đình Phùng"
        )

    # when the department's specialist and head of division pass it on
    for username in ("chuyenvien.stp", "truongphong.stp"):
        with official(browser, server_url, username) as clerk:
            open_dossier(clerk, server_url, number)
            clerk.get_by_role("button", name="Chuyển bước tiếp theo").click()
            expect(clerk.locator(".messages")).to_be_visible()

    # and the appointment passes before the director approves
    server_python(LET_TIME_PASS.format(code=number))
    new_date = (dt.datetime.now(LOCAL) + dt.timedelta(days=6)).replace(hour=9, minute=30)
    with official(browser, server_url, "lanhdao.stp") as leader:
        open_dossier(leader, server_url, number)
        expect(leader.locator(".mark-overdue").first).to_be_visible()
        # the director apologises with a new appointment (form 04)
        panel = leader.locator("section:has(#h-apology)")
        panel.get_by_label("Lý do chậm trễ").fill(
            "Phải xác minh thông tin đăng ký khai sinh gốc tại địa phương khác."
        )
        panel.get_by_label("Ngày hẹn trả kết quả mới").fill(new_date.strftime("%Y-%m-%dT%H:%M"))
        panel.get_by_role("button", name="Ban hành phiếu xin lỗi").click()
        expect(leader.locator(".messages")).to_contain_text("mẫu 04")

    # then the person, logging in with VNeID for the first time, finds the apology and the new date
    phone.goto(server_url + "/dang-nhap/")
    phone.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    phone.get_by_label(re.compile(PERSON[0])).check()
    phone.get_by_role("button", name="Xác nhận đăng nhập").click()
    phone.goto(server_url + "/ho-so/")
    phone.get_by_role("link", name=re.compile("Trích lục|bản sao Giấy khai sinh", re.I)).first.click()
    main = phone.locator("main")
    expect(main).to_contain_text("xin lỗi")
    expect(main).to_contain_text(new_date.strftime("%d/%m/%Y"))
    expect(main.get_by_role("link", name=re.compile("mẫu 04"))).to_be_visible()
    phone.goto(server_url + "/thong-bao/")
    expect(phone.locator("main")).to_contain_text("trễ hẹn")

    # when the director approves and the ward's desk hands the result over
    with official(browser, server_url, "lanhdao.stp") as leader:
        open_dossier(leader, server_url, number)
        sign_result(leader)
    with official(browser, server_url, "motcua.pdp") as desk:
        desk.goto(server_url + "/can-bo/ho-so/tra-ket-qua/")
        desk.get_by_role("link", name=number).click()
        desk.get_by_role("button", name="Đã trả kết quả").click()
        expect(desk.locator(".messages")).to_be_visible()

    # then she sees the result returned and rates the service, dissatisfied with the time it took
    phone.goto(server_url + "/ho-so/")
    phone.get_by_role("link", name=re.compile("Trích lục|bản sao Giấy khai sinh", re.I)).first.click()
    expect(phone.locator(".status").first).to_contain_text("Đã trả kết quả")
    for question, answer in (
        ("Thái độ phục vụ của cán bộ", "Hài lòng"),
        ("Thời gian giải quyết", "Không hài lòng"),
        ("Mức độ hướng dẫn rõ ràng", "Hài lòng"),
        ("Đánh giá chung", "Không hài lòng"),
    ):
        phone.get_by_role("group", name=re.compile(question)).get_by_label(answer, exact=True).check()
    phone.get_by_label(re.compile("Ý kiến của bạn")).fill("Phải chờ quá lâu so với giấy hẹn.")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.locator(".messages")).to_be_visible()
    phone.screenshot(path=str(RESULTS / "journey-walk-in-rated-phone.png"), full_page=True)
    assert not violations(phone)

    # and the director is alerted and sees the dissatisfied rating on the dossier
    with official(browser, server_url, "lanhdao.stp") as leader:
        leader.goto(server_url + "/can-bo/thong-bao/")
        leader.get_by_role("link", name=re.compile("Người dân không hài lòng")).first.click()
        expect(leader.get_by_role("heading", level=1)).to_contain_text(number)
        rating = leader.locator("section:has(#h-rating)")
        expect(rating).to_contain_text("Không hài lòng")
        expect(rating).to_contain_text("Phải chờ quá lâu so với giấy hẹn.")
        leader.screenshot(path=str(RESULTS / "journey-walk-in-leader-desktop.png"), full_page=True)
