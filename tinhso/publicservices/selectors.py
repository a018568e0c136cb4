from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from tinhso.core.access import AnyUser
from tinhso.core.models import Agency
from tinhso.publicservices.models import Component, Procedure, Synonym
from tinhso.publicservices.search import ranked


def procedure_list(
    *,
    viewer: AnyUser,
    q: str = "",
    level: str = "",
    online_level: str = "",
    field: str = "",
    agency: str = "",
) -> QuerySet[Procedure]:
    """The public catalog: published procedures, searched and filtered. `agency` is an agency code: the
    procedures it decides or receives."""
    rows = Procedure.objects.filter(is_active=True)
    if agency:
        receiving = Procedure.receiving_points.through.objects.filter(agency__code=agency)
        rows = rows.filter(Q(competent_agency__code=agency) | Q(pk__in=receiving.values("procedure_id")))
    if level:
        rows = rows.filter(level__in=[level, Procedure.Level.BOTH])
    if online_level:
        rows = rows.filter(online_level=online_level)
    if field:
        rows = rows.filter(field=field)
    if q.strip():
        rows = ranked(rows, q, dict(Synonym.objects.values_list("term", "means")))
    return rows


def procedure_fields(*, viewer: AnyUser) -> list[str]:
    return sorted(
        set(Procedure.objects.filter(is_active=True).exclude(field="").values_list("field", flat=True))
    )


def procedure_get(*, viewer: AnyUser, code: str) -> Procedure | None:
    return (
        Procedure.objects.filter(is_active=True, code=code)
        .prefetch_related(Prefetch("components", queryset=Component.objects.order_by("position")))
        .first()
    )


def procedure_agencies(*, viewer: AnyUser) -> QuerySet[Agency]:
    """Agencies that decide or receive at least one published procedure (the catalog's agency filter)."""
    deciding = Procedure.objects.filter(is_active=True, competent_agency__isnull=False)
    receiving = Procedure.receiving_points.through.objects.filter(procedure__is_active=True)
    return Agency.objects.filter(
        Q(pk__in=deciding.values("competent_agency_id")) | Q(pk__in=receiving.values("agency_id"))
    )


def procedure_get_full(*, viewer: AnyUser, code: str) -> Procedure | None:
    """One published procedure with everything its page and the API show (agencies, papers, form)."""
    return (
        Procedure.objects.filter(is_active=True, code=code)
        .select_related("competent_agency", "process")
        .prefetch_related(
            Prefetch("components", queryset=Component.objects.order_by("position", "id")),
            "receiving_points",
        )
        .first()
    )
