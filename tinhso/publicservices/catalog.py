"""Loading the procedure catalog from data/procedures.csv (the national portal's published data, see
shared/data/README.md), and saying what its rules mean in words.

Idempotent: rows are matched on the national code, and loading the same file twice changes nothing (no new
procedure version). Values the source does not give stay empty ("not published"), never invented.

**Who owns a procedure.** The loader fills a procedure from the file until an administrator edits it (an
audit entry with a person as actor, or a version published by a person): from then on the administrator's
content wins and the loader only makes sure the procedure has a version. Re-load the source by hand (or
edit in the admin) when the national portal publishes a change to such a procedure.

**Derived rules** (editable in the admin afterwards; REGULATIONS §1):

- *Time* (`time_kind`, `time_amount`): from `processing_time` + `processing_time_unit`: "ngày làm việc" →
  working days, "ngày" → calendar days, "giờ" → working hours. "khác (không ghi đơn vị)" (no unit) →
  unknown, unless the detail text names one single amount in working days ("không quá 15 ngày làm việc"),
  which is then used and noted in `source_note`. A detail text saying "trong ngày" → same day.
- *Fee* (`fee_kind`): catalog-only rows → unknown. Otherwise: the wording mentions the People's Council
  ("Hội đồng nhân dân") → council; one positive amount in `fee_vnd` (all channels alike) → fixed, with
  that amount; several different amounts (per channel or per case) → varies, the amounts noted in
  `source_note`; an unconditional "Miễn lệ phí" with no amount → exempt; no amount and no wording → none
  (`fee_vnd` 0); any other wording without an amount (conditional exemptions, copy fees only) → varies.
  `fee_vnd` keeps a number only for fixed (and 0 for none): it is never shown as "0 đồng".
- *Agencies*: `implementing_agency` is matched to the province's agencies by reference key
  (`AGENCY_REFS`, "Sở Tư pháp" → `<province>:dept:tu-phap`). Commune-level bodies ("Ủy ban nhân dân cấp
  xã", "Công an cấp xã", …) give no competent agency: the commune the applicant chooses decides at
  submission. Province-level (and province-or-commune) procedures are received at the provincial Public
  Administration Service Centre (`<province>:centre`); commune ones at the commune centre chosen at
  submission (no receiving point stored).
- *Components*: the source lists papers, cases and notes together. Every item is kept (its case heading,
  e.g. "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ", is kept in front of the text).
  `required` is a heuristic: a paper "to submit" with an original or copy count, under the general
  heading, whose text does not start with or contain a condition ("Trường hợp…", "Đối với…", "nếu…",
  "trong trường hợp…", "tùy từng trường hợp", "<someone> phải nộp…"), is required; so is the main
  declaration form ("Tờ khai…", "Mẫu … điện tử tương tác") unless it is only for walk-in or postal
  submission. Papers under a case heading are not required
  (they depend on the case); papers to show and notes never are. `document_type` is set for well-known
  papers named at the start of the text (`DOCUMENT_TYPES`); `to-khai` marks the declaration, which the
  procedure's e-form replaces online.
- *E-forms*: data/forms.json, created only for procedures that have no form field yet.

After loading, `load_default_processes()` runs, then every procedure gets its first version (or keeps its
latest one when nothing changed)."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.core.models import Agency, AuditEntry
from tinhso.publicservices.models import Component, FeeKind, FormField, Procedure, Synonym, TimeKind
from tinhso.publicservices.process import load_default_processes
from tinhso.publicservices.results import load_result_templates
from tinhso.publicservices.versions import version_publish

DATA = Path(__file__).parent / "data" / "procedures.csv"
FORMS = Path(__file__).parent / "data" / "forms.json"
LOAD_NOTE = "Nạp từ dữ liệu công bố"
COMPONENT_RE = re.compile(
    r"^\[(?P<tag>[^\]]*)\]\s*(?P<text>.*?)\s*\(bản chính: (?P<o>\d+), bản sao: (?P<c>\d+)\)$"
)
DEFAULT_SYNONYMS = {
    "hộ khẩu": "thường trú; tạm trú; tách hộ",
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
# implementing agency wording (lower case, first match wins) -> agency reference key without the province
AGENCY_REFS: list[tuple[str, str | None]] = [
    ("cấp xã", None),
    ("xã, phường", None),
    ("sở tư pháp", "dept:tu-phap"),
    ("sở xây dựng", "dept:xay-dung"),
    ("sở tài chính", "dept:tai-chinh"),
    ("sở nội vụ", "dept:noi-vu"),
    ("sở công thương", "dept:cong-thuong"),
    ("sở nông nghiệp và môi trường", "dept:nong-nghiep-moi-truong"),
    ("sở khoa học và công nghệ", "dept:khoa-hoc-cong-nghe"),
    ("sở giáo dục và đào tạo", "dept:giao-duc-dao-tao"),
    ("sở y tế", "dept:y-te"),
    ("sở văn hóa, thể thao và du lịch", "dept:van-hoa-the-thao-du-lich"),
    ("sở dân tộc và tôn giáo", "dept:dan-toc-ton-giao"),
    ("ban quản lý các khu công nghiệp", "dept:ban-quan-ly-kcn"),
    ("công an tỉnh", "dept:cong-an"),
    ("ủy ban nhân dân cấp tỉnh", "committee"),
    ("ủy ban nhân dân tỉnh", "committee"),
]
# a well-known paper named at the start of a component's text -> document type
DOCUMENT_TYPES: list[tuple[str, str]] = [
    ("giấy chứng sinh", "giay-chung-sinh"),
    ("giấy khai sinh", "giay-khai-sinh"),
    ("giấy báo tử", "giay-bao-tu"),
    ("văn bản ủy quyền", "van-ban-uy-quyen"),
    ("giấy xác nhận tình trạng hôn nhân", "xac-nhan-tinh-trang-hon-nhan"),
    ("giấy chứng nhận kết hôn", "giay-chung-nhan-ket-hon"),
    ("hộ chiếu", "can-cuoc"),
    ("căn cước", "can-cuoc"),
    ("tờ khai", "to-khai"),
    ("mẫu hộ tịch điện tử tương tác", "to-khai"),
    ("mẫu điện tử tương tác", "to-khai"),
]
GENERIC_TAGS = ("giấy tờ phải nộp", "giấy tờ phải xuất trình", "lưu ý")
CONDITIONS = ("trường hợp", "đối với", "nếu", "(nếu", "*")
CONDITION_WORDS = ("trong trường hợp", "đối với trường hợp", "tùy từng trường hợp", " phải nộp")
UNIT_WORKING_DAYS, UNIT_DAYS, UNIT_HOURS = "ngày làm việc", "ngày", "giờ"
WORKING_DAYS_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*ngày làm việc")
CHANNEL_AMOUNT_RE = re.compile(r"(\d+)\s*\((\w+),\s*\w+\)")


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
        return Decimal(text.strip().replace(",", ".")) if text.strip() else None
    except InvalidOperation:
        return None


# --- derived rules ---


def derive_time(amount: Decimal | None, unit: str, detail: str) -> tuple[str, Decimal | None, str]:
    """(time_kind, time_amount, note on the source) from the published time."""
    unit, lowered = unit.strip().lower(), detail.lower()
    if "trong ngày" in lowered:
        return TimeKind.SAME_DAY, None, ""
    if amount is not None and unit == UNIT_WORKING_DAYS:
        return TimeKind.WORKING_DAYS, amount, ""
    if amount is not None and unit == UNIT_DAYS:
        return TimeKind.CALENDAR_DAYS, amount, ""
    if amount is not None and unit == UNIT_HOURS:
        return TimeKind.WORKING_HOURS, amount, ""
    found = {_decimal(m) for m in WORKING_DAYS_RE.findall(lowered)} - {None}
    if len(found) == 1:
        value = found.pop()
        return (
            TimeKind.WORKING_DAYS,
            value,
            f"Thời hạn {value} ngày làm việc lấy từ mô tả chi tiết (nguồn không ghi đơn vị).",
        )
    return TimeKind.UNKNOWN, None, ""


def _channel_amounts(text: str) -> list[tuple[int, str]]:
    text = text.strip()
    if text.isdigit():
        return [(int(text), "")]
    return [(int(value), channel) for value, channel in CHANNEL_AMOUNT_RE.findall(text)]


CHANNEL_WORDS = {"ONLINE": "trực tuyến", "DIRECT": "trực tiếp", "POSTAL": "bưu chính"}


def derive_fee(fee_vnd: str, detail: str, fully_described: bool) -> tuple[str, int | None, str]:
    """(fee_kind, fee_vnd, note on the source) from the published fee."""
    if not fully_described:
        return FeeKind.UNKNOWN, None, ""
    lowered = " ".join(detail.lower().split())
    amounts = _channel_amounts(fee_vnd)
    positive = sorted({value for value, _channel in amounts if value > 0})
    if "hội đồng nhân dân" in lowered:
        return FeeKind.COUNCIL, None, ""
    if len(positive) == 1 and all(value in (positive[0],) for value, _channel in amounts):
        return FeeKind.FIXED, positive[0], ""
    if positive:
        listed = "; ".join(
            f"{CHANNEL_WORDS.get(channel, channel.lower() or 'chung')}: {value:,} đồng".replace(",", ".")
            for value, channel in amounts
        )
        return FeeKind.VARIES, None, f"Mức thu theo kênh trong dữ liệu nguồn: {listed}."
    if re.search(r"(^|[.(|]\s*)miễn (lệ )?phí\s*([.)|]|$)", lowered):
        return FeeKind.EXEMPT, None, ""
    if not lowered:
        return FeeKind.NONE, 0, ""
    return FeeKind.VARIES, None, ""


def agency_ref(implementing_agency: str) -> str | None:
    """The competent agency's reference key for the published wording, or None (commune level or
    unknown wording)."""
    text = " ".join(implementing_agency.lower().split())
    for words, ref in AGENCY_REFS:
        if words in text:
            return f"{settings.TINHSO_PROVINCE_CODE}:{ref}" if ref else None
    return None


def _document_type(text: str) -> str:
    head = text.lower()[:40]
    for words, kind in DOCUMENT_TYPES:
        if words in head:
            return kind
    return ""


def _is_declaration(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith("tờ khai") or ("mẫu" in lowered[:20] and "điện tử tương tác" in lowered)


def parse_components(text: str) -> list[dict[str, Any]]:
    items = []
    for raw in (text or "").split(" | "):
        raw = raw.strip()
        if not raw:
            continue
        match = COMPONENT_RE.match(raw)
        if not match:  # never drop the source's text: an item we cannot read is kept as a note
            items.append(
                {
                    "kind": Component.Kind.NOTE,
                    "name": raw,
                    "originals": 0,
                    "copies": 0,
                    "required": False,
                    "document_type": "",
                }
            )
            continue
        tag = match["tag"].strip()
        tag_lower = tag.lower()
        originals, copies = int(match["o"]), int(match["c"])
        generic = not tag or any(word in tag_lower for word in GENERIC_TAGS)
        if "lưu ý" in tag_lower:
            kind = Component.Kind.NOTE
        elif "xuất trình" in tag_lower:
            kind = Component.Kind.PRESENT
        else:
            kind = Component.Kind.SUBMIT if originals + copies > 0 else Component.Kind.NOTE
        name = match["text"] if generic else f"{tag.rstrip(':').strip()}: {match['text']}"
        body = match["text"].lower()
        conditional = body.startswith(CONDITIONS) or any(words in body for words in CONDITION_WORDS)
        if _is_declaration(match["text"]):
            required = kind == Component.Kind.SUBMIT and "hình thức trực tiếp" not in body
        else:
            required = kind == Component.Kind.SUBMIT and generic and not conditional
        document_type = _document_type(match["text"]) if kind != Component.Kind.NOTE else ""
        items.append(
            {
                "kind": kind,
                "name": name,
                "originals": originals,
                "copies": copies,
                "required": required,
                "document_type": document_type,
            }
        )
    return items


# --- loading ---


def _owned_by_people() -> set[int]:
    """Procedures an administrator has edited: the loader leaves their content alone."""
    audited = AuditEntry.objects.filter(
        object_type=Procedure._meta.label_lower, actor__isnull=False
    ).values_list("object_id", flat=True)
    ids = {int(pk) for pk in audited if pk.isdigit()}
    ids |= set(
        Procedure.objects.filter(versions__created_by__isnull=False).values_list("pk", flat=True).distinct()
    )
    return ids


def _sync_components(procedure: Procedure, items: list[dict[str, Any]]) -> None:
    """Update the components in place (same rows, same ids), so reloading publishes no new version."""
    existing = list(procedure.components.order_by("position", "id"))
    for position, item in enumerate(items):
        if position < len(existing):
            component = existing[position]
            changed = False
            for field, value in item.items():
                if getattr(component, field) != value:
                    setattr(component, field, value)
                    changed = True
            if component.position != position:
                component.position, changed = position, True
            if changed:
                component.save()
        else:
            Component.objects.create(procedure=procedure, position=position, **item)
    for extra in existing[len(items) :]:
        extra.delete()


def load_forms(path: Path = FORMS) -> int:
    """Create the e-forms of data/forms.json for procedures that have no form field yet."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for code, entries in data["forms"].items():
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None or procedure.form_fields.exists():
            continue
        fields: list[dict[str, Any]] = []
        for entry in entries:
            fields.extend(data[entry] if isinstance(entry, str) else [entry])
        FormField.objects.bulk_create(
            FormField(
                procedure=procedure,
                position=position,
                key=field["key"],
                label=field["label"],
                kind=field.get("kind", FormField.Kind.TEXT),
                required=field.get("required", True),
                help_text=field.get("help_text", ""),
                section=field.get("section", ""),
                choices="\n".join(field.get("choices", [])),
                max_length=field.get("max_length"),
                min_value=_decimal(field.get("min_value") or ""),
                max_value=_decimal(field.get("max_value") or ""),
                prefill=field.get("prefill", ""),
            )
            for position, field in enumerate(fields)
        )
        created += 1
    return created


