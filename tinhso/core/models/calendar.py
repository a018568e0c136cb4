"""The working-day calendar's data: per-day overrides of the public holidays, and office hours.

Public holidays themselves come from the pinned `holidays` library (see tinhso/core/workcalendar.py);
these tables hold what changes every year or every province, edited by a system administrator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import pairwise

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MONDAY_TO_FRIDAY = [0, 1, 2, 3, 4]
WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def default_weekdays() -> list[int]:
    return list(MONDAY_TO_FRIDAY)


class CalendarOverride(models.Model):
    """One day that differs from what the holidays library says: an extra day off (a bridge day, a
    provincial holiday) or a working day (a make-up Saturday, or a library holiday that is cancelled)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("The decision or announcement that sets this day, e.g. its number and date."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


def _month_day_ordinal(month: int, day: int) -> int:
    """Position of a month/day in a leap year, so that 29 February is a valid boundary."""
    return dt.date(2024, month, day).timetuple().tm_yday


class OfficeHours(models.Model):
    """Office hours in force from one month/day to another every year (inclusive; the range may run
    over the new year, e.g. a winter schedule from 15/10 to 14/4). Where several schedules cover a day,
    the one covering the fewest days wins, so a summer schedule overrides the whole-year default."""

    name = models.CharField(_("name"), max_length=100)
    from_month = models.PositiveSmallIntegerField(_("from month"), default=1)
    from_day = models.PositiveSmallIntegerField(_("from day"), default=1)
    to_month = models.PositiveSmallIntegerField(_("to month"), default=12)
    to_day = models.PositiveSmallIntegerField(_("to day"), default=31)
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES),
        verbose_name=_("working weekdays"),
        default=default_weekdays,
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["from_month", "from_day", "name"]

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.from_day:02d}/{self.from_month:02d}–{self.to_day:02d}/{self.to_month:02d})"
        )

    def clean(self) -> None:
        errors = {}
        for month_field, day_field in (("from_month", "from_day"), ("to_month", "to_day")):
            try:
                _month_day_ordinal(getattr(self, month_field), getattr(self, day_field))
            except (TypeError, ValueError):
                errors[day_field] = _("This day does not exist in that month.")
        if not self.weekdays or not set(self.weekdays) <= set(range(7)):
            errors["weekdays"] = _("Choose at least one working weekday.")
        if errors:
            raise ValidationError(errors)

    def covers(self, month: int, day: int) -> bool:
        start, end, here = (self.from_month, self.from_day), (self.to_month, self.to_day), (month, day)
        return start <= here <= end if start <= end else here >= start or here <= end

    @property
    def span_days(self) -> int:
        """Days of a leap year the schedule covers: the most specific schedule wins."""
        start = _month_day_ordinal(self.from_month, self.from_day)
        end = _month_day_ordinal(self.to_month, self.to_day)
        return end - start + 1 if start <= end else 366 - start + end + 1


class OfficePeriod(models.Model):
    """A stretch of office time within a day, e.g. 07:30–11:30."""

    schedule = models.ForeignKey(
        OfficeHours, verbose_name=_("office hours"), on_delete=models.CASCADE, related_name="periods"
    )
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("office period")
        verbose_name_plural = _("office periods")
        ordering = ["schedule", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="office_period_order")
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


def validate_periods(periods: Iterable[tuple[dt.time, dt.time]]) -> None:
    """Periods of one schedule: each starts before it ends, and none overlaps another."""
    ordered = sorted(periods)
    if not ordered:
        raise ValidationError(_("Office hours need at least one period."))
    for start, end in ordered:
        if start >= end:
            raise ValidationError(_("A period must start before it ends."))
    for (_start, end), (next_start, _end) in pairwise(ordered):
        if next_start < end:
            raise ValidationError(_("Office periods must not overlap."))
