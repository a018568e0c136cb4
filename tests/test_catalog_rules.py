"""The procedure catalog as administrators edit it: rules derived from the published data, e-forms, versions,
the agency filter, the form API and the procedure page's wording."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import login_client
from tinhso.publicservices.catalog import derive_fee, derive_time, load_catalog, parse_components
from tinhso.publicservices.models import FeeKind, Procedure, ProcedureVersion, TimeKind

pytestmark = pytest.mark.django_db


class _FormValues(HTMLParser):
    """The values a browser would submit for the page's main form (inputs, selects, text areas)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value") or "on"))
            else:
                self.data.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def admin_form(client: Client, url: str) -> dict[str, list[str]]:
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    values: dict[str, list[str]] = {}
    for name, value in parser.data:
        if name not in ("_addanother", "_continue", "_save", "csrfmiddlewaretoken"):
            values.setdefault(name, []).append(value)
    return values


def change_url(procedure: Procedure) -> str:
    return reverse("admin:publicservices_procedure_change", args=[procedure.pk])


# --- the loader's derivations ---


@pytest.mark.parametrize(
    ("code", "time_kind", "amount", "fee_kind", "fee_vnd"),
    [
        ("1.001193", TimeKind.WORKING_DAYS, Decimal(1), FeeKind.NONE, 0),  # khai sinh: no fee stated
        ("1.000656", TimeKind.WORKING_DAYS, Decimal(5), FeeKind.COUNCIL, None),  # khai tử: People's Council
        ("1.000894", TimeKind.CALENDAR_DAYS, Decimal(1), FeeKind.EXEMPT, None),  # kết hôn: "Miễn lệ phí."
        ("2.000635", TimeKind.WORKING_DAYS, Decimal(15), FeeKind.FIXED, 8000),  # 8.000 đồng on every channel
        ("1.004222", TimeKind.WORKING_DAYS, Decimal(7), FeeKind.VARIES, None),  # online 10.000, desk 20.000
        ("2.001159", TimeKind.WORKING_HOURS, Decimal(1), FeeKind.NONE, 0),  # thông báo lưu trú: 1 giờ
        ("1.001022", TimeKind.UNKNOWN, None, FeeKind.COUNCIL, None),  # "3 khác (không ghi đơn vị)"
        ("3.000347", TimeKind.UNKNOWN, None, FeeKind.UNKNOWN, None),  # catalog only
    ],
)
def test_loader_derives_time_and_fee_kinds_from_the_published_wording(
    code, time_kind, amount, fee_kind, fee_vnd
):
    # Given the catalog loaded from the published CSV
    # When a procedure is read back
    p = Procedure.objects.get(code=code)
    # Then its time and fee rules say what the source says, nothing invented
    assert (p.time_kind, p.time_amount, p.fee_kind, p.fee_vnd) == (time_kind, amount, fee_kind, fee_vnd)


def test_derivations_never_invent_and_keep_the_source_inconsistencies_visible():
    # Given published values with no unit, a detail naming the working days, "trong ngày", channel amounts
    # When they are derived
    # Then an amount without a unit stays unknown, the detail text is used only when it is unambiguous
    assert derive_time(Decimal(3), "khác (không ghi đơn vị)", "")[:2] == (TimeKind.UNKNOWN, None)
    kind, amount, note = derive_time(
        Decimal(1), "khác (không ghi đơn vị)", "tối đa không quá 15 ngày làm việc"
    )
    assert (kind, amount) == (TimeKind.WORKING_DAYS, Decimal(15)) and "15" in note
    assert derive_time(None, "", "Trả kết quả trong ngày")[0] == TimeKind.SAME_DAY
    # and different amounts per channel are "varies", with the amounts noted, never one picked at random
    kind, fee, note = derive_fee("100 (ONLINE, FEE) | 100000 (DIRECT, FEE)", "100.000 đồng/lần", True)
    assert (kind, fee) == (FeeKind.VARIES, None) and "100.000 đồng" in note
    assert derive_fee("0", "Miễn lệ phí cho người thuộc hộ nghèo", True)[0] == FeeKind.VARIES
    assert derive_fee("0", "", False)[0] == FeeKind.UNKNOWN


def test_agencies_follow_the_level():
    # Given a provincial procedure of the Department of Justice and a commune-level one
    justice = Procedure.objects.get(code="2.000635")
    birth = Procedure.objects.get(code="1.001193")
    # Then the department decides and the provincial centre receives; the commune one is left to the commune
    assert justice.competent_agency.ref == "19:dept:tu-phap"
    assert [a.ref for a in justice.receiving_points.all()] == ["19:centre"]
    assert birth.competent_agency is None and not birth.receiving_points.exists()


