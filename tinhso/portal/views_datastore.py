"""The citizen's data store (kho dữ liệu cá nhân): their digitised papers and electronic results, to see,
download and remove, and to reuse in a new dossier instead of uploading the paper again."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tinhso.core import permissions
from tinhso.core.downloads import private_pdf
from tinhso.datastore import selectors
from tinhso.datastore.services import store_remove
from tinhso.dossiers.errors import DossierError, StaleAction
from tinhso.dossiers.models import Status
from tinhso.dossiers.services.store import dossier_reuse
from tinhso.portal.views_dossiers import (
    _detail_url,
    _own_dossier,
    _refused,
    _save_typed,
    _spread,
    _stale,
    render_draft,
)


@permissions.citizen
def store(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.store_of(viewer=request.user).order_by("-issued_at")[:500])
    return render(request, "portal/datastore.html", {"documents": rows})


@permissions.citizen
@never_cache
def store_file(request: HttpRequest, pk: int) -> FileResponse:
    row = selectors.stored_get(viewer=request.user, pk=pk)
    if row is None or not row.file:
        raise Http404
    return private_pdf(row.file, f"{row.document_type}-{row.pk}.pdf")


@permissions.citizen
@require_POST
def store_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.stored_get(viewer=request.user, pk=pk)
    if row is None:
        raise Http404
    store_remove(actor=permissions.acting_user(request), document=row)
    messages.success(
        request, _("The document was removed from your data store; dossiers that used it keep their copy.")
    )
    return redirect("portal:datastore")


@permissions.citizen
@require_POST
def dossier_reuse_view(request: HttpRequest, reference: str, component_id: int) -> HttpResponse:
    user, dossier = _own_dossier(request, reference)
    if dossier.status != Status.DRAFT:
        return _stale(request, user, reference, StaleAction(_("This dossier has already been submitted.")))
    stored = request.POST.get("stored", "")
    try:
        dossier = _save_typed(request, user, dossier)
        dossier_reuse(
            actor=user,
            dossier=dossier,
            component_id=component_id,
            stored_id=int(stored) if stored.isdigit() else 0,
        )
    except StaleAction as exc:
        return _stale(request, user, reference, exc)
    except DossierError as exc:
        _refused(exc)
        problems = _spread(None, dossier, {str(component_id): [str(exc)]})
        return render_draft(
            request, user, dossier, data=request.POST, problems=problems, status=exc.status_code
        )
    messages.success(request, _("The paper from your data store is attached."))
    return redirect(_detail_url(dossier, f"paper-{component_id}"))


@permissions.citizen
def my_payments(request: HttpRequest) -> HttpResponse:
    """Every payment the citizen was asked for, waiting ones first, with the dossier each belongs to."""
    from tinhso.payments.models import PaymentRequest

    rows = list(
        PaymentRequest.objects.filter(payer_id=request.user.pk).order_by("state", "-created_at")[:200]
    )
    from tinhso.dossiers.selectors import dossiers_of_citizen

    ids = [int(r.subject.split(":", 1)[1]) for r in rows if r.subject.startswith("dossier:")]
    refs = dict(dossiers_of_citizen(viewer=request.user).filter(pk__in=ids).values_list("pk", "reference"))
    items = [
        {
            "request": r,
            "reference": refs.get(int(r.subject.split(":", 1)[1]))
            if r.subject.startswith("dossier:")
            else None,
        }
        for r in rows
    ]
    return render(request, "portal/payments.html", {"items": items})
