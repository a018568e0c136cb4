"""An official's inbox inside the back office: the same notifications as the portal's inbox."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tinhso.backoffice.views import _render
from tinhso.core import permissions
from tinhso.portal.views_notifications import inbox_context, mark_all_read, open_notification


@permissions.staff()
def inbox(request: HttpRequest) -> HttpResponse:
    return _render(request, "backoffice/inbox.html", inbox_context(request))


@permissions.staff()
def notification_detail(request: HttpRequest, notification_id: int) -> HttpResponse:
    result = open_notification(request, notification_id)
    if isinstance(result, HttpResponse):
        return result
    return _render(request, "backoffice/notification.html", {"notification": result})


@permissions.staff()
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(request)
    return redirect("backoffice:inbox")
