"""/api/v1/staff/dossiers/{id}/decisions/… and …/documents/…: what the head of the competent agency decides
outside the steps (the apology letter with a new appointment, form 04; stopping the processing, form 05)
and the documents an official prints (the processing control sheet, form 06, and the issued forms)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tinhso.api.dossier_schemas import StaffDossierOut
from tinhso.api.dossiers import ERRORS, _official, _staff_detail
from tinhso.api.schemas import ErrorOut
from tinhso.core.downloads import private_pdf
from tinhso.dossiers import selectors
from tinhso.dossiers.issued import control_sheet
from tinhso.dossiers.services import dossier_apologise, dossier_stop

router = Router(tags=["tasks"])


class ApologyIn(Schema):
    reason: str
    new_due_at: dt.datetime
    lock_version: int | None = None


class StopIn(Schema):
    reason: str
    lock_version: int | None = None


@router.post(
    "/staff/dossiers/{dossier_id}/decisions/apology",
    response={200: StaffDossierOut, 404: ErrorOut, **ERRORS},
    summary="Apologise for a late dossier and set a new appointment (form 04, head of the competent agency)",
)
def staff_apology(request: HttpRequest, dossier_id: int, payload: ApologyIn) -> Status:
    user = _official(request)
    found = selectors.dossier_for_staff(viewer=user, pk=dossier_id)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    new_due = payload.new_due_at
    if timezone.is_naive(new_due):
        new_due = timezone.make_aware(new_due)
    done = dossier_apologise(
        actor=user,
        dossier=found,
        reason=payload.reason,
        new_due_at=new_due,
        lock_version=payload.lock_version,
    )
    return Status(200, _staff_detail(user, done))


@router.post(
    "/staff/dossiers/{dossier_id}/decisions/stop",
    response={200: StaffDossierOut, 404: ErrorOut, **ERRORS},
    summary="Stop processing the dossier (status 8, form 05, head of the competent agency)",
)
def staff_stop(request: HttpRequest, dossier_id: int, payload: StopIn) -> Status:
    user = _official(request)
    found = selectors.dossier_for_staff(viewer=user, pk=dossier_id)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    done = dossier_stop(actor=user, dossier=found, reason=payload.reason, lock_version=payload.lock_version)
    return Status(200, _staff_detail(user, done))


@router.get(
    "/staff/dossiers/{dossier_id}/documents/control-sheet",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="The processing control sheet (form 06, PDF), made when asked for",
)
def staff_control_sheet(request: HttpRequest, dossier_id: int) -> HttpResponse | Status:
    user = _official(request)
    found = selectors.dossier_for_staff(viewer=user, pk=dossier_id)
    if found is None or not found.steps.exists():
        return Status(404, {"detail": _("No such dossier.")})
    response = HttpResponse(control_sheet(found, viewer=user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-kiem-soat-{found.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/staff/dossiers/{dossier_id}/documents/{document_id}",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="A document issued for the dossier (forms 01–05, PDF)",
)
def staff_document(request: HttpRequest, dossier_id: int, document_id: int) -> FileResponse | Status:
    user = _official(request)
    found = selectors.dossier_for_staff(viewer=user, pk=dossier_id)
    doc = found.documents.filter(pk=document_id).first() if found else None
    if found is None or doc is None or not doc.file:
        return Status(404, {"detail": _("No such document.")})
    return private_pdf(doc.file, f"{found.number}-{doc.kind}.pdf")
