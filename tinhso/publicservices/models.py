"""The procedure catalog (thủ tục hành chính). Fields the source does not give are left empty and shown as
"not published", never invented."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.vietnamese import sort_key


class Procedure(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")
        BOTH = "both", _("Province and commune")
        UNKNOWN = "unknown", _("Not published")

    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Fully online")
        PARTIAL = "partial", _("Partly online")
        NONE = "none", _("Not online")
        UNKNOWN = "unknown", _("Not published")

    code = models.CharField(_("national code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=500)
    field = models.CharField(_("field"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.UNKNOWN)
    implementing_agency = models.CharField(_("implementing agency"), max_length=300, blank=True)
    promulgating_body = models.CharField(_("promulgated by"), max_length=200, blank=True)
    decision_no = models.CharField(_("publication decision"), max_length=100, blank=True)
    processing_time = models.DecimalField(
        _("processing time"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    processing_time_unit = models.CharField(_("time unit"), max_length=50, blank=True)
    processing_time_detail = models.TextField(_("processing time by channel"), blank=True)
    fee_vnd = models.BigIntegerField(_("fee (VND)"), null=True, blank=True)
    fee_detail = models.TextField(_("fee wording"), blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.UNKNOWN
    )
    channels = models.CharField(_("submission channels"), max_length=100, blank=True)
    result = models.TextField(_("result"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    subjects = models.CharField(_("who may apply"), max_length=300, blank=True)
    fully_described = models.BooleanField(_("fully described"), default=False)
    source_url = models.URLField(_("source"), max_length=300, blank=True)
    source_note = models.TextField(_("notes on the source"), blank=True)
    is_active = models.BooleanField(_("published"), default=True)
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=400, db_collation="C", editable=False, default="")

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["sort_key"]
        indexes = [GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="procedure_search_trgm")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from tinhso.publicservices.search import normalise

        self.sort_key = sort_key(self.name, 400)
        self.search_text = normalise(f"{self.name} {self.code}")
        super().save(*args, **kwargs)


class Component(models.Model):
    """A paper of the dossier (thành phần hồ sơ), as the source lists it."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("To submit")
        PRESENT = "present", _("To show")
        NOTE = "note", _("Note")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SUBMIT)
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["procedure", "position"]

    def __str__(self) -> str:
        return self.name[:80]


class Synonym(models.Model):
    """An everyday word people type for an official one ("hộ khẩu" → "cư trú"). Edited by administrators."""

    term = models.CharField(_("what people type"), max_length=100, unique=True)
    means = models.CharField(_("official words"), max_length=200)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.means}"
