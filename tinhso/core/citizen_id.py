"""The 12-digit personal identification number (số định danh cá nhân, on the căn cước card).

Structure (Decree 137/2015/NĐ-CP art. 7, Circular 07/2016/TT-BCA as amended): 3 digits for the province
where the birth was registered, 1 digit for century and sex, 2 digits for the year of birth, 6 random
digits. Century/sex: 0/1 = 20th century male/female, 2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd, 8/9 = 24th.
The province codes are the 63 pre-2025 provinces' codes (numbers issued before the 2025 merger keep them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Codes of the 63 provinces and centrally-run cities (the statistical codes, zero-padded to 3 digits).
PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)
_CENTURY_START = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}


@dataclass(frozen=True)
class CitizenId:
    number: str
    province_code: str
    birth_year: int
    female: bool


def parse_citizen_id(value: str) -> CitizenId:
    """Check the structure and return its parts, or raise ValidationError with a message for the citizen."""
    number = (value or "").strip().replace(" ", "")
    if len(number) != 12 or not number.isdigit():
        raise ValidationError(_("The personal identification number has exactly 12 digits."), code="length")
    if number[:3] not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "The first three digits (%(code)s) are not the code of a province where births are registered."
            ),
            code="province",
            params={"code": number[:3]},
        )
    century_sex = int(number[3])
    birth_year = _CENTURY_START[century_sex] + int(number[4:6])
    return CitizenId(
        number=number, province_code=number[:3], birth_year=birth_year, female=century_sex % 2 == 1
    )


def validate_citizen_id(
    value: str, *, date_of_birth: dt.date | None = None, today: dt.date | None = None
) -> str:
    """A valid number, consistent with the date of birth when given; returns the normalised number."""
    parsed = parse_citizen_id(value)
    if today is not None and parsed.birth_year > today.year:
        raise ValidationError(_("The number encodes a year of birth in the future."), code="future")
    if date_of_birth is not None and date_of_birth.year != parsed.birth_year:
        raise ValidationError(
            _("The number encodes the year of birth %(year)d, which does not match the date of birth."),
            code="birth_year",
            params={"year": parsed.birth_year},
        )
    return parsed.number


def mask_citizen_id(number: str) -> str:
    """Shown to the owner and officials in lists: first 3 and last 3 digits only."""
    return number[:3] + "******" + number[-3:] if len(number) == 12 else number
