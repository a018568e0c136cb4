"""The officials' dossier pages: the inbox of open tasks, one dossier with its history and the actions its
open step allows, and the dossier's files and issued documents. Thin over the dossier selectors and
services; what may be done is decided by tinhso.dossiers.actions, shared with the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinhso.backoffice.forms_dossiers import (
    FORMS,
    ActionForm,
    ApologyForm,
    ForwardForm,
    ReceiveForm,
    StopForm,
)
from tinhso.backoffice.views import _render
from tinhso.core import clock, permissions
from tinhso.core.citizen_id import mask_citizen_id
from tinhso.core.models import Role
from tinhso.dossiers import selectors
from tinhso.dossiers.actions import ACTIONS, MARKS, available_actions, needs_appointment, perform
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.issued import control_sheet
from tinhso.dossiers.models import Dossier, Status
from tinhso.dossiers.services import dossier_apologise, dossier_stop
from tinhso.dossiers.services.common import holds_any
from tinhso.dossiers.services.fees import subject_of
from tinhso.dossiers.services.late import may_apologise
from tinhso.dossiers.services.stop import may_stop
from tinhso.payments.selectors import requests_for_staff

STAFF_ROLES = (
    Role.ONE_STOP_OFFICER,
    Role.SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.AGENCY_LEADER,
    Role.SYSADMIN,
)
INBOX_LIMIT = 50  # the soonest due; the rest follow as these are done

# the tabs of the inbox: (url name, step kind, label)
TABS = (
    ("backoffice:worklist", "", gettext_lazy("All open tasks")),
    ("backoffice:reception", "receive", gettext_lazy("Waiting for reception")),
    ("backoffice:approvals", "approve", gettext_lazy("Awaiting approval")),
    ("backoffice:results", "return", gettext_lazy("Results to return")),
)
# Vietnamese URL segment -> action name
SLUGS = {
    "tiep-nhan": "receive",
    "yeu-cau-bo-sung": "request-supplements",
    "tu-choi": "refuse",
    "chuyen-buoc": "forward",
    "tra-lai": "send-back",
    "yeu-cau-nghia-vu-tai-chinh": "request-payment",
    "da-thuc-hien-nghia-vu": "resume",
    "phe-duyet": "finish",
    "tra-ket-qua": "return",
    "nhan-lien-thong": "accept-handover",
    "tra-lai-lien-thong": "reject-handover",
}
ACTION_SLUGS = {name: slug for slug, name in SLUGS.items()}
SUCCESS = {
    "receive": gettext_lazy("Dossier received. Dossier code %(code)s, appointment %(due)s."),
    "request-supplements": gettext_lazy("The supplement request (form 02) has been issued to the citizen."),
    "refuse": gettext_lazy("The dossier was refused; form 03 has been issued to the citizen."),
    "forward": gettext_lazy("The dossier was forwarded to the next step."),
    "send-back": gettext_lazy("The dossier was sent back to the previous step."),
    "request-payment": gettext_lazy("The citizen has been asked to fulfil the financial obligation."),
    "resume": gettext_lazy("Processing goes on; the clock runs again."),
    "finish": gettext_lazy(
        "The result is signed and the dossier processed; it goes to the desk to be returned."
    ),
    "return": gettext_lazy("The result has been returned to the citizen."),
    "accept-handover": gettext_lazy("Your agency has accepted the inter-agency dossier."),
    "reject-handover": gettext_lazy("The dossier went back to the agency that sent it, with your reason."),
}


def _local(moment: dt.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else ""


def _short(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


@permissions.staff(*STAFF_ROLES)
def worklist(request: HttpRequest, kind: str = "") -> HttpResponse:
    tasks = selectors.inbox(viewer=request.user, kind=kind, limit=INBOX_LIMIT)
    # a hundred rows: links and times are made here once, not by template tags per cell
    link = reverse("backoffice:dossier", args=[0])[:-2]
    rows = [
        {
            "task": task,
            "step": task.step,
            "dossier": task.dossier,
            "url": f"{link}{task.dossier.pk}/",
            "mark_label": MARKS[task.mark],
            "due": _short(task.step.due_at),
            "received": _short(task.dossier.received_at),
            "submitted": _short(task.dossier.submitted_at),
        }
        for task in tasks
    ]
    tabs = [(url_name, label, tab_kind == kind) for url_name, tab_kind, label in TABS]
    return _render(
        request,
        "backoffice/dossiers/worklist.html",
        {"rows": rows, "tabs": tabs, "kind": kind, "truncated": len(tasks) >= INBOX_LIMIT},
    )


def _dossier_or_404(request: HttpRequest, dossier_id: int) -> Dossier:
    dossier = selectors.dossier_for_staff(viewer=request.user, pk=dossier_id)
    if dossier is None:
        raise Http404
    return dossier


def _form_for(name: str, dossier: Dossier, request: HttpRequest, data: Any = None) -> ActionForm:
    kwargs: dict[str, Any] = {"initial": {"lock_version": dossier.lock_version}}
    if name == "receive":
        kwargs["ask_appointment"] = needs_appointment(dossier)
    if name == "forward":
        kwargs["people"] = selectors.next_step_people(viewer=request.user, dossier=dossier)
    return FORMS[name](data, **kwargs)


def _form_rows(dossier: Dossier) -> list[dict[str, Any]]:
    """The e-form as label/value pairs, with the labels of the version the dossier was submitted under."""
    rows = []
    for item in dossier.version.snapshot.get("form", []):
        value = dossier.form_data.get(item["key"])
        if item.get("kind") == "checkbox":
            shown = _("Yes") if value in (True, "on", "true", "1") else _("No")
        elif item.get("kind") == "date" and isinstance(value, str) and value:
            try:
                shown = date_format(dt.date.fromisoformat(value), "d/m/Y")
            except ValueError:
                shown = value
        else:
            shown = "" if value in (None, "") else str(value)
        rows.append({"label": item.get("label", item["key"]), "value": shown, "section": item.get("section")})
    return rows


def _history(dossier: Dossier) -> list[dict[str, Any]]:
    rows = []
    for step in selectors.steps_history(dossier):
        person = step.finished_by or step.assignee
        state = "open" if step.finished_at is None else "on_time" if step.on_time is not False else "late"
        rows.append({"step": step, "person": person, "state": state})
    return rows


def _detail(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: dict[str, ActionForm] | None = None,
    error: str = "",
    status: int = 200,
    apology_form: Any = None,
    stop_form: Any = None,
) -> HttpResponse:
    step = selectors.open_step_of(dossier)
    actions = available_actions(viewer=request.user, dossier=dossier, step=step)
    forms = []
    for action in actions:
        form = (bound or {}).get(action.name) or _form_for(action.name, dossier, request)
        forms.append({"action": action, "form": form, "slug": ACTION_SLUGS[action.name]})
    applicant = dossier.applicant
    mark = selectors.mark_for(step.due_at, clock.now()) if step and step.due_at else ""
    return _render(
        request,
        "backoffice/dossiers/detail.html",
        {
            "dossier": dossier,
            "status_label": Status(dossier.status).label,
            "applicant": applicant,
            "applicant_id_masked": mask_citizen_id(applicant.citizen_id or ""),
            "representation": dossier.representation,
            "representation_id_masked": mask_citizen_id(
                (dossier.representation.citizen_id if dossier.representation else "") or ""
            ),
            "snapshot": dossier.version.snapshot,
            "form_rows": _form_rows(dossier),
            "files": selectors.files_of(viewer=request.user, dossier=dossier),
            "documents": dossier.documents.select_related("issued_by").order_by("issued_at", "id"),
            "history": _history(dossier),
            "events": selectors.timeline(viewer=request.user, dossier=dossier),
            "open_step": step,
            "open_mark_key": mark,
            "open_mark": MARKS[mark] if mark else "",
            "action_forms": forms,
            "action_error": error,
            "apology_form": apology_form or (ApologyForm() if may_apologise(request.user, dossier) else None),  # type: ignore[arg-type]
            "stop_form": stop_form or (StopForm() if may_stop(request.user, dossier) else None),  # type: ignore[arg-type]
            "payments": list(requests_for_staff(subject=subject_of(dossier))),
            "may_collect": holds_any(
                request.user, [dossier.receiving_agency, dossier.competent_agency], Role.ONE_STOP_OFFICER
            ),
        },
        status=status,
    )


@permissions.staff(*STAFF_ROLES)
def dossier(request: HttpRequest, dossier_id: int) -> HttpResponse:
    return _detail(request, _dossier_or_404(request, dossier_id))


@permissions.staff(*STAFF_ROLES)
@require_POST
def dossier_action(request: HttpRequest, dossier_id: int, action: str) -> HttpResponse:
    name = SLUGS.get(action)
    if name is None:
        raise Http404
    found = _dossier_or_404(request, dossier_id)
    form = _form_for(name, found, request, data=request.POST)
    if not form.is_valid():
        return _detail(request, found, bound={name: form}, status=400)
    values = form.values()
    try:
        done = perform(
            name,
            actor=permissions.acting_user(request),
            dossier=found,
            lock_version=values["lock_version"],
            note=values.get("note") or "",
            items=values.get("items") or "",
            reason=values.get("reason") or "",
            to_user=form.person() if isinstance(form, ForwardForm) else None,
            due_at=values.get("due_at") if isinstance(form, ReceiveForm) else None,
            pin=values.get("pin") or "",
            amount=values.get("amount"),
            tracking=values.get("tracking") or "",
        )
    except DossierError as exc:
        fresh = _dossier_or_404(request, dossier_id)
        keep = {name: form} if exc.status_code == 400 else {}
        return _detail(request, fresh, bound=keep, error=str(exc), status=exc.status_code)
    messages.success(request, SUCCESS[name] % {"code": done.number, "due": _local(done.due_at)})
    return redirect("backoffice:dossier", dossier_id=dossier_id)


def _inline(file: Any, name: str, content_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), content_type=content_type, as_attachment=False, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@permissions.staff(*STAFF_ROLES)
def dossier_file(request: HttpRequest, dossier_id: int, file_id: int) -> FileResponse:
    found = _dossier_or_404(request, dossier_id)
    row = selectors.files_of(viewer=request.user, dossier=found).filter(pk=file_id).first()
    if row is None or not row.file:
        raise Http404
    return _inline(row.file, row.original_name, row.content_type or "application/pdf")


@permissions.staff(*STAFF_ROLES)
def dossier_document(request: HttpRequest, dossier_id: int, document_id: int) -> FileResponse:
    found = _dossier_or_404(request, dossier_id)
    row = found.documents.filter(pk=document_id).first()
    if row is None or not row.file:
        raise Http404
    return _inline(row.file, f"{found.number}-{row.kind}.pdf", "application/pdf")


__all__ = ["ACTIONS", "dossier", "dossier_action", "dossier_document", "dossier_file", "worklist"]


@permissions.staff(Role.AGENCY_LEADER)
@require_POST
def dossier_apology(request: HttpRequest, dossier_id: int) -> HttpResponse:
    found = _dossier_or_404(request, dossier_id)
    form = ApologyForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, apology_form=form, status=400)
    new_due = (
        timezone.make_aware(form.cleaned_data["new_due_at"])
        if timezone.is_naive(form.cleaned_data["new_due_at"])
        else form.cleaned_data["new_due_at"]
    )
    try:
        dossier_apologise(
            actor=request.user,  # type: ignore[arg-type]
            dossier=found,
            reason=form.cleaned_data["reason"],
            new_due_at=new_due,
            lock_version=form.cleaned_data["lock_version"],
        )
    except DossierError as exc:
        fresh = _dossier_or_404(request, dossier_id)
        return _detail(request, fresh, apology_form=form, error=str(exc), status=exc.status_code)
    messages.success(request, _("The apology letter (form 04) has been issued and sent to the citizen."))
    return redirect("backoffice:dossier", dossier_id=dossier_id)


@permissions.staff(*STAFF_ROLES)
def dossier_control_sheet(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Form 06 as PDF, printed from the dossier page."""
    found = _dossier_or_404(request, dossier_id)
    if not found.steps.exists():
        raise Http404
    response = HttpResponse(control_sheet(found, viewer=request.user), content_type="application/pdf")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'inline; filename="phieu-kiem-soat-{found.pk}.pdf"'
    return response


@permissions.staff(Role.AGENCY_LEADER)
@require_POST
def dossier_stop_view(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Form 05: the head of the competent agency stops the processing."""
    found = _dossier_or_404(request, dossier_id)
    form = StopForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, stop_form=form, status=400)
    try:
        dossier_stop(
            actor=permissions.acting_user(request),
            dossier=found,
            reason=form.cleaned_data["reason"],
            lock_version=form.cleaned_data["lock_version"],
        )
    except DossierError as exc:
        fresh = _dossier_or_404(request, dossier_id)
        return _detail(request, fresh, stop_form=form, error=str(exc), status=exc.status_code)
    messages.success(request, _("Processing has stopped; the notice (form 05) has been sent to the citizen."))
    return redirect("backoffice:dossier", dossier_id=dossier_id)
