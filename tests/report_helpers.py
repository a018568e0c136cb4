"""Dossiers built row by row with chosen moments, for the register and statistics tests (the services
would need the clock moved for every step; the numbers only depend on the stored moments)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

from tests import factories
from tests.dossier_helpers import COMMUNE, mother
from tinhso.core.models import Agency, User
from tinhso.dossiers.models import Channel, Dossier, DossierDocument, Status
from tinhso.publicservices.models import Procedure
from tinhso.publicservices.versions import version_current

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_numbers = itertools.count(1)


def at(day: str, time: str = "09:00") -> dt.datetime:
    """'2026-07-10', '14:00' in Viet Nam's time."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=VN)


def committee(code: str = COMMUNE) -> Agency:
    return factories.agency(f"{code}:committee")


def centre(code: str = COMMUNE) -> Agency:
    return factories.agency(f"{code}:centre")


def other_commune() -> str:
    return (
        Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE)
        .exclude(unit__code=COMMUNE)
        .order_by("sort_key")
        .values_list("unit__code", flat=True)
        .first()
        or ""
    )


def dossier(
    *,
    received: dt.datetime | None,
    due: dt.datetime | None = None,
    status: int = Status.PROCESSING,
    channel: int = Channel.ONLINE,
    procedure: str = "1.001193",
    competent: Agency | None = None,
    receiving: Agency | None = None,
    applicant: User | None = None,
    **fields: Any,
) -> Dossier:
    found = Procedure.objects.get(code=procedure)
    n = next(_numbers)
    person = applicant or mother()
    return Dossier.objects.create(
        reference=f"T{n:07d}",
        code=f"TEST-{n:05d}" if received else None,
        procedure=found,
        version=version_current(found),
        applicant=person,
        applicant_name=person.full_name,
        competent_agency=competent or committee(),
        receiving_agency=receiving or centre(),
        status=status,
        channel=channel,
        submitted_at=fields.pop("submitted", None) or received,
        received_at=received,
        due_at=due,
        **fields,
    )


def document(dossier_: Dossier, kind: str, issued: dt.datetime) -> DossierDocument:
    return DossierDocument.objects.create(
        dossier=dossier_, kind=kind, file="issued/test.pdf", issued_at=issued, issued_by=dossier_.applicant
    )
