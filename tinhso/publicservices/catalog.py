"""Loading the procedure catalog from data/procedures.csv (the national portal's published data, see
shared/data/README.md). Idempotent: rows are matched on the national code. Values the source does not
give stay empty ("not published"), never invented."""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from tinhso.publicservices.models import Component, Procedure, Synonym
from tinhso.publicservices.process import load_default_processes

DATA = Path(__file__).parent / "data" / "procedures.csv"
COMPONENT_RE = re.compile(
    r"^\[(?P<tag>[^\]]*)\]\s*(?P<text>.*?)\s*\(bản chính: (?P<o>\d+), bản sao: (?P<c>\d+)\)$"
)
DEFAULT_SYNONYMS = {
    "hộ khẩu": "cư trú thường trú",
    "nhập khẩu": "đăng ký thường trú",
    "tách khẩu": "đăng ký thường trú",
    "sổ đỏ": "quyền sử dụng đất",
    "giấy khai sinh": "khai sinh",
    "làm giấy kết hôn": "đăng ký kết hôn",
    "bằng lái": "giấy phép lái xe",
    "đăng ký kinh doanh": "hộ kinh doanh",
    "công chứng": "chứng thực",
    "sao y": "chứng thực bản sao",
}


def _level(text: str) -> str:
    text = text.strip().lower()
    if text.startswith("xã/tỉnh"):
        return Procedure.Level.BOTH
    if text.startswith("xã"):
        return Procedure.Level.COMMUNE
    if text.startswith("tỉnh"):
        return Procedure.Level.PROVINCE
    return Procedure.Level.UNKNOWN


def _online(text: str) -> str:
    if text.startswith("toàn trình"):
        return Procedure.OnlineLevel.FULL
    if text.startswith("một phần"):
        return Procedure.OnlineLevel.PARTIAL
    if text.startswith("không"):
        return Procedure.OnlineLevel.NONE
    return Procedure.OnlineLevel.UNKNOWN


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip()) if text.strip() else None
    except InvalidOperation:
        return None


def parse_components(text: str) -> list[dict[str, Any]]:
    items = []
    for raw in (text or "").split(" | "):
        match = COMPONENT_RE.match(raw.strip())
        if not match:
            continue
        tag = match["tag"].lower()
        originals, copies = int(match["o"]), int(match["c"])
        if "lưu ý" in tag:
            kind = Component.Kind.NOTE
        elif "xuất trình" in tag:
            kind = Component.Kind.PRESENT
        else:
            kind = Component.Kind.SUBMIT if originals + copies > 0 else Component.Kind.NOTE
        items.append({"kind": kind, "name": match["text"], "originals": originals, "copies": copies})
    return items


@transaction.atomic
def load_catalog(path: Path = DATA) -> dict[str, int]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        full = row["data_completeness"] == "full_detail"
        procedure = Procedure.objects.filter(code=row["national_code"]).first() or Procedure(
            code=row["national_code"]
        )
        procedure.name = row["name"]
        procedure.field = row["field"]
        procedure.level = _level(row["implementing_level"])
        procedure.implementing_agency = row["implementing_agency"]
        procedure.promulgating_body = row["promulgating_body"]
        procedure.decision_no = row["decision_no"]
        procedure.processing_time = _decimal(row["processing_time"])
        procedure.processing_time_unit = row["processing_time_unit"]
        procedure.processing_time_detail = row["processing_time_detail"]
        procedure.fee_vnd = int(row["fee_vnd"]) if full and row["fee_vnd"].strip().isdigit() else None
        procedure.fee_detail = row["fee_detail"]
        procedure.online_level = _online(row["online_level"])
        procedure.channels = row["submission_channels"]
        procedure.result = row["result"]
        procedure.legal_basis = row["legal_basis_main"].replace(" | ", "; ")
        procedure.subjects = row["subject_types"].replace(" | ", "; ")
        procedure.fully_described = full
        procedure.source_url = row["source_url"]
        procedure.save()
        procedure.components.all().delete()
        Component.objects.bulk_create(
            Component(procedure=procedure, position=i, **item)
            for i, item in enumerate(parse_components(row["dossier_components"]))
        )
    for term, means in DEFAULT_SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"means": means})
    load_default_processes()
    return {"procedures": len(rows)}
