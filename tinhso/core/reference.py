"""Reference data: administrative units (from `vietnam-provinces`) and the configured province's agencies.

Loaded by an idempotent command (`tinhso demo-data` / `manage.py load_reference`), not by migrations,
so that test databases can be flushed and re-seeded. Safe to run any number of times: rows are matched
on their natural keys and updated in place; an administrator's edits to fields the file does not carry
(telephone, e-mail, confirmed identifiers) are kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from tinhso.core.models import AdministrativeUnit, Agency, Department, OfficeHours, OfficePeriod
from tinhso.core.models.units import REFORM_2025
from tinhso.core.vietnamese import sort_key

DATA_DIR = Path(__file__).parent / "data"


def _unit_row(**fields: Any) -> AdministrativeUnit:
    unit = AdministrativeUnit(valid_from=REFORM_2025, **fields)
    unit.sort_key = sort_key(unit.short_name, 400)
    return unit


@transaction.atomic
def load_units(*, served_province: int | None = None) -> dict[str, int]:
    """All provinces and commune-level units in force since 1 July 2025 (two bulk upserts)."""
    from vietnam_provinces import Province, Ward

    served = settings.TINHSO_PROVINCE_CODE if served_province is None else served_province
    update = ["name", "division_type", "level", "codename", "sort_key", "is_served", "parent"]
    provinces = [
        _unit_row(
            code=str(int(p.code)),
            name=p.name,
            division_type=p.division_type.value,
            level=AdministrativeUnit.Level.PROVINCE,
            codename=p.codename,
            is_served=int(p.code) == served,
        )
        for p in Province.iter_all()
    ]
    AdministrativeUnit.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code", "valid_from"],
        update_fields=update,
    )
    by_code = dict(
        AdministrativeUnit.objects.filter(level="province", valid_from=REFORM_2025).values_list("code", "id")
    )
    wards = [
        _unit_row(
            code=f"{int(w.code):05d}",
            name=w.name,
            division_type=w.division_type.value,
            level=AdministrativeUnit.Level.COMMUNE,
            codename=w.codename,
            parent_id=by_code[str(int(w.province_code))],
            is_served=int(w.province_code) == served,
        )
        for w in Ward.iter_all()
    ]
    AdministrativeUnit.objects.bulk_create(
        wards,
        update_conflicts=True,
        unique_fields=["code", "valid_from"],
        update_fields=update,
    )
    return {"provinces": len(provinces), "communes": len(wards)}


def _agency(ref: str, code: str, defaults: dict[str, Any]) -> Agency:
    """Match on the reference key, so an administrator may change the identifier without the next load
    creating a duplicate; the file's identifier is used for new agencies and for confirmed ones."""
    agency = Agency.objects.filter(ref=ref).first()
    if agency is None:
        agency = Agency(ref=ref, code=code)
    elif defaults.get("code_is_official"):
        agency.code = code
    for field, value in defaults.items():
        setattr(agency, field, value)
    agency.save()
    return agency


def _departments(agency: Agency, names: list[str]) -> None:
    existing = set(agency.departments.values_list("name", flat=True))
    for name in names:
        if name not in existing:
            Department.objects.create(agency=agency, name=name)


def _commune_codes(index: int) -> tuple[str, str]:
    """Placeholder identifiers (L4.L3.L2.L1) until the province's assignment decision is entered."""
    prefix = settings.TINHSO_AGENCY_PREFIX
    return f"000.{index:02d}.50.{prefix}", f"001.{index:02d}.50.{prefix}"


@transaction.atomic
def load_agencies(*, province_code: int | None = None) -> dict[str, int]:
    code = settings.TINHSO_PROVINCE_CODE if province_code is None else province_code
    path = DATA_DIR / f"agencies_{code}.json"
    if not path.exists():
        return {"agencies": 0}
    data = json.loads(path.read_text(encoding="utf-8"))
    province = AdministrativeUnit.objects.get(level="province", code=str(code), valid_to__isnull=True)

    def provincial(ref: str, entry: dict[str, Any], kind: str, parent: Agency | None) -> Agency:
        fields = {k: v for k, v in entry.items() if k in {"name", "short_name", "address", "phone", "email"}}
        fields.update(kind=kind, parent=parent, unit=province)
        if entry.get("code_is_official"):
            fields["code_is_official"] = True
        agency = _agency(f"{code}:{ref}", entry["code"], fields)
        _departments(agency, entry.get("departments", []))
        return agency

    committee = provincial("committee", data["province_committee"], Agency.Kind.PROVINCE_COMMITTEE, None)
    provincial("centre", data["service_centre"], Agency.Kind.PROVINCE_SERVICE_CENTRE, committee)
    for entry in data["departments"]:
        provincial("dept:" + entry["ref"], entry, Agency.Kind.DEPARTMENT, committee)

    commune = data["commune"]
    units = AdministrativeUnit.objects.filter(parent=province, valid_to__isnull=True).order_by("code")
    count = 2 + len(data["departments"])
    for index, unit in enumerate(units, start=1):
        committee_code, centre_code = _commune_codes(index)
        kind_word = unit.division_type  # "xã" or "phường"
        body = _agency(
            f"{unit.code}:committee",
            committee_code,
            {
                "name": f"Ủy ban nhân dân {unit.name[0].lower()}{unit.name[1:]}",
                "short_name": f"UBND {unit.name[0].lower()}{unit.name[1:]}",
                "kind": Agency.Kind.COMMUNE_COMMITTEE,
                "parent": committee,
                "unit": unit,
            },
        )
        _departments(
            body, commune["committee_departments"].get(kind_word, commune["committee_departments"]["xã"])
        )
        centre = _agency(
            f"{unit.code}:centre",
            centre_code,
            {
                "name": f"Trung tâm Phục vụ hành chính công {unit.name[0].lower()}{unit.name[1:]}",
                "short_name": f"TTPVHCC {unit.name[0].lower()}{unit.name[1:]}",
                "kind": Agency.Kind.COMMUNE_SERVICE_CENTRE,
                "parent": body,
                "unit": unit,
            },
        )
        _departments(centre, commune["centre_departments"])
        count += 2
    return {"agencies": count}


@transaction.atomic
def load_calendar_defaults() -> dict[str, int]:
    """The default office hours (07:30–11:30, 13:00–17:00, Monday to Friday, all year), created only
    while there is no schedule at all: an administrator's own schedules are never touched or doubled."""
    from tinhso.core.workcalendar import DEFAULT_PERIODS, calendar_invalidate

    if OfficeHours.objects.exists():
        return {"schedules": 0}
    schedule = OfficeHours.objects.create(name="Giờ làm việc cả năm")
    OfficePeriod.objects.bulk_create(
        OfficePeriod(schedule=schedule, start=start, end=end) for start, end in DEFAULT_PERIODS
    )
    transaction.on_commit(calendar_invalidate)
    return {"schedules": 1}


def load_domain_reference() -> dict[str, object]:
    """Reference data of the domain apps (procedure catalog, …), listed in settings.TINHSO_REFERENCE_LOADERS
    so that the core never imports a domain."""
    from django.utils.module_loading import import_string

    return {path.rsplit(".", 1)[-1]: import_string(path)() for path in settings.TINHSO_REFERENCE_LOADERS}
