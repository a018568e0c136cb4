"""POST /api/v1/lookup: the public dossier lookup of /tra-cuu-ho-so/ for apps (no login).

It answers with what the page shows (number, status, procedure, dates: never a name, an address or a file),
gives one byte-identical 404 for a number that does not exist and for a wrong second factor, and spends the
same per-address budget as the page (`tinhso.dossiers.lookup`), so switching between them gains nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError

from tinhso.api.schemas import ErrorOut
from tinhso.core import permissions
from tinhso.core.middleware import address_of
from tinhso.dossiers import lookup

router = Router(tags=["lookup"])
_FOUR_DIGITS = re.compile(r"^\s*\d{4}\s*$")
MAX_NUMBER = 40  # as the page's field


class LookupIn(Schema):
    number: str = Field(
        description="The dossier code printed on the receipt (e.g. 000.00.19.H55-261122-0001) or the "
        "10-character submission reference; case and spaces do not matter. At most 40 characters."
    )
    last_digits: str = Field(
        description="The last 4 digits of the applicant's telephone number or personal identification number."
    )


class LookupOut(Schema):
    number: str = Field(description="The dossier code once received, the submission reference before")
    status: int
    status_label: str
    procedure_name: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None = Field(description="The appointment to return the result")
    finished_at: dt.datetime | None


class InvalidOut(Schema):
    detail: str
    errors: list[dict[str, Any]] = Field(description="One entry per field: `loc` ends with its name, `msg`")


def _invalid(payload: LookupIn) -> list[dict[str, Any]]:
    """The page's rules (LookupForm), checked after the budget as the page checks them."""
    errors = []
    number = payload.number.strip()
    if not number or len(number) > MAX_NUMBER:
        errors.append(_error("number", _("Enter the dossier code or submission reference.")))
    if not payload.last_digits.strip():
        errors.append(_error("last_digits", _("Enter the last 4 digits.")))
    elif not _FOUR_DIGITS.match(payload.last_digits):
        errors.append(_error("last_digits", _("Enter exactly 4 digits.")))
    return errors


def _error(field: str, message: str) -> dict[str, Any]:
    return {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}


def _limited(response: HttpResponse) -> Status:
    response["Retry-After"] = str(lookup.window_seconds())  # at most: the window began at the first try
    return Status(429, {"detail": lookup.too_many_message()})


@router.post(
    "/lookup",
    auth=None,
    response={200: LookupOut, 404: ErrorOut, 422: InvalidOut, 429: ErrorOut},
    summary="Look up a dossier by its number and the applicant's last 4 digits (no login)",
    description=(
        "What the public lookup page /tra-cuu-ho-so/ shows: status, procedure and dates, never the "
        "applicant's name, address or files. A number that does not exist and a wrong second factor get "
        "the same 404. Each client address has a budget of tries shared with the page "
        "(`DOSSIER_LOOKUP_MAX_TRIES` per `DOSSIER_LOOKUP_WINDOW_SECONDS`, 10 per 10 minutes by default): "
        "past it the answer is 429 with `Retry-After`. Badly formed input is a 422 and spends no try."
    ),
    url_name="dossier_lookup",
)
@permissions.public
def dossier_lookup(request: HttpRequest, payload: LookupIn, response: HttpResponse) -> Status:
    response["Cache-Control"] = "private, no-store"
    client = address_of(request)
    if lookup.lookup_tries_left(client) <= 0:
        return _limited(response)
    errors = _invalid(payload)
    if errors:
        raise ValidationError(errors)
    if not lookup.lookup_try(client):
        return _limited(response)
    found = lookup.dossier_lookup(viewer=request.user, number=payload.number, last_digits=payload.last_digits)
    if found is None:
        return Status(404, {"detail": _("No dossier matches the information you entered.")})
    return Status(200, LookupOut(**dataclasses.asdict(found)))
