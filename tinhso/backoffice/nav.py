"""The back office's navigation: what each role works on. Items whose pages do not exist yet are shown as
coming (not as links), so every role sees its own work areas from the first day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tinhso.core import access
from tinhso.core.access import AnyUser
from tinhso.core.links import reverse_or_none
from tinhso.core.models import Role
from tinhso.dossiers.selectors import inbox_count

ANY_STAFF: tuple[str, ...] = ()
# the dossier register (form 07) and the statistics: everyone who receives, handles or oversees dossiers
REPORT_ROLES = (Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...]  # empty: every official
    count: Callable[[AnyUser], int] | None = None  # a badge: how many things wait there

    def url(self) -> str | None:
        return reverse_or_none(self.url_name)


def _tasks(kind: str = "") -> Callable[[AnyUser], int]:
    def count(user: AnyUser) -> int:
        return inbox_count(viewer=user, kind=kind)

    return count


@dataclass(frozen=True)
class NavSection:
    title: str | Promise
    items: tuple[NavItem, ...]


SECTIONS = (
    NavSection(
        _("Overview"),
        (
            NavItem(_("Home"), "backoffice:home", ANY_STAFF),
            NavItem(_("Notifications"), "backoffice:inbox", ANY_STAFF),
            NavItem(_("Officials"), "backoffice:officials", ANY_STAFF),
            NavItem(_("My agencies"), "backoffice:agencies", ANY_STAFF),
        ),
    ),
    NavSection(
        _("One-stop desk"),
        (
            NavItem(
                _("Receive dossiers"), "backoffice:reception", (Role.ONE_STOP_OFFICER,), _tasks("receive")
            ),
            NavItem(_("Register at the desk"), "backoffice:intake", (Role.ONE_STOP_OFFICER,)),
            NavItem(_("Return results"), "backoffice:results", (Role.ONE_STOP_OFFICER,), _tasks("return")),
            NavItem(
                _("Payment reconciliation"),
                "backoffice:reconciliation",
                (Role.ONE_STOP_OFFICER, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD),
            ),
        ),
    ),
    NavSection(
        _("Processing"),
        (
            NavItem(
                _("Dossiers to handle"),
                "backoffice:worklist",
                (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER),
                _tasks(),
            ),
            NavItem(
                _("Awaiting approval"),
                "backoffice:approvals",
                (Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER),
                _tasks("approve"),
            ),
            NavItem(_("Results to sign"), "backoffice:signing", (Role.AGENCY_LEADER,), _tasks("approve")),
            NavItem(_("Digital signature"), "backoffice:signature", (Role.AGENCY_LEADER,)),
        ),
    ),
    NavSection(
        _("Registers and statistics"),
        (
            NavItem(_("Dossier register"), "backoffice:register", REPORT_ROLES),
            NavItem(_("Statistics"), "backoffice:statistics", REPORT_ROLES),
        ),
    ),
    NavSection(
        _("Official documents"),
        (
            NavItem(_("Incoming documents"), "backoffice:incoming", (Role.CLERK, Role.AGENCY_LEADER)),
            NavItem(_("Outgoing documents"), "backoffice:outgoing", (Role.CLERK, Role.AGENCY_LEADER)),
        ),
    ),
    NavSection(
        _("Leadership"),
        (
            NavItem(
                _("Service-quality index"),
                "backoffice:index",
                (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SYSADMIN),
            ),
        ),
    ),
    NavSection(
        _("Administration"),
        (
            NavItem(
                _("National portal synchronisation"), "backoffice:sync", (Role.AGENCY_LEADER, Role.SYSADMIN)
            ),
            NavItem(_("API tokens"), "backoffice:tokens", ANY_STAFF),
            NavItem(_("Configuration"), "admin:index", (Role.SYSADMIN,)),
        ),
    ),
)


@dataclass(frozen=True)
class VisibleItem:
    label: str | Promise
    url: str | None
    active: bool
    count: int | None = None


def navigation_for(user: AnyUser, current_path: str) -> list[tuple[str | Promise, list[VisibleItem]]]:
    result = []
    for section in SECTIONS:
        items = []
        for item in section.items:
            if item.roles and not access.has_role(user, item.roles):
                continue
            url = item.url()
            count = item.count(user) if item.count is not None and url is not None else None
            items.append(VisibleItem(item.label, url, url is not None and current_path == url, count))
        if items:
            result.append((section.title, items))
    return result
