"""/api/v1/datastore: the citizen's personal data store, and reusing one of its papers in a draft dossier."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tinhso.api.dossiers import ERRORS, _citizen
from tinhso.api.schemas import ErrorOut
from tinhso.core.downloads import private_pdf
from tinhso.datastore import selectors
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers.services.store import dossier_reuse

router = Router(tags=["data store"])


class StoredOut(Schema):
    id: int
    document_type: str
    title: str
    source: str
    agency_code: str
    agency_name: str
    issued_at: dt.datetime
    from_dossier: str
    size: int
    sha256: str


class ReuseIn(Schema):
    component_id: int
    stored_id: int


class ReusedOut(Schema):
    file_id: int
    component_id: int
    source: str


@router.get(
    "/datastore",
    response={200: list[StoredOut], 403: ErrorOut},
    summary="The papers and results in your data store",
)
def store(request: HttpRequest) -> Status:
    user = _citizen(request)
    rows = selectors.store_of(viewer=user).order_by("-issued_at")[:500]
    return Status(
        200,
        [
            StoredOut(
                id=r.pk,
                document_type=r.document_type,
                title=r.title,
                source=r.source,
                agency_code=r.agency.code,
                agency_name=r.agency.name,
                issued_at=r.issued_at,
                from_dossier=r.subject_label,
                size=r.size,
                sha256=r.sha256,
            )
            for r in rows
        ],
    )


@router.get(
    "/datastore/{pk}/file",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="One stored document (PDF)",
)
def store_file(request: HttpRequest, pk: int) -> FileResponse | Status:
    user = _citizen(request)
    row = selectors.stored_get(viewer=user, pk=pk)
    if row is None or not row.file:
        return Status(404, {"detail": _("No such document.")})
    return private_pdf(row.file, f"{row.document_type}-{row.pk}.pdf")


@router.post(
    "/dossiers/{reference}/reuse",
    response={201: ReusedOut, 404: ErrorOut, **ERRORS},
    summary="Attach a paper from your data store to a draft, for a component asking for that kind",
)
def reuse(request: HttpRequest, reference: str, payload: ReuseIn) -> Status:
    user = _citizen(request)
    found = dossier_selectors.dossier_for_citizen(viewer=user, reference=reference)
    if found is None:
        return Status(404, {"detail": _("No such dossier.")})
    row = dossier_reuse(
        actor=user, dossier=found, component_id=payload.component_id, stored_id=payload.stored_id
    )
    return Status(201, {"file_id": row.pk, "component_id": payload.component_id, "source": row.source})
