"""Reporting periods: a month, a quarter, a year or any range of days, in Viet Nam's time.

A period runs from local midnight of its first day to local midnight after its last day (`start`, `end`,
end excluded). Keys: "2026-11" (month), "2026-Q4" (quarter), "2026" (year); a custom range has no key.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

MAX_YEARS = 5  # a longer range is refused: nobody reads it, and it would scan years of dossiers
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone())


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    first: dt.date  # first day
    last: dt.date  # last day, included
    key: str = ""  # "" for a custom range

    @property
    def start(self) -> dt.datetime:
        return _midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        return _midnight(self.last + dt.timedelta(days=1))

    @property
    def kind(self) -> str:
        if not self.key:
            return "range"
        return "month" if _MONTH.match(self.key) else "quarter" if _QUARTER.match(self.key) else "year"

    def label(self) -> str:
        kind = self.kind
        if kind == "month":
            return _("Month %(month)s/%(year)s") % {
                "month": f"{self.first.month:02d}",
                "year": self.first.year,
            }
        if kind == "quarter":
            return _("Quarter %(quarter)s/%(year)s") % {
                "quarter": ROMAN[(self.first.month - 1) // 3 + 1],
                "year": self.first.year,
            }
        if kind == "year":
            return _("Year %(year)s") % {"year": self.first.year}
        return _("From %(first)s to %(last)s") % {
            "first": date_format(self.first, "d/m/Y"),
            "last": date_format(self.last, "d/m/Y"),
        }

    def previous(self) -> Period:
        """The period of the same kind just before (a range: as many days before)."""
        if self.kind == "month":
            return month_of(self.first - dt.timedelta(days=1))
        if self.kind == "quarter":
            return quarter_of(self.first - dt.timedelta(days=1))
        if self.kind == "year":
            return year_of(self.first - dt.timedelta(days=1))
        days = (self.last - self.first).days + 1
        return Period(self.first - dt.timedelta(days=days), self.first - dt.timedelta(days=1))


def month_of(day: dt.date) -> Period:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(first, following - dt.timedelta(days=1), f"{day.year}-{day.month:02d}")


def quarter_of(day: dt.date) -> Period:
    quarter = (day.month - 1) // 3 + 1
    first = dt.date(day.year, 3 * quarter - 2, 1)
    last = month_of(dt.date(day.year, 3 * quarter, 1)).last
    return Period(first, last, f"{day.year}-Q{quarter}")


def year_of(day: dt.date) -> Period:
    return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), str(day.year))


def parse_period(key: str) -> Period | None:
    """The period a key names, or None when the key is not one."""
    key = key.strip()
    try:
        if m := _MONTH.match(key):
            return month_of(dt.date(int(m[1]), int(m[2]), 1))
        if m := _QUARTER.match(key):
            return quarter_of(dt.date(int(m[1]), 3 * int(m[2]), 1))
        if m := _YEAR.match(key):
            return year_of(dt.date(int(m[1]), 1, 1))
    except ValueError:  # month 13, year 0
        return None
    return None


def range_error(first: dt.date, last: dt.date) -> str:
    """Why a range of days cannot be reported on, or "" when it can."""
    if last < first:
        return _("The end date is before the start date.")
    if last >= add_years(first, MAX_YEARS):
        return _("Choose a period of at most %(years)d years.") % {"years": MAX_YEARS}
    return ""


def period_choices(today: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The quick choices, newest first: the last 13 months, 8 quarters and 5 years."""
    months, quarters, years = [], [], []
    day = today
    for _i in range(13):
        period = month_of(day)
        months.append((period.key, period.label()))
        day = period.first - dt.timedelta(days=1)
    day = today
    for _i in range(8):
        period = quarter_of(day)
        quarters.append((period.key, period.label()))
        day = period.first - dt.timedelta(days=1)
    for year in range(today.year, today.year - MAX_YEARS, -1):
        period = year_of(dt.date(year, 1, 1))
        years.append((period.key, period.label()))
    return [(_("Months"), months), (_("Quarters"), quarters), (_("Years"), years)]
