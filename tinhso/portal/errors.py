"""Error pages in the user's language, never a bare server message."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    body: str
    try:
        body = render_to_string(
            "error.html", {"title": title, "message": message, "status": status}, request=request
        )
    except Exception:  # the error page must not fail in turn (e.g. the database is down)
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponse(body, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("You do not have access to this page"),
        _(
            "Your account does not have the role this page needs. If you think it should, contact "
            "your agency's system administrator."
        ),
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, _("Page not found"), _("The page you asked for does not exist or has moved."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        _("Something went wrong"),
        _(
            "We could not complete your request. Please try again in a moment; if it keeps happening, "
            "contact the support desk."
        ),
    )
