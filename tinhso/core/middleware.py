from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_address", default=None)


def address_of(request: HttpRequest) -> str | None:
    """The client's address. X-Real-IP is used only when TRUST_X_REAL_IP is set, i.e. behind the reverse
    proxy of docs/runbook.md that overwrites it; otherwise any client could forge it."""
    candidates = [request.META.get("REMOTE_ADDR")]
    if settings.TRUST_X_REAL_IP:
        candidates.insert(0, request.META.get("HTTP_X_REAL_IP"))
    for value in candidates:
        try:
            return str(ipaddress.ip_address((value or "").strip()))
        except ValueError:
            continue
    return None


class RequestContextMiddleware:
    """Makes the client address available to services (for the audit log) without passing requests down."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(address_of(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese for everyone unless they chose another language with the switch (a cookie): a phone set
    to English still gets the province's services in Vietnamese first."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