def test_components_keep_every_text_and_mark_the_main_papers():
    # Given birth registration's published component list
    birth = Procedure.objects.get(code="1.001193")
    required = {c.document_type for c in birth.components.filter(required=True)}
    # Then the birth certificate and the declaration are mandatory, a conditional paper is not
    assert required == {"giay-chung-sinh", "to-khai"}
    proxy = birth.components.get(document_type="van-ban-uy-quyen")
    assert not proxy.required
    # and a case heading stays in front of its paper instead of being dropped
    items = parse_components(
        "[Đăng ký theo danh sách:] Văn bản đề nghị (bản chính: 1, bản sao: 0) | bad item"
    )
    assert items[0]["name"] == "Đăng ký theo danh sách: Văn bản đề nghị" and items[1]["name"] == "bad item"


def test_e_forms_are_seeded_as_data_and_reloading_keeps_admin_edits():
    # Given the seeded birth registration form
    birth = Procedure.objects.get(code="1.001193")
    keys = list(birth.form_fields.values_list("key", flat=True))
    assert {"ho_ten_tre", "ngay_sinh", "gioi_tinh", "ho_ten_me", "so_dinh_danh_cha", "quan_he"} <= set(keys)
    assert birth.form_fields.get(key="gioi_tinh").choices.splitlines() == ["Nam", "Nữ"]
    assert birth.form_fields.get(key="nguoi_yeu_cau_so_dinh_danh").prefill == "citizen_id"
    # When an administrator renames a label and the catalog is loaded again
    birth.form_fields.filter(key="ho_ten_tre").update(label="Họ tên của con")
    load_catalog()
    # Then the edit is kept and nothing is doubled; only the edited procedure gets a version with the edit
    assert birth.form_fields.get(key="ho_ten_tre").label == "Họ tên của con"
    assert birth.form_fields.count() == len(keys)
    newer = ProcedureVersion.objects.filter(number__gt=1)
    assert [v.procedure.code for v in newer] == ["1.001193"]
    assert any(f["label"] == "Họ tên của con" for f in newer[0].snapshot["form"])


def test_every_procedure_has_version_one():
    assert not Procedure.objects.filter(version=0).exists()
    assert ProcedureVersion.objects.filter(number=1).count() == Procedure.objects.count()


# --- versions through the admin ---


def test_editing_the_fee_in_the_admin_publishes_a_new_version_and_keeps_the_old_one():
    # Given a system administrator and birth registration at version 1 (no fee)
    admin = login_client(factories.sysadmin())
    birth = Procedure.objects.get(code="1.001193")
    url = change_url(birth)
    data = admin_form(admin, url)
    # When the fee is changed to a fixed 5.000 đồng and saved
    data.update(fee_kind=["fixed"], fee_vnd=["5000"])
    response = admin.post(url, data, follow=True)
    # Then version 2 carries the new fee, published by the administrator, and the page says so
    assert response.status_code == 200
    assert "Đã công bố phiên bản 2" in response.content.decode()
    birth.refresh_from_db()
    assert birth.version == 2
    v1, v2 = birth.versions.get(number=1), birth.versions.get(number=2)
    assert v2.snapshot["fee_kind"] == "fixed" and v2.snapshot["fee_vnd"] == 5000
    assert v2.created_by is not None
    # and version 1, which earlier dossiers keep, still says "no fee"
    assert v1.snapshot["fee_kind"] == "none" and v1.snapshot["fee_vnd"] == 0

    # When the administrator saves again without changing anything
    admin.post(url, admin_form(admin, url))
    # Then no version is published
    assert birth.versions.count() == 2


def test_a_loaded_procedure_edited_by_an_administrator_is_not_overwritten_by_the_next_load():
    # Given an administrator's fee change
    admin = login_client(factories.sysadmin())
    birth = Procedure.objects.get(code="1.001193")
    data = admin_form(admin, change_url(birth))
    data.update(fee_kind=["exempt"])
    admin.post(change_url(birth), data)
    # When the published data is loaded again (every `tinhso run` does)
    load_catalog()
    # Then the administrator's rule stands and no version is added
    birth.refresh_from_db()
    assert birth.fee_kind == FeeKind.EXEMPT and birth.version == 2


