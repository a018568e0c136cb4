"""Reads of the data store: only ever the viewer's own documents."""

from __future__ import annotations

from django.db.models import QuerySet

from tinhso.core.access import AnyUser
from tinhso.datastore.models import StoredDocument


def store_of(*, viewer: AnyUser) -> QuerySet[StoredDocument]:
    if not viewer.is_authenticated:
        return StoredDocument.objects.none()
    return StoredDocument.objects.filter(owner_id=viewer.pk, removed_at__isnull=True).select_related("agency")


def stored_get(*, viewer: AnyUser, pk: int) -> StoredDocument | None:
    return store_of(viewer=viewer).filter(pk=pk).first()


def reusable_for(*, viewer: AnyUser, document_types: set[str]) -> dict[str, list[StoredDocument]]:
    """The viewer's documents by kind, for the kinds a dossier's papers ask for (one query)."""
    found: dict[str, list[StoredDocument]] = {}
    if not document_types:
        return found
    for row in store_of(viewer=viewer).filter(document_type__in=document_types).order_by("-issued_at"):
        found.setdefault(row.document_type, []).append(row)
    return found
