"""The citizen's side of online submission: start a dossier, fill in the e-form and attach the papers over
several visits, submit, follow it, send supplements; and the public lookup by dossier code.

Thin: services write (`tinhso.dossiers.services`), selectors read (`tinhso.dossiers.selectors`, `.lookup`).
Every page works without JavaScript; `static/js/dossier.js` only compresses photos and stops double clicks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tinhso.core import permissions
from tinhso.core import selectors as core_selectors
from tinhso.core.models import AdministrativeUnit, Representation, User
from tinhso.datastore.selectors import reusable_for
from tinhso.dossiers import selectors, services
from tinhso.dossiers.errors import DossierError, NotAllowed, StaleAction
from tinhso.dossiers.models import (
    Delivery,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierFile,
    Rating,
    Status,
)
from tinhso.dossiers.services.citizen import RATABLE, WITHDRAWABLE
from tinhso.dossiers.services.submission import papers_to_upload
from tinhso.portal.dossier_wording import EVENT_NOTES_SHOWN, EVENT_WORDING, RATING_QUESTIONS
from tinhso.portal.forms_dossiers import DossierStartForm, SupplementForm
from tinhso.portal.payments import payment_rows
from tinhso.publicservices import eforms
from tinhso.publicservices import selectors as procedure_selectors
from tinhso.publicservices.models import Procedure

AUTH = "auth"  # the authorisation document's inputs: files-auth, photos-auth

STATUS_TONE = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "info",
    Status.RECEIVED: "ok",
    Status.PROCESSING: "ok",
    Status.PROCESSED: "ok",
    Status.RETURNED: "ok",
    Status.SUPPLEMENT: "warn",
    Status.PAYMENT: "warn",
    Status.REFUSED: "danger",
    Status.WITHDRAWN: "danger",
    Status.STOPPED: "danger",
}


# --- helpers -------------------------------------------------------------------------------------------


def _own_dossier(request: HttpRequest, reference: str) -> tuple[User, Dossier]:
    user = permissions.acting_user(request)
    dossier = selectors.dossier_for_citizen(viewer=user, reference=reference)
    if dossier is None:
        raise Http404
    return user, dossier


def _detail_url(dossier: Dossier, anchor: str = "") -> str:
    url = reverse("portal:dossier_detail", kwargs={"reference": dossier.reference})
    return f"{url}#{anchor}" if anchor else url


def _uploads(request: HttpRequest, key: str | int) -> tuple[list[UploadedFile], str]:
    """The files chosen for one paper (file picker first, then photos, in the order taken) and their source."""
    files = [f for f in request.FILES.getlist(f"files-{key}") if f.size]
    photos = [f for f in request.FILES.getlist(f"photos-{key}") if f.size]
    source = DossierFile.Source.CAMERA if photos and not files else DossierFile.Source.UPLOAD
    return files + photos, source


def _papers_spec(dossier: Dossier) -> list[dict[str, Any]]:
    """The papers to upload (the e-form stands for the declaration itself)."""
    return papers_to_upload(dossier.version.snapshot)


def _needs_authorisation(dossier: Dossier) -> bool:
    rep = dossier.representation
    return bool(
        rep is not None
        and rep.relationship == Representation.Relationship.AUTHORISED
        and not rep.authorisation
    )


def _form_values(request: HttpRequest, dossier: Dossier) -> dict[str, str]:
    """What was typed, valid or not (a draft keeps it all; it is checked at submission)."""
    values = {}
    for item in dossier.version.snapshot.get("form", []):
        name = f"f-{item['key']}"
        if item["kind"] == "checkbox":
            values[item["key"]] = "on" if request.POST.get(name) else ""
        elif name in request.POST:
            values[item["key"]] = request.POST.get(name, "")
    return values


def _save_typed(request: HttpRequest, user: User, dossier: Dossier) -> Dossier:
    """Keep the e-form and delivery choice of a draft page's POST (any of its buttons)."""
    if "delivery" not in request.POST and not any(k.startswith("f-") for k in request.POST):
        return dossier
    return services.dossier_save_draft(
        actor=user,
        dossier=dossier,
        form_data=_form_values(request, dossier),
        delivery=request.POST.get("delivery", dossier.delivery),
        delivery_address=request.POST.get("delivery_address", ""),
    )


