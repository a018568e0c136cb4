"""The public verifier (xác thực văn bản điện tử): anyone uploads a PDF the platform issued, or scans its QR
code, and learns who signed it, when, whether it was changed since, and which dossier it belongs to."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tinhso.core import permissions, ratelimit
from tinhso.core.middleware import address_of
from tinhso.dossiers.verification import Verification, document_verify, registered_document

TRIES, WINDOW = 30, 600


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The PDF file to check"),
        help_text=gettext_lazy("The electronic document as you received it (PDF, at most 10 MB)."),
        error_messages={"required": gettext_lazy("Choose the PDF file to check.")},
    )


def _check(request: HttpRequest, form: VerifyForm) -> tuple[Verification | None, str, int]:
    if not form.is_valid():
        return None, "", 400
    if not ratelimit.allow("verify", address_of(request), limit=TRIES, window=WINDOW):
        return None, _("Too many checks from this connection; please wait a few minutes."), 429
    upload = form.cleaned_data["file"]
    if upload.size > 10 * 2**20:
        form.add_error("file", _("The file is larger than 10 MB."))
        return None, "", 400
    try:
        return document_verify(data=upload.read()), "", 200
    except ValueError:
        form.add_error("file", _("The file is larger than 10 MB."))
        return None, "", 400


@permissions.public
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    registered = registered_document(code) if code else None
    if code and registered is None:
        raise Http404
    form = VerifyForm(request.POST or None, request.FILES or None)
    result, error, status = (None, "", 200)
    if request.method == "POST":
        result, error, status = _check(request, form)
    mismatch = bool(
        registered
        and result
        and result.document
        and result.document.code
        and result.document.code != registered.code
    )
    return render(
        request,
        "portal/verify.html",
        {"form": form, "registered": registered, "result": result, "error": error, "mismatch": mismatch},
        status=status,
    )
