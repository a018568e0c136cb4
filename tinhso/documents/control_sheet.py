"""Form 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ: every step of a dossier, who, when, on time or late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from tinhso.documents import wording
from tinhso.documents.layout import (
    FRAME_WIDTH,
    Header,
    build_pdf,
    closing_block,
    field,
    grid,
    header_block,
    local,
    moment,
    para,
)


@dataclass(frozen=True)
class ControlRow:
    step: str
    agency: str
    person: str
    started_at: dt.datetime
    due_at: dt.datetime | None
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class ControlSheetData:
    header: Header
    dossier_code: str
    procedure: str
    applicant: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    rows: Sequence[ControlRow]
    officer: str
    lookup_url: str


def _short(at: dt.datetime | None) -> str:
    return local(at).strftime("%H:%M %d/%m/%Y") if at else ""


def _verdict(row: ControlRow) -> str:
    if row.finished_at is None:
        return wording.CONTROL_OPEN
    if row.due_at is None or row.finished_at <= row.due_at:
        return wording.CONTROL_ON_TIME
    return wording.CONTROL_LATE


def render_control_sheet(data: ControlSheetData) -> bytes:
    if not data.dossier_code.strip() or not data.rows:
        raise ValueError("a control sheet needs a dossier code and at least one step")
    story: list[Flowable] = [
        header_block(data.header),
        Spacer(1, 9 * mm),
        para(wording.CONTROL_TITLE, "title"),
        field(wording.DOSSIER_CODE, data.dossier_code, "center"),
        Spacer(1, 5 * mm),
        field(wording.APPLICANT, data.applicant),
        field(wording.PROCEDURE, data.procedure),
    ]
    if data.received_at:
        story.append(para(wording.CONTROL_RECEIVED.format(when=moment(data.received_at))))
    if data.due_at:
        story.append(para(wording.CONTROL_DUE.format(when=moment(data.due_at))))
    rows: list[list[object]] = [[para(title, "cell-c") for title in wording.CONTROL_COLUMNS]]
    for number, row in enumerate(data.rows, start=1):
        rows.append(
            [
                para(str(number), "cell-c"),
                para(f"{row.step} ({row.agency})", "cell"),
                para(row.person, "cell"),
                para(_short(row.started_at), "cell-c"),
                para(_short(row.due_at), "cell-c"),
                para(_short(row.finished_at), "cell-c"),
                para(_verdict(row), "cell-c"),
            ]
        )
    widths = [w * FRAME_WIDTH for w in (0.06, 0.27, 0.17, 0.13, 0.13, 0.13, 0.11)]
    story += [Spacer(1, 3 * mm), grid(rows, widths), Spacer(1, 4 * mm)]
    story.append(KeepTogether(closing_block([(wording.CONTROL_SIGN, data.officer)], data.lookup_url)))
    return build_pdf(
        story,
        title=f"{wording.CONTROL_TITLE} {data.dossier_code}",
        author=data.header.issuer,
        subject=data.procedure,
    )
