"""/api/v1/notifications: the caller's own inbox (for the C-Thái Nguyên app and other clients)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tinhso.api.schemas import ErrorOut, NotificationOut, ReadAllOut
from tinhso.core import notifications, permissions
from tinhso.core.models import Notification

router = Router(tags=["notifications"])


@router.get("/notifications", response=list[NotificationOut], summary="Your notifications, newest first")
@paginate(LimitOffsetPagination)
def notification_list(request: HttpRequest, unread: bool = False) -> QuerySet[Notification]:
    rows = notifications.inbox_for(viewer=permissions.acting_user(request))
    return rows.filter(read_at__isnull=True) if unread else rows


@router.post("/notifications/read-all", response=ReadAllOut, summary="Mark all your notifications as read")
def notification_read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=notifications.notification_mark_all_read(actor=permissions.acting_user(request)))


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, 404: ErrorOut},
    summary="Mark one of your notifications as read",
)
def notification_read(request: HttpRequest, notification_id: int) -> Status:
    user = permissions.acting_user(request)
    found = notifications.notification_get(viewer=user, notification_id=notification_id)
    if found is None:
        return Status(404, {"detail": _("No such notification.")})
    return Status(200, notifications.notification_mark_read(actor=user, notification=found))
