"""Personal identification numbers as they come from identity providers (claims may be any JSON value).

A thin adapter over tinhso.core.citizen_id, which holds the structure and the province codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from tinhso.core.citizen_id import PROVINCE_CODES as BIRTH_PROVINCE_CODES
from tinhso.core.citizen_id import parse_citizen_id

__all__ = ["BIRTH_PROVINCE_CODES", "PersonalNumber", "parse_personal_number"]


@dataclass(frozen=True)
class PersonalNumber:
    number: str
    birth_province_code: str
    birth_year: int
    female: bool


def parse_personal_number(value: object) -> PersonalNumber | None:
    """The parts of a well-formed number, or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_citizen_id(value)
    except ValidationError:
        return None
    return PersonalNumber(parsed.number, parsed.province_code, parsed.birth_year, parsed.female)
