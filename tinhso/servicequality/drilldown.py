"""The dossiers behind a number: each counter's own SQL condition (counters.BASES) turned into a list, and
the measures made of several counters (to handle, in progress, …) from the dossier measures of the
registers (tinhso.dossiers.reports.measures), which define them the same way."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import QuerySet

from tinhso.dossiers.models import Dossier
from tinhso.dossiers.reports import measures as reports
from tinhso.servicequality.counters import BASES, TZ
from tinhso.servicequality.index import Scope

# the measures a list can be made for, and the counter (base, condition) or the composite behind each
COMPOSITE = {
    "to_handle",
    "carried_over",
    "in_progress",
    "in_progress_overdue",
    "progress_ok",
    "satisfaction_ok",
}
DRILLABLE = (
    {name for _b, (_c, _w, counters) in BASES.items() for name in counters}
    | COMPOSITE
    | {
        "obligations",
        "paid_online",
        "sync_items",
        "sync_on_time",
    }
)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(TZ))


def _ids(sql: str, params: list) -> list[int]:  # type: ignore[type-arg]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def dossiers(scope: Scope, measure: str, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    rows = Dossier.objects.filter(competent_agency_id__in=scope.agency_ids)
    since, until = _moment(start), _moment(end)
    for _base, (column, where, counters) in BASES.items():
        if measure in counters:
            ids = _ids(
                f"SELECT d.id FROM dossiers_dossier d JOIN publicservices_procedureversion v ON v.id = d.version_id "
                f"WHERE {where} AND ({counters[measure]}) AND {column} >= %s AND {column} < %s "
                "AND d.competent_agency_id = ANY(%s)",
                [since, until, list(scope.agency_ids)],
            )
            return rows.filter(pk__in=ids)
    if measure in ("obligations", "paid_online"):
        paid = "AND bool_or(state = 'paid' AND method = 'transfer')" if measure == "paid_online" else ""
        ids = _ids(
            "SELECT substr(subject, 9)::bigint FROM payments_paymentrequest WHERE subject LIKE 'dossier:%%' "
            f"AND agency_id = ANY(%s) GROUP BY subject HAVING min(created_at) >= %s AND min(created_at) < %s {paid}",
            [list(scope.agency_ids), since, until],
        )
        return rows.filter(pk__in=ids)
    if measure in ("sync_items", "sync_on_time"):
        late = "AND y.sent_at <= y.changed_at + interval '24 hours'" if measure == "sync_on_time" else ""
        ids = _ids(
            f"SELECT DISTINCT y.dossier_id FROM dossiers_portalsync y WHERE y.changed_at >= %s AND y.changed_at < %s {late}",
            [since, until],
        )
        return rows.filter(pk__in=ids)
    window = reports.Window(start=since, end=until, ref=until)
    annotated = reports.annotate(rows)
    if measure == "to_handle":
        return annotated.filter(reports.to_handle(window))
    if measure == "carried_over":
        return annotated.filter(reports.carried_over(window))
    open_at_end = annotated.filter(received_at__lt=until).exclude(settled__lt=until)  # type: ignore[misc]
    if measure == "in_progress":
        return open_at_end
    if measure == "in_progress_overdue":
        return open_at_end.filter(late_since__lt=until)
    if measure == "progress_ok":
        in_time = annotated.filter(reports.not_late(), finished_at__gte=since, finished_at__lt=until)
        within = open_at_end.exclude(late_since__lt=until)
        return Dossier.objects.filter(
            pk__in=[*in_time.values_list("pk", flat=True), *within.values_list("pk", flat=True)]
        )
    if measure == "satisfaction_ok":
        finished = annotated.filter(reports.not_late(), finished_at__gte=since, finished_at__lt=until)
        for field in ("attitude", "timeliness", "guidance", "overall"):
            finished = finished.exclude(**{f"rating__{field}": 1})
        return finished
    return Dossier.objects.none()