def test_the_process_admin_opens_for_system_administrators():
    admin = login_client(factories.sysadmin())
    assert admin.get(reverse("admin:publicservices_processtemplate_changelist")).status_code == 200


# --- pages and API ---


def test_the_catalog_filters_by_agency():
    # Given the Department of Justice's code
    justice = factories.agency("19:dept:tu-phap")
    # When the catalog is filtered on it
    html = Client().get(reverse("portal:procedures"), {"agency": justice.code}).content.decode()
    # Then its procedure is listed, a commune procedure is not, and the select offers the agency
    assert "Cấp bản sao Trích lục hộ tịch" in html and "Thủ tục đăng ký khai sinh" not in html
    assert f'value="{justice.code}" selected' in html
    body = Client().get("/api/v1/procedures", {"agency": justice.code}).json()
    assert [item["code"] for item in body["items"]] == ["2.000635"]


def test_the_api_publishes_the_e_form():
    # When anyone asks for birth registration's form
    response = Client().get("/api/v1/procedures/1.001193/form")
    # Then the fields come as data, with their types, choices and profile prefills
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "1.001193" and body["version"] == 1
    fields = {f["key"]: f for f in body["fields"]}
    assert fields["gioi_tinh"]["kind"] == "select" and fields["gioi_tinh"]["choices"] == ["Nam", "Nữ"]
    assert fields["nguoi_yeu_cau_ho_ten"]["prefill"] == "full_name"
    assert Client().get("/api/v1/procedures/9.999999/form").status_code == 404
    # and a procedure without its own form offers the generic request field
    generic = Client().get("/api/v1/procedures/1.004873/form").json()
    assert [f["key"] for f in generic["fields"]] == ["noi_dung"]


def test_the_api_detail_says_the_rules():
    body = Client().get("/api/v1/procedures/2.000635").json()
    assert (body["time_kind"], body["time_text"]) == ("working_days", "15 ngày làm việc")
    assert (body["fee_kind"], body["fee_text"]) == ("fixed", "8.000 đồng")
    assert body["competent_agency"]["name"] == "Sở Tư pháp" and body["version"] == 1
    assert [a["name"] for a in body["receiving_points"]] == [
        "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên"
    ]
    assert any(c["required"] for c in body["components"])


@pytest.mark.parametrize(
    ("code", "time_text", "fee_text"),
    [
        ("1.001193", "1 ngày làm việc", "Không thu phí, lệ phí"),
        ("1.000656", "5 ngày làm việc", "Mức thu do Hội đồng nhân dân tỉnh quy định"),
        ("1.000894", "1 ngày", "Miễn lệ phí"),
        ("2.000635", "15 ngày làm việc", "8.000 đồng"),
        ("3.000347", "Chưa công bố", "Chưa công bố"),
    ],
)
def test_the_procedure_page_says_time_and_fee_in_words(code, time_text, fee_text):
    # When a citizen opens the procedure's page
    html = Client().get(reverse("portal:procedure", args=[code])).content.decode()
    # Then the time and fee read as the law words them, never "0 đồng"
    assert f"<strong>{time_text}</strong>" in html and f"<strong>{fee_text}</strong>" in html
    assert not re.search(r"(?<![\d.])0 đồng", html)
    assert "Phiên bản 1" in html


def test_the_same_day_rule_reads_as_the_regulation_says():
    birth = Procedure.objects.get(code="1.001193")
    Procedure.objects.filter(pk=birth.pk).update(time_kind=TimeKind.SAME_DAY, time_amount=None)
    html = Client().get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "Trong ngày (nộp sau 15 giờ: trả ngày làm việc tiếp theo)" in html


def test_the_procedure_page_marks_mandatory_papers_and_shows_the_process():
    html = Client().get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "bắt buộc" in html and "Quy trình giải quyết hồ sơ" in html
    assert "Tiếp nhận hồ sơ tại bộ phận một cửa" in html
    # and the button that starts an online submission
    assert 'href="/thu-tuc/1.001193/nop/">Nộp hồ sơ trực tuyến' in html


def test_a_procedure_of_both_levels_without_a_provincial_agency_follows_a_commune_process(db):
    from tinhso.publicservices.models import Procedure
    from tinhso.publicservices.process import template_for

    procedure = Procedure.objects.get(code="2.002516")  # xác nhận thông tin hộ tịch: both levels, no agency
    assert procedure.level == Procedure.Level.BOTH and procedure.competent_agency is None
    assert template_for(procedure).code == "commune-civil-status"
