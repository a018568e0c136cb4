from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tinhso.core import access, oidc
from tinhso.core.notifications import unread_count


def platform(request: HttpRequest) -> dict[str, Any]:
    user = request.user

    def unread_notifications() -> int:
        # Called by the template only where it shows the badge (one indexed count); a page that has
        # counted already (the inbox) leaves its figure on the request.
        counted = getattr(request, "tinhso_unread_count", None)
        return counted if counted is not None else unread_count(viewer=user)

    return {
        "is_official": access.is_official(user) or access.is_sysadmin(user),
        "is_sysadmin": access.is_sysadmin(user),
        "unread_notifications": unread_notifications,
        "vneid_login": oidc.is_enabled(),
        "vneid_simulated": oidc.is_simulated(),
    }