def _attach_chosen(request: HttpRequest, user: User, dossier: Dossier) -> dict[str, list[str]]:
    """Attach whatever files were chosen on the page, paper by paper; the problems per paper."""
    problems: dict[str, list[str]] = {}
    keys: list[str | int] = [c["id"] for c in _papers_spec(dossier)]
    if _needs_authorisation(dossier):
        keys.append(AUTH)
    for key in keys:
        uploads, source = _uploads(request, key)
        if not uploads:
            continue
        try:
            services.dossier_attach(
                actor=user,
                dossier=dossier,
                component_id=None if key == AUTH else int(key),
                uploads=uploads,
                source=source,
                is_authorisation=key == AUTH,
            )
        except StaleAction:
            raise
        except DossierError as exc:
            problems[str(key)] = [str(exc)]
    return problems


@dataclass
class Problems:
    """A DossierError spread over the places of the draft page it concerns."""

    summary: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)
    papers: dict[str, list[str]] = field(default_factory=dict)  # component id (or "auth") → messages
    delivery_address: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.summary or self.fields or self.papers or self.delivery_address or self.other)


def _spread(
    exc: DossierError | None, dossier: Dossier, papers: Mapping[str, list[str]] | None = None
) -> Problems:
    problems = Problems(papers={k: list(v) for k, v in (papers or {}).items()})
    if exc is not None:
        problems.summary = str(exc)
        keys = {item["key"] for item in dossier.version.snapshot.get("form", [])}
        attached = {f.component_id for f in dossier.files.all() if not f.is_authorisation}
        for key, msgs in exc.errors.items():
            if key in keys:
                problems.fields[key] = [str(m) for m in msgs]
            elif key == "components":
                missing = [c for c in _papers_spec(dossier) if c.get("required") and c["id"] not in attached]
                for c in missing:
                    problems.papers.setdefault(str(c["id"]), []).append(_("This paper is required."))
                if not missing:
                    problems.other += [str(m) for m in msgs]
            elif key == "authorisation":
                problems.papers.setdefault(AUTH, []).extend(str(m) for m in msgs)
            elif key == "delivery_address":
                problems.delivery_address = [str(m) for m in msgs]
            else:
                problems.other += [str(m) for m in msgs]
    elif problems.papers:
        problems.summary = _("Some files could not be attached.")
    return problems


def _eform(dossier: Dossier, data: Any, problems: Problems) -> tuple[Any, list[tuple[str, list[Any]]]]:
    """The e-form of the version the dossier is bound to, grouped by section, errors linked to inputs."""
    spec = dossier.version.snapshot.get("form", [])
    form = (
        eforms.build_form(spec, data=data)
        if data is not None
        else eforms.build_form(spec, initial=dossier.form_data)
    )
    sections: list[tuple[str, list[Any]]] = []
    for item in spec:
        bf = form[item["key"]]
        errors = problems.fields.get(item["key"], [])
        described = []
        if item.get("help_text"):
            described.append(f"{bf.auto_id}_helptext")
        if errors:
            described.append(f"{bf.auto_id}_error")
            bf.field.widget.attrs["aria-invalid"] = "true"
        if described:
            bf.field.widget.attrs["aria-describedby"] = " ".join(described)
        if item["kind"] == "date":
            bf.field.widget.format = "%Y-%m-%d"
        entry = {"bf": bf, "errors": errors, "kind": item["kind"]}
        if sections and sections[-1][0] == (item.get("section") or ""):
            sections[-1][1].append(entry)
        else:
            sections.append((item.get("section") or "", [entry]))
    return form, sections


def _file_rows(user: User, dossier: Dossier) -> list[DossierFile]:
    return list(selectors.files_of(viewer=user, dossier=dossier))


