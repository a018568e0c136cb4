"""The one-stop forms as PDF: 01 receipt and appointment, 02 supplement request, 03 refusal.

Callers pass plain values in frozen dataclasses (no models), and get the PDF bytes back:

    pdf = render_receipt(ReceiptData(header=Header(...), dossier_code="000.00.19.H55-261122-0001", ...))

Wording is in tinhso.documents.wording (Vietnamese, not translated: these are legal documents);
page, fonts and the Decree 30/2020 header are in tinhso.documents.layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from tinhso.documents import wording
from tinhso.documents.layout import (
    FRAME_WIDTH,
    STYLES,
    Header,
    build_pdf,
    closing_block,
    field,
    grid,
    header_block,
    long_date,
    markup,
    moment,
    para,
    text,
)

__all__ = [
    "ApologyData",
    "ComponentLine",
    "Header",
    "Party",
    "ReceiptData",
    "RefusalData",
    "SupplementItem",
    "SupplementRequestData",
    "render_apology",
    "render_receipt",
    "render_refusal",
    "render_supplement_request",
]


@dataclass(frozen=True)
class Party:
    """The person or organisation the dossier belongs to. Empty fields are left out of the form."""

    name: str
    citizen_id: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ComponentLine:
    """One paper of the dossier as received: how many originals and how many copies."""

    name: str
    originals: int
    copies: int
    note: str = ""


@dataclass(frozen=True)
class ReceiptData:
    """Form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    header: Header
    dossier_code: str
    procedure: str  # the procedure's name, e.g. "Đăng ký khai sinh"
    applicant: Party
    components: Sequence[ComponentLine]
    received_at: dt.datetime  # aware datetimes are printed in Viet Nam's time
    appointment_at: dt.datetime
    delivery: str  # how the result is returned, e.g. "Trực tiếp tại Bộ phận Một cửa"
    officer: str  # the receiving officer's full name
    lookup_url: str  # the public status page the QR code points to
    statutory_time: str = ""  # e.g. "05 ngày làm việc"; left out when empty
    desk: str = ""  # the receiving desk as named in sentences; defaults to header.issuer


@dataclass(frozen=True)
class SupplementItem:
    """One thing to supplement or complete, and why."""

    what: str
    reason: str = ""


@dataclass(frozen=True)
class SupplementRequestData:
    """Form 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    header: Header
    dossier_code: str
    procedure: str
    applicant: Party
    items: Sequence[SupplementItem]
    officer: str  # the officer who gives the guidance
    lookup_url: str
    deadline: dt.date | None = None
    contact: str = ""  # e.g. "Bộ phận Một cửa, số điện thoại 0208 3855 123"
    desk: str = ""


@dataclass(frozen=True)
class RefusalData:
    """Form 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    header: Header
    dossier_code: str
    procedure: str
    applicant: Party
    reason: str
    officer: str
    lookup_url: str
    desk: str = ""


@dataclass(frozen=True)
class ApologyData:
    """Form 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (a late dossier)."""

    header: Header
    dossier_code: str
    procedure: str
    applicant: Party
    received_at: dt.datetime
    due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    officer: str  # the head of the agency who signs
    lookup_url: str


@dataclass(frozen=True)
class StopData:
    """Form 05 — Thông báo dừng giải quyết hồ sơ."""

    header: Header
    dossier_code: str
    procedure: str
    applicant: Party
    received_at: dt.datetime
    due_at: dt.datetime
    reason: str
    officer: str  # the head of the agency who signs
    lookup_url: str


# --- shared parts ---


def _opening(header: Header, title: str, code: str) -> list[Flowable]:
    return [
        header_block(header),
        Spacer(1, 9 * mm),
        para(title, "title"),
        field(wording.DOSSIER_CODE, code, "center"),
        Spacer(1, 5 * mm),
    ]


