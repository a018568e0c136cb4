"""The result of a procedure (certificate, extract, notice…) as an A4 document in the Decree 30/2020 layout:
header, title, the lines its template fills from the dossier, then, on the right, the signing authority,
the signer's title, the signature under the seal and the signer's name; on the left, the recipients and the
QR code anyone scans to verify the signatures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from tinhso.documents import wording
from tinhso.documents.layout import FRAME_WIDTH, Header, build_pdf, header_block, para, qr_drawing
from tinhso.documents.layout import field as field_line
from tinhso.documents.stamps import SignatureAndSeal

PREVIEW_MARK = "BẢN XEM TRƯỚC – CHƯA KÝ SỐ"
VERIFY_KEYWORD = "tinhso-verify:"


@dataclass(frozen=True)
class ResultData:
    header: Header
    title: str
    dossier_code: str
    intro: str
    lines: Sequence[tuple[str, str]]
    closing: str
    authority: str  # "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC" or empty
    signer_title: str
    signer: str
    agency: str  # the seal's text
    place: str
    verify_url: str
    verify_code: str
    recipients: Sequence[str] = field(default_factory=tuple)
    preview: bool = False


def _signatures(data: ResultData) -> list[Flowable]:
    left: list[Flowable] = [para(wording.RECIPIENTS, "head-b")]
    left += [para(f"- {name};", "small") for name in data.recipients]
    left += [para(wording.ARCHIVE, "small"), Spacer(1, 3 * mm), qr_drawing(data.verify_url, 24 * mm)]
    left.append(para(wording.VERIFY_CAPTION, "qr"))
    right: list[Flowable] = []
    if data.authority:
        right.append(para(data.authority.upper(), "head-b"))
    right.append(para(data.signer_title.upper(), "head-b"))
    if data.preview:
        right += [Spacer(1, 12 * mm), para(wording.PREVIEW_SIGNATURE, "hint"), Spacer(1, 12 * mm)]
    else:
        right.append(SignatureAndSeal(signer=data.signer, agency=data.agency, place=data.place))
    right.append(para(data.signer, "head-b"))
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
            ]
        )
    )
    return [Spacer(1, 6 * mm), KeepTogether([table, Spacer(1, 2 * mm), para(data.verify_url, "small")])]


def render_result(data: ResultData) -> bytes:
    if not data.title.strip() or not data.signer.strip():
        raise ValueError("a result needs a title and a signer")
    story: list[Flowable] = [
        header_block(data.header),
        Spacer(1, 9 * mm),
        para(data.title.upper(), "title"),
        field_line(wording.DOSSIER_CODE, data.dossier_code, "center"),
        Spacer(1, 5 * mm),
    ]
    if data.intro:
        story.append(para(data.intro))
    story += [field_line(f"{label}:", value) for label, value in data.lines]
    if data.closing:
        story += [Spacer(1, 2 * mm), para(data.closing)]
    story += _signatures(data)
    return build_pdf(
        story,
        title=f"{data.title} {data.dossier_code}",
        author=data.header.issuer,
        subject=data.title,
        keywords=f"{VERIFY_KEYWORD}{data.verify_code}",
        watermark=PREVIEW_MARK if data.preview else "",
    )