def _fill(
    procedure: Procedure, row: dict[str, str], agencies: dict[str, Agency], centre: Agency | None
) -> None:
    full = row["data_completeness"] == "full_detail"
    procedure.name = row["name"]
    procedure.field = row["field"]
    procedure.level = _level(row["implementing_level"])
    procedure.implementing_agency = row["implementing_agency"]
    procedure.promulgating_body = row["promulgating_body"]
    procedure.decision_no = row["decision_no"]
    procedure.processing_time = _decimal(row["processing_time"])
    procedure.processing_time_unit = row["processing_time_unit"]
    procedure.processing_time_detail = row["processing_time_detail"]
    procedure.fee_detail = row["fee_detail"]
    procedure.online_level = _online(row["online_level"])
    procedure.channels = row["submission_channels"]
    procedure.result = row["result"]
    procedure.legal_basis = row["legal_basis_main"].replace(" | ", "; ")
    procedure.subjects = row["subject_types"].replace(" | ", "; ")
    procedure.fully_described = full
    procedure.source_url = row["source_url"]
    procedure.time_kind, procedure.time_amount, time_note = derive_time(
        procedure.processing_time, procedure.processing_time_unit, procedure.processing_time_detail
    )
    procedure.fee_kind, procedure.fee_vnd, fee_note = derive_fee(row["fee_vnd"], row["fee_detail"], full)
    procedure.source_note = " ".join(note for note in (time_note, fee_note) if note)
    ref = agency_ref(procedure.implementing_agency)
    procedure.competent_agency = agencies.get(ref) if ref else None
    procedure.save()
    provincial = procedure.level in (Procedure.Level.PROVINCE, Procedure.Level.BOTH)
    procedure.receiving_points.set([centre] if provincial and centre else [])
    _sync_components(procedure, parse_components(row["dossier_components"]))


