"""Demo dossiers for the Thái Nguyên demo accounts, so the desk and the specialist have work on first run.
Idempotent: nothing is added once the demo citizen has a dossier."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from tinhso.core import clock, workcalendar
from tinhso.core.demo import DEMO_COMMUNE
from tinhso.core.models import AdministrativeUnit, Representation, User
from tinhso.core.services.accounts import representation_declare
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import (
    Person,
    dossier_attach,
    dossier_forward,
    dossier_intake,
    dossier_receive,
    dossier_save_draft,
    dossier_start,
    dossier_submit,
)
from tinhso.dossiers.services.submission import papers_to_upload
from tinhso.publicservices import eforms
from tinhso.publicservices.models import Procedure
from tinhso.publicservices.versions import version_current

SAMPLE_VALUES = {
    "date": "2026-11-18",
    "citizen_id": "019190000123",
    "phone": "0912345678",
    "email": "congdan@demo.tinhso.vn",
    "number": "1",
    "checkbox": "on",
}


def _scan(title: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (1240, 1754), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 1180, 1694), outline=(90, 90, 90), width=4)
    draw.text((120, 140), f"{title} (ban chup mau)", fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("anh-chup.jpg", buffer.getvalue(), content_type="image/jpeg")


def _values(procedure: Procedure) -> dict[str, str]:
    values = {}
    for item in eforms.form_spec(procedure):
        if item["kind"] == "select":
            values[item["key"]] = (item["choices"] or [""])[0]
        else:
            values[item["key"]] = SAMPLE_VALUES.get(item["kind"], "Nguyễn Minh Khang")
    return values


def _submit(citizen: User, code: str) -> Dossier | None:
    procedure = Procedure.objects.filter(code=code, is_active=True).first()
    if procedure is None:
        return None
    commune = AdministrativeUnit.objects.get(code=DEMO_COMMUNE, level=AdministrativeUnit.Level.COMMUNE)
    dossier = dossier_start(actor=citizen, procedure=procedure, commune=commune)
    dossier_save_draft(actor=citizen, dossier=dossier, form_data={**_values(procedure), **dossier.form_data})
    for item in papers_to_upload(dossier.version.snapshot):
        if item["required"]:
            dossier_attach(
                actor=citizen, dossier=dossier, component_id=item["id"], uploads=[_scan(item["name"][:40])]
            )
    return dossier_submit(actor=citizen, dossier=dossier)


def load_demo_dossiers() -> int:
    citizen = User.objects.filter(username="congdan").first()
    desk = User.objects.filter(username="motcua.pdp").first()
    if citizen is None or desk is None or citizen.dossiers.exists():
        return 0
    if citizen.address_unit is None:
        citizen.address_unit = AdministrativeUnit.objects.get(
            code=DEMO_COMMUNE, level=AdministrativeUnit.Level.COMMUNE
        )
        citizen.address_line = "Tổ 5"
        citizen.save(update_fields=["address_unit", "address_line"])
    if not citizen.representations.exists():  # her newborn, for "submit for another person"
        representation_declare(
            actor=citizen,
            relationship=Representation.Relationship.PARENT,
            full_name="Nguyễn Minh Khang",
            date_of_birth=clock.today() - dt.timedelta(days=4),
        )
    made = 0
    if _submit(citizen, "1.001193") is not None:  # khai sinh: waiting at the desk
        made += 1
    death = _submit(citizen, "1.000656")  # khai tử: received, with the civil status officer
    if death is not None:
        dossier_receive(
            actor=desk,
            dossier=death,
            due_at=workcalendar.add_working_days(clock.now(), 3),
        )
        made += 1
    made += _inter_agency(desk)
    return made


def _inter_agency(desk: User) -> int:
    """A walk-in inter-agency dossier (khai sinh + thường trú), passed by the ward to the police, who have
    to accept it (chuyenvien.ca)."""
    procedure = Procedure.objects.filter(code="2.000986", is_active=True, process__isnull=False).first()
    clerk = User.objects.filter(username="chuyenvien.pdp").first()
    leader = User.objects.filter(username="lanhdao.pdp").first()
    if procedure is None or clerk is None or leader is None:
        return 0
    commune = AdministrativeUnit.objects.get(code=DEMO_COMMUNE, level=AdministrativeUnit.Level.COMMUNE)
    scans = {
        item["id"]: [_scan(item["name"][:40])]
        for item in papers_to_upload(version_current(procedure).snapshot)
        if item["required"]
    }
    dossier = dossier_intake(
        actor=desk,
        procedure=procedure,
        person=Person(full_name="Hà Thị Thu", citizen_id="019193004321", phone="0977004321", address="Tổ 7"),
        form_data=_values(procedure),
        files=scans,
        commune=commune,
    )
    dossier = dossier_forward(actor=clerk, dossier=dossier, note="Đã đăng ký khai sinh.")
    dossier_forward(actor=leader, dossier=dossier, note="Chuyển Công an đăng ký thường trú cho cháu.")
    return 1
