from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.signals import post_delete, post_save

from tinhso.core.access import AnyUser
from tinhso.core.models import Agency
from tinhso.publicservices.models import Component, Procedure, Synonym
from tinhso.publicservices.search import ranked

T = TypeVar("T")

# How long another process may keep serving synonyms or fields after an edit (this process forgets them
# at once: see the signal handlers below).
CATALOG_CHECK_SECONDS = 10.0


class _Snapshot(Generic[T]):
    """A per-process copy of a small, rarely edited table, re-read at most every CATALOG_CHECK_SECONDS."""

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._value: tuple[float, T] | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        current = self._value
        if current is not None and time.monotonic() - current[0] < CATALOG_CHECK_SECONDS:
            return current[1]
        with self._lock:
            value = self._load()
            self._value = (time.monotonic(), value)
            return value

    def invalidate(self) -> None:
        self._value = None


_synonyms: _Snapshot[dict[str, str]] = _Snapshot(lambda: dict(Synonym.objects.values_list("term", "means")))
_fields: _Snapshot[list[str]] = _Snapshot(
    lambda: sorted(
        Procedure.objects.filter(is_active=True)
        .exclude(field="")
        .order_by()
        .values_list("field", flat=True)
        .distinct()
    )
)


def catalog_invalidate(**_: Any) -> None:
    """Forget the synonyms and the list of fields (a procedure or a synonym was saved or deleted)."""
    _synonyms.invalidate()
    _fields.invalidate()


for _model in (Procedure, Synonym):
    post_save.connect(
        catalog_invalidate, sender=_model, dispatch_uid=f"catalog_invalidate_save_{_model.__name__}"
    )
    post_delete.connect(
        catalog_invalidate, sender=_model, dispatch_uid=f"catalog_invalidate_delete_{_model.__name__}"
    )


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
        rows = ranked(rows, q, _synonyms.get())
    return rows


def procedure_fields(*, viewer: AnyUser) -> list[str]:
    return list(_fields.get())


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
