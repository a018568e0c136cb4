"""Page, fonts, styles and the Decree 30/2020/NĐ-CP header shared by the PDF forms.

Layout (Decree 30/2020, Appendix I): A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right
15 mm; page numbers centred in the top margin from the second page on. Registers and statistics tables
are A4 landscape with the same margins (`build_pdf(..., landscape=True)`, frame `LANDSCAPE_WIDTH`). The decree asks for Times New Roman
(TCVN 6909:2001); we embed DejaVu Sans, a free font with full Vietnamese coverage that is installed from
npm (`dejavu-fonts-ttf`) and copied to var/assets/fonts by `python -m tinhso.assets` (run by `make setup`).
DejaVu Sans is wider than Times, so the sizes are about one point smaller than the decree's 13–14 pt.
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as turned
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tinhso.documents import wording

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # legal times are Viet Nam's (UTC+7 all year)

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
FRAME_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 165 mm
LANDSCAPE_WIDTH = PAGE_HEIGHT - LEFT - RIGHT  # 252 mm

FONT = "TinhSoSans"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
    f"{FONT}-Italic": "DejaVuSans-Oblique.ttf",
    f"{FONT}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
}
_fonts_lock = threading.Lock()
_fonts_ready = False


class FontsMissingError(ImproperlyConfigured):
    """The Vietnamese TrueType fonts are not where the set-up step puts them."""


def fonts_dir() -> Path:
    """settings.DOCUMENT_FONTS_DIR if set, else var/assets/fonts (filled by `python -m tinhso.assets`)."""
    configured = getattr(settings, "DOCUMENT_FONTS_DIR", None)
    return Path(configured) if configured else Path(settings.ASSETS_DIR) / "fonts"


def register_fonts() -> None:
    """Register the font family once per process (reportlab's registry is global)."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if _fonts_ready:
            return
        directory = fonts_dir()
        missing = [file for file in FONT_FILES.values() if not (directory / file).is_file()]
        if missing:
            raise FontsMissingError(
                f"PDF forms need the DejaVu fonts in {directory} (missing: {', '.join(missing)}). "
                "Run `make setup`, or `npm ci && python -m tinhso.assets`."
            )
        for name, file in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(directory / file)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic", boldItalic=f"{FONT}-BoldItalic"
        )
        _fonts_ready = True


# --- styles ---

BODY_SIZE = 11
_base = ParagraphStyle("body", fontName=FONT, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.35, spaceAfter=3)
STYLES = {
    "body": ParagraphStyle("body-j", parent=_base, alignment=TA_JUSTIFY),
    "left": ParagraphStyle("left", parent=_base, alignment=TA_LEFT, spaceAfter=0),
    "center": ParagraphStyle("center", parent=_base, alignment=TA_CENTER, spaceAfter=0),
    "head": ParagraphStyle(
        "head", parent=_base, alignment=TA_CENTER, fontSize=10.5, leading=13, spaceAfter=0
    ),
    "head-b": ParagraphStyle(
        "head-b", parent=_base, alignment=TA_CENTER, fontName=f"{FONT}-Bold", fontSize=10.5, leading=13
    ),
    "motto": ParagraphStyle(
        "motto", parent=_base, alignment=TA_CENTER, fontName=f"{FONT}-Bold", fontSize=11, leading=14
    ),
    "date": ParagraphStyle(
        "date", parent=_base, alignment=TA_CENTER, fontName=f"{FONT}-Italic", fontSize=11, leading=14
    ),
    "title": ParagraphStyle(
        "title", parent=_base, alignment=TA_CENTER, fontName=f"{FONT}-Bold", fontSize=13, leading=17
    ),
    "indent": ParagraphStyle("indent", parent=_base, alignment=TA_JUSTIFY, leftIndent=6 * mm),
    "item": ParagraphStyle(
        "item",
        parent=_base,
        alignment=TA_JUSTIFY,
        leftIndent=6 * mm,
        bulletIndent=0,
        bulletFontName=f"{FONT}-Bold",
    ),
    "cell": ParagraphStyle("cell", parent=_base, fontSize=10, leading=12.5, spaceAfter=0),
    "cell-c": ParagraphStyle("cell-c", parent=_base, fontSize=10, leading=12.5, alignment=TA_CENTER),
    "small": ParagraphStyle("small", parent=_base, fontSize=7.5, leading=9, spaceAfter=0),
    "qr": ParagraphStyle("qr", parent=_base, alignment=TA_CENTER, fontSize=8, leading=10, spaceAfter=0),
    "hint": ParagraphStyle(
        "hint", parent=_base, alignment=TA_CENTER, fontName=f"{FONT}-Italic", fontSize=10, leading=12
    ),
}


def text(value: str) -> str:
    """Markup-safe, NFC text: DejaVu has precomposed Vietnamese letters, reportlab does no mark shaping."""
    return escape(unicodedata.normalize("NFC", value))


def para(value: str, style: str = "body") -> Paragraph:
    return Paragraph(text(value), STYLES[style])


def markup(template: str, style: str = "body", **values: str) -> Paragraph:
    """A paragraph from a wording template whose values are escaped and may be given <b>…</b> here."""
    return Paragraph(template.format(**{k: text(v) for k, v in values.items()}), STYLES[style])


def field(label: str, value: str, style: str = "body") -> Paragraph:
    """'Label: value' with the value in bold, as a filled-in form reads."""
    return Paragraph(f"{text(label)} <b>{text(value)}</b>", STYLES[style])


# --- dates in the administrative style (Decree 30/2020: day < 10 and months 1, 2 get a leading 0) ---


def long_date(day: dt.date) -> str:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return wording.DATE_LONG.format(day=f"{day.day:02d}", month=month, year=day.year)


