"""Permission decisions for views. Every view carries one; tests/test_url_permissions.py walks the URL
resolver and fails on any view without `tinhso_permission`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tinhso.core import access
from tinhso.core.models import User

View = TypeVar("View", bound=Callable[..., Any])


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a view or endpoint whose permission decision requires one."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _mark(view: View, decision: str) -> View:
    view.tinhso_permission = decision  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    """Anyone, logged in or not."""
    return _mark(view, "public")


def _guard(decision: str, allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapped, decision)  # type: ignore[arg-type,return-value]

    return decorator


def authenticated(view: View) -> View:
    """Any logged-in user."""
    return _guard("authenticated", lambda user: True)(view)


def citizen(view: View) -> View:
    """A logged-in citizen account (officials use the back office)."""
    return _guard("citizen", lambda user: user.kind == User.Kind.CITIZEN)(view)


def staff(*roles: str) -> Callable[[View], View]:
    """An official holding one of `roles` in an active agency (any role when none is given)."""
    label = "staff:" + (",".join(sorted(roles)) if roles else "*")

    def allowed(user: Any) -> bool:
        if not access.is_official(user) and not access.is_sysadmin(user):
            return False
        return not roles or access.has_role(user, roles)

    return _guard(label, allowed)
