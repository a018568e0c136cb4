"""Issue 6's journey: a citizen submits a fee-bearing procedure from her phone, sees the VietQR code, the
simulated bank confirms the transfer, the dossier is processed and the leader signs the result; she
downloads it and verifies it on the public page (valid), and the same check on a modified copy says altered."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RESULTS
from tests.e2e.test_accessibility import log_in, violations
from tests.e2e.test_birth_journey import fill_eform, official, open_dossier, paper_photo, sign_result

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PROCEDURE = "Thủ tục xác nhận thông tin hộ tịch"  # 2.002516: 8.000 đồng


def altered(pdf: bytes) -> bytes:
    """The signed PDF with a revision appended that draws over its page, as an editor would save it."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.add_stream_to_page(
        0, writer.add_object(generic.StreamObject(stream_data=b"1 1 1 rg 80 560 400 60 re f"))
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_fee_paid_by_vietqr_and_a_signed_result_verified(browser: Browser, phone: Page, server_url: str):
    # given the demo citizen on her phone, asking for a confirmation of civil status information
    log_in(phone, server_url, "congdan")
    phone.goto(server_url + "/thu-tuc/")
    phone.locator("#id_q").fill("xac nhan thong tin ho tich")
    phone.locator("#id_q").press("Enter")
    phone.get_by_role("link", name=PROCEDURE, exact=True).first.click()
    expect(phone.locator("main")).to_contain_text("8.000")
    phone.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    phone.get_by_role("button", name="Bắt đầu lập hồ sơ").click()
    phone.wait_for_url(re.compile(r"/ho-so/[2-9A-Z]{10}/$"))
    reference = phone.url.rstrip("/").rsplit("/", 1)[-1]
    fill_eform(phone)
    for paper in phone.locator(".paper:has(.badge-required)").all():
        paper.locator("input[capture]").set_input_files(
            files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": paper_photo(3)}]
        )
        paper.locator("button[data-upload]").click()
        expect(phone.locator(".messages")).to_contain_text("Đã đính kèm tệp")
    phone.get_by_role("button", name="Nộp hồ sơ").click()
    expect(phone.locator(".status").first).to_contain_text("Mới đăng ký")

    # when the ward's desk receives it, the fee is asked for
    with official(browser, server_url, "motcua.pdp") as desk:
        open_dossier(desk, server_url, reference)
        desk.get_by_role("button", name="Tiếp nhận", exact=True).click()
        expect(desk.locator(".messages")).to_be_visible()
        number = re.search(r"\d{3}\.\d{2}\.\d{2}\.H55-\d{6}-\d{4}", desk.content()).group(0)  # type: ignore[union-attr]

    # then she sees the VietQR code with the amount, and pays with the (simulated) bank
    phone.reload()
    payments = phone.locator("section.payments")
    expect(payments).to_contain_text("8.000 đồng")
    expect(payments).to_contain_text("Chờ thanh toán")
    expect(payments.locator("svg.qr")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(RESULTS / "journey-vietqr-phone.png"), full_page=True)
    assert not violations(phone)
    payments.get_by_role("link", name="Thanh toán bằng ngân hàng mô phỏng (thử nghiệm)").click()
    phone.get_by_role("button", name="Xác nhận chuyển khoản").click()
    expect(phone.locator("main")).to_contain_text("Hệ thống đã xác nhận thanh toán")
    phone.goto(server_url + f"/ho-so/{reference}/")
    expect(phone.locator("section.payments")).to_contain_text("Đã thanh toán")
    expect(
        phone.locator("section.payments").get_by_role("link", name=re.compile("Biên lai điện tử"))
    ).to_be_visible()

    # when the civil status officer forwards it and the ward's leader signs the result
    with official(browser, server_url, "chuyenvien.pdp") as clerk:
        open_dossier(clerk, server_url, number)
        clerk.get_by_role("button", name="Chuyển bước tiếp theo").click()
        expect(clerk.locator(".messages")).to_be_visible()
    with official(browser, server_url, "lanhdao.pdp") as leader:
        open_dossier(leader, server_url, number)
        sign_result(leader)

    # then she downloads the signed result and the public verifier says it is valid
    phone.reload()
    expect(phone.locator(".status").first).to_contain_text("Đã trả kết quả")
    link = phone.locator("section[aria-labelledby=documents-title] a").filter(
        has_text=re.compile("Thông báo kết quả", re.I)
    )
    result = phone.request.get(link.first.evaluate("a => a.href")).body()
    assert result.startswith(b"%PDF")
    phone.goto(server_url + "/xac-thuc/")
    phone.get_by_label("Tệp PDF cần kiểm tra").set_input_files(
        files=[{"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": result}]
    )
    phone.get_by_role("button", name="Kiểm tra chữ ký số").click()
    verdict = phone.locator(".verify-result")
    expect(verdict).to_contain_text("Hợp lệ")
    expect(verdict).to_contain_text("Ngô Văn Bình")
    expect(verdict).to_contain_text(number)
    phone.screenshot(path=str(RESULTS / "journey-verify-valid-phone.png"), full_page=True)
    # and the same check on a modified copy says altered
    phone.get_by_label("Tệp PDF cần kiểm tra").set_input_files(
        files=[{"name": "ket-qua-sua.pdf", "mimeType": "application/pdf", "buffer": altered(result)}]
    )
    phone.get_by_role("button", name="Kiểm tra chữ ký số").click()
    expect(phone.locator(".verify-result")).to_contain_text("Đã bị sửa đổi")
    phone.screenshot(path=str(RESULTS / "journey-verify-altered-phone.png"), full_page=True)
