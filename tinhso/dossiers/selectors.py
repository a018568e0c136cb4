"""Every read of dossiers that depends on who is looking. Citizens see their own; officials the dossiers of
their agencies (leaders: and of the agencies under them) and what is routed to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from tinhso.core import clock, workcalendar
from tinhso.core.access import AnyUser, active_positions, agencies_of, is_sysadmin
from tinhso.core.models import User
from tinhso.dossiers.models import Dossier, DossierEvent, DossierFile, Status, StepRun, Submission

DUE_SOON_HOURS = Decimal(4)


def dossiers_of_citizen(*, viewer: AnyUser) -> QuerySet[Dossier]:
    if not viewer.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant_id=viewer.pk)
        .select_related("procedure", "version")
        .order_by("-created_at")
    )


def dossier_for_citizen(*, viewer: AnyUser, reference: str) -> Dossier | None:
    if not viewer.is_authenticated:
        return None
    return (
        Dossier.objects.filter(applicant_id=viewer.pk, reference=reference)
        .select_related("procedure", "version", "competent_agency", "receiving_agency", "representation")
        .first()
    )


def submission_for_citizen(*, viewer: AnyUser, reference: str) -> Submission | None:
    """One of the viewer's own queued online submissions (services/queued.py)."""
    if not viewer.is_authenticated:
        return None
    return (
        Submission.objects.filter(applicant_id=viewer.pk, reference=reference)
        .select_related("procedure", "dossier")
        .first()
    )


def submissions_unregistered(*, viewer: AnyUser, days: int = 30) -> QuerySet[Submission]:
    """The viewer's submissions still being registered, or that could not be, of the last `days`: shown above
    "my dossiers" until a dossier stands for them."""
    if not viewer.is_authenticated:
        return Submission.objects.none()
    since = clock.now() - dt.timedelta(days=days)
    return (
        Submission.objects.filter(applicant_id=viewer.pk, created_at__gte=since)
        .exclude(state=Submission.State.REGISTERED)
        .select_related("procedure")
        .order_by("-created_at")
    )


def timeline(*, viewer: AnyUser, dossier: Dossier) -> QuerySet[DossierEvent]:
    rows = dossier.events.select_related("actor").order_by("at", "id")
    if dossier.applicant_id == viewer.pk and not staff_may_see(viewer, dossier):
        rows = rows.filter(visible_to_citizen=True)
    return rows


def staff_dossiers(*, viewer: AnyUser) -> QuerySet[Dossier]:
    if is_sysadmin(viewer):
        return Dossier.objects.exclude(status=Status.DRAFT)
    if not isinstance(viewer, User) or not viewer.is_official:
        return Dossier.objects.none()
    ids = agencies_of(viewer).values("id")
    # what is routed to them too: a partner agency's steps (liên thông), a task assigned by name
    routed = StepRun.objects.filter(dossier_id=OuterRef("pk")).filter(
        Q(agency_id__in=ids) | Q(assignee_id=viewer.pk)
    )
    return Dossier.objects.exclude(status=Status.DRAFT).filter(
        Q(competent_agency_id__in=ids) | Q(receiving_agency_id__in=ids) | Exists(routed)
    )


def staff_may_see(viewer: AnyUser, dossier: Dossier) -> bool:
    return staff_dossiers(viewer=viewer).filter(pk=dossier.pk).exists()


def dossier_for_staff(*, viewer: AnyUser, pk: int) -> Dossier | None:
    if not staff_dossiers(viewer=viewer).filter(pk=pk).exists():
        return None
    return (
        Dossier.objects.select_related(
            "procedure", "version", "applicant", "competent_agency", "receiving_agency", "representation"
        )
        .filter(pk=pk)
        .first()
    )


def files_of(*, viewer: AnyUser, dossier: Dossier) -> QuerySet[DossierFile]:
    if dossier.applicant_id == viewer.pk or staff_may_see(viewer, dossier):
        return dossier.files.order_by("round", "id")
    return DossierFile.objects.none()


