"""The citizen's inbox and notification settings. Thin over tinhso.core.notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tinhso.core import notifications, permissions
from tinhso.core.models import Notification
from tinhso.portal.forms import NotificationSettingsForm

PAGE_SIZE = 20


def inbox_context(request: HttpRequest) -> dict:
    """The inbox page's data, shared with the back office's copy of the page."""
    page = Paginator(notifications.inbox_for(viewer=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unread = notifications.unread_count(viewer=request.user)
    request.tinhso_unread_count = unread  # type: ignore[attr-defined]  # the header badge reuses it
    return {"page": page, "unread": unread}


def open_notification(request: HttpRequest, notification_id: int) -> Notification | HttpResponse:
    """Mark the notification read; follow its link when it has one on this site."""
    notification = notifications.notification_get(viewer=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404  # someone else's looks exactly like one that does not exist
    notifications.notification_mark_read(actor=permissions.acting_user(request), notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return notification


def mark_all_read(request: HttpRequest) -> None:
    count = notifications.notification_mark_all_read(actor=permissions.acting_user(request))
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        % {"count": count},
    )


@permissions.authenticated
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/inbox.html", inbox_context(request))


@permissions.authenticated
def notification_detail(request: HttpRequest, notification_id: int) -> HttpResponse:
    result = open_notification(request, notification_id)
    if isinstance(result, HttpResponse):
        return result
    return render(request, "portal/notification.html", {"notification": result})


@permissions.authenticated
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(request)
    return redirect("portal:inbox")


@permissions.authenticated
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = permissions.acting_user(request)
    channels = notifications.channel_settings_for(viewer=user)
    form = NotificationSettingsForm(request.POST or None, channels=channels)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notifications.notification_preferences_set(
                    actor=user,
                    user=user,
                    enabled={c.channel: form.cleaned_data[c.channel] for c in channels},
                    zalo_address=form.cleaned_data["zalo_address"],
                )
            except notifications.PreferenceError as exc:
                field = (
                    "zalo_address" if exc.channel == "zalo" and form.cleaned_data["zalo_address"] else None
                )
                form.add_error(field or exc.channel, exc.message)
                status = 400
            else:
                messages.success(request, _("Your notification settings have been saved."))
                return redirect("portal:notification-settings")
        else:
            status = 400
    return render(request, "portal/notification_settings.html", {"form": form}, status=status)
