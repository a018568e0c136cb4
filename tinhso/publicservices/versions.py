"""Procedure versions: a dossier keeps the rules it was submitted under.

A version is a snapshot of everything a dossier depends on (time, fee, components, e-form, process). Any
edit that changes the snapshot publishes a new version; publishing the same content again is a no-op, so
callers can ask for "the current version" freely."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.models import User
from tinhso.publicservices.models import Procedure, ProcedureVersion


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.normalize())


def procedure_snapshot(procedure: Procedure) -> dict[str, Any]:
    from tinhso.publicservices.eforms import form_spec
    from tinhso.publicservices.process import process_spec

    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field,
        "level": procedure.level,
        "online_level": procedure.online_level,
        "time_kind": procedure.time_kind,
        "time_amount": _text(procedure.time_amount),
        "time_text": procedure.processing_time_detail,
        "fee_kind": procedure.fee_kind,
        "fee_vnd": procedure.fee_vnd,
        "fee_detail": procedure.fee_detail,
        "result": procedure.result,
        "legal_basis": procedure.legal_basis,
        "decision_no": procedure.decision_no,
        "published_on": procedure.published_on.isoformat() if procedure.published_on else None,
        "competent_agency": procedure.competent_agency.code if procedure.competent_agency else None,
        "receiving_points": sorted(procedure.receiving_points.values_list("code", flat=True)),
        "components": [
            {
                "id": c.pk,
                "kind": c.kind,
                "name": c.name,
                "originals": c.originals,
                "copies": c.copies,
                "required": c.required,
                "document_type": c.document_type,
            }
            for c in procedure.components.order_by("position", "id")
        ],
        "form": form_spec(procedure),
        "process": process_spec(procedure),
    }


@transaction.atomic
def version_publish(*, actor: User | None, procedure: Procedure, note: str = "") -> ProcedureVersion:
    """Publish the procedure's current content as a new version unless the latest version already says
    exactly that."""
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    snapshot = procedure_snapshot(procedure)
    latest = procedure.versions.order_by("-number").first()
    if latest is not None and latest.snapshot == snapshot:
        return latest
    number = (latest.number if latest else 0) + 1
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        created_at=clock.now(),
        created_by=actor,
        note=note,
        snapshot=snapshot,
    )
    Procedure.objects.filter(pk=procedure.pk).update(version=number)
    procedure.version = number
    audit_record(
        actor=actor,
        action="procedure.version",
        obj=procedure,
        summary={"code": procedure.code, "version": number, "note": note},
    )
    return version


# (procedure id, version id) -> when the procedure's content last matched that version, in this process
_matched: dict[tuple[int, int], float] = {}


def version_current(procedure: Procedure) -> ProcedureVersion:
    """The version a dossier submitted now is bound to. When the latest version already says what the
    procedure says (nearly always), it is returned without taking the procedure's row lock, so submissions of
    one procedure do not queue behind each other; otherwise `version_publish` checks again under the lock.

    The comparison is trusted for TINHSO_VERSION_CHECK_SECONDS per process: saving in the admin publishes at
    once, and a change made any other way is seen within that time."""
    latest = procedure.versions.order_by("-number").first()
    if latest is not None:
        key, now = (procedure.pk, latest.pk), time.monotonic()
        seen = _matched.get(key)
        if seen is not None and now - seen < settings.TINHSO_VERSION_CHECK_SECONDS:
            return latest
        if latest.snapshot == procedure_snapshot(procedure):
            _matched[key] = now
            return latest
    return version_publish(actor=None, procedure=procedure)
