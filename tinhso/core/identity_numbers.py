"""The 12-digit personal identification number (số định danh cá nhân, printed on the chip citizen ID card).

Structure [practice; Circular 59/2021/TT-BCA, formerly 07/2016/TT-BCA]: 3 digits for the province where the
birth was registered, 1 digit for century of birth and sex, 2 digits for the year of birth, 6 random digits.
The province codes are the 63 pre-2025 statistical province codes, zero-padded: numbers issued before the
2025 merger keep them, so a check against today's 34 provinces would refuse real numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

# fmt: off
BIRTH_PROVINCE_CODES = frozenset(f"{code:03d}" for code in (
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42,
    44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84,
    86, 87, 89, 91, 92, 93, 94, 95, 96,
))
# fmt: on
_SHAPE = re.compile(r"\d{12}")


@dataclass(frozen=True)
class PersonalNumber:
    number: str
    birth_province_code: str
    birth_year: int
    female: bool


def parse_personal_number(value: object) -> PersonalNumber | None:
    """The parts of a well-formed number, or None. Digits 0-9 of the fourth place encode the century
    (0/1: 1900s, 2/3: 2000s, ... 8/9: 2300s) and the sex (even: male, odd: female)."""
    if not isinstance(value, str):
        return None
    number = value.strip().replace(" ", "")
    if not _SHAPE.fullmatch(number) or number[:3] not in BIRTH_PROVINCE_CODES:
        return None
    century_sex = int(number[3])
    return PersonalNumber(
        number=number,
        birth_province_code=number[:3],
        birth_year=1900 + 100 * (century_sex // 2) + int(number[4:6]),
        female=century_sex % 2 == 1,
    )
