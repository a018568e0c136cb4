"""The register and the statistics as Excel workbooks (openpyxl), from the dataclasses the PDFs use: the
same title lines, the form's columns, dates as real Excel dates (Viet Nam's time), numbers as numbers."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.documents import wording
from tinhso.documents.layout import local
from tinhso.documents.registers import RegisterData, StatisticsData, column_groups

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
DATE_FORMAT = "dd/mm/yyyy hh:mm"


def _naive(at: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: the local time of Viet Nam, as the officials read it."""
    return local(at).replace(tzinfo=None) if at else None


def _head(ws: Worksheet, row: int, col: int, value: str) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = Font(bold=True)
    cell.fill = HEAD_FILL
    cell.alignment = CENTRE
    cell.border = BOX


def _titles(ws: Worksheet, width: int, lines: list[str]) -> int:
    """Issuer, title and scope lines across the sheet; returns the next free row."""
    for row, value in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=value).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        if row == 2:
            ws.cell(row=row, column=1).font = Font(bold=True, size=13)
    return len(lines) + 2


def _save(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def register_workbook(data: RegisterData) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = wording.SHEET_REGISTER
    cols = wording.REGISTER_COLUMNS
    period = wording.REGISTER_PERIOD.format(
        period=data.period, first=data.first.strftime("%d/%m/%Y"), last=data.last.strftime("%d/%m/%Y")
    )
    top = _titles(
        ws,
        len(cols),
        [
            data.header.issuer.upper(),
            wording.REGISTER_TITLE,
            wording.REGISTER_SCOPE.format(scope=data.scope),
            period,
        ],
    )
    for col, title in enumerate(cols, start=1):
        if 8 <= col <= 12:
            _head(ws, top + 1, col, title)
        else:
            _head(ws, top, col, title)
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    _head(ws, top, 8, wording.REGISTER_DATES)
    ws.merge_cells(start_row=top, start_column=8, end_row=top, end_column=12)
    row = top + 2
    for line in data.lines:
        values: list[Any] = [
            line.number,
            line.code,
            line.procedure,
            line.quantity,
            line.applicant,
            line.contact,
            line.competent,
            _naive(line.received_at),
            _naive(line.due_at),
            _naive(line.handed_over_at),
            _naive(line.result_received_at),
            _naive(line.returned_at),
            line.note,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = BOX
            cell.alignment = WRAP
            if isinstance(value, dt.datetime):
                cell.number_format = DATE_FORMAT
        row += 1
    if data.total > len(data.lines):
        ws.cell(
            row=row + 1,
            column=1,
            value=wording.REGISTER_TRUNCATED.format(shown=len(data.lines), total=data.total),
        )
    for col, width in enumerate((6, 28, 45, 9, 24, 30, 30, 16, 16, 16, 16, 16, 30), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=top + 2, column=3)
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{top}:{top + 1}"
    return _save(wb)


def statistics_workbook(
    data: StatisticsData, *, by_status: list[tuple[str, list[int]]] | None = None
) -> bytes:
    """The statistics sheet (one line per agency, commune or procedure, then the totals) and the sheet of
    the dossiers to handle by status today (`by_status`: one line per row of the statistics)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = wording.SHEET_STATISTICS
    n = len(data.columns)
    period = wording.REGISTER_PERIOD.format(
        period=data.period, first=data.first.strftime("%d/%m/%Y"), last=data.last.strftime("%d/%m/%Y")
    )
    top = _titles(
        ws,
        n + 1,
        [
            data.header.issuer.upper(),
            wording.STATISTICS_TITLE,
            wording.REGISTER_SCOPE.format(scope=data.scope),
            period,
        ],
    )
    groups = column_groups(data.columns)
    grouped = {i for a, b, _t in groups for i in range(a, b + 1)}
    _head(ws, top, 1, data.group_title)
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    for i, column in enumerate(data.columns, start=1):
        if i in grouped:
            _head(ws, top + 1, i + 1, column.title)
        else:
            _head(ws, top, i + 1, column.title)
            ws.merge_cells(start_row=top, start_column=i + 1, end_row=top + 1, end_column=i + 1)
    for first, last, title in groups:
        _head(ws, top, first + 1, title)
        ws.merge_cells(start_row=top, start_column=first + 1, end_row=top, end_column=last + 1)
    row = top + 2
    for label, values, bold in [
        *((x.label, x.values, False) for x in data.lines),
        (wording.STATISTICS_TOTAL, data.totals, True),
    ]:
        for col, value in enumerate([label, *values], start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = BOX
            cell.font = Font(bold=bold)
            cell.alignment = WRAP
            if col > 1:
                cell.number_format = "#,##0"
        row += 1
    ws.cell(row=row + 1, column=1, value=wording.STATISTICS_NOTES)
    ws.column_dimensions["A"].width = 42
    for col in range(2, n + 2):
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.row_dimensions[top + 1].height = 45
    ws.freeze_panes = ws.cell(row=top + 2, column=2)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    sheet = wb.create_sheet(wording.SHEET_STATUSES)
    titles = [label for label, _count in data.statuses]
    _head(sheet, 1, 1, data.group_title)
    for col, title in enumerate(titles, start=2):
        _head(sheet, 1, col, title)
    lines = by_status or []
    totals = [count for _label, count in data.statuses]
    for r, (label, values, bold) in enumerate(
        [*((label, values, False) for label, values in lines), (wording.STATISTICS_TOTAL, totals, True)],
        start=2,
    ):
        for col, value in enumerate([label, *values], start=1):
            cell = sheet.cell(row=r, column=col, value=value)
            cell.border = BOX
            cell.font = Font(bold=bold)
    sheet.column_dimensions["A"].width = 42
    for col in range(2, len(titles) + 2):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "B2"
    return _save(wb)
