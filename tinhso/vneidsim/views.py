"""The VNeID simulator's endpoints, mounted at /vneid-sim/ and answering only when settings.VNEID_SIMULATOR.
The protocol work is in tinhso/core/vneid_sim.py; these views only translate HTTP."""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tinhso.core import permissions, vneid_sim
from tinhso.core.vneid_sim import DEMO_IDENTITIES, SimulatorError
from tinhso.vneidsim.forms import OTHER, ChooseIdentityForm


def _simulator_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.VNEID_SIMULATOR:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@permissions.public
@_simulator_only
@require_GET
def discovery(request: HttpRequest) -> HttpResponse:
    return _json(vneid_sim.discovery_document(vneid_sim.issuer_for(request)))


@permissions.public
@_simulator_only
@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    return _json(vneid_sim.jwks_document())


@permissions.public
@_simulator_only
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    issuer = vneid_sim.issuer_for(request)
    try:
        params = vneid_sim.check_authorization_request(request)
    except SimulatorError as exc:
        context = {"error": exc.error, "description": exc.description}
        return render(request, "vneidsim/invalid.html", context, status=400)
    if request.method == "POST" and "cancel" in request.POST:
        return HttpResponseRedirect(vneid_sim.redirect_cancelled(params, issuer=issuer))
    form = ChooseIdentityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["identity"]
        if choice == OTHER:
            claims = vneid_sim.identity_claims(
                full_name=" ".join(form.cleaned_data["full_name"].split()),
                citizen_id=form.cleaned_data["citizen_id"].strip(),
                level=form.cleaned_data["level"],
            )
        else:
            claims = vneid_sim.demo_claims(next(i for i in DEMO_IDENTITIES if i.citizen_id == choice))
        return HttpResponseRedirect(vneid_sim.redirect_with_code(params, claims=claims, issuer=issuer))
    return render(
        request,
        "vneidsim/authorize.html",
        {"form": form, "demo": DEMO_IDENTITIES, "other": OTHER},
        status=400 if form.is_bound else 200,
    )


def _basic_auth(request: HttpRequest) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        client_id, _sep, secret = base64.b64decode(header[6:], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    return unquote(client_id), unquote(secret)


@permissions.public
@csrf_exempt  # called server to server by the OIDC client, authenticated by client and PKCE verifier
@_simulator_only
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    form = {key: request.POST.get(key, "") for key in request.POST}
    try:
        answer = vneid_sim.token_response(
            form, issuer=vneid_sim.issuer_for(request), basic_auth=_basic_auth(request)
        )
    except SimulatorError as exc:
        return _json({"error": exc.error, "error_description": exc.description}, status=exc.status)
    return _json(answer)
