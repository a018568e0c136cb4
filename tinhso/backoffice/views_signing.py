"""The leaders' signing pages: their certificates and signing PIN, the results waiting for their
signature (signed one by one from the dossier page, or several at once here), and the preview of a result
before it is signed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tinhso.backoffice.views import _render
from tinhso.core import permissions
from tinhso.core.models import Role
from tinhso.dossiers import selectors
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.results import result_preview
from tinhso.dossiers.services import dossier_finish_many
from tinhso.dossiers.services.common import may_act
from tinhso.signing import selectors as signing_selectors
from tinhso.signing.services import signing_pin_set

BATCH_LIMIT = 50


class PinForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your account password"), widget=forms.PasswordInput)
    pin = forms.CharField(
        label=gettext_lazy("New signing PIN (6 to 8 digits)"),
        min_length=6,
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    pin_again = forms.CharField(
        label=gettext_lazy("The PIN again"),
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        if data.get("pin") and data.get("pin") != data.get("pin_again"):
            self.add_error("pin_again", _("The two PINs differ."))
        return data


@permissions.staff(Role.AGENCY_LEADER)
@require_http_methods(["GET", "POST"])
def signature(request: HttpRequest) -> HttpResponse:
    form = PinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                signing_pin_set(
                    actor=permissions.acting_user(request),
                    pin=form.cleaned_data["pin"],
                    password=form.cleaned_data["password"],
                )
            except DossierError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your signing PIN is set."))
                return redirect("backoffice:signature")
        status = 400
    return _render(
        request,
        "backoffice/signing/signature.html",
        {
            "form": form,
            "credentials": signing_selectors.credentials_of(viewer=request.user),
            "has_pin": signing_selectors.has_pin(viewer=request.user),
        },
        status=status,
    )


@permissions.staff(Role.AGENCY_LEADER)
@require_http_methods(["GET", "POST"])
def signing(request: HttpRequest) -> HttpResponse:
    tasks = selectors.inbox(viewer=request.user, kind="approve", limit=BATCH_LIMIT)
    error = ""
    status = 200
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("dossier") if v.isdigit()}
        picked = [t.dossier for t in tasks if t.dossier.pk in chosen]
        if not picked:
            error, status = _("Tick the results to sign."), 400
        else:
            try:
                outcomes = dossier_finish_many(
                    actor=permissions.acting_user(request), dossiers=picked, pin=request.POST.get("pin", "")
                )
            except DossierError as exc:
                error, status = str(exc), exc.status_code
            else:
                done = [d for d, problem in outcomes if problem is None]
                if done:
                    messages.success(
                        request,
                        _("Signed %(count)d result(s): %(numbers)s.")
                        % {"count": len(done), "numbers": ", ".join(d.number for d in done)},
                    )
                for dossier, problem in outcomes:
                    if problem is not None:
                        messages.error(request, f"{dossier.number}: {problem}")
                return redirect("backoffice:signing")
    return _render(
        request,
        "backoffice/signing/batch.html",
        {"tasks": tasks, "error": error, "has_pin": signing_selectors.has_pin(viewer=request.user)},
        status=status,
    )


def _approvable(request: HttpRequest, dossier_id: int) -> tuple[Dossier, object]:
    dossier = selectors.dossier_for_staff(viewer=request.user, pk=dossier_id)
    step = selectors.open_step_of(dossier) if dossier else None
    if dossier is None or step is None or step.kind != "approve" or not may_act(request.user, step):  # type: ignore[arg-type]
        raise Http404
    return dossier, step


@permissions.staff(Role.AGENCY_LEADER)
def result_preview_view(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """The result as it will be signed, marked as a preview, for the leader to read first."""
    dossier, step = _approvable(request, dossier_id)
    try:
        data = result_preview(dossier, signer=permissions.acting_user(request), agency=step.agency)  # type: ignore[attr-defined]
    except DossierError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="xem-truoc-{dossier.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
