"""The electronic receipt of a fee or charge (biên lai thu phí, lệ phí điện tử): who paid what, how much (in
figures and in words), how and when, issued and sealed by the collecting agency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from tinhso.core.vnwords import amount_words
from tinhso.documents.layout import Header, build_pdf, field, header_block, moment, para


@dataclass(frozen=True)
class PaymentReceiptData:
    header: Header
    series: str
    payer: str
    description: str
    amount: int
    method: str
    paid_at: dt.datetime
    reference: str
    dossier_number: str


TITLE = "BIÊN LAI THU PHÍ, LỆ PHÍ"


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def render_payment_receipt(data: PaymentReceiptData) -> bytes:
    story: list[Flowable] = [
        header_block(data.header),
        Spacer(1, 8 * mm),
        para(TITLE, "title"),
        para("(Biên lai điện tử)", "center"),
        field("Ký hiệu:", data.series, "center"),
        Spacer(1, 5 * mm),
        field("Họ tên người nộp tiền:", data.payer),
        field("Nội dung thu:", data.description),
        field("Hồ sơ:", data.dossier_number),
        field("Số tiền:", _money(data.amount)),
        field("Bằng chữ:", amount_words(data.amount)),
        field("Hình thức thanh toán:", data.method),
        field("Mã thanh toán:", data.reference),
        field("Thời điểm thanh toán:", moment(data.paid_at)),
        Spacer(1, 6 * mm),
        para("Biên lai điện tử được ký số bởi đơn vị thu; không cần chữ ký, đóng dấu trên bản giấy.", "hint"),
    ]
    return build_pdf(
        story, title=f"{TITLE} {data.header.number}", author=data.header.issuer, subject=data.description
    )
