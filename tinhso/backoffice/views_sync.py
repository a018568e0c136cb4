"""The national portal synchronisation screen: what has not been sent yet and what failed, for the viewer's
agencies, with the delay of what was sent; a failed item can be sent again."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.backoffice.views import _render
from tinhso.core import clock, permissions
from tinhso.core.access import is_sysadmin
from tinhso.core.models import Role
from tinhso.dossiers import selectors
from tinhso.dossiers.models import PortalSync
from tinhso.dossiers.portal_sync import portal_sync_retry


def _visible(request: HttpRequest):  # type: ignore[no-untyped-def]
    rows = PortalSync.objects.select_related("dossier", "dossier__competent_agency")
    if is_sysadmin(request.user):
        return rows
    return rows.filter(dossier__in=selectors.staff_dossiers(viewer=request.user))


@permissions.staff(Role.AGENCY_LEADER, Role.SYSADMIN)
def sync_status(request: HttpRequest) -> HttpResponse:
    rows = _visible(request)
    since = clock.now() - dt.timedelta(days=1)
    counts = rows.aggregate(
        pending=Count("id", filter=Q(state=PortalSync.State.PENDING)),
        failed=Count("id", filter=Q(state=PortalSync.State.FAILED)),
        sent_day=Count("id", filter=Q(state=PortalSync.State.SENT, sent_at__gte=since)),
    )
    unsent = list(rows.exclude(state=PortalSync.State.SENT).order_by("state", "changed_at")[:200])
    recent = list(rows.filter(state=PortalSync.State.SENT).order_by("-sent_at")[:20])
    for item in recent:
        item.delay_s = int((item.sent_at - item.changed_at).total_seconds()) if item.sent_at else None  # type: ignore[attr-defined]
    return _render(
        request,
        "backoffice/sync.html",
        {"counts": counts, "unsent": unsent, "recent": recent, "may_retry": is_sysadmin(request.user)},
    )


@permissions.staff(Role.SYSADMIN)
@require_POST
def sync_retry(request: HttpRequest, item_id: int) -> HttpResponse:
    item = PortalSync.objects.filter(pk=item_id, state=PortalSync.State.FAILED).first()
    if item is None:
        raise Http404
    portal_sync_retry(actor=permissions.acting_user(request), item=item)
    messages.success(request, _("The item will be sent again."))
    return redirect("backoffice:sync")
