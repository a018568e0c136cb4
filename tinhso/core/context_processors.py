from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tinhso.core import access, oidc


def platform(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "is_official": access.is_official(user) or access.is_sysadmin(user),
        "is_sysadmin": access.is_sysadmin(user),
        "vneid_login": oidc.is_enabled(),
        "vneid_simulated": oidc.is_simulated(),
    }
