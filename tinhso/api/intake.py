"""/api/v1/staff/intake: the one-stop desk registers and receives a walk-in or postal dossier."""

from __future__ import annotations

import json

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, Router, Status

from tinhso.api.dossier_schemas import StaffDossierOut
from tinhso.api.dossiers import ERRORS, _files_by_component, _official, _staff_detail
from tinhso.core.models import AdministrativeUnit
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.services import Person, dossier_intake
from tinhso.publicservices.models import Procedure

router = Router(tags=["tasks"])


@router.post(
    "/staff/intake",
    response={201: StaffDossierOut, **ERRORS},
    summary="Register and receive a dossier at the desk (walk-in or postal, multipart)",
    description=(
        "For one-stop officers of a service centre. Multipart form: `procedure` (code), `full_name`, "
        "`citizen_id` (12 digits), `phone`, `address`, `channel` (1 at the desk, 3 by post), `delivery` "
        "(online | desk | post), `delivery_address`, `commune` (unit code, for commune procedures), `form` "
        "(JSON of the e-form's values) and the scans as `component_<id>`. The dossier is received at once: "
        "status 2, dossier code, appointment and receipt (form 01)."
    ),
    tags=["tasks"],
)
def staff_intake(
    request: HttpRequest,
    procedure: Form[str],
    full_name: Form[str],
    citizen_id: Form[str],
    phone: Form[str] = "",
    address: Form[str] = "",
    channel: Form[int] = 1,
    delivery: Form[str] = "desk",
    delivery_address: Form[str] = "",
    commune: Form[str] = "",
    form: Form[str] = "{}",
) -> Status:
    user = _official(request)
    try:
        values = json.loads(form or "{}")
    except ValueError:
        values = None
    if not isinstance(values, dict):
        raise DossierError(_("The form must be a JSON object of field values."), errors={"form": []})
    found = Procedure.objects.filter(code=procedure, is_active=True).first()
    if found is None:
        raise DossierError(_("No procedure has this code."), errors={"procedure": []})
    unit = None
    if commune:
        unit = AdministrativeUnit.objects.filter(
            code=commune, level=AdministrativeUnit.Level.COMMUNE, valid_to__isnull=True
        ).first()
        if unit is None:
            raise DossierError(_("No commune or ward has this code."), errors={"commune": []})
    dossier = dossier_intake(
        actor=user,
        procedure=found,
        person=Person(full_name=full_name, citizen_id=citizen_id, phone=phone, address=address),
        form_data=values,
        files=_files_by_component(request),
        channel=channel,
        delivery=delivery,
        delivery_address=delivery_address,
        commune=unit,
    )
    return Status(201, _staff_detail(user, dossier))
