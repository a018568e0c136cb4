"""Registering a dossier at the desk (walk-in or by post): find the procedure, fill in what the person
brings, scan the papers, receive it and print the receipt."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tinhso.backoffice.forms_intake import IntakeForm
from tinhso.backoffice.views import _render
from tinhso.core import permissions
from tinhso.core import selectors as core_selectors
from tinhso.core.models import AdministrativeUnit, Role
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.services import Person, dossier_intake
from tinhso.dossiers.services.intake import desk_of
from tinhso.dossiers.services.submission import papers_to_upload
from tinhso.publicservices import eforms
from tinhso.publicservices import selectors as procedure_selectors
from tinhso.publicservices.models import Procedure
from tinhso.publicservices.versions import procedure_snapshot

MAX_FILES_PER_PAPER = 10


def _communes(procedure: Procedure, viewer: Any) -> Any:
    if (
        procedure.level not in (Procedure.Level.COMMUNE, Procedure.Level.BOTH)
        or procedure.competent_agency_id
    ):
        return None
    return core_selectors.unit_list(
        viewer=viewer,
        province_code=str(settings.TINHSO_PROVINCE_CODE),
        level=AdministrativeUnit.Level.COMMUNE,
        served_only=True,
    ).order_by("sort_key")


@permissions.staff(Role.ONE_STOP_OFFICER)
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    try:
        desk_of(request.user)  # type: ignore[arg-type]
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    code = request.GET.get("thu-tuc", "").strip()
    if not code:
        q = request.GET.get("q", "").strip()[:100]
        found = list(procedure_selectors.procedure_list(viewer=request.user, q=q)[:20]) if q else []
        return _render(request, "backoffice/dossiers/intake_pick.html", {"q": q, "found": found})
    procedure = procedure_selectors.procedure_get(viewer=request.user, code=code)
    if procedure is None:
        raise Http404
    snapshot = procedure_snapshot(procedure)
    spec, papers = snapshot["form"], papers_to_upload(snapshot)
    communes = _communes(procedure, request.user)
    data = request.POST if request.method == "POST" else None
    desk = desk_of(request.user)  # type: ignore[arg-type]
    initial = {"commune": desk.unit_id} if communes is not None and desk.unit_id else {}
    desk_form = IntakeForm(data, communes=communes, prefix="p", initial=initial)
    eform = eforms.build_form(spec, data=data)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        files = {
            c["id"]: request.FILES.getlist(f"paper-{c['id']}")[:MAX_FILES_PER_PAPER]
            for c in papers
            if request.FILES.getlist(f"paper-{c['id']}")
        }
        if desk_form.is_valid():
            values = desk_form.cleaned_data
            raw = {item["key"]: request.POST.get(f"f-{item['key']}", "") for item in spec}
            try:
                dossier = dossier_intake(
                    actor=request.user,  # type: ignore[arg-type]
                    procedure=procedure,
                    person=Person(
                        full_name=values["full_name"],
                        citizen_id=values["citizen_id"],
                        phone=values["phone"],
                        address=values["address"],
                    ),
                    form_data=raw,
                    files=files,
                    channel=values["channel"],
                    delivery=values["delivery"],
                    delivery_address=values["delivery_address"],
                    commune=values.get("commune"),
                )
            except DossierError as exc:
                messages.error(request, str(exc))
                errors = exc.errors
                status = exc.status_code
            else:
                messages.success(
                    request,
                    _("Dossier %(code)s received. Print the receipt for the person.")
                    % {"code": dossier.code},
                )
                return redirect("backoffice:dossier", dossier_id=dossier.pk)
        else:
            status = 400
        eform.is_valid()  # show the e-form's own messages beside its fields
    return _render(
        request,
        "backoffice/dossiers/intake.html",
        {
            "procedure": procedure,
            "desk_form": desk_form,
            "eform": eform,
            "papers": papers,
            "errors": errors,
            "missing_papers": errors.get("components", []),
        },
        status=status,
    )