def place_date(place: str, day: dt.date) -> str:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return wording.PLACE_DATE.format(place=place, day=f"{day.day:02d}", month=month, year=day.year)


def local(at: dt.datetime) -> dt.datetime:
    """Aware datetimes are shown in Viet Nam's time; naive ones are taken as already local."""
    return at.astimezone(VIETNAM) if at.tzinfo is not None else at


def moment(at: dt.datetime) -> str:
    """'08 giờ 30 phút, ngày 25 tháng 11 năm 2026'."""
    at = local(at)
    return f"{wording.TIME_OF_DAY.format(hour=f'{at.hour:02d}', minute=f'{at.minute:02d}')}, {long_date(at.date())}"


# --- flowables ---


class Rule(Flowable):
    """A horizontal line of a given width, centred in the space it is given (the rules of the header)."""

    def __init__(self, width: float, space: float = 2) -> None:
        super().__init__()
        self.rule_width = width
        self.space = space
        self.avail = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.avail = availWidth
        return availWidth, self.space * 2

    def draw(self) -> None:
        start = (self.avail - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, self.space, start + self.rule_width, self.space)


@dataclass(frozen=True)
class Header:
    """The top of every form (Decree 30/2020): who issues it, its number, where and when."""

    issuer_parent: str  # the body above the issuer, e.g. "UBND tỉnh Thái Nguyên" (printed in capitals)
    issuer: str  # e.g. "Trung tâm Phục vụ hành chính công" (bold capitals)
    number: str  # e.g. "125/GTN-TTPVHCC"
    place: str  # e.g. "Thái Nguyên"
    date: dt.date


LEFT_COLUMN = 66 * mm
RIGHT_COLUMN = FRAME_WIDTH - LEFT_COLUMN


def header_block(header: Header, width: float = FRAME_WIDTH) -> Table:
    """Left: parent body, issuer (bold, short rule), number. Right: national title, motto (rule), date.
    A wider frame (landscape) keeps the right block's width and gives the rest to the left one. Without
    a number (a register is not a numbered document) the "Số:" line is left out."""
    register_fonts()
    motto_width = pdfmetrics.stringWidth(wording.NATIONAL_MOTTO, f"{FONT}-Bold", STYLES["motto"].fontSize)
    left_width = width - RIGHT_COLUMN
    left_top = [
        para(header.issuer_parent.upper(), "head"),
        para(header.issuer.upper(), "head-b"),
        Rule(LEFT_COLUMN * 0.35),
    ]
    right_top = [
        para(wording.NATIONAL_TITLE, "head-b"),
        para(wording.NATIONAL_MOTTO, "motto"),
        Rule(motto_width),
    ]
    number = (
        para(wording.NUMBER.format(number=header.number), "head")
        if header.number or width == FRAME_WIDTH
        else ""
    )
    rows = [[left_top, right_top], [number, para(place_date(header.place, header.date), "date")]]
    table = Table(rows, colWidths=[left_width, RIGHT_COLUMN])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return table


def qr_drawing(url: str, size: float = 26 * mm) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


QR_COLUMN = 40 * mm


def closing_block(signatures: Sequence[tuple[str, str]], url: str) -> list[Flowable]:
    """The QR code on the left, then one or two signature columns (title, printed name), then the
    lookup address in small print across the page. With one signature it sits on the right, as usual."""
    qr = [qr_drawing(url), Spacer(1, 1 * mm), para(wording.QR_CAPTION, "qr")]
    cells: list[Any] = [qr]
    for title, name in signatures:
        cells.append(
            [
                para(title, "head-b"),
                para(wording.SIGN_HINT, "hint"),
                Spacer(1, 20 * mm),
                para(name, "head-b") if name else Spacer(1, 13),
            ]
        )
    if len(cells) == 2:
        cells.insert(1, "")
    rest = (FRAME_WIDTH - QR_COLUMN) / 2
    table = Table([cells], colWidths=[QR_COLUMN, rest, rest])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (0, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
            ]
        )
    )
    return [table, Spacer(1, 3 * mm), para(url, "small")]


def grid(rows: list[list[Any]], widths: Sequence[float]) -> Table:
    """A ruled table whose first row is a header repeated on every page it flows onto."""
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
            ]
        )
    )
    return table


# --- the document ---


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(LEFT + doc.width / 2, doc.pagesize[1] - TOP / 2, str(doc.page))
    canvas.restoreState()


def _watermark(text: str) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(f"{FONT}-Bold", 34)
        canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
        width, height = doc.pagesize
        canvas.translate(width / 2, height / 2)
        canvas.rotate(40)
        canvas.drawCentredString(0, 0, text)
        canvas.restoreState()

    return draw


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str = "",
    keywords: str = "",
    watermark: str = "",
    landscape: bool = False,
) -> bytes:
    """Lay the story out on A4 pages (portrait, or landscape for wide tables) and return the PDF, with its
    metadata set (and a diagonal mark across every page, for previews)."""
    register_fonts()
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=turned(A4) if landscape else A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=unicodedata.normalize("NFC", title),
        author=unicodedata.normalize("NFC", author),
        subject=unicodedata.normalize("NFC", subject),
        creator=wording.CREATOR,
        keywords=keywords,
        lang="vi-VN",
    )
    mark = _watermark(watermark) if watermark else None

    def first(canvas: Any, doc: Any) -> None:
        if mark:
            mark(canvas, doc)

    def later(canvas: Any, doc: Any) -> None:
        _page_number(canvas, doc)
        first(canvas, doc)

    doc.build(story, onFirstPage=first, onLaterPages=later)
    return out.getvalue()