@dataclass(frozen=True)
class Task:
    step: StepRun
    mark: str  # "overdue", "due_soon", "on_time"

    @property
    def dossier(self) -> Dossier:
        return self.step.dossier


def mark_for(due_at: dt.datetime | None, now: dt.datetime) -> str:
    if due_at is None:
        return "on_time"
    if due_at <= now:
        return "overdue"
    if workcalendar.working_hours_between(now, due_at) <= DUE_SOON_HOURS:
        return "due_soon"
    return "on_time"


def inbox(*, viewer: AnyUser, limit: int = 50, kind: str = "") -> list[Task]:
    """The open steps the viewer can act on, soonest due first: assigned to them, or waiting for anyone
    with their role in their agency. Two index-ordered queries (see the partial indexes on StepRun)."""
    if not isinstance(viewer, User) or not viewer.is_authenticated:
        return []
    related = ("dossier", "dossier__procedure", "agency")
    # an inbox row needs names, numbers and dates, not the form or the procedure's snapshot (large JSON)
    heavy = ("dossier__form_data", "dossier__procedure__search_text", "dossier__procedure__legal_basis")
    mine = StepRun.objects.filter(finished_at__isnull=True, assignee_id=viewer.pk)
    pool_filter = Q()
    for agency_id, role in active_positions(viewer).values_list("agency_id", "role"):
        pool_filter |= Q(agency_id=agency_id, role=role)
    if kind:
        mine = mine.filter(kind=kind)
    rows = list(mine.select_related(*related).defer(*heavy).order_by("due_at", "id")[:limit])
    if pool_filter:
        pool = StepRun.objects.filter(pool_filter, finished_at__isnull=True, assignee__isnull=True)
        if kind:
            pool = pool.filter(kind=kind)
        rows += list(pool.select_related(*related).defer(*heavy).order_by("due_at", "id")[:limit])
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda s: (s.due_at or far, s.pk))
    now = clock.now()
    return [Task(step=s, mark=mark_for(s.due_at, now)) for s in rows[:limit]]


def open_step_of(dossier: Dossier) -> StepRun | None:
    return (
        dossier.steps.filter(finished_at__isnull=True)
        .select_related("assignee", "agency", "handover_from")
        .first()
    )


def steps_history(dossier: Dossier) -> QuerySet[StepRun]:
    return dossier.steps.select_related("assignee", "finished_by", "agency", "handover_from").order_by("id")


def next_step_people(*, viewer: AnyUser, dossier: Dossier) -> list[User]:
    """Who can take the next step, for the "forward to" choice."""
    from tinhso.dossiers.services.common import agency_for, steps_of

    step = open_step_of(dossier)
    steps = steps_of(dossier)
    if step is None or step.index + 1 >= len(steps):
        return []
    nxt = steps[step.index + 1]
    agency = agency_for(dossier, nxt)
    return list(
        User.objects.filter(
            positions__agency=agency, positions__role=nxt["role"], positions__is_active=True, is_active=True
        )
        .distinct()
        .order_by("sort_key")
    )


def inbox_count(*, viewer: AnyUser, kind: str = "", cap: int = 100) -> int:
    """How many open tasks `inbox` would list, counted up to `cap` (the navigation's badge). Two small
    queries served by the partial indexes on StepRun, whatever the number of dossiers."""
    if not isinstance(viewer, User) or not viewer.is_authenticated:
        return 0
    mine = Q(assignee_id=viewer.pk)
    pairs = getattr(viewer, "_tinhso_task_pool", None)  # one read per request, however many badges
    if pairs is None:
        pairs = list(active_positions(viewer).values_list("agency_id", "role"))
        viewer._tinhso_task_pool = pairs  # type: ignore[attr-defined]
    pool = Q()
    for agency_id, role in pairs:
        pool |= Q(agency_id=agency_id, role=role)
    who = (mine | (pool & Q(assignee__isnull=True))) if pool else mine
    rows = StepRun.objects.filter(who, finished_at__isnull=True)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by()[:cap].count()
