"""The procedure catalog (thủ tục hành chính). Fields the source does not give are left empty and shown as
"not published", never invented."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import Role
from tinhso.core.vietnamese import sort_key


class TimeKind(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    SAME_DAY = "same_day", _("within the day (after 15:00: next working day)")
    CALENDAR_DAYS = "days", _("days")
    UNKNOWN = "unknown", _("not published")


class FeeKind(models.TextChoices):
    NONE = "none", _("No fee")
    EXEMPT = "exempt", _("Exempt")
    FIXED = "fixed", _("Fixed amount")
    COUNCIL = "council", _("Set by the provincial People's Council")
    VARIES = "varies", _("Depends on the case")
    UNKNOWN = "unknown", _("Not published")


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
    # structured rules derived from the published wording above and editable by administrators
    time_kind = models.CharField(
        _("how the processing time counts"), max_length=15, choices=TimeKind.choices, default=TimeKind.UNKNOWN
    )
    time_amount = models.DecimalField(
        _("processing time (amount)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    fee_kind = models.CharField(_("fee"), max_length=10, choices=FeeKind.choices, default=FeeKind.UNKNOWN)
    competent_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("competent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competent_for",
        help_text=_("For commune-level procedures leave empty: the commune the applicant chooses decides."),
    )
    receiving_points = models.ManyToManyField(
        "core.Agency", verbose_name=_("receiving points"), blank=True, related_name="receives_for"
    )
    process = models.ForeignKey(
        "ProcessTemplate",
        verbose_name=_("internal process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: the default process for the procedure's level and field."),
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    result_template = models.ForeignKey(
        "ResultTemplate",
        verbose_name=_("result template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: the default result template."),
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=400, db_collation="C", editable=False, default="")

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["sort_key"]
        indexes = [
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="procedure_search_trgm"),
            # whole words first (fast); the trigram index only for typing slips (see search.py)
            GinIndex(SearchVector("search_text", config="simple"), name="procedure_search_words"),
        ]

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
    required = models.BooleanField(
        _("mandatory"), default=False, help_text=_("An online dossier cannot be submitted without it.")
    )
    template = models.FileField(_("template file"), upload_to="procedure-templates/", blank=True)
    document_type = models.SlugField(
        _("document type"),
        max_length=60,
        blank=True,
        help_text=_(
            "Kind of paper (e.g. birth certificate), so one already in the citizen's store can be reused."
        ),
    )

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


class FormField(models.Model):
    """One field of a procedure's e-form (tờ khai điện tử), edited by administrators."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        TEXTAREA = "textarea", _("Long text")
        DATE = "date", _("Date")
        NUMBER = "number", _("Number")
        SELECT = "select", _("Choice from a list")
        CHECKBOX = "checkbox", _("Tick box")
        CITIZEN_ID = "citizen_id", _("Personal identification number")
        PHONE = "phone", _("Telephone")
        EMAIL = "email", _("E-mail")

    class Prefill(models.TextChoices):
        NONE = "", _("Nothing")
        FULL_NAME = "full_name", _("Full name")
        CITIZEN_ID = "citizen_id", _("Personal identification number")
        DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
        PHONE = "phone", _("Telephone")
        EMAIL = "email", _("E-mail")
        ADDRESS = "address", _("Address")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="form_fields")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help"), max_length=300, blank=True)
    section = models.CharField(_("section"), max_length=100, blank=True)
    choices = models.TextField(_("choices (one per line)"), blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    pattern = models.CharField(_("pattern (regular expression)"), max_length=200, blank=True)
    pattern_message = models.CharField(
        _("message when the pattern does not match"), max_length=200, blank=True
    )
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    prefill = models.CharField(
        _("prefilled from the profile"), max_length=15, choices=Prefill.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("e-form field")
        verbose_name_plural = _("e-form fields")
        ordering = ["procedure", "position"]
        constraints = [models.UniqueConstraint(fields=["procedure", "key"], name="form_field_key_unique")]

    def __str__(self) -> str:
        return self.label


class ProcessTemplate(models.Model):
    """An internal process (quy trình nội bộ): the steps a dossier goes through and each step's budget."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("internal process")
        verbose_name_plural = _("internal processes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    class Kind(models.TextChoices):
        RECEIVE = "receive", _("Reception")
        HANDLE = "handle", _("Examination")
        APPROVE = "approve", _("Approval")
        RETURN = "return", _("Return of the result")

    class Place(models.TextChoices):
        RECEIVING = "receiving", _("Receiving point")
        COMPETENT = "competent", _("Competent agency")
        PARTNER = "partner", _("Partner agency (inter-agency procedure)")

    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    role = models.CharField(_("acting role"), max_length=20, choices=Role.choices)
    place = models.CharField(_("where"), max_length=10, choices=Place.choices, default=Place.COMPETENT)
    partner_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("partner agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Only for a step at a partner agency (liên thông): the agency the dossier is handed over to. "
            "It accepts the hand-over or returns the dossier with a reason."
        ),
    )
    department = models.CharField(
        _("internal department"), max_length=200, blank=True, help_text=_("Empty: any department.")
    )
    budget_hours = models.DecimalField(
        _("time budget (working hours)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    budget_share = models.PositiveSmallIntegerField(
        _("share of the statutory time (%)"),
        null=True,
        blank=True,
        help_text=_("Used when no budget in hours is set."),
    )

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["template", "position"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.place == self.Place.PARTNER and self.partner_agency_id is None:
            raise ValidationError({"partner_agency": _("Choose the partner agency for this step.")})
        if self.place != self.Place.PARTNER and self.partner_agency_id is not None:
            raise ValidationError(
                {"partner_agency": _("A partner agency is only set for a step at a partner agency.")}
            )


class ResultTemplate(models.Model):
    """How a procedure's result document reads (Decree 30/2020 layout): its title, the lines filled from the
    dossier, who signs. Edited by administrators; a procedure without its own uses the default."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("document title"), max_length=200, help_text=_("In capitals, e.g. TRÍCH LỤC KHAI SINH.")
    )
    intro = models.TextField(
        _("opening paragraph"),
        blank=True,
        help_text=_(
            "Placeholders: {{ agency }}, {{ applicant_name }}, {{ procedure_name }}, {{ dossier_code }}, {{ received_date }}, {{ today }}."
        ),
    )
    lines = models.TextField(
        _("lines"),
        blank=True,
        help_text=_(
            "One per line, “Label | value”; the value may use {{ form.<field key> }} and the placeholders above. A line whose value is empty is left out."
        ),
    )
    closing = models.TextField(_("closing paragraph"), blank=True)
    authority = models.CharField(
        _("signing authority"),
        max_length=100,
        blank=True,
        help_text=_("e.g. TM. ỦY BAN NHÂN DÂN, KT. GIÁM ĐỐC."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, default="THỦ TRƯỞNG CƠ QUAN")
    series = models.CharField(
        _("number series"), max_length=20, default="KQ", help_text=_("Symbol after the number, e.g. TLKS.")
    )
    document_type = models.SlugField(
        _("document type"),
        max_length=60,
        blank=True,
        help_text=_("Kind of paper, for the citizen's data store."),
    )
    is_default = models.BooleanField(_("default for procedures without their own"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("result template")
        verbose_name_plural = _("result templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_result_template"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProcedureVersion(models.Model):
    """What a procedure said when a dossier was submitted: every edit publishes a new version and a dossier
    keeps the one it was submitted under (fee, time, components, form, process)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("published"))
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    snapshot = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"
