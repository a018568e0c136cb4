"""Building blocks for dossier tests: a ready procedure, people at the desk and in the commune, files."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories
from tinhso.core.models import AdministrativeUnit, Role, User
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import dossier_attach, dossier_save_draft, dossier_start, dossier_submit
from tinhso.publicservices.models import Component, FeeKind, Procedure, TimeKind

BIRTH = "1.001193"
COMMUNE = "05443"


def birth_procedure() -> Procedure:
    """Đăng ký khai sinh with 1 working day, its birth certificate paper mandatory."""
    procedure = Procedure.objects.get(code=BIRTH)
    procedure.time_kind = TimeKind.WORKING_DAYS
    procedure.time_amount = Decimal(1)
    procedure.fee_kind = FeeKind.NONE
    procedure.save()
    paper = main_paper(procedure)
    # the birth certificate is the only mandatory paper here, whatever the catalog marks
    procedure.components.exclude(pk=paper.pk).update(required=False)
    paper.__class__.objects.filter(pk=paper.pk).update(required=True)
    return procedure


def main_paper(procedure: Procedure) -> Component:
    return procedure.components.filter(kind=Component.Kind.SUBMIT, name__icontains="chứng sinh").first() or (
        procedure.components.filter(kind=Component.Kind.SUBMIT).first()
    )


def commune() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=COMMUNE, level=AdministrativeUnit.Level.COMMUNE)


_phones = iter(range(10**7, 10**8))


def mother() -> User:
    n = next(_phones)
    return factories.UserFactory(
        full_name="Nguyễn Thị Hoa",
        phone=f"09{n}",
        citizen_id=f"0191900{n % 10**5:05d}",
        address_unit=commune(),
    )


def desk_officer() -> User:
    return factories.official(
        factories.agency(f"{COMMUNE}:centre"), Role.ONE_STOP_OFFICER, full_name="Lý Thị Hoa"
    )


def civil_status_officer() -> User:
    return factories.official(
        factories.agency(f"{COMMUNE}:committee"), Role.SPECIALIST, full_name="Đặng Thị Lan"
    )


PIN = "246810"


def ready_to_sign(user: User, agency_ref: str) -> User:
    """A leader with a personal certificate for the agency and the signing PIN `PIN`."""
    from django.contrib.auth.hashers import make_password

    from tinhso.signing.authority import credential_issue
    from tinhso.signing.models import Credential, SigningPin

    credential_issue(kind=Credential.Kind.PERSONAL, agency=factories.agency(agency_ref), user=user)
    SigningPin.objects.update_or_create(user=user, defaults={"pin_hash": make_password(PIN)})
    return user


def commune_leader() -> User:
    leader = factories.official(
        factories.agency(f"{COMMUNE}:committee"), Role.AGENCY_LEADER, full_name="Ngô Văn Bình"
    )
    return ready_to_sign(leader, f"{COMMUNE}:committee")


def photo(name: str = "giay-chung-sinh.jpg", size: tuple[int, int] = (1200, 1600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (240, 235, 220)).save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_file(name: str = "giay-to.pdf") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (255, 255, 255)).save(buffer, "PDF")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def filled_form(procedure: Procedure) -> dict[str, str]:
    """Plausible values for every field of the procedure's e-form."""
    from tinhso.publicservices import eforms

    values: dict[str, str] = {}
    for item in eforms.form_spec(procedure):
        kind = item["kind"]
        if kind == "date":
            values[item["key"]] = "2026-11-20"
        elif kind == "select":
            values[item["key"]] = (item["choices"] or [""])[0]
        elif kind == "citizen_id":
            values[item["key"]] = "019190000123"
        elif kind == "phone":
            values[item["key"]] = "0912345678"
        elif kind == "email":
            values[item["key"]] = "hoa@example.vn"
        elif kind == "number":
            values[item["key"]] = "1"
        elif kind == "checkbox":
            values[item["key"]] = "on"
        else:
            values[item["key"]] = "Nguyễn Minh Khang"
    return values


def submitted_dossier(applicant: User | None = None, procedure: Procedure | None = None) -> Dossier:
    procedure = procedure or birth_procedure()
    applicant = applicant or mother()
    dossier = dossier_start(actor=applicant, procedure=procedure, commune=commune())
    dossier_save_draft(actor=applicant, dossier=dossier, form_data=filled_form(procedure))
    dossier_attach(actor=applicant, dossier=dossier, component_id=main_paper(procedure).pk, uploads=[photo()])
    return dossier_submit(actor=applicant, dossier=dossier)