@transaction.atomic
def load_catalog(path: Path = DATA) -> dict[str, int]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    province = settings.TINHSO_PROVINCE_CODE
    agencies = {a.ref or "": a for a in Agency.objects.filter(ref__startswith=f"{province}:")}
    centre = agencies.get(f"{province}:centre")
    owned = _owned_by_people()
    loaded: list[int] = []
    for row in rows:
        procedure = Procedure.objects.filter(code=row["national_code"]).first()
        if procedure is None:
            procedure = Procedure(code=row["national_code"])
        elif procedure.pk in owned:
            continue
        _fill(procedure, row, agencies, centre)
        loaded.append(procedure.pk)
    for term, means in DEFAULT_SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"means": means})
    forms = load_forms()
    load_default_processes()
    load_result_templates()
    published = 0
    # what this load may have changed, and any procedure without a version yet; not the whole catalog,
    # so that a restart with thousands of procedures stays quick
    touched = Procedure.objects.filter(Q(pk__in=loaded) | Q(version=0))
    for procedure in touched.select_related("competent_agency", "process").order_by("pk"):
        before = procedure.version
        version_publish(actor=None, procedure=procedure, note=LOAD_NOTE)
        published += procedure.version != before
    return {"procedures": len(rows), "forms": forms, "versions": published}


