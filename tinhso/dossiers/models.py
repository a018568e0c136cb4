"""Dossiers (hồ sơ thủ tục hành chính): what a citizen submits, what the one-stop desk receives and what
officials carry through the procedure's steps. Status numbers are the national portal's (REGULATIONS §1)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField
from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.db.models import Case, DateTimeField, F, Func, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _


class Status(models.IntegerChoices):
    DRAFT = 0, _("Draft")
    SUBMITTED = 1, _("Newly submitted")
    RECEIVED = 2, _("Received")
    REFUSED = 3, _("Not received")
    PROCESSING = 4, _("Being processed")
    SUPPLEMENT = 5, _("Supplements requested")
    PAYMENT = 6, _("Financial obligation requested")
    WITHDRAWN = 7, _("Withdrawn by the citizen")
    STOPPED = 8, _("Processing stopped")
    PROCESSED = 9, _("Processed")
    RETURNED = 10, _("Result returned")


class Channel(models.IntegerChoices):
    WALK_IN = 1, _("At the desk")
    ONLINE = 2, _("Online")
    POSTAL = 3, _("By post")


class Delivery(models.TextChoices):
    ONLINE = "online", _("Online, in my account")
    DESK = "desk", _("At the one-stop desk")
    POST = "post", _("By post to my address")


def handling_span() -> Func:
    """From receipt to the end of processing (`Coalesce(finished_at, closed_at)`, both ends included), or
    unbounded while the dossier is open: tstzrange(received_at, …, '[]'). A dossier is to handle in a
    period exactly when its span overlaps the period (see tinhso.dossiers.reports.measures). The upper end
    is never before the lower one, whatever the clock did. Built from Django's own expressions only, so the
    migration holding its index imports nothing from the app."""
    settled = Coalesce(F("finished_at"), F("closed_at"))
    upper = Case(
        When(Q(finished_at__isnull=True, closed_at__isnull=True), then=Value(None)),
        default=Greatest(F("received_at"), settled),
        output_field=DateTimeField(),
    )
    return Func(F("received_at"), upper, Value("[]"), function="tstzrange", output_field=DateTimeRangeField())


class Dossier(models.Model):
    reference = models.CharField(_("submission reference"), max_length=16, unique=True)
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        "publicservices.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        "publicservices.ProcedureVersion",
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    representation = models.ForeignKey(
        "core.Representation",
        verbose_name=_("submitted for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=150)
    subject_name = models.CharField(_("the dossier is about"), max_length=150, blank=True)
    competent_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="dossiers_competent",
    )
    receiving_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("receiving point"),
        on_delete=models.PROTECT,
        related_name="dossiers_received",
    )
    status = models.PositiveSmallIntegerField(_("status"), choices=Status.choices, default=Status.DRAFT)
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices, default=Channel.ONLINE)
    form_data = models.JSONField(_("form"), default=dict, blank=True)
    delivery = models.CharField(
        _("how to receive the result"), max_length=10, choices=Delivery.choices, default=Delivery.ONLINE
    )
    delivery_address = models.CharField(_("postal address"), max_length=300, blank=True)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    # the appointment in force when an apology letter (form 04) first moved it; null while never moved.
    # Registers and statistics judge a dossier against Coalesce(original_due_at, due_at): a new
    # appointment after the apology does not make a late dossier on time.
    original_due_at = models.DateTimeField(_("original appointment"), null=True, blank=True)
    finished_at = models.DateTimeField(_("processed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock stopped since"), null=True, blank=True)
    paused_hours = models.DecimalField(_("working hours stopped"), max_digits=8, decimal_places=2, default=0)
    outcome_note = models.TextField(_("reason"), blank=True)
    late_since = models.DateTimeField(_("late since"), null=True, blank=True)
    postal_tracking = models.CharField(_("postal tracking number"), max_length=40, blank=True, db_default="")
    # bumped by every state change; a form carries the value it was shown with, so a stale action is refused
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(fields=["applicant", "idempotency_key"], name="dossier_submit_once"),
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="dossier_applicant"),
            models.Index(fields=["receiving_agency", "status", "submitted_at"], name="dossier_reception"),
            models.Index(fields=["competent_agency", "status"], name="dossier_competent"),
            # the deadline watch: received or in processing, not yet marked late
            models.Index(
                fields=["due_at"],
                name="dossier_open_due",
                condition=Q(late_since__isnull=True, status__in=[2, 4]),
            ),
            # registers and statistics (tinhso.dossiers.reports): received in a period (and the register's
            # order); the dossiers to handle in a period, whose span overlaps it, however old the period
            models.Index(
                fields=["received_at"], name="dossier_received", condition=Q(received_at__isnull=False)
            ),
            GistIndex(handling_span(), name="dossier_span", condition=Q(received_at__isnull=False)),
            # one agency's register (a centre's desk, a commune's leader): its dossiers in receipt order
            models.Index(fields=["competent_agency", "received_at"], name="dossier_competent_received"),
            # the service-quality index's daily cells: a day's dossiers of one agency, by each moment
            models.Index(
                fields=["competent_agency", "finished_at"],
                name="dossier_competent_finished",
                condition=Q(finished_at__isnull=False),
            ),
            models.Index(
                fields=["competent_agency", "late_since"],
                name="dossier_competent_late",
                condition=Q(late_since__isnull=False),
            ),
            models.Index(
                F("competent_agency"),
                Coalesce(F("finished_at"), F("closed_at")),
                name="dossier_competent_settled",
            ),
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_receiving_received"),
            # refused at the desk (form 03) in a period: never received, counted by their closing
            models.Index(fields=["closed_at"], name="dossier_refused", condition=Q(status=3)),
        ]

    def __str__(self) -> str:
        return self.code or self.reference

    @property
    def number(self) -> str:
        """What the citizen quotes: the dossier code once received, the submission reference before."""
        return self.code or self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.PAYMENT}
)


class DossierFile(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded file")
        CAMERA = "camera", _("Photos")
        DIGITISED = "digitised", _("Digitised at the desk")
        REUSED = "reused", _("Reused from the data store")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(
        "publicservices.Component", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    component_name = models.TextField(_("component"))
    is_authorisation = models.BooleanField(_("authorisation document"), default=False)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=130)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size"))
    pages = models.PositiveSmallIntegerField(_("pages"), default=1)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.UPLOAD)
    round = models.PositiveSmallIntegerField(_("supplement round"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.original_name


class DossierEvent(models.Model):
    """The dossier's history: every status change and step, who, when. The citizen's timeline reads it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30)
    status_from = models.PositiveSmallIntegerField(null=True, blank=True, choices=Status.choices)
    status_to = models.PositiveSmallIntegerField(null=True, blank=True, choices=Status.choices)
    step_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    visible_to_citizen = models.BooleanField(default=True)

    class Meta:
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_event_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind}"


