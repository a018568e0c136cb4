"""Reads that depend on who is asking. Views and the API call these, never the models directly."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from tinhso.core import access
from tinhso.core.access import AnyUser
from tinhso.core.models import (
    AdministrativeUnit,
    Agency,
    ApiToken,
    AuditEntry,
    Department,
    ExternalIdentity,
    Position,
    Representation,
    User,
)
from tinhso.core.vietnamese import strip_diacritics


def _matches(q: str, *fields: str) -> Q:
    cond = Q()
    for field in fields:
        cond |= Q(**{f"{field}__icontains": q})
    return cond


def unit_list(
    *,
    viewer: AnyUser,
    province_code: str | None = None,
    level: str | None = None,
    q: str = "",
    served_only: bool = False,
) -> QuerySet[AdministrativeUnit]:
    """Administrative units are public information."""
    units = AdministrativeUnit.objects.filter(valid_to__isnull=True).select_related("parent")
    if province_code:
        units = units.filter(Q(parent__code=province_code) | Q(code=province_code, level="province"))
    if level:
        units = units.filter(level=level)
    if served_only:
        units = units.filter(is_served=True)
    if q := q.strip():
        units = units.filter(
            _matches(q, "name") | Q(codename__icontains=strip_diacritics(q).lower().replace(" ", "_"))
        )
    return units


def served_province(*, viewer: AnyUser) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.PROVINCE,
        code=str(settings.TINHSO_PROVINCE_CODE),
        valid_to__isnull=True,
    ).first()


def agency_list(*, viewer: AnyUser, kind: str | None = None, q: str = "") -> QuerySet[Agency]:
    """The public directory of agencies: who they are and where to find them."""
    agencies = Agency.objects.filter(is_active=True).select_related("unit", "parent")
    if kind:
        agencies = agencies.filter(kind=kind)
    if q := q.strip():
        agencies = agencies.filter(_matches(q, "name", "short_name", "code"))
    return agencies


def agency_get(*, viewer: AnyUser, code: str) -> Agency | None:
    return (
        agency_list(viewer=viewer)
        .prefetch_related(Prefetch("departments", queryset=Department.objects.filter(is_active=True)))
        .filter(code=code)
        .first()
    )


def agencies_for_staff(*, viewer: AnyUser) -> QuerySet[Agency]:
    """The agencies an official works in or oversees."""
    return access.agencies_of(viewer).filter(is_active=True).select_related("unit", "parent")


def official_list(*, viewer: AnyUser, agency: Agency | None = None, q: str = "") -> QuerySet[User]:
    """Officials of the viewer's agencies (all of them for a system administrator); nobody for citizens."""
    if not (access.is_official(viewer) or access.is_sysadmin(viewer)):
        return User.objects.none()
    visible = access.agencies_of(viewer)
    positions = Position.objects.filter(is_active=True, agency__in=visible)
    if agency is not None:
        positions = positions.filter(agency=agency)
    users = (
        User.objects.filter(is_active=True, positions__in=positions)
        .distinct()
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=positions.select_related("agency", "department").order_by(
                    "agency__sort_key", "role"
                ),
                to_attr="visible_positions",
            )
        )
    )
    if q := q.strip():
        users = users.filter(_matches(q, "full_name", "username"))
    return users


def official_count(*, viewer: AnyUser) -> int:
    """How many officials official_list would show, without building the list."""
    if not (access.is_official(viewer) or access.is_sysadmin(viewer)):
        return 0
    positions = Position.objects.filter(
        is_active=True, user__is_active=True, agency__in=access.agencies_of(viewer)
    )
    return positions.order_by().values("user_id").distinct().count()


def positions_of(*, viewer: AnyUser) -> QuerySet[Position]:
    return access.active_positions(viewer).select_related("agency", "department").order_by("agency__sort_key")


def api_token_list(*, viewer: AnyUser) -> QuerySet[ApiToken]:
    """A person's own tokens (administrators manage others' in the admin)."""
    if not viewer.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=viewer.pk).order_by("-created_at")


def representations_of(*, viewer: AnyUser) -> QuerySet[Representation]:
    """The people a citizen has declared they act for (their own declarations only)."""
    if not viewer.is_authenticated:
        return Representation.objects.none()
    return Representation.objects.filter(representative_id=viewer.pk)


def external_identities_of(*, viewer: AnyUser) -> QuerySet[ExternalIdentity]:
    """The identities (VNeID …) linked to the viewer's own account."""
    if not viewer.is_authenticated:
        return ExternalIdentity.objects.none()
    return ExternalIdentity.objects.filter(user_id=viewer.pk).order_by("provider", "linked_at")


def external_identity_get(*, viewer: AnyUser, pk: int) -> ExternalIdentity | None:
    return external_identities_of(viewer=viewer).filter(pk=pk).first()


def audit_for_subject(*, viewer: AnyUser) -> QuerySet[AuditEntry]:
    """What was done with the viewer's own records, and by whom, newest first (everyone sees only their
    own; administrators browse the whole log in the admin)."""
    if not viewer.is_authenticated:
        return AuditEntry.objects.none()
    return (
        AuditEntry.objects.filter(subject_id=viewer.pk)
        .select_related("actor")
        .prefetch_related(
            Prefetch(
                "actor__positions",
                queryset=Position.objects.filter(is_active=True, agency__is_active=True)
                .select_related("agency")
                .order_by("agency__sort_key"),
                to_attr="audit_positions",
            )
        )
        .order_by("-at", "-id")
    )
