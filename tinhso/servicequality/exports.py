"""Copies of the index for leaders: an Excel workbook of every table, and the printable monthly report
(A4, Decree 30/2020 header). Always in Vietnamese, whatever the reader's language."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from tinhso.core import clock
from tinhso.core.models import User
from tinhso.documents.layout import FRAME_WIDTH, Header, build_pdf, grid, header_block, para
from tinhso.servicequality.index import IndexResult

TITLE = "BÁO CÁO CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP"


def _period(result: IndexResult) -> str:
    last = result.end - dt.timedelta(days=1)
    return f"từ ngày {result.start:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"


def _value(v: Decimal | int | None) -> float | int | str:
    if v is None:
        return ""
    return float(v) if isinstance(v, Decimal) else v


def workbook(
    result: IndexResult, series: list[tuple[dt.date, Decimal]], ranks: dict[str, list[IndexResult]]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("vi"):
        book = Workbook()
        summary = book.active
        summary.title = "Tổng hợp"
        summary.append([TITLE])
        summary.append([result.scope.label, _period(result)])
        summary.append(["Tổng điểm", float(result.score), 100])
        summary.append([])
        summary.append(["Nhóm chỉ số", "Điểm", "Điểm tối đa"])
        for _g, label, points, maximum in result.groups():
            summary.append([label, float(points), float(maximum)])
        summary["A1"].font = Font(bold=True)
        indicators = book.create_sheet("Chỉ số")
        indicators.append(
            ["Mã", "Nhóm", "Chỉ số", "Tử số", "Mẫu số", "Tỷ lệ", "Điểm", "Điểm tối đa", "Ghi chú"]
        )
        for i in result.indicators:
            note = (
                "Chưa có dữ liệu"
                if i.no_data
                else ("Công thức chưa xác nhận" if i.indicator.unconfirmed else "")
            )
            indicators.append(
                [
                    i.indicator.code,
                    i.indicator.get_group_display(),
                    i.indicator.name,
                    _value(i.numerator),
                    _value(i.denominator),
                    _value(i.ratio),
                    float(i.points),
                    float(i.max_points),
                    note,
                ]
            )
        trend_sheet = book.create_sheet("Xu hướng")
        trend_sheet.append(["Tháng", "Điểm"])
        for month, points in series:
            trend_sheet.append([month.strftime("%m/%Y"), float(points)])
        for kind, title in (("commune", "Xếp hạng xã, phường"), ("department", "Xếp hạng sở, ngành")):
            if kind in ranks:
                sheet = book.create_sheet(title)
                sheet.append(["Hạng", "Đơn vị", "Điểm", *[label for _g, label, _p, _m in result.groups()]])
                for n, r in enumerate(ranks[kind], 1):
                    sheet.append(
                        [n, r.scope.label, float(r.score), *[float(p) for _g, _l, p, _m in r.groups()]]
                    )
        for sheet in book.worksheets:
            sheet.column_dimensions["A"].width = 14
            sheet.column_dimensions["B"].width = 36
            sheet.column_dimensions["C"].width = 60
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def monthly_report(result: IndexResult, ranks: dict[str, list[IndexResult]], *, author: User) -> bytes:
    with translation.override("vi"):
        today = timezone.localtime(clock.now()).date()
        story: list[Flowable] = [
            header_block(
                Header(
                    issuer_parent=f"UBND TỈNH {settings.TINHSO_PROVINCE_PLACE.upper()}",
                    issuer="HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC",
                    number="",
                    place=settings.TINHSO_PROVINCE_PLACE,
                    date=today,
                )
            ),
            Spacer(1, 8 * mm),
            para(TITLE, "title"),
            para(f"{result.scope.label} — {_period(result)}", "center"),
            Spacer(1, 4 * mm),
            para(
                f"Tổng điểm: <b>{result.score}</b>/100 (Quyết định 766/QĐ-TTg ngày 23/6/2022).".replace(
                    "<b>", ""
                ).replace("</b>", "")
            ),
            Spacer(1, 3 * mm),
        ]
        rows = [[para("Nhóm chỉ số", "cell-c"), para("Điểm", "cell-c"), para("Tối đa", "cell-c")]]
        for _g, label, points, maximum in result.groups():
            rows.append([para(label, "cell"), para(f"{points}", "cell-c"), para(f"{maximum}", "cell-c")])
        story += [grid(rows, [FRAME_WIDTH - 50 * mm, 25 * mm, 25 * mm]), Spacer(1, 4 * mm)]
        rows = [[para(t, "cell-c") for t in ("Mã", "Chỉ số", "Tử số / mẫu số", "Điểm")]]
        for i in result.indicators:
            fraction = "chưa có dữ liệu" if i.no_data else f"{i.numerator or 0} / {i.denominator or 0}"
            rows.append(
                [
                    para(i.indicator.code, "cell-c"),
                    para(i.indicator.name + (" (*)" if i.indicator.unconfirmed else ""), "cell"),
                    para(fraction, "cell-c"),
                    para(f"{i.points}/{i.max_points}", "cell-c"),
                ]
            )
        story += [grid(rows, [12 * mm, FRAME_WIDTH - 72 * mm, 32 * mm, 28 * mm]), Spacer(1, 2 * mm)]
        story.append(
            para(
                "(*) Công thức theo cách tính hiện hành của Cổng Dịch vụ công quốc gia, chưa đối chiếu phụ lục văn bản.",
                "hint",
            )
        )
        for kind, title in (("commune", "Xếp hạng xã, phường"), ("department", "Xếp hạng sở, ngành")):
            ranked = ranks.get(kind, [])
            if not ranked:
                continue
            story += [Spacer(1, 4 * mm), para(title, "head-b")]
            shown = ranked if len(ranked) <= 20 else [*ranked[:10], *ranked[-10:]]
            rows = [[para(t, "cell-c") for t in ("Hạng", "Đơn vị", "Điểm")]]
            for r in shown:
                rows.append(
                    [
                        para(str(ranked.index(r) + 1), "cell-c"),
                        para(r.scope.label, "cell"),
                        para(f"{r.score}", "cell-c"),
                    ]
                )
            story.append(grid(rows, [16 * mm, FRAME_WIDTH - 46 * mm, 30 * mm]))
            if len(ranked) > 20:
                story.append(
                    para(f"10 đơn vị đứng đầu và 10 đơn vị cuối trong {len(ranked)} đơn vị.", "hint")
                )
        story += [Spacer(1, 6 * mm), para(f"Người lập: {author.full_name or author.username}", "small")]
        return build_pdf(
            story,
            title=f"{TITLE} {result.scope.label}",
            author=settings.TINHSO_PROVINCE_PLACE,
            subject=_period(result),
        )