def render_draft(
    request: HttpRequest,
    user: User,
    dossier: Dossier,
    *,
    data: Any = None,
    problems: Problems | None = None,
    status: int = 200,
) -> HttpResponse:
    problems = problems or Problems()
    files = _file_rows(user, dossier)
    _form, sections = _eform(dossier, data, problems)
    papers = []
    spec = _papers_spec(dossier)
    stored = reusable_for(viewer=user, document_types={c.get("document_type", "") for c in spec} - {""})
    for c in spec:
        papers.append(
            {
                "id": c["id"],
                "name": c["name"],
                "required": c.get("required"),
                "originals": c.get("originals"),
                "copies": c.get("copies"),
                "files": [f for f in files if f.component_id == c["id"] and not f.is_authorisation],
                "errors": problems.papers.get(str(c["id"]), []),
                "files_name": f"files-{c['id']}",
                "photos_name": f"photos-{c['id']}",
                "described": f"paper-{c['id']}-error" if problems.papers.get(str(c["id"])) else "",
                "reusable": stored.get(c.get("document_type", ""), []),
            }
        )
    authorisation = None
    if _needs_authorisation(dossier) or any(f.is_authorisation for f in files):
        authorisation = {
            "id": AUTH,
            "files": [f for f in files if f.is_authorisation],
            "errors": problems.papers.get(AUTH, []),
            "described": f"paper-{AUTH}-error" if problems.papers.get(AUTH) else "",
        }
    delivery = request.POST.get("delivery", dossier.delivery) if data is not None else dossier.delivery
    context = {
        "dossier": dossier,
        "sections": sections,
        "papers": papers,
        "authorisation": authorisation,
        "problems": problems,
        "deliveries": Delivery.choices,
        "delivery": delivery,
        "delivery_address": (
            request.POST.get("delivery_address", "") if data is not None else dossier.delivery_address
        ),
        "accept": "application/pdf,image/jpeg,image/png",
        "component_mb": settings.DOSSIER_COMPONENT_MAX_BYTES // 2**20,
    }
    return render(request, "portal/dossiers/draft.html", context, status=status)


@dataclass(frozen=True)
class TimelineItem:
    at: Any
    text: str
    note: str


def _timeline(user: User, dossier: Dossier) -> list[TimelineItem]:
    items = []
    event: DossierEvent
    for event in selectors.timeline(viewer=user, dossier=dossier):
        wording = EVENT_WORDING.get(event.kind)
        if wording is None or not event.visible_to_citizen:
            continue
        note = event.note if event.kind in EVENT_NOTES_SHOWN else ""
        items.append(TimelineItem(at=event.at, text=str(wording), note=note))
    return items


