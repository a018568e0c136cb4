"""/api/v1/dossiers (the citizen's own dossiers: submit, follow, supplement) and /api/v1/tasks,
/api/v1/staff/dossiers (officials: the inbox and the actions of the open step). Thin over the dossier
selectors and services; `tinhso.dossiers.actions` decides what an official may do, as for the back office.
Errors from the services come back as {"detail", "errors"} with 400, 403 or 409, in Vietnamese by default."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Form, Header, Query, Router, Schema, Status

from tinhso.api import submissions as submissions_api
from tinhso.api.dossier_schemas import (
    ActionIn,
    AgencyRefOut,
    ApplicantOut,
    DocumentOut,
    DossierDetailOut,
    DossierErrorOut,
    DossierOut,
    DossierPageOut,
    EventOut,
    FileOut,
    FormValueOut,
    LinksOut,
    StaffDossierOut,
    StepOut,
    SubmissionOut,
    TaskOut,
)
from tinhso.api.schemas import ErrorOut
from tinhso.core import access, clock, permissions
from tinhso.core import selectors as core_selectors
from tinhso.core.citizen_id import mask_citizen_id
from tinhso.core.downloads import private_pdf
from tinhso.core.models import AdministrativeUnit, User
from tinhso.core.recent import recent
from tinhso.dossiers import selectors
from tinhso.dossiers.actions import ACTIONS, MARKS, available_actions, perform
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.models import Dossier, DossierDocument, DossierEvent
from tinhso.dossiers.models import Status as DossierStatus
from tinhso.dossiers.services import (
    dossier_rate,
    dossier_submit_online,
    dossier_supplement,
    dossier_withdraw,
)
from tinhso.dossiers.services.late import may_apologise
from tinhso.dossiers.services.stop import may_stop
from tinhso.publicservices.models import Procedure

router = Router(tags=["dossiers"])
MAX_FILES_PER_PAPER = 10


# --- building the answers ------------------------------------------------------------------------------


def _portal_url(dossier: Dossier) -> str | None:
    try:
        return reverse("portal:dossier_detail", kwargs={"reference": dossier.reference})
    except NoReverseMatch:  # the citizen pages are not there yet
        return None


def _summary(dossier: Dossier, *, staff: bool = False) -> dict[str, Any]:
    snapshot = dossier.version.snapshot
    if staff:
        links = LinksOut(
            api=reverse("api-1:staff_dossier", kwargs={"dossier_id": dossier.pk}),
            page=reverse("backoffice:dossier", kwargs={"dossier_id": dossier.pk}),
        )
    else:
        links = LinksOut(
            api=reverse("api-1:dossier_get", kwargs={"reference": dossier.reference}),
            page=_portal_url(dossier),
        )
    return {
        "id": dossier.pk,
        "reference": dossier.reference,
        "code": dossier.code,
        "number": dossier.number,
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "procedure_code": dossier.procedure.code,
        "procedure_name": snapshot.get("name") or dossier.procedure.name,
        "version": dossier.version.number,
        "applicant_name": dossier.applicant_name,
        "subject_name": dossier.subject_name,
        "competent_agency": AgencyRefOut(
            code=dossier.competent_agency.code, name=dossier.competent_agency.name
        ),
        "receiving_agency": AgencyRefOut(
            code=dossier.receiving_agency.code, name=dossier.receiving_agency.name
        ),
        "channel": dossier.channel,
        "delivery": dossier.delivery,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "closed_at": dossier.closed_at,
        "lock_version": dossier.lock_version,
        "links": links,
    }


def _event(e: DossierEvent) -> EventOut:
    return EventOut(
        at=e.at,
        kind=e.kind,
        status=e.status_to,
        status_label=str(DossierStatus(e.status_to).label) if e.status_to is not None else None,
        step_name=e.step_name,
        note=e.note,
    )


def _document(dossier: Dossier, doc: DossierDocument, *, staff: bool) -> DocumentOut:
    if staff:
        url = reverse("backoffice:dossier-document", kwargs={"dossier_id": dossier.pk, "document_id": doc.pk})
    else:
        url = reverse(
            "api-1:dossier_document", kwargs={"reference": dossier.reference, "document_id": doc.pk}
        )
    return DocumentOut(
        id=doc.pk,
        kind=doc.kind,
        kind_label=str(doc.get_kind_display()),
        issued_at=doc.issued_at,
        items=doc.items,
        url=url,
    )


def _detail(viewer: User, dossier: Dossier, *, staff: bool = False) -> dict[str, Any]:
    spec = dossier.version.snapshot.get("form", [])
    return {
        **_summary(dossier, staff=staff),
        "form": [
            FormValueOut(
                key=item["key"], label=item.get("label", ""), value=dossier.form_data.get(item["key"])
            )
            for item in spec
        ],
        "delivery_address": dossier.delivery_address,
        "outcome_note": dossier.outcome_note,
        "files": [
            FileOut(
                id=f.pk,
                component=f.component_name,
                is_authorisation=f.is_authorisation,
                name=f.original_name,
                pages=f.pages,
                size=f.size,
                round=f.round,
            )
            for f in selectors.files_of(viewer=viewer, dossier=dossier)
        ],
        "documents": [
            _document(dossier, d, staff=staff) for d in dossier.documents.order_by("issued_at", "id")
        ],
        "timeline": [_event(e) for e in selectors.timeline(viewer=viewer, dossier=dossier)],
    }


def _step(step: Any) -> StepOut:
    def name(user: User | None) -> str | None:
        return (user.full_name or user.username) if user is not None else None

    return StepOut(
        name=step.name,
        kind=step.kind,
        role=step.role,
        agency_code=step.agency.code,
        assignee=name(step.assignee),
        finished_by=name(step.finished_by),
        started_at=step.started_at,
        due_at=step.due_at,
        finished_at=step.finished_at,
        budget_hours=float(step.budget_hours),
        spent_hours=float(step.spent_hours) if step.spent_hours is not None else None,
        on_time=step.on_time,
        outcome=step.outcome,
        note=step.note,
        handover_from=step.handover_from.code if step.handover_from_id else None,
        accepted_at=step.accepted_at,
    )


def _staff_detail(viewer: User, dossier: Dossier) -> dict[str, Any]:
    step = selectors.open_step_of(dossier)
    rep = dossier.representation
    applicant = dossier.applicant
    return {
        **_detail(viewer, dossier, staff=True),
        "applicant": ApplicantOut(
            full_name=dossier.applicant_name,
            citizen_id_masked=mask_citizen_id(applicant.citizen_id or ""),
            phone=applicant.phone,
            email=applicant.email,
        ),
        "representation": f"{rep.full_name} ({rep.get_relationship_display()})" if rep else None,
        "open_step": _step(step) if step else None,
        "steps": [_step(s) for s in selectors.steps_history(dossier)],
        "actions": [a.name for a in available_actions(viewer=viewer, dossier=dossier, step=step)],
        "decisions": [
            name
            for name, allowed in (("apology", may_apologise), ("stop", may_stop))
            if allowed(viewer, dossier)
        ],
    }


def error_body(exc: DossierError) -> dict[str, Any]:
    return {"detail": str(exc), "errors": exc.errors}


def _files_by_component(request: HttpRequest) -> dict[int, list[UploadedFile]]:
    files: dict[int, list[UploadedFile]] = {}
    for name in request.FILES:
        if not name.startswith("component_"):
            continue
        try:
            component_id = int(name.removeprefix("component_"))
        except ValueError as exc:
            raise DossierError(_("This paper is not part of the procedure.")) from exc
        uploads = request.FILES.getlist(name)
        if len(uploads) > MAX_FILES_PER_PAPER:
            raise DossierError(_("Send at most %(count)d files for one paper."), count=MAX_FILES_PER_PAPER)
        files[component_id] = uploads
    return files


def _citizen(request: HttpRequest) -> User:
    user = permissions.acting_user(request)
    if user.kind != User.Kind.CITIZEN:
        raise NotAllowed(_("Only citizen accounts submit and follow dossiers here."))
    return user


def _official(request: HttpRequest) -> User:
    user = permissions.acting_user(request)
    if not (access.is_official(user) or access.is_sysadmin(user)):
        raise NotAllowed(_("Only officials can process dossiers."))
    return user


# --- the citizen's dossiers ----------------------------------------------------------------------------


ERRORS: dict[int, Any] = {400: DossierErrorOut, 403: DossierErrorOut, 409: DossierErrorOut}


@router.post(
    "/dossiers",
    response={200: DossierOut | SubmissionOut, 201: DossierOut, 202: SubmissionOut, **ERRORS},
    summary="Submit a dossier online (multipart)",
    description=(
        "Multipart form: `procedure` (code), `form` (JSON object of the e-form's values, see "
        "GET /procedures/{code}), `delivery` (online | desk | post), `delivery_address`, `commune` "
        "(unit code, for commune procedures), `representation` (id of your declaration), one or more "
        "files per paper named `component_<id>` (photos of one paper become one PDF), and "
        "`authorisation`. Send an `Idempotency-Key` (UUID): repeating the request with the same key "
        "answers 200 with the dossier the first request made, never a second dossier. With "
        "`Prefer: respond-async` the answer is 202 with a submission as soon as everything that needs no "
        "file opened is checked (the form, the papers required, each file's type and size) and the files are "
        "stored; a worker makes the dossier under the same reference moments later (follow "
        "`links.api`, GET /submissions/{reference}); a file that turns out unreadable makes the submission "
        "`failed` with the reason, and the citizen is notified."
    ),
)
def dossier_create(
    request: HttpRequest,
    procedure: Form[str],
    form: Form[str] = "{}",
    delivery: Form[str] = "online",
    delivery_address: Form[str] = "",
    commune: Form[str] = "",
    representation: Form[int | None] = None,
    idempotency_key: Header[uuid.UUID | None] = None,
    prefer: Header[str] = "",
) -> Status:
    user = _citizen(request)
    try:
        values = json.loads(form or "{}")
    except ValueError:
        values = None
    if not isinstance(values, dict):
        raise DossierError(_("The form must be a JSON object of field values."), errors={"form": []})
    found = recent(
        ("procedure", procedure), lambda: Procedure.objects.filter(code=procedure, is_active=True).first()
    )
    if found is None:
        raise DossierError(_("No procedure has this code."), errors={"procedure": []})
    unit = None
    if commune:
        unit = recent(
            ("commune", commune),
            lambda: AdministrativeUnit.objects.filter(
                code=commune, level=AdministrativeUnit.Level.COMMUNE, valid_to__isnull=True
            ).first(),
        )
        if unit is None:
            raise DossierError(_("No commune or ward has this code."), errors={"commune": []})
    rep = None
    if representation is not None:
        rep = core_selectors.representations_of(viewer=user).filter(pk=representation).first()
        if rep is None:
            raise NotAllowed(_("You do not represent this person."))
    submission: dict[str, Any] = {
        "procedure": found,
        "form_data": values,
        "files": _files_by_component(request),
        "delivery": delivery,
        "delivery_address": delivery_address,
        "commune": unit,
        "representation": rep,
        "authorisation": request.FILES.getlist("authorisation"),
        "idempotency_key": idempotency_key,
    }
    if submissions_api.wants_async(prefer):
        return submissions_api.accept(actor=user, **submission)
    dossier, created = dossier_submit_online(actor=user, **submission)
    return Status(201 if created else 200, _summary(dossier))


@router.get(
    "/dossiers", response={200: DossierPageOut, 403: DossierErrorOut}, summary="Your dossiers, newest first"
)
def dossier_list(
    request: HttpRequest, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)
) -> Status:
    user = _citizen(request)
    rows = selectors.dossiers_of_citizen(viewer=user).exclude(status=DossierStatus.DRAFT)
    page = rows.select_related("competent_agency", "receiving_agency")[offset : offset + limit]
    return Status(200, {"count": rows.count(), "items": [_summary(d) for d in page]})


@router.get(
    "/dossiers/{reference}",
    response={200: DossierDetailOut, 403: DossierErrorOut, 404: ErrorOut},
    summary="One of your dossiers, with its timeline and the documents issued",
    url_name="dossier_get",
)
def dossier_get(request: HttpRequest, reference: str) -> Status:
    user = _citizen(request)
    found = selectors.dossier_for_citizen(viewer=user, reference=reference)
    if found is None:
        if selectors.submission_for_citizen(viewer=user, reference=reference):
            url = reverse("api-1:submission_get", kwargs={"reference": reference})
            return Status(
                404, {"detail": _("This dossier is still being registered: see %(url)s.") % {"url": url}}
            )
        return Status(404, {"detail": _("No such dossier.")})
    return Status(200, _detail(user, found))


@router.get(
    "/dossiers/{reference}/documents/{document_id}",
    response={200: None, 403: DossierErrorOut, 404: ErrorOut},
    summary="A document issued for one of your dossiers (PDF)",
    url_name="dossier_document",
)
def dossier_document(request: HttpRequest, reference: str, document_id: int) -> FileResponse | Status:
    user = _citizen(request)
    found = selectors.dossier_for_citizen(viewer=user, reference=reference)
    doc = found.documents.filter(pk=document_id).first() if found else None
    if found is None or doc is None or not doc.file:
        return Status(404, {"detail": _("No such document.")})
    return private_pdf(doc.file, f"{found.number}-{doc.kind}.pdf")


@router.post(
    "/dossiers/{reference}/supplement",
    response={200: DossierDetailOut, 404: ErrorOut, **ERRORS},
    summary="Send the supplements asked for (multipart: files `component_<id>` and `note`)",
)
def dossier_supplement_send(
    request: HttpRequest,
    reference: str,
    note: Form[str] = "",
    lock_version: Form[int | None] = None,
) -> Status:
    user = _citizen(request)
    found = selectors.dossier_for_citizen(viewer=user, reference=reference)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    dossier_supplement(
        actor=user,
        dossier=found,
        files=_files_by_component(request),
        note=note,
        lock_version=lock_version,
    )
    fresh = selectors.dossier_for_citizen(viewer=user, reference=reference)
    assert fresh is not None
    return Status(200, _detail(user, fresh))


class RatingIn(Schema):
    attitude: int
    timeliness: int
    guidance: int
    overall: int
    comment: str = ""


@router.post(
    "/dossiers/{reference}/rating",
    response={201: DossierDetailOut, 404: ErrorOut, **ERRORS},
    summary="Rate the service once the result exists: 1 dissatisfied, 2 satisfied, 3 very satisfied",
)
def dossier_rating_send(request: HttpRequest, reference: str, payload: RatingIn) -> Status:
    user = _citizen(request)
    found = selectors.dossier_for_citizen(viewer=user, reference=reference)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    dossier_rate(actor=user, dossier=found, **payload.dict())
    return Status(201, _detail(user, found))


class WithdrawIn(Schema):
    reason: str
    lock_version: int | None = None


@router.post(
    "/dossiers/{reference}/withdraw",
    response={200: DossierDetailOut, 404: ErrorOut, **ERRORS},
    summary="Withdraw your dossier (status 7): JSON `reason` and the `lock_version` you last read",
)
def dossier_withdraw_send(request: HttpRequest, reference: str, payload: WithdrawIn) -> Status:
    user = _citizen(request)
    found = selectors.dossier_for_citizen(viewer=user, reference=reference)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    done = dossier_withdraw(
        actor=user, dossier=found, reason=payload.reason, lock_version=payload.lock_version
    )
    return Status(200, _detail(user, done))


# --- officials -----------------------------------------------------------------------------------------


@router.get(
    "/tasks",
    response={200: list[TaskOut], 403: DossierErrorOut},
    summary="Your open tasks, soonest due first, with their deadline mark",
    tags=["tasks"],
)
def tasks(
    request: HttpRequest,
    kind: str = Query("", pattern="^(|receive|handle|approve|return)$"),
    limit: int = Query(50, ge=1, le=200),
) -> Status:
    user = _official(request)
    rows = []
    for task in selectors.inbox(viewer=user, kind=kind, limit=limit):
        d, step = task.dossier, task.step
        rows.append(
            TaskOut(
                dossier_id=d.pk,
                number=d.number,
                reference=d.reference,
                code=d.code,
                procedure_name=d.procedure.name,
                applicant_name=d.applicant_name,
                subject_name=d.subject_name,
                step_name=step.name,
                step_kind=step.kind,
                assigned_to_me=step.assignee_id == user.pk,
                due_at=step.due_at,
                received_at=d.received_at,
                submitted_at=d.submitted_at,
                mark=task.mark,
                mark_label=str(MARKS[task.mark]),
                links=LinksOut(
                    api=reverse("api-1:staff_dossier", kwargs={"dossier_id": d.pk}),
                    page=reverse("backoffice:dossier", kwargs={"dossier_id": d.pk}),
                ),
            )
        )
    return Status(200, rows)


def _staff_dossier_or_none(user: User, dossier_id: int) -> Dossier | None:
    return selectors.dossier_for_staff(viewer=user, pk=dossier_id)


@router.get(
    "/staff/dossiers/{dossier_id}",
    response={200: StaffDossierOut, 403: DossierErrorOut, 404: ErrorOut},
    summary="A dossier of your agencies, with its steps and the actions open to you",
    tags=["tasks"],
    url_name="staff_dossier",
)
def staff_dossier(request: HttpRequest, dossier_id: int) -> Status:
    user = _official(request)
    found = _staff_dossier_or_none(user, dossier_id)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    return Status(200, _staff_detail(user, found))


@router.post(
    "/staff/dossiers/{dossier_id}/{action}",
    response={200: StaffDossierOut, 404: ErrorOut, **ERRORS},
    summary="Act on a dossier: " + ", ".join(ACTIONS),
    description=(
        "JSON body: `lock_version` (as last read), and as the action needs: `items` (request-supplements, "
        "one per line), `reason` (refuse), `note` (forward, send-back, request-payment, finish, return), "
        "`to_user` (forward: a username from the next step's people), `pin` (finish: your signing PIN; the "
        "result is signed with your certificate and the agency's seal), `due_at` (receive, when the "
        "procedure publishes no processing time). A stale `lock_version` answers 409."
    ),
    tags=["tasks"],
)
def staff_action(request: HttpRequest, dossier_id: int, action: str, payload: ActionIn) -> Status:
    user = _official(request)
    found = _staff_dossier_or_none(user, dossier_id)
    if found is None or action not in ACTIONS:
        return Status(404, {"detail": _("No such dossier.") if found is None else _("No such action.")})
    to_user = None
    if payload.to_user:
        to_user = User.objects.filter(username=payload.to_user, is_active=True).first()
        if to_user is None:
            raise DossierError(_("No official has this username."), errors={"to_user": []})
    due_at = payload.due_at
    if due_at is not None and timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at)
    if due_at is not None and due_at <= clock.now():
        raise DossierError(_("The appointment must be in the future."), errors={"due_at": []})
    perform(
        action,
        actor=user,
        dossier=found,
        lock_version=payload.lock_version,
        note=payload.note,
        items=payload.items,
        reason=payload.reason,
        to_user=to_user,
        due_at=due_at,
        pin=payload.pin,
        amount=payload.amount,
        tracking=payload.tracking,
    )
    fresh = _staff_dossier_or_none(user, dossier_id)
    assert fresh is not None
    return Status(200, _staff_detail(user, fresh))


__all__: Sequence[str] = ["error_body", "router"]
