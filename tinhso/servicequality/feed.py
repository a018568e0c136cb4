"""How dossier events reach the index: the dossier domain tells its listeners that a dossier changed
(settings.TINHSO_DOSSIER_LISTENERS, inside the change's transaction); this listener queues a refresh job,
which commits or rolls back with the change. The job recomputes the few daily cells the dossier counts in,
one agency at a time (a procrastinate lock), so the table follows the records within seconds and never
counts a change that was rolled back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Min

from tinhso.servicequality.counters import TZ, Cell, refresh_cells


def dossier_changed(dossier) -> None:  # type: ignore[no-untyped-def]
    from tinhso.servicequality.tasks import index_refresh

    index_refresh.configure(lock=f"index-{dossier.competent_agency_id}").defer(dossier_id=dossier.pk)


def _local(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(ZoneInfo(TZ)).date() if moment else None


def cells_of(dossier_id: int) -> set[Cell]:
    from tinhso.dossiers.models import Dossier, PortalSync
    from tinhso.payments.models import PaymentRequest

    dossier = Dossier.objects.filter(pk=dossier_id).first()
    if dossier is None:
        return set()
    first_payment = PaymentRequest.objects.filter(subject=f"dossier:{dossier_id}").aggregate(
        m=Min("created_at")
    )["m"]
    moments = [
        dossier.received_at,
        dossier.finished_at or dossier.closed_at,
        dossier.finished_at,
        dossier.late_since,
        first_payment,
        *PortalSync.objects.filter(dossier_id=dossier_id).values_list("changed_at", flat=True),
    ]
    agency = dossier.competent_agency_id
    return {(agency, day) for day in map(_local, moments) if day is not None}


def refresh_dossier(dossier_id: int) -> int:
    return refresh_cells(cells_of(dossier_id))
