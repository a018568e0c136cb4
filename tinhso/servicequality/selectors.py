"""What of the index a viewer may see: leaders and department heads see the scopes of their agencies (a
provincial leader the province, every department and every commune); system administrators all."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from tinhso.core.access import AnyUser, agencies_of, has_role, is_sysadmin
from tinhso.core.models import AdministrativeUnit, Agency, Role, User
from tinhso.dossiers.models import Dossier
from tinhso.servicequality import drilldown
from tinhso.servicequality.index import (
    Scope,
    commune_scope,
    communes,
    department_scope,
    departments,
    province_scope,
)

VIEWER_ROLES = (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD)


def may_view(viewer: AnyUser) -> bool:
    return is_sysadmin(viewer) or (isinstance(viewer, User) and has_role(viewer, VIEWER_ROLES))


def sees_province(viewer: AnyUser) -> bool:
    if is_sysadmin(viewer):
        return True
    if not isinstance(viewer, User):
        return False
    return agencies_of(viewer, roles=VIEWER_ROLES).filter(kind=Agency.Kind.PROVINCE_COMMITTEE).exists()


def visible_scopes(viewer: AnyUser) -> list[Scope]:
    """The scopes the viewer may open: the province first, then departments, then communes."""
    if not may_view(viewer):
        return []
    if sees_province(viewer):
        return [province_scope(), *departments(), *communes()]
    assert isinstance(viewer, User)
    mine = agencies_of(viewer, roles=VIEWER_ROLES)
    scopes: list[Scope] = []
    for agency in mine.filter(kind=Agency.Kind.DEPARTMENT):
        scopes.append(department_scope(agency))
    unit_ids = mine.filter(
        kind__in=[Agency.Kind.COMMUNE_COMMITTEE, Agency.Kind.COMMUNE_SERVICE_CENTRE]
    ).values("unit_id")
    for unit in AdministrativeUnit.objects.filter(pk__in=unit_ids).order_by("sort_key"):
        scopes.append(commune_scope(unit))
    return scopes


def scope_get(*, viewer: AnyUser, key: str) -> Scope | None:
    """A scope by key ("province", a department's agency code, a commune's unit code), if visible."""
    for scope in visible_scopes(viewer):
        if scope.key == key:
            return scope
    return None


def default_scope(viewer: AnyUser) -> Scope | None:
    scopes = visible_scopes(viewer)
    return scopes[0] if scopes else None


def dossiers_behind(
    *, viewer: AnyUser, scope: Scope, measure: str, start: dt.date, end: dt.date
) -> QuerySet[Dossier]:
    """The dossiers a number of the index counts (a scope the viewer may see only)."""
    if scope_get(viewer=viewer, key=scope.key) is None:
        return Dossier.objects.none()
    return drilldown.dossiers(scope, measure, start, end)
