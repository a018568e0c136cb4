from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_address", default=None)


def address_of(request: HttpRequest) -> str | None:
    # Behind the reverse proxy documented in docs/runbook.md the proxy sets X-Real-IP; we never trust
    # X-Forwarded-For chains from the client.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


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
