"""Citizen-facing pages. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from tinhso.core import access, permissions, selectors
from tinhso.core.audit import audit_line
from tinhso.core.citizen_id import mask_citizen_id
from tinhso.core.health import health_report
from tinhso.core.models import AdministrativeUnit, Agency
from tinhso.core.services.auth import LoginError, user_login_check
from tinhso.portal.forms import LoginForm, SearchForm
from tinhso.portal.tiles import tiles


@permissions.public
def home(request: HttpRequest) -> HttpResponse:
    available, coming = tiles()
    return render(request, "portal/home.html", {"tiles": available, "coming": coming})


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@permissions.public
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = user_login_check(
                    request=request,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                )
            except LoginError as exc:
                form.add_error(None, exc.message)
                status = 429 if exc.locked else 400
            else:
                login(request, user, backend="tinhso.core.backends.UsernameOrPhoneBackend")
                return HttpResponseRedirect(_safe_next(request) or reverse(settings.LOGIN_REDIRECT_URL))
        else:
            status = 400
    return render(
        request, "portal/login.html", {"form": form, "next": _safe_next(request) or ""}, status=status
    )


@permissions.public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("portal:home")
    response["Clear-Site-Data"] = '"cache"'  # the browser's HTTP cache; the app's saved pages go by app.js
    return response


@permissions.authenticated
def after_login(request: HttpRequest) -> HttpResponse:
    if access.is_official(request.user) or access.is_sysadmin(request.user):
        return redirect("backoffice:home")
    return redirect("portal:home")


def render_account(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    user = permissions.acting_user(request)
    identities = list(selectors.external_identities_of(viewer=user))
    # Unlinking must leave a way to log in (the service enforces it; the page only explains it).
    can_unlink = user.has_usable_password() or len(identities) > 1
    context = {
        "positions": selectors.positions_of(viewer=user),
        "identities": identities,
        "can_unlink": can_unlink,
        "error": error,
        "masked_citizen_id": mask_citizen_id(user.citizen_id or ""),
    }
    return render(request, "portal/account.html", context, status=status)


@permissions.authenticated
def account(request: HttpRequest) -> HttpResponse:
    return render_account(request)


@permissions.citizen
def my_audit(request: HttpRequest) -> HttpResponse:
    viewer = permissions.acting_user(request)
    page = Paginator(selectors.audit_for_subject(viewer=viewer), 25).get_page(request.GET.get("page"))
    lines = [audit_line(entry, viewer=viewer) for entry in page]
    return render(request, "portal/my_audit.html", {"page": page, "lines": lines})


@permissions.public
def agencies(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    kind = request.GET.get("kind", "")
    if kind not in Agency.Kind.values:
        kind = ""
    rows = selectors.agency_list(viewer=request.user, kind=kind or None, q=q)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/agencies.html",
        {
            "form": form,
            "page": page,
            "kind": kind,
            "kinds": Agency.Kind.choices,
            "q": q,
        },
    )


@permissions.public
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get(viewer=request.user, code=code)
    if agency is None:
        raise Http404
    return render(request, "portal/agency_detail.html", {"agency": agency})


@permissions.public
def units(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    rows = selectors.unit_list(
        viewer=request.user,
        province_code=str(settings.TINHSO_PROVINCE_CODE),
        level=AdministrativeUnit.Level.COMMUNE,
        q=q,
    )
    province = selectors.served_province(viewer=request.user)
    return render(request, "portal/units.html", {"form": form, "units": rows, "q": q, "province": province})


@permissions.public
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@permissions.public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)
