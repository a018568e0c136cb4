from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.vietnamese import sort_key

REFORM_2025 = dt.date(2025, 7, 1)


class AdministrativeUnit(models.Model):
    """A province or commune-level unit, with the period it is in force.

    Since 1 July 2025 there are two tiers; earlier records have three (province, district, commune).
    Successor links say which units replaced a dissolved one, so old addresses map to new units.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District (before 1 July 2025)")
        COMMUNE = "commune", _("Commune level")

    code = models.CharField(_("statistical code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    division_type = models.CharField(_("type"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    codename = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("in force from"), default=REFORM_2025)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("replaced by"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    is_served = models.BooleanField(
        _("served by this platform"),
        default=False,
        help_text=_("Units of the configured province are served; others exist for addresses."),
    )
    sort_key = models.CharField(max_length=400, db_collation="C", editable=False, default="")

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_per_period"),
        ]
        indexes = [models.Index(fields=["level", "parent", "sort_key"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.sort_key = sort_key(self.short_name, 400)
        super().save(*args, **kwargs)

    @property
    def short_name(self) -> str:
        """The name without its type word, e.g. "Phan Đình Phùng" for "Phường Phan Đình Phùng"."""
        prefix = self.division_type.capitalize() + " "
        return self.name[len(prefix) :] if self.name.startswith(prefix) else self.name

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)
