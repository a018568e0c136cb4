"""Staff-facing pages: the back-office shell. Thin over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tinhso.backoffice.forms import TokenForm
from tinhso.backoffice.nav import navigation_for
from tinhso.core import permissions, selectors
from tinhso.core.services.tokens import api_token_create, api_token_revoke
from tinhso.portal.forms import SearchForm


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"nav": navigation_for(request.user, request.path), **context}
    return render(request, template, context, status=status)


@permissions.staff()
def home(request: HttpRequest) -> HttpResponse:
    positions = list(selectors.positions_of(viewer=request.user))
    return _render(
        request,
        "backoffice/home.html",
        {
            "positions": positions,
            "agency_count": selectors.agencies_for_staff(viewer=request.user).order_by().count(),
            "official_count": selectors.official_count(viewer=request.user),
        },
    )


@permissions.staff()
def officials(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    rows = selectors.official_list(viewer=request.user, q=q)
    return _render(request, "backoffice/officials.html", {"form": form, "officials": rows, "q": q})


@permissions.staff()
def agencies(request: HttpRequest) -> HttpResponse:
    rows = selectors.agencies_for_staff(viewer=request.user).prefetch_related("departments")
    return _render(request, "backoffice/agencies.html", {"agencies": rows})


@permissions.staff()
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, new_token = api_token_create(
                actor=permissions.acting_user(request),
                user=permissions.acting_user(request),
                name=form.cleaned_data["name"],
            )
            form = TokenForm()
        else:
            status = 400
    rows = selectors.api_token_list(viewer=request.user)
    return _render(
        request,
        "backoffice/tokens.html",
        {"form": form, "tokens": rows, "new_token": new_token},
        status=status,
    )


@permissions.staff()
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_list(viewer=request.user).filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=permissions.acting_user(request), token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("backoffice:tokens")
