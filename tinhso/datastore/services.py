"""Writes of the data store: a paper or result added (inside the caller's file-safe transaction), and the
citizen removing one from their store (the dossiers that used it keep their own copies)."""

from __future__ import annotations

import hashlib
import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.errors import NotAllowed
from tinhso.core.filebatch import current_batch
from tinhso.core.models import Agency, User
from tinhso.datastore.models import StoredDocument

NOT_STORED = frozenset({"", "to-khai"})  # the declaration is the dossier's own, not a paper to reuse


def store_add(
    *,
    owner: User,
    document_type: str,
    title: str,
    data: bytes,
    source: str,
    agency: Agency,
    subject: str = "",
    subject_label: str = "",
) -> StoredDocument | None:
    """Keep a copy in the owner's store, once per content and kind (inside an atomic_with_files block)."""
    if document_type in NOT_STORED or not data:
        return None
    digest = hashlib.sha256(data).hexdigest()
    existing = StoredDocument.objects.filter(
        owner=owner, sha256=digest, document_type=document_type, removed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    name = current_batch().save(f"datastore/{uuid.uuid4().hex}.pdf", data)
    row = StoredDocument.objects.create(
        owner=owner,
        document_type=document_type,
        title=title.strip()[:300],
        source=source,
        file=name,
        size=len(data),
        sha256=digest,
        agency=agency,
        subject=subject,
        subject_label=subject_label[:60],
        issued_at=clock.now(),
    )
    audit_record(
        actor=None,
        action="datastore.add",
        obj=row,
        summary={"type": document_type, "source": source, "from": subject_label},
        subject=owner,
    )
    return row


@transaction.atomic
def store_remove(*, actor: User, document: StoredDocument) -> None:
    if document.owner_id != actor.pk:
        raise NotAllowed(_("This document is not in your store."))
    StoredDocument.objects.filter(pk=document.pk, removed_at__isnull=True).update(removed_at=clock.now())
    audit_record(
        actor=actor,
        action="datastore.remove",
        obj=document,
        summary={"type": document.document_type},
        subject=actor,
    )
