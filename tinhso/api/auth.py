from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from tinhso.core.services.tokens import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer ts_…` — tokens made in the back office or with `tinhso token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


session = SessionAuth()  # the browser's session, CSRF-checked for writes
bearer = BearerToken()
AUTH = [bearer, session]
