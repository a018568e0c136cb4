"""The dossier's link with the citizen's data store: the papers of a received dossier and its signed result
go into the applicant's store with their kind; a later dossier reuses a stored paper instead of an upload,
and records the component as "reused"."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import Agency, User
from tinhso.datastore import selectors
from tinhso.datastore.models import StoredDocument
from tinhso.datastore.services import NOT_STORED, store_add
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.models import Dossier, DossierFile
from tinhso.dossiers.services.submission import dossier_attach


def _kinds(dossier: Dossier) -> dict[int, str]:
    return {c["id"]: c.get("document_type", "") for c in dossier.version.snapshot.get("components", [])}


def capture_papers(dossier: Dossier) -> int:
    """At reception: every paper of a known kind, checked by the desk, into the applicant's store."""
    kinds = _kinds(dossier)
    kept = 0
    for row in dossier.files.filter(is_authorisation=False).exclude(source=DossierFile.Source.REUSED):
        kind = kinds.get(row.component_id or 0, "")
        if kind in NOT_STORED or not row.file:
            continue
        with row.file.open("rb") as handle:
            data = handle.read()
        kept += (
            store_add(
                owner=dossier.applicant,
                document_type=kind,
                title=row.component_name[:300],
                data=data,
                source=StoredDocument.Source.DIGITISED,
                agency=dossier.receiving_agency,
                subject=f"dossier:{dossier.pk}",
                subject_label=dossier.number,
            )
            is not None
        )
    return kept


def capture_result(dossier: Dossier, *, document_type: str, title: str, data: bytes, agency: Agency) -> None:
    store_add(
        owner=dossier.applicant,
        document_type=document_type,
        title=title,
        data=data,
        source=StoredDocument.Source.RESULT,
        agency=agency,
        subject=f"dossier:{dossier.pk}",
        subject_label=dossier.number,
    )


def dossier_reuse(*, actor: User, dossier: Dossier, component_id: int, stored_id: int) -> DossierFile:
    """Attach a paper from the citizen's own store to a draft, for a component asking for that kind."""
    stored = selectors.stored_get(viewer=actor, pk=stored_id)
    if stored is None:
        raise DossierError(_("This document is not in your store."), errors={"stored": []})
    if _kinds(dossier).get(component_id) != stored.document_type:
        raise DossierError(_("This document is not the kind of paper asked for here."), errors={"stored": []})
    with stored.file.open("rb") as handle:
        upload = SimpleUploadedFile(
            f"{stored.document_type}.pdf", handle.read(), content_type="application/pdf"
        )
    return dossier_attach(
        actor=actor,
        dossier=dossier,
        component_id=component_id,
        uploads=[upload],
        source=DossierFile.Source.REUSED,
    )
