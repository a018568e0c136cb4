"""The dossier register (form 07, Sổ theo dõi hồ sơ) and the statistics of how procedures were handled, as
A4 landscape PDFs in the Decree 30/2020 style. Plain values in (frozen dataclasses), bytes out; the same
dataclasses feed the Excel workbooks (tinhso.documents.workbooks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from tinhso.documents import wording
from tinhso.documents.layout import (
    LANDSCAPE_WIDTH,
    STYLES,
    Header,
    build_pdf,
    header_block,
    local,
    para,
    register_fonts,
    text,
)


@dataclass(frozen=True)
class RegisterLine:
    number: int  # TT: the line's place in the register
    code: str
    procedure: str
    quantity: int
    applicant: str
    contact: str  # address, telephone
    competent: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    handed_over_at: dt.datetime | None
    result_received_at: dt.datetime | None
    returned_at: dt.datetime | None
    note: str


@dataclass(frozen=True)
class RegisterData:
    header: Header
    scope: str  # who received or handles: an agency's name, or the agencies the viewer oversees
    period: str  # "Quý IV/2026"
    first: dt.date
    last: dt.date
    lines: Sequence[RegisterLine]
    total: int  # the lines of the register; more than len(lines) when the copy is cut short
    officer: str


@dataclass(frozen=True)
class StatisticsColumn:
    title: str
    group: str = ""  # the heading over consecutive columns of the same group


@dataclass(frozen=True)
class StatisticsLine:
    label: str
    values: Sequence[int]


@dataclass(frozen=True)
class StatisticsData:
    header: Header
    scope: str
    period: str
    first: dt.date
    last: dt.date
    group_title: str  # "Cơ quan chủ trì giải quyết", "Xã, phường", "Thủ tục hành chính"
    columns: Sequence[StatisticsColumn]
    lines: Sequence[StatisticsLine]
    totals: Sequence[int]
    statuses: Sequence[tuple[str, int]]
    officer: str


def short(at: dt.datetime | None) -> str:
    return local(at).strftime("%d/%m/%Y %H:%M") if at else ""


def number(value: int) -> str:
    """1.234.567: Vietnamese groups thousands with dots."""
    return f"{value:,}".replace(",", ".")


def _date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


_CELL = ParagraphStyle("reg-cell", parent=STYLES["cell"], fontSize=7.5, leading=9.2)
_CELL_C = ParagraphStyle("reg-cell-c", parent=_CELL, alignment=1)
_CELL_R = ParagraphStyle("reg-cell-r", parent=_CELL, alignment=2)
_CELL_D = ParagraphStyle("reg-cell-d", parent=_CELL_C, fontSize=7, leading=8.6)  # dd/mm/yyyy fits 16 mm
_HEAD = ParagraphStyle("reg-head", parent=_CELL_C, fontName=f"{STYLES['cell'].fontName}-Bold", fontSize=7)


def _cell(value: str, style: ParagraphStyle = _CELL) -> Paragraph:
    return Paragraph(text(value), style)


def _ruled(rows: list[list[object]], widths: Sequence[float], spans: list[tuple], header_rows: int) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93)),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    style += [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(style))
    return table


def _title(header: Header, title: str, lines: list[str]) -> list[Flowable]:
    story: list[Flowable] = [header_block(header, LANDSCAPE_WIDTH), Spacer(1, 6 * mm), para(title, "title")]
    story += [para(line, "center") for line in lines]
    return [*story, Spacer(1, 4 * mm)]


def _signatures(left: str, left_name: str, right: str = "") -> Table:
    cells = [
        [para(left, "head-b"), para(right, "head-b") if right else ""],
        [para(wording.SIGN_HINT, "hint"), para(wording.SIGN_HINT, "hint") if right else ""],
        [Spacer(1, 18 * mm), ""],
        [para(left_name, "head-b"), ""],
    ]
    table = Table(cells, colWidths=[LANDSCAPE_WIDTH / 2] * 2)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


REGISTER_WIDTHS = [w * mm for w in (9, 26, 30, 10, 24, 25, 23, 16.5, 16.5, 16.5, 16.5, 16.5, 22.5)]


def render_register(data: RegisterData) -> bytes:
    register_fonts()
    cols = wording.REGISTER_COLUMNS
    head1: list[object] = [_cell(c, _HEAD) for c in cols[:7]]
    head1 += [_cell(wording.REGISTER_DATES, _HEAD), "", "", "", "", _cell(cols[12], _HEAD)]
    head2: list[object] = ["" for _c in cols[:7]] + [_cell(c, _HEAD) for c in cols[7:12]] + [""]
    numbers: list[object] = [_cell(f"({i})", _CELL_C) for i in range(1, 14)]
    spans = [((i, 0), (i, 1)) for i in (*range(7), 12)] + [((7, 0), (11, 0))]
    rows: list[list[object]] = [head1, head2, numbers]
    for line in data.lines:
        rows.append(
            [
                _cell(str(line.number), _CELL_C),
                _cell(line.code),
                _cell(line.procedure),
                _cell(str(line.quantity), _CELL_C),
                _cell(line.applicant),
                _cell(line.contact),
                _cell(line.competent),
                *(
                    Paragraph(text(short(moment)).replace(" ", "<br/>", 1), _CELL_D)
                    for moment in (
                        line.received_at,
                        line.due_at,
                        line.handed_over_at,
                        line.result_received_at,
                        line.returned_at,
                    )
                ),
                _cell(line.note),
            ]
        )
    if not data.lines:
        rows.append([_cell(wording.REGISTER_EMPTY, _CELL_C), *[""] * 12])
        spans.append(((0, len(rows) - 1), (12, len(rows) - 1)))
    period = wording.REGISTER_PERIOD.format(
        period=data.period, first=_date(data.first), last=_date(data.last)
    )
    story = _title(
        data.header, wording.REGISTER_TITLE, [wording.REGISTER_SCOPE.format(scope=data.scope), period]
    )
    story.append(_ruled(rows, REGISTER_WIDTHS, spans, header_rows=3))
    if data.total > len(data.lines):
        story += [
            Spacer(1, 2 * mm),
            para(wording.REGISTER_TRUNCATED.format(shown=len(data.lines), total=data.total), "left"),
        ]
    story += [Spacer(1, 6 * mm), KeepTogether(_signatures(wording.REGISTER_SIGN, data.officer))]
    return build_pdf(
        story, title=f"{wording.REGISTER_TITLE} — {data.period}", author=data.header.issuer, landscape=True
    )


def column_groups(columns: Sequence[StatisticsColumn]) -> list[tuple[int, int, str]]:
    """(first, last, title) of each run of columns sharing a group, in table positions (the label is 0)."""
    runs: list[tuple[int, int, str]] = []
    for i, column in enumerate(columns, start=1):
        if column.group and runs and runs[-1][2] == column.group and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, column.group)
        elif column.group:
            runs.append((i, i, column.group))
    return runs


def render_statistics(data: StatisticsData) -> bytes:
    register_fonts()
    n = len(data.columns)
    label_width = 52 * mm
    widths = [label_width] + [(LANDSCAPE_WIDTH - label_width) / n] * n
    groups = column_groups(data.columns)
    grouped = {i for a, b, _t in groups for i in range(a, b + 1)}
    head1: list[object] = [_cell(data.group_title, _HEAD)]
    head2: list[object] = [""]
    spans: list[tuple] = [((0, 0), (0, 1))]
    for i, column in enumerate(data.columns, start=1):
        if i in grouped:
            head1.append("")
            head2.append(_cell(column.title, _HEAD))
        else:
            head1.append(_cell(column.title, _HEAD))
            head2.append("")
            spans.append(((i, 0), (i, 1)))
    for first, last, title in groups:
        head1[first] = _cell(title, _HEAD)
        spans.append(((first, 0), (last, 0)))
    numbers: list[object] = [_cell(f"({i})", _CELL_C) for i in range(1, n + 2)]
    rows: list[list[object]] = [head1, head2, numbers]
    for line in data.lines:
        rows.append([_cell(line.label), *(_cell(number(v), _CELL_R) for v in line.values)])
    bold = ParagraphStyle("reg-total", parent=_CELL_R, fontName=_HEAD.fontName)
    rows.append([_cell(wording.STATISTICS_TOTAL, _HEAD), *(_cell(number(v), bold) for v in data.totals)])
    period = wording.REGISTER_PERIOD.format(
        period=data.period, first=_date(data.first), last=_date(data.last)
    )
    story = _title(
        data.header, wording.STATISTICS_TITLE, [wording.REGISTER_SCOPE.format(scope=data.scope), period]
    )
    story.append(_ruled(rows, widths, spans, header_rows=3))
    story += [
        Spacer(1, 2 * mm),
        Paragraph(text(wording.STATISTICS_NOTES), STYLES["small"]),
        Spacer(1, 4 * mm),
    ]
    status_rows: list[list[object]] = [[_cell(c, _HEAD) for c in wording.STATISTICS_STATUS_COLUMNS]]
    status_rows += [[_cell(label), _cell(number(count), _CELL_R)] for label, count in data.statuses]
    status_table = _ruled(status_rows, [70 * mm, 25 * mm], [], header_rows=1)
    status_table.hAlign = "LEFT"
    story.append(
        KeepTogether([para(wording.STATISTICS_STATUS_TITLE, "left"), Spacer(1, 1 * mm), status_table])
    )
    story += [
        Spacer(1, 6 * mm),
        KeepTogether(_signatures(wording.STATISTICS_SIGN_LEFT, data.officer, wording.STATISTICS_SIGN_RIGHT)),
    ]
    return build_pdf(
        story, title=f"{wording.STATISTICS_TITLE} — {data.period}", author=data.header.issuer, landscape=True
    )