class StepRun(models.Model):
    """One step of the internal process as it actually ran: who, from when, by when, and how long it took
    against its budget. An open step (finished_at null) is a task in someone's inbox."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    index = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    role = models.CharField(max_length=20)
    department = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    budget_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    spent_hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    # a hand-over to a partner agency (liên thông): from which agency, and when the partner accepted it
    handover_from = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)  # "due soon" sent to whoever holds it
    escalated_at = models.DateTimeField(null=True, blank=True)  # "overdue" sent to the agency's leaders

    class Meta:
        ordering = ["dossier", "id"]
        indexes = [
            models.Index(
                fields=["assignee", "due_at"], name="task_assignee_due", condition=Q(finished_at__isnull=True)
            ),
            models.Index(
                fields=["agency", "role", "due_at"],
                name="task_pool_due",
                condition=Q(finished_at__isnull=True, assignee__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], name="one_open_step", condition=Q(finished_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def on_time(self) -> bool | None:
        if self.finished_at is None or self.due_at is None:
            return None
        return self.finished_at <= self.due_at

    @property
    def awaits_acceptance(self) -> bool:
        """Handed over to a partner agency that has not yet accepted (or returned) the dossier."""
        return self.handover_from_id is not None and self.accepted_at is None and self.finished_at is None


class DossierDocument(models.Model):
    """A document the agency issued for the dossier: receipt (form 01), supplement request (02), refusal (03),
    apology with a new appointment (04)…"""

    class Kind(models.TextChoices):
        RECEIPT = "01", _("Receipt and appointment (form 01)")
        SUPPLEMENT = "02", _("Supplement request (form 02)")
        REFUSAL = "03", _("Refusal (form 03)")
        APOLOGY = "04", _("Apology and new appointment (form 04)")
        STOP = "05", _("Notice that processing stops (form 05)")
        RESULT = "KQ", _("Result")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=4, choices=Kind.choices)
    file = models.FileField(upload_to="issued/%Y/%m/")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    items = models.TextField(_("what is requested"), blank=True)
    number = models.CharField(_("number and symbol"), max_length=40, blank=True, db_default="")
    title = models.CharField(_("title"), max_length=200, blank=True, db_default="")
    document_type = models.SlugField(max_length=60, blank=True, db_default="")
    # what the verifier needs: the file's digest, and the code its QR carries (/xac-thuc/<code>/)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True, db_default="")
    verify_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "issued_at"]
        indexes = [models.Index(fields=["kind", "issued_at"], name="dossier_document_issued")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Rating(models.Model):
    """The citizen's satisfaction with how the dossier was handled, given once the result exists."""

    class Level(models.IntegerChoices):
        DISSATISFIED = 1, _("Dissatisfied")
        SATISFIED = 2, _("Satisfied")
        VERY_SATISFIED = 3, _("Very satisfied")

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    attitude = models.PositiveSmallIntegerField(_("attitude of the officials"), choices=Level.choices)
    timeliness = models.PositiveSmallIntegerField(_("processing time"), choices=Level.choices)
    guidance = models.PositiveSmallIntegerField(_("clear guidance"), choices=Level.choices)
    overall = models.PositiveSmallIntegerField(_("overall"), choices=Level.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated"))

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")

    def __str__(self) -> str:
        return f"{self.dossier} {self.overall}"

    @property
    def dissatisfied(self) -> bool:
        return self.Level.DISSATISFIED in (self.attitude, self.timeliness, self.guidance, self.overall)


class PortalSync(models.Model):
    """One status change of a dossier to tell the National Public Service Portal (Cổng DVCQG), in the
    national status codes. Queued in the transaction that changed the status; sent by a worker through the
    configured adapter, retried with back-off. Its times are kept: the service-quality index scores timely
    synchronisation."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (retries exhausted)")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="portal_syncs")
    status = models.PositiveSmallIntegerField(_("status"), choices=Status.choices)
    changed_at = models.DateTimeField(_("status changed"))
    payload = models.JSONField(_("what is sent"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    receipt = models.CharField(_("portal's receipt"), max_length=100, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("national portal synchronisation")
        verbose_name_plural = _("national portal synchronisations")
        ordering = ["dossier", "id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="sync_due", condition=~Q(state="sent")),
            models.Index(fields=["changed_at"], name="sync_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.status}"


class Submission(models.Model):
    """An online submission taken in by the API (`Prefer: respond-async`) and not yet made a dossier: the
    request checks what it can without opening the files (the e-form, the papers required, each file's type by
    its first bytes, the sizes), stores the files as they came and answers at once; a worker then makes the
    dossier under the same reference (tinhso/dossiers/services/queued.py). Peaks on the last day of a
    deadline are taken in at the rate of this one row, not at the rate of converting photos."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Being registered")
        REGISTERED = "registered", _("Registered")
        FAILED = "failed", _("Could not be registered")

    reference = models.CharField(_("submission reference"), max_length=16, unique=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey("publicservices.Procedure", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "core.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    representation = models.ForeignKey(
        "core.Representation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form_data = models.JSONField(default=dict)
    delivery = models.CharField(max_length=10, default=Delivery.ONLINE)
    delivery_address = models.CharField(max_length=300, blank=True)
    # [{"component": id | null, "authorisation": bool, "files": [[path, original name], …]}, …]
    papers = models.JSONField(default=list)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    errors = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=300, blank=True)
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="submission"
    )
    created_at = models.DateTimeField(_("submitted"))
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("online submission")
        verbose_name_plural = _("online submissions")
        constraints = [
            models.UniqueConstraint(fields=["applicant", "idempotency_key"], name="submission_once"),
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="submission_applicant"),
            models.Index(fields=["created_at"], name="submission_waiting", condition=Q(state="waiting")),
        ]

    def __str__(self) -> str:
        return self.reference
