"""Log in with a username or, for citizens, the telephone number on the account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from tinhso.core.models import User


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username and username.replace(" ", "").isdigit():
            # A telephone number identifies an account only when exactly one active account has it.
            matches = list(
                User.objects.filter(phone=username.replace(" ", ""), is_active=True, kind=User.Kind.CITIZEN)[
                    :2
                ]
            )
            if len(matches) == 1:
                username = matches[0].username
        user = super().authenticate(request, username=username, password=password, **kwargs)
        return user if isinstance(user, User) else None
