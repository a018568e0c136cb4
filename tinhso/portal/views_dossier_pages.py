"""The citizen's dossier files and documents, the list of their dossiers, and the public lookup by dossier
code (read-only pages; the submission pages are in views_dossiers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tinhso.core import permissions
from tinhso.core.downloads import private_pdf
from tinhso.core.middleware import address_of
from tinhso.dossiers import lookup, selectors, services
from tinhso.dossiers.errors import DossierError, StaleAction
from tinhso.dossiers.models import Status
from tinhso.portal.forms_dossiers import LookupForm
from tinhso.portal.views_dossiers import (
    STATUS_TONE,
    _detail_url,
    _own_dossier,
    _refused,
    _stale,
    render_submitted,
)


@permissions.citizen
@never_cache
def dossier_file(request: HttpRequest, reference: str, file_id: int) -> FileResponse:
    user, dossier = _own_dossier(request, reference)
    row = selectors.files_of(viewer=user, dossier=dossier).filter(pk=file_id).first()
    if row is None or not row.file:
        raise Http404
    try:
        handle = row.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, content_type=row.content_type or "application/pdf", filename=row.original_name
    )


@permissions.citizen
@never_cache
def dossier_document(request: HttpRequest, reference: str, document_id: int) -> FileResponse:
    _user, dossier = _own_dossier(request, reference)
    row = dossier.documents.filter(pk=document_id).first()  # the dossier is the viewer's own
    if row is None or not row.file:
        raise Http404
    try:
        handle = row.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    name = f"mau-{row.kind}-{dossier.number}.pdf"
    return FileResponse(handle, content_type="application/pdf", filename=name)


@permissions.citizen
def my_dossiers(request: HttpRequest) -> HttpResponse:
    user = permissions.acting_user(request)
    rows = (
        selectors.dossiers_of_citizen(viewer=user)
        .select_related(None)
        .select_related("procedure")
        .defer("form_data", "procedure__search_text", "procedure__legal_basis", "procedure__source_note")
        .order_by(
            Case(When(status=Status.DRAFT, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "-created_at",
            "-id",
        )
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    items = [(d, Status(d.status).label, STATUS_TONE.get(Status(d.status), "info")) for d in page]
    # submissions sent through the API (an app) that no dossier stands for yet: being registered, or refused
    pending = list(selectors.submissions_unregistered(viewer=user)[:10]) if page.number == 1 else []
    return render(request, "portal/dossiers/list.html", {"page": page, "items": items, "pending": pending})


@permissions.public
@never_cache
@require_http_methods(["GET", "POST"])
def dossier_lookup(request: HttpRequest) -> HttpResponse:
    """Where a dossier stands, for whoever holds its number and the applicant's last four digits."""
    client = address_of(request)
    result = None
    not_found = False
    status = 200
    limited = ""
    if request.method == "POST":
        form = LookupForm(request.POST)
        if lookup.lookup_tries_left(client) <= 0:
            limited, status = lookup.too_many_message(), 429
        elif form.is_valid():
            if not lookup.lookup_try(client):
                limited, status = lookup.too_many_message(), 429
            else:
                result = lookup.dossier_lookup(
                    viewer=request.user, number=form.cleaned_data["ma"], last_digits=form.cleaned_data["so"]
                )
                not_found = result is None
        else:
            status = 400
    else:
        form = LookupForm(initial={"ma": lookup.normalise_number(request.GET.get("ma", ""))})
    for name in ("ma", "so"):
        bf = form[name]
        described = [f"{bf.auto_id}_helptext"] if bf.help_text else []
        if form.is_bound and bf.errors:
            described.append(f"{bf.auto_id}_error")
            bf.field.widget.attrs["aria-invalid"] = "true"
        if described:
            bf.field.widget.attrs["aria-describedby"] = " ".join(described)
    context = {
        "form": form,
        "result": result,
        "tone": STATUS_TONE.get(Status(result.status), "info") if result else "",
        "not_found": not_found,
        "limited": limited,
    }
    return render(request, "portal/dossiers/lookup.html", context, status=status)


@permissions.citizen
@require_POST
def dossier_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    user, dossier = _own_dossier(request, reference)
    try:
        lock_version = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock_version = None
    try:
        services.dossier_withdraw(
            actor=user,
            dossier=dossier,
            reason=request.POST.get("reason", "")[:2000],
            lock_version=lock_version,
        )
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        return render_submitted(request, user, dossier, error=str(exc), status=exc.status_code)
    messages.success(request, _("Your dossier has been withdrawn."))
    return redirect(_detail_url(dossier))


RATING_FIELDS = ("attitude", "timeliness", "guidance", "overall")


@permissions.citizen
@require_POST
def dossier_rate(request: HttpRequest, reference: str) -> HttpResponse:
    user, dossier = _own_dossier(request, reference)
    levels = {}
    for name in RATING_FIELDS:
        try:
            levels[name] = int(request.POST.get(name, ""))
        except ValueError:
            levels[name] = 0
    try:
        services.dossier_rate(
            actor=user, dossier=dossier, comment=request.POST.get("comment", "")[:2000], **levels
        )
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        return render_submitted(request, user, dossier, error=str(exc), status=exc.status_code)
    messages.success(request, _("Thank you: your rating has been sent to the agency."))
    return redirect(_detail_url(dossier))


@permissions.citizen
def payment_receipt(request: HttpRequest, reference: str) -> FileResponse:
    """The electronic receipt of one of the citizen's payments."""
    from tinhso.payments.selectors import payment_of_payer

    row = payment_of_payer(viewer=request.user, reference=reference)
    if row is None or not row.receipt:
        raise Http404
    return private_pdf(row.receipt, f"bien-lai-{row.reference}.pdf")
