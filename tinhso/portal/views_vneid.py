"""Logging in with VNeID: start (send the person to the provider), callback (check its answer, then log in,
link or create the account), unlink. Thin: the OIDC client checks, services decide and write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tinhso.core import oidc, permissions, selectors
from tinhso.core.models import User
from tinhso.core.oidc import OidcError
from tinhso.core.services.identity import (
    IdentityError,
    external_identity_login_failed,
    external_identity_sign_in,
    external_identity_unlink,
)
from tinhso.portal.views import _safe_next, render_account

BACKEND = "tinhso.core.backends.UsernameOrPhoneBackend"


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _failure(request: HttpRequest, *, reason: str, message: str, status: int) -> HttpResponse:
    external_identity_login_failed(actor=_actor(request), provider=oidc.PROVIDER, reason=reason)
    return render(
        request,
        "portal/vneid_error.html",
        {"message": message, "status": status, "enabled": oidc.is_enabled()},
        status=status,
    )


def _provider(request: HttpRequest) -> oidc.Provider:
    provider = oidc.provider_for(request)
    if provider is None:
        raise Http404
    return provider


def _redirect_uri(request: HttpRequest) -> str:
    return settings.VNEID_REDIRECT_URI or request.build_absolute_uri(reverse("portal:vneid-callback"))


@permissions.public
@never_cache
@require_GET
def vneid_start(request: HttpRequest) -> HttpResponse:
    try:
        provider = _provider(request)
    except OidcError as exc:
        return _failure(request, reason=exc.reason, message=exc.message, status=exc.status)
    url = oidc.authorization_url(
        request, provider, redirect_uri=_redirect_uri(request), next_url=_safe_next(request) or ""
    )
    return HttpResponseRedirect(url)


@permissions.public
@never_cache
@require_GET
def vneid_callback(request: HttpRequest) -> HttpResponse:
    try:
        completed = oidc.complete(request, _provider(request))
        result = external_identity_sign_in(
            actor=_actor(request), provider=oidc.PROVIDER, claims=completed.claims
        )
    except OidcError as exc:
        return _failure(request, reason=exc.reason, message=exc.message, status=exc.status)
    except IdentityError as exc:
        return _failure(request, reason="refused", message=exc.message, status=exc.status)
    if result.outcome == "linked":
        messages.success(request, _("Your account is now linked to your VNeID identity."))
        return HttpResponseRedirect(completed.next_url or reverse("portal:account"))
    login(request, result.user, backend=BACKEND)
    # Later steps (procedures that need level 2) read how strongly this session's person was identified.
    request.session["assurance"] = {
        "provider": oidc.PROVIDER,
        "level": result.identity.level_of_assurance,
    }
    if result.outcome == "created":
        messages.success(request, _("Your account has been created from your VNeID identity."))
    return HttpResponseRedirect(completed.next_url or reverse(settings.LOGIN_REDIRECT_URL))


@permissions.authenticated
@require_POST
def vneid_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    identity = selectors.external_identity_get(viewer=request.user, pk=pk)
    if identity is None:
        raise Http404
    try:
        external_identity_unlink(actor=permissions.acting_user(request), identity=identity)
    except IdentityError as exc:
        return render_account(request, error=exc.message, status=exc.status)
    messages.success(request, _("Your account is no longer linked to VNeID."))
    return redirect("portal:account")
