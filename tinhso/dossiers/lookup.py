"""The public dossier lookup (tra cứu hồ sơ): anyone holding the dossier code or submission reference and the
last four digits of the applicant's telephone or identification number sees where the dossier stands.

A wrong number and a wrong second factor give the same answer, and each client address has a small budget of
tries, so the page cannot be used to learn which numbers exist or to guess the digits."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from tinhso.core import ratelimit
from tinhso.core.access import AnyUser
from tinhso.dossiers.models import Dossier, Status

_REFERENCE = re.compile(r"[2-9A-Z]{10}")


@dataclass(frozen=True)
class LookupResult:
    """Only what the lookup page may show: no name, no address, no file."""

    number: str
    status: int
    status_label: str
    procedure_name: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None


def normalise_number(value: str) -> str:
    """A code as printed ("000.00.19.H55-261122-0001") or a reference typed in lower case or with spaces."""
    value = re.sub(r"\s+", "", value or "").upper()
    return value[:40]


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def second_factor_matches(phone: str, citizen_id: str, last_digits: str) -> bool:
    """The last four digits of the applicant's telephone number or personal identification number."""
    given = _digits(last_digits)
    if len(given) != 4:
        return False
    candidates = [_digits(phone), _digits(citizen_id)]
    matched = False
    for candidate in candidates:  # compare with every candidate, in constant time, whatever matched first
        tail = candidate[-4:] if len(candidate) >= 4 else "\0\0\0\0"
        matched |= hmac.compare_digest(tail.encode(), given.encode())
    return matched


def dossier_lookup(*, viewer: AnyUser, number: str, last_digits: str) -> LookupResult | None:
    """The dossier with this code or reference whose applicant's number ends with `last_digits`; None
    otherwise (drafts are never found)."""
    number = normalise_number(number)
    if not number:
        return None
    rows = Dossier.objects.exclude(status=Status.DRAFT).select_related("applicant", "procedure", "version")
    if _REFERENCE.fullmatch(number):
        dossier = rows.filter(reference=number).first()
    else:
        dossier = rows.filter(code=number).first()
    applicant = dossier.applicant if dossier is not None else None
    phone, citizen_id = (applicant.phone or "", applicant.citizen_id or "") if applicant else ("", "")
    if not second_factor_matches(phone, citizen_id, last_digits) or dossier is None:
        return None
    snapshot_name = (dossier.version.snapshot or {}).get("name", "")
    return LookupResult(
        number=dossier.number,
        status=dossier.status,
        status_label=str(Status(dossier.status).label),
        procedure_name=snapshot_name or dossier.procedure.name,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
    )


# --- the per-address budget ----------------------------------------------------------------------------
# One budget per client address, shared by the page (/tra-cuu-ho-so/) and the API (POST /api/v1/lookup):
# DOSSIER_LOOKUP_MAX_TRIES tries per DOSSIER_LOOKUP_WINDOW_SECONDS, read at each call.


def max_tries() -> int:
    return int(settings.DOSSIER_LOOKUP_MAX_TRIES)


def window_seconds() -> int:
    return int(settings.DOSSIER_LOOKUP_WINDOW_SECONDS)


def too_many_message() -> str:
    """What a client whose budget is spent is told, on the page and by the API."""
    return _("Too many lookups from your connection. Please wait %(minutes)d minutes and try again.") % {
        "minutes": max(1, window_seconds() // 60)
    }


_BUCKET = "dossier-lookup"


def lookup_tries_left(client_address: str | None) -> int:
    return max(0, max_tries() - ratelimit.used(_BUCKET, client_address))


def lookup_try(client_address: str | None) -> bool:
    """Count one try for this address; False when its budget for the window is spent. The window starts at
    the first try."""
    return ratelimit.allow(_BUCKET, client_address, limit=max_tries(), window=window_seconds())
