from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.vietnamese import sort_key


class Agency(models.Model):
    """A state body that receives, handles or decides: the provincial People's Committee, a department,
    a Public Administration Service Centre, a commune People's Committee…

    `code` is the agency identifier in the national scheme (L4.L3.L2.L1, e.g. 000.00.00.H55), used in
    dossier codes and document exchange; it is editable because provinces receive them by decision.
    """

    class Kind(models.TextChoices):
        PROVINCE_COMMITTEE = "province_committee", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Provincial department or agency")
        PROVINCE_SERVICE_CENTRE = (
            "province_service_centre",
            _("Provincial Public Administration Service Centre"),
        )
        COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
        COMMUNE_SERVICE_CENTRE = "commune_service_centre", _("Commune Public Administration Service Centre")
        OTHER = "other", _("Other agency")

    code = models.CharField(_("agency identifier"), max_length=13, unique=True)
    code_is_official = models.BooleanField(
        _("identifier confirmed"),
        default=False,
        help_text=_("Unticked while the identifier is a placeholder awaiting the official assignment."),
    )
    ref = models.CharField(
        _("reference key"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Stable key of agencies loaded from reference data, so reloading never duplicates them."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_key = models.CharField(max_length=400, db_collation="C", editable=False, default="")

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["sort_key"]
        indexes = [models.Index(fields=["kind", "sort_key"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Provincial bodies first, then the communes by name, each committee followed by its centre.
        if self.is_commune_level:
            centre = "1" if self.kind == self.Kind.COMMUNE_SERVICE_CENTRE else "0"
            self.sort_key = "4" + sort_key(self.unit.short_name, 390) + centre
        else:
            ranks: dict[str, str] = {
                self.Kind.PROVINCE_COMMITTEE: "0",
                self.Kind.PROVINCE_SERVICE_CENTRE: "1",
                self.Kind.DEPARTMENT: "2",
            }
            self.sort_key = ranks.get(self.kind, "3") + sort_key(self.short_name or self.name, 399)
        super().save(*args, **kwargs)

    @property
    def is_commune_level(self) -> bool:
        return self.kind in {self.Kind.COMMUNE_COMMITTEE, self.Kind.COMMUNE_SERVICE_CENTRE}


class Department(models.Model):
    """An internal unit of an agency (phòng, văn phòng, chi cục): where specialists sit."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    sort_key = models.CharField(max_length=400, db_collation="C", editable=False, default="")

    class Meta:
        verbose_name = _("internal department")
        verbose_name_plural = _("internal departments")
        ordering = ["agency", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="department_name_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency.short_name or self.agency.name}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.sort_key = sort_key(self.name, 400)
        super().save(*args, **kwargs)
