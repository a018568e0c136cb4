from datetime import date

import pytest

from tinhso.core.models import AdministrativeUnit, Agency, Department
from tinhso.core.reference import load_agencies, load_units

pytestmark = pytest.mark.django_db


def test_all_units_in_force_since_july_2025_are_loaded():
    assert AdministrativeUnit.objects.filter(level="province").count() == 34
    assert AdministrativeUnit.objects.filter(level="commune").count() == 3321


def test_thai_nguyen_is_served_with_77_communes_and_15_wards():
    province = AdministrativeUnit.objects.get(level="province", code="19")
    assert province.name == "Thái Nguyên" and province.is_served
    units = province.children.all()
    assert units.count() == 92
    assert units.filter(division_type="xã").count() == 77
    assert units.filter(division_type="phường").count() == 15
    assert (
        not AdministrativeUnit.objects.filter(is_served=True).exclude(pk=province.pk).exclude(parent=province)
    )


def test_units_carry_validity_and_successor_links():
    # given a pre-2025 ward that was merged into a current one
    current = AdministrativeUnit.objects.get(code="05443")
    old = AdministrativeUnit.objects.create(
        code="05443",
        name="Phường Phan Đình Phùng (cũ)",
        division_type="phường",
        level="commune",
        valid_from=date(2008, 1, 1),
        valid_to=date(2025, 7, 1),
    )
    old.successors.add(current)
    # then both coexist under the same statistical code, separated by period
    assert set(current.predecessors.all()) == {old}
    assert old.in_force_on(date(2024, 1, 1))
    assert not old.in_force_on(date(2025, 7, 1))


def test_loading_twice_changes_nothing():
    units, agencies, departments = (
        AdministrativeUnit.objects.count(),
        Agency.objects.count(),
        Department.objects.count(),
    )
    load_units()
    load_agencies()
    assert (AdministrativeUnit.objects.count(), Agency.objects.count(), Department.objects.count()) == (
        units,
        agencies,
        departments,
    )


def test_province_agencies_have_the_post_2025_structure():
    committee = Agency.objects.get(code="000.00.00.H55")
    assert committee.kind == Agency.Kind.PROVINCE_COMMITTEE and committee.code_is_official
    departments = set(Agency.objects.filter(kind=Agency.Kind.DEPARTMENT).values_list("name", flat=True))
    assert {
        "Sở Tư pháp",
        "Sở Nông nghiệp và Môi trường",
        "Sở Khoa học và Công nghệ",
        "Sở Dân tộc và Tôn giáo",
    } <= departments
    assert Agency.objects.filter(kind=Agency.Kind.PROVINCE_SERVICE_CENTRE, parent=committee).count() == 1


def test_every_commune_has_a_committee_and_a_service_centre():
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE).count() == 92
    centres = Agency.objects.filter(kind=Agency.Kind.COMMUNE_SERVICE_CENTRE).select_related("parent", "unit")
    assert centres.count() == 92
    for centre in centres:
        assert centre.parent.kind == Agency.Kind.COMMUNE_COMMITTEE and centre.parent.unit_id == centre.unit_id
        assert len(centre.code) <= 13 and centre.code.endswith(".H55")


def test_an_administrator_can_change_an_identifier_and_reloading_keeps_it():
    # given an administrator enters the official identifier of a commune committee
    agency = Agency.objects.get(ref="05443:committee")
    agency.code = "000.20.31.H55"
    agency.code_is_official = True
    agency.save()
    # when reference data is loaded again
    load_agencies()
    # then the edit stands and no duplicate appears
    assert Agency.objects.get(ref="05443:committee").code == "000.20.31.H55"
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE).count() == 92


def test_units_and_agencies_sort_as_vietnamese():
    names = list(AdministrativeUnit.objects.filter(parent__code="19").values_list("name", flat=True))
    shorts = [n.split(" ", 1)[1] for n in names]
    # the list is ordered by name without the type word; Đ comes after every D
    d_index = [i for i, s in enumerate(shorts) if s.startswith("D")]
    dd_index = [i for i, s in enumerate(shorts) if s.startswith("Đ")]
    assert d_index and dd_index and max(d_index) < min(dd_index)
