"""Walk-in and postal intake: the one-stop officer registers the dossier of a person at the desk (channel 1)
or received by post (channel 3), with the papers scanned, and receives it on the spot (form 01).

Centres accept dossiers regardless of administrative boundary inside the province (REGULATIONS §1): the
receiving point is the officer's centre, the competent agency follows the procedure (and the commune
chosen for commune-level procedures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.access import active_positions
from tinhso.core.audit import audit_record
from tinhso.core.citizen_id import validate_citizen_id
from tinhso.core.models import AdministrativeUnit, Agency, Role, User
from tinhso.core.notifications import normalize_phone
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.models import Channel, Delivery, Dossier, DossierFile, Status
from tinhso.dossiers.services.common import open_step, set_status
from tinhso.dossiers.services.desk import dossier_receive
from tinhso.dossiers.services.submission import (
    _agencies,
    _check_complete,
    _component,
    _estimated_hours,
    _store,
    _within_dossier_limit,
    new_reference,
    prepare_files,
)
from tinhso.dossiers.storage import atomic_with_files, current_batch
from tinhso.publicservices.models import Procedure
from tinhso.publicservices.versions import version_current

CENTRE_KINDS = (Agency.Kind.PROVINCE_SERVICE_CENTRE, Agency.Kind.COMMUNE_SERVICE_CENTRE)


@dataclass(frozen=True)
class Person:
    """Who the dossier belongs to, as the officer reads it from their identity card."""

    full_name: str
    citizen_id: str
    phone: str = ""
    address: str = ""


def desk_of(officer: User) -> Agency:
    """The centre where the officer receives dossiers."""
    position = (
        active_positions(officer)
        .filter(role=Role.ONE_STOP_OFFICER, agency__kind__in=CENTRE_KINDS)
        .select_related("agency")
        .first()
    )
    if position is None:
        raise NotAllowed(_("Only one-stop officers of a service centre register dossiers at the desk."))
    return position.agency


def person_for(*, actor: User, person: Person) -> User:
    """The citizen's account found by their personal identification number, or a record made for them
    (no password: they can log in later with VNeID, which links by the same number)."""
    try:
        number = validate_citizen_id(person.citizen_id, today=clock.today())
    except ValidationError as exc:
        raise DossierError(exc.messages[0], errors={"citizen_id": exc.messages}) from exc
    name = " ".join(person.full_name.split())
    if not name:
        raise DossierError(_("Enter the person's full name."), errors={"full_name": [str(_("Required."))]})
    existing = User.objects.filter(citizen_id=number).first()
    if existing is not None:
        return existing
    phone = normalize_phone(person.phone) if person.phone.strip() else None
    if person.phone.strip() and phone is None:
        raise DossierError(
            _("Enter a Vietnamese mobile number, e.g. 0912 345 678."), errors={"phone": [str(_("Invalid."))]}
        )
    if phone and User.objects.filter(phone=phone).exists():
        phone = None  # the number belongs to another account: kept on the dossier's form, not on this record
    user = User.objects.create(
        username=f"cd{number}",
        password=make_password(None),
        full_name=name,
        citizen_id=number,
        phone=phone or "",
        address_line=person.address.strip()[:200],
        kind=User.Kind.CITIZEN,
    )
    audit_record(actor=actor, action="user.desk_record", obj=user, summary={"channel": "desk"}, subject=user)
    return user


@atomic_with_files
def dossier_intake(
    *,
    actor: User,
    procedure: Procedure,
    person: Person,
    form_data: Mapping[str, Any],
    files: Mapping[int, Sequence[UploadedFile]],
    channel: int = Channel.WALK_IN,
    delivery: str = Delivery.DESK,
    delivery_address: str = "",
    commune: AdministrativeUnit | None = None,
) -> Dossier:
    """Register and receive a dossier at the desk: status 2 with its code, appointment and receipt."""
    if channel not in (Channel.WALK_IN, Channel.POSTAL):
        raise DossierError(_("Choose how the dossier arrived: at the desk or by post."))
    desk = desk_of(actor)
    if not procedure.is_active:
        raise DossierError(_("This procedure is not published."))
    prepared = {cid: prepare_files(uploads) for cid, uploads in files.items() if uploads}
    applicant = person_for(actor=actor, person=person)
    competent, _receiving = _agencies(procedure, commune or desk.unit)
    now = clock.now()
    dossier = Dossier.objects.create(
        reference=new_reference(),
        procedure=procedure,
        version=version_current(procedure),
        applicant=applicant,
        applicant_name=applicant.full_name,
        competent_agency=competent,
        receiving_agency=desk,  # whichever centre the person walked into
        status=Status.DRAFT,
        channel=channel,
        form_data=dict(form_data),
        delivery=delivery if delivery in Delivery.values else Delivery.DESK,
        delivery_address=delivery_address.strip()[:300],
    )
    for cid, item in prepared.items():
        component, name = _component(dossier, cid)
        _store(
            current_batch(),
            actor=actor,
            dossier=dossier,
            prepared=item,
            component=component,
            component_name=name,
            source=DossierFile.Source.DIGITISED,
        )
    _within_dossier_limit(dossier, 0)
    dossier.form_data = _check_complete(dossier)
    set_status(dossier, Status.SUBMITTED, actor=actor, kind="registered_at_desk", submitted_at=now)
    open_step(dossier, 0, assignee=actor, total_hours=_estimated_hours(dossier.version.snapshot))
    # at the desk the fee is paid there and then, in cash or by the desk's QR code
    return dossier_receive(actor=actor, dossier=dossier, fee_collected_at_desk=True)
