from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tinhso.core.access import AnyUser
from tinhso.publicservices.models import Component, Procedure, Synonym
from tinhso.publicservices.search import ranked


def procedure_list(
    *, viewer: AnyUser, q: str = "", level: str = "", online_level: str = "", field: str = ""
) -> QuerySet[Procedure]:
    """The public catalog: published procedures, searched and filtered."""
    rows = Procedure.objects.filter(is_active=True)
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