def render_submitted(
    request: HttpRequest,
    user: User,
    dossier: Dossier,
    *,
    supplement_form: SupplementForm | None = None,
    supplement_errors: Mapping[str, list[str]] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    documents = list(dossier.documents.order_by("issued_at", "id"))  # the dossier is the viewer's own
    request_text = ""
    if dossier.status == Status.SUPPLEMENT:
        asked = [d for d in documents if d.kind == DossierDocument.Kind.SUPPLEMENT]
        request_text = asked[-1].items if asked else ""
    spec = dossier.version.snapshot.get("form", [])
    answers = []
    for item in spec:
        value = dossier.form_data.get(item["key"])
        if value in (None, ""):
            continue
        if item["kind"] == "checkbox":
            value = _("Yes") if value else _("No")
        answers.append((item["label"], value))
    context = {
        "dossier": dossier,
        "status_label": Status(dossier.status).label,
        "tone": STATUS_TONE.get(Status(dossier.status), "info"),
        "timeline": _timeline(user, dossier),
        "documents": documents,
        "files": _file_rows(user, dossier),
        "answers": answers,
        "request_text": request_text,
        "supplement_form": supplement_form or SupplementForm(),
        "supplement_papers": [
            {"id": c["id"], "name": c["name"], "files_name": f"c-{c['id']}", "photos_name": f"p-{c['id']}"}
            for c in (_papers_spec(dossier) if dossier.status == Status.SUPPLEMENT else [])
        ],
        "supplement_errors": supplement_errors or {},
        "accept": "application/pdf,image/jpeg,image/png",
        "error": error,
        "is_closed": dossier.status in (Status.REFUSED, Status.RETURNED, Status.WITHDRAWN, Status.STOPPED),
        "withdrawable": [int(s) for s in WITHDRAWABLE],
        "can_rate": dossier.status in RATABLE and not Rating.objects.filter(dossier=dossier).exists(),
        "rating_questions": RATING_QUESTIONS,
        "rating_levels": Rating.Level.choices,
        "payments": payment_rows(user, dossier),
        "bank_simulator": settings.BANK_SIMULATOR,
    }
    return render(request, "portal/dossiers/detail.html", context, status=status)


def _refused(exc: DossierError) -> None:
    if isinstance(exc, NotAllowed):
        raise PermissionDenied(str(exc))


def _stale(request: HttpRequest, user: User, reference: str, exc: DossierError) -> HttpResponse:
    """The dossier changed under the page (submitted in another tab, received by the desk): show it as it
    is now, with the message, and 409."""
    dossier = selectors.dossier_for_citizen(viewer=user, reference=reference)
    if dossier is None:
        raise Http404
    if dossier.status == Status.DRAFT:
        return render_draft(request, user, dossier, problems=Problems(summary=str(exc)), status=409)
    return render_submitted(request, user, dossier, error=str(exc), status=409)


# --- pages ---------------------------------------------------------------------------------------------


def _communes_for(procedure: Procedure, viewer: User) -> Any:
    """The province's communes and wards when the commune decides who handles the procedure."""
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


@permissions.citizen
@require_http_methods(["GET", "POST"])
def dossier_start(request: HttpRequest, code: str) -> HttpResponse:
    user = permissions.acting_user(request)
    procedure = procedure_selectors.procedure_get(viewer=user, code=code)
    if procedure is None:
        raise Http404
    communes = _communes_for(procedure, user)
    representations = list(core_selectors.representations_of(viewer=user).filter(ended_at__isnull=True))
    form = DossierStartForm(
        request.POST if request.method == "POST" else None,
        representations=representations,
        communes=communes,
        initial={"commune": user.address_unit_id} if communes is not None else None,
    )
    error, status = "", 200
    online = procedure.online_level != Procedure.OnlineLevel.NONE
    if request.method == "POST":
        if form.is_valid():
            try:
                dossier = services.dossier_start(
                    actor=user,
                    procedure=procedure,
                    commune=form.cleaned_data.get("commune"),
                    representation=form.representation(),
                )
            except DossierError as exc:
                _refused(exc)
                error, status = str(exc), exc.status_code
            else:
                messages.success(request, _("Your draft is ready. Fill in the form and attach the papers."))
                return redirect(_detail_url(dossier))
        else:
            status = 400
    drafts = selectors.dossiers_of_citizen(viewer=user).filter(procedure=procedure, status=Status.DRAFT)[:3]
    context = {
        "procedure": procedure,
        "form": form,
        "error": error,
        "online": online,
        "drafts": list(drafts),
    }
    return render(request, "portal/dossiers/start.html", context, status=status)


@permissions.citizen
@never_cache
@require_http_methods(["GET", "POST"])
def dossier_detail(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        user, dossier = _own_dossier(request, reference)
    except Http404:
        # a submission from an app, not yet (or never) a dossier: its state is shown above "my dossiers"
        if request.method == "GET" and selectors.submission_for_citizen(
            viewer=request.user, reference=reference
        ):
            return redirect("portal:my_dossiers")
        raise
    if request.method == "GET":
        if dossier.status == Status.DRAFT:
            return render_draft(request, user, dossier)
        return render_submitted(request, user, dossier)
    action = request.POST.get("action", "save")
    try:
        if dossier.status != Status.DRAFT:
            if action == "submit":  # a second click, or the back button: the same dossier, submitted once
                services.dossier_submit(actor=user, dossier=dossier)
                return redirect(_detail_url(dossier))
            raise StaleAction(_("This dossier has already been submitted."))
        dossier = _save_typed(request, user, dossier)
        paper_problems = _attach_chosen(request, user, dossier)
        if paper_problems:
            problems = _spread(None, dossier, paper_problems)
            return render_draft(request, user, dossier, data=request.POST, problems=problems, status=400)
        if action == "submit":
            services.dossier_submit(actor=user, dossier=dossier)
            messages.success(request, _("Your dossier has been submitted. Keep the submission reference."))
            return redirect(_detail_url(dossier))
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        return render_draft(
            request, user, dossier, data=request.POST, problems=_spread(exc, dossier), status=exc.status_code
        )
    messages.success(request, _("Draft saved."))
    return redirect(_detail_url(dossier))


@permissions.citizen
@require_POST
def dossier_attach(request: HttpRequest, reference: str, component_id: int) -> HttpResponse:
    """Attach the files chosen for one paper (the page's other input is kept too)."""
    return _attach_one(request, reference, component_id)


@permissions.citizen
@require_POST
def dossier_authorisation(request: HttpRequest, reference: str) -> HttpResponse:
    """Attach the authorisation document of the person the citizen acts for."""
    return _attach_one(request, reference, AUTH)


def _attach_one(request: HttpRequest, reference: str, key: str | int) -> HttpResponse:
    user, dossier = _own_dossier(request, reference)
    if dossier.status != Status.DRAFT:
        return _stale(request, user, reference, StaleAction(_("This dossier has already been submitted.")))
    try:
        dossier = _save_typed(request, user, dossier)
        if not _uploads(request, key)[0]:
            problems = _spread(None, dossier, {str(key): [_("Choose a file or take a photo.")]})
            return render_draft(request, user, dossier, data=request.POST, problems=problems, status=400)
        paper_problems = _attach_chosen(request, user, dossier)
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        problems = _spread(None, dossier, {str(key): [str(exc)]})
        return render_draft(
            request, user, dossier, data=request.POST, problems=problems, status=exc.status_code
        )
    if paper_problems:
        problems = _spread(None, dossier, paper_problems)
        return render_draft(request, user, dossier, data=request.POST, problems=problems, status=400)
    messages.success(request, _("The file has been attached."))
    return redirect(_detail_url(dossier, f"paper-{key}"))


@permissions.citizen
@require_POST
def dossier_file_remove(request: HttpRequest, reference: str, file_id: int) -> HttpResponse:
    user, dossier = _own_dossier(request, reference)
    try:
        dossier = _save_typed(request, user, dossier) if dossier.status == Status.DRAFT else dossier
        services.dossier_remove_file(actor=user, dossier=dossier, file_id=file_id)
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        return render_draft(
            request, user, dossier, problems=Problems(summary=str(exc)), status=exc.status_code
        )
    messages.success(request, _("The file has been removed."))
    return redirect(_detail_url(dossier))


@permissions.citizen
@require_POST
def dossier_discard(request: HttpRequest, reference: str) -> HttpResponse:
    user, dossier = _own_dossier(request, reference)
    try:
        services.dossier_discard_draft(actor=user, dossier=dossier)
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        raise
    messages.success(request, _("The draft has been deleted."))
    return redirect("portal:my_dossiers")


@permissions.citizen
@require_POST
def dossier_supplement(request: HttpRequest, reference: str) -> HttpResponse:
    user, dossier = _own_dossier(request, reference)
    form = SupplementForm(request.POST)
    if not form.is_valid():
        return render_submitted(request, user, dossier, supplement_form=form, status=400)
    files: dict[int, list[UploadedFile]] = {}
    for c in _papers_spec(dossier):
        chosen = [
            f for f in request.FILES.getlist(f"c-{c['id']}") + request.FILES.getlist(f"p-{c['id']}") if f.size
        ]
        if chosen:
            files[c["id"]] = chosen
    try:
        lock_version = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock_version = None
    try:
        services.dossier_supplement(
            actor=user,
            dossier=dossier,
            files=files,
            note=form.cleaned_data["note"],
            lock_version=lock_version,
        )
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        return render_submitted(
            request, user, dossier, supplement_form=form, error=str(exc), status=exc.status_code
        )
    messages.success(request, _("Your supplements have been sent. The desk will continue with your dossier."))
    return redirect(_detail_url(dossier))
