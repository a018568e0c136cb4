"""The real-time service-quality index (Decision 766/QĐ-TTg): indicators as data, and the daily counters per
agency the index reads instead of millions of dossiers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# the counters of one agency on one day (Viet Nam's days); each is defined once in counters.py
COUNTERS = (
    "received",  # dossiers received that day
    "settled",  # received dossiers whose processing ended that day (finished, withdrawn, stopped)
    "flagged",  # received dossiers marked late that day (late_since)
    "settled_flagged",  # settled that day after having been marked late
    "finished",  # processed (status 9) that day
    "finished_early",
    "finished_on_time",
    "finished_late",
    "finished_e_result",  # processed with a signed electronic result
    "finished_dissatisfied",  # processed on time, later rated dissatisfied
    "eligible_online",  # received, of a procedure offered fully online
    "received_online",  # of those, submitted online
    "digitised",  # received with papers in electronic form
    "reused",  # received with a paper reused from the data store
    "linked_store",  # received, and its papers kept in the applicant's data store
    "obligations",  # dossiers whose first payment request was made that day
    "paid_online",  # of those, paid by bank transfer
    "sync_items",  # status changes that day to send to the national portal
    "sync_1h",  # of those, sent within an hour
    "sync_24h",  # … within 24 hours
    "sync_72h",  # … within 72 hours
)


class AgencyDay(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    received = models.IntegerField(default=0)
    settled = models.IntegerField(default=0)
    flagged = models.IntegerField(default=0)
    settled_flagged = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    finished_early = models.IntegerField(default=0)
    finished_on_time = models.IntegerField(default=0)
    finished_late = models.IntegerField(default=0)
    finished_e_result = models.IntegerField(default=0)
    finished_dissatisfied = models.IntegerField(default=0)
    eligible_online = models.IntegerField(default=0)
    received_online = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    linked_store = models.IntegerField(default=0)
    obligations = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    sync_items = models.IntegerField(default=0)
    sync_1h = models.IntegerField(default=0)
    sync_24h = models.IntegerField(default=0)
    sync_72h = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="agency_day_unique")]
        indexes = [models.Index(fields=["day", "agency"], name="agency_day_by_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}"


class AgencyMonth(models.Model):
    """The same counters summed per month (its first day), kept with the daily table: the running totals the
    index needs ("open before the period") read a few thousand months instead of every day since the start."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    received = models.IntegerField(default=0)
    settled = models.IntegerField(default=0)
    flagged = models.IntegerField(default=0)
    settled_flagged = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    finished_early = models.IntegerField(default=0)
    finished_on_time = models.IntegerField(default=0)
    finished_late = models.IntegerField(default=0)
    finished_e_result = models.IntegerField(default=0)
    finished_dissatisfied = models.IntegerField(default=0)
    eligible_online = models.IntegerField(default=0)
    received_online = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    linked_store = models.IntegerField(default=0)
    obligations = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    sync_items = models.IntegerField(default=0)
    sync_1h = models.IntegerField(default=0)
    sync_24h = models.IntegerField(default=0)
    sync_72h = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "month"], name="agency_month_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month}"


class Indicator(models.Model):
    class Group(models.TextChoices):
        TRANSPARENCY = "transparency", _("Transparency")
        PROGRESS = "progress", _("Progress and results")
        DIGITISATION = "digitisation", _("Digitisation of dossiers")
        ONLINE = "online", _("Online services")
        PAYMENT = "payment", _("Online payment")
        SATISFACTION = "satisfaction", _("Satisfaction")

    class Kind(models.TextChoices):
        RATIO = "ratio", _("maximum × ratio")
        THRESHOLD = "threshold", _("maximum × min(1, ratio ÷ threshold)")
        PAYMENT = "payment", _("a·A + min(cap, b·B) + c·C")
        NO_DATA = "no_data", _("no data on the platform yet")

    class Scope(models.TextChoices):
        ALL = "all", _("Province and communes")
        PROVINCE = "province", _("Province and its departments")
        COMMUNE = "commune", _("Communes")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    group = models.CharField(_("group"), max_length=14, choices=Group.choices)
    name = models.CharField(_("name"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    scope = models.CharField(_("applies to"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    kind = models.CharField(_("formula"), max_length=10, choices=Kind.choices, default=Kind.RATIO)
    numerator = models.CharField(_("numerator (measure)"), max_length=40, blank=True)
    denominator = models.CharField(_("denominator (measure)"), max_length=40, blank=True)
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_(
            "threshold (e.g. 0.8); if_empty: full | zero (an empty denominator); no_data: zero | full | "
            "to:<code> (give the points to another indicator); for payment: A, B, C (measure pairs), a, b, "
            "cap, c; for sync: within (1h, 24h or 72h)."
        ),
    )
    source = models.CharField(_("source of the formula"), max_length=300)
    unconfirmed = models.BooleanField(_("formula not confirmed"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("index indicator")
        verbose_name_plural = _("index indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