def _party(label: str, party: Party, procedure: str) -> list[Flowable]:
    lines = [field(label, party.name)]
    if party.citizen_id:
        lines.append(field(wording.CITIZEN_ID, party.citizen_id))
    if party.address:
        lines.append(field(wording.ADDRESS, party.address))
    contacts = [(wording.PHONE, party.phone), (wording.EMAIL, party.email)]
    shown = [f"{text(name)} <b>{text(value)}</b>" for name, value in contacts if value]
    if shown:
        lines.append(Paragraph("&nbsp;&nbsp;&nbsp;&nbsp;".join(shown), STYLES["body"]))
    lines.append(field(wording.PROCEDURE, procedure))
    return lines


def _closing(signatures: Sequence[tuple[str, str]], url: str) -> list[Flowable]:
    # the signatures and the QR code stay together on one page
    return [Spacer(1, 4 * mm), KeepTogether(closing_block(signatures, url))]


def _check(data: ReceiptData | SupplementRequestData | RefusalData | ApologyData | StopData) -> None:
    for name in ("dossier_code", "procedure", "officer", "lookup_url"):
        if not str(getattr(data, name)).strip():
            raise ValueError(f"{type(data).__name__}.{name} is empty")
    if not data.applicant.name.strip():
        raise ValueError("the applicant has no name")


# --- form 01 ---


def render_receipt(data: ReceiptData) -> bytes:
    """Form 01: what was received, when, and when and how the result will be returned."""
    _check(data)
    if data.appointment_at < data.received_at:
        raise ValueError("the appointment is before the receipt")
    if any(line.originals < 0 or line.copies < 0 for line in data.components):
        raise ValueError("a component has a negative count")
    desk = data.desk or data.header.issuer
    story: list[Flowable] = _opening(data.header, wording.RECEIPT_TITLE, data.dossier_code)
    story.append(para(wording.RECEIPT_DESK.format(desk=desk)))
    story += _party(wording.APPLICANT, data.applicant, data.procedure)
    story.append(para(wording.RECEIPT_COMPONENTS))
    rows: list[list[Any]] = [[para(title, "cell-c") for title in wording.RECEIPT_COLUMNS]]
    for number, line in enumerate(data.components, start=1):
        rows.append(
            [
                para(str(number), "cell-c"),
                para(line.name, "cell"),
                para(str(line.originals), "cell-c"),
                para(str(line.copies), "cell-c"),
                para(line.note, "cell"),
            ]
        )
    widths = [12 * mm, 0.0, 22 * mm, 19 * mm, 30 * mm]
    widths[1] = FRAME_WIDTH - sum(widths)
    story += [grid(rows, widths), Spacer(1, 3 * mm)]
    story.append(para(wording.RECEIPT_COUNT.format(count=f"{len(data.components):02d}")))
    if data.statutory_time:
        story.append(para(wording.RECEIPT_STATUTORY.format(time=data.statutory_time)))
    story.append(para(wording.RECEIPT_RECEIVED.format(when=moment(data.received_at))))
    story.append(
        markup(
            wording.RECEIPT_APPOINTMENT.replace("{when}", "<b>{when}</b>"), when=moment(data.appointment_at)
        )
    )
    story.append(para(wording.RECEIPT_DELIVERY.format(delivery=data.delivery.rstrip("."))))
    story.append(para(wording.RECEIPT_NOTE, "hint"))
    story += _closing(
        [(wording.RECEIPT_APPLICANT_SIGN, data.applicant.name), (wording.RECEIPT_OFFICER_SIGN, data.officer)],
        data.lookup_url,
    )
    return build_pdf(
        story,
        title=f"{wording.RECEIPT_TITLE} {data.dossier_code}",
        author=data.header.issuer,
        subject=data.procedure,
    )


# --- form 02 ---