# --- what the rules say, in words (portal page and API) ---


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = value.normalize()
    return number_format(value if value != value.to_integral() else int(value))


def time_wording(procedure: Procedure) -> str:
    """The statutory processing time in words: "1 ngày làm việc", "Chưa công bố"."""
    kind, amount = procedure.time_kind, procedure.time_amount
    if kind == TimeKind.SAME_DAY:
        return _("Within the day (received after 15:00: returned the next working day)")
    if amount is None or kind == TimeKind.UNKNOWN:
        return _("Not published")
    count = int(amount) if amount == amount.to_integral() else 2
    if kind == TimeKind.WORKING_DAYS:
        return ngettext("%(n)s working day", "%(n)s working days", count) % {"n": _amount(amount)}
    if kind == TimeKind.WORKING_HOURS:
        return ngettext("%(n)s working hour", "%(n)s working hours", count) % {"n": _amount(amount)}
    return ngettext("%(n)s day", "%(n)s days", count) % {"n": _amount(amount)}


def fee_wording(procedure: Procedure) -> str:
    """The fee in its legal wording; never "0 đồng". The published detail text is shown beside it."""
    kind = procedure.fee_kind
    if kind == FeeKind.NONE:
        return _("No fee or charge")
    if kind == FeeKind.EXEMPT:
        return _("Exempt from fees")
    if kind == FeeKind.FIXED and procedure.fee_vnd:
        return _("%(amount)s VND") % {"amount": number_format(procedure.fee_vnd, force_grouping=True)}
    if kind == FeeKind.COUNCIL:
        return _("Amount set by the provincial People's Council")
    if kind == FeeKind.VARIES:
        return _("Depends on the case")
    return _("Not published")
