"""Logging in with username and password, with lockout after repeated failures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.middleware import address_of
from tinhso.core.models import LoginFailure, User


class LoginError(Exception):
    def __init__(self, message: str, *, locked: bool = False):
        super().__init__(message)
        self.message = message
        self.locked = locked


def normalise_identifier(value: str) -> str:
    """One spelling per login identifier, so "0912 345 678" and "0912345678" share one failure count."""
    value = value.strip()
    compact = value.replace(" ", "").replace(".", "")
    return compact if compact.isdigit() else value


def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_is_locked(*, username: str, client_address: str | None) -> bool:
    """Locked when the account, or the address, has too many recent failures. Counting per address too
    stops one machine from trying passwords across many accounts."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    by_user = recent.filter(username=username.lower()).count()
    by_address = recent.filter(client_address=client_address).count() if client_address else 0
    limit = settings.LOGIN_MAX_FAILURES
    return by_user >= limit or by_address >= limit * 4


def user_login_check(*, request: HttpRequest, username: str, password: str) -> User:
    """Return the user for these credentials, or raise LoginError with a message for the person."""
    username = normalise_identifier(username)
    address = address_of(request)
    if login_is_locked(username=username, client_address=address):
        raise LoginError(
            _("Too many failed attempts. For your safety, logging in is paused for %(minutes)d minutes.")
            % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            locked=True,
        )
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None or not isinstance(user, User):
            LoginFailure.objects.create(username=username.lower(), client_address=address, at=clock.now())
            # the account's owner sees attempts on it in their log
            target = User.objects.filter(username=username).first()
            audit_record(
                actor=None,
                action="user.login_failed",
                summary={"username": username[:150]},
                subject=target,
            )
        else:
            LoginFailure.objects.filter(username=username.lower()).delete()
            audit_record(actor=user, action="user.login", subject=user)
    if user is None or not isinstance(user, User):
        raise LoginError(_("The username or password is not correct."))
    return user


def login_failures_prune() -> int:
    deleted, _rows = LoginFailure.objects.filter(Q(at__lt=_window_start() - dt.timedelta(days=1))).delete()
    return deleted