def render_supplement_request(data: SupplementRequestData) -> bytes:
    """Form 02: the numbered list of what the applicant must supplement or complete, and why."""
    _check(data)
    if not data.items:
        raise ValueError("a supplement request needs at least one item")
    desk = data.desk or data.header.issuer
    story: list[Flowable] = _opening(data.header, wording.SUPPLEMENT_TITLE, data.dossier_code)
    story += _party(wording.DOSSIER_OF, data.applicant, data.procedure)
    story.append(Spacer(1, 2 * mm))
    story.append(para(wording.SUPPLEMENT_INTRO.format(desk=desk)))
    for number, item in enumerate(data.items, start=1):
        story.append(Paragraph(text(item.what), STYLES["item"], bulletText=f"{number}."))
        if item.reason:
            story.append(para(wording.SUPPLEMENT_REASON.format(reason=item.reason), "indent"))
    if data.deadline:
        story.append(
            para(wording.SUPPLEMENT_DEADLINE.format(date=long_date(data.deadline).removeprefix("ngày ")))
        )
    if data.contact:
        story.append(para(wording.SUPPLEMENT_CONTACT.format(contact=data.contact)))
    story += _closing([(wording.SUPPLEMENT_SIGN, data.officer)], data.lookup_url)
    return build_pdf(
        story,
        title=f"{wording.SUPPLEMENT_TITLE} {data.dossier_code}",
        author=data.header.issuer,
        subject=data.procedure,
    )


# --- form 03 ---


def render_refusal(data: RefusalData) -> bytes:
    """Form 03: the dossier is not accepted, and the specific reason."""
    _check(data)
    if not data.reason.strip():
        raise ValueError("a refusal needs a reason")
    desk = data.desk or data.header.issuer
    story: list[Flowable] = _opening(data.header, wording.REFUSAL_TITLE, data.dossier_code)
    story += _party(wording.APPLICANT, data.applicant, data.procedure)
    story.append(Spacer(1, 2 * mm))
    story.append(para(wording.REFUSAL_INTRO.format(desk=desk)))
    story.extend(para(line) for line in data.reason.splitlines() if line.strip())
    story.append(para(wording.REFUSAL_CLOSING + wording.END))
    story += _closing([(wording.REFUSAL_SIGN, data.officer)], data.lookup_url)
    return build_pdf(
        story,
        title=f"{wording.REFUSAL_TITLE} {data.dossier_code}",
        author=data.header.issuer,
        subject=data.procedure,
    )


def render_apology(data: ApologyData) -> bytes:
    """Form 04: the agency apologises for a late result and sets a new appointment."""
    _check(data)
    if not data.reason.strip():
        raise ValueError("an apology needs the reason for the delay")
    if data.new_due_at <= data.due_at:
        raise ValueError("the new appointment must be later than the one missed")
    agency = data.header.issuer
    story: list[Flowable] = _opening(data.header, wording.APOLOGY_TITLE, data.dossier_code)
    story += _party(wording.APPLICANT, data.applicant, data.procedure)
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            wording.APOLOGY_INTRO.format(
                received=long_date(data.received_at.date()), agency=agency, due=moment(data.due_at)
            )
        )
    )
    story.append(para(wording.APOLOGY_REASON.format(agency=agency)))
    story.extend(para(line) for line in data.reason.splitlines() if line.strip())
    story.append(para(wording.APOLOGY_SORRY.format(agency=agency, new_due=moment(data.new_due_at))))
    story.append(para(wording.APOLOGY_CLOSING + wording.END))
    story += _closing([(wording.APOLOGY_SIGN, data.officer)], data.lookup_url)
    return build_pdf(
        story,
        title=f"{wording.APOLOGY_TITLE} {data.dossier_code}",
        author=data.header.issuer,
        subject=data.procedure,
    )


# --- form 05 ---


def render_stop(data: StopData) -> bytes:
    """Form 05: the competent agency stops processing the dossier, and why."""
    _check(data)
    if not data.reason.strip():
        raise ValueError("stopping needs a reason")
    agency = data.header.issuer
    story: list[Flowable] = _opening(data.header, wording.STOP_TITLE, data.dossier_code)
    story += _party(wording.APPLICANT, data.applicant, data.procedure)
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            wording.STOP_INTRO.format(
                received=long_date(data.received_at.date()), agency=agency, due=moment(data.due_at)
            )
        )
    )
    story.append(para(wording.STOP_REASON.format(agency=agency)))
    story.extend(para(line) for line in data.reason.splitlines() if line.strip())
    story.append(para(wording.STOP_AFTER.format(agency=agency) + wording.END))
    story += _closing([(wording.STOP_SIGN, data.officer)], data.lookup_url)
    return build_pdf(
        story,
        title=f"{wording.STOP_TITLE} {data.dossier_code}",
        author=data.header.issuer,
        subject=data.procedure,
    )
