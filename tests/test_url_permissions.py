"""Every URL must carry an explicit permission decision (after GOV.UK Notify's route-authentication test),
and a role x page matrix checks that the decisions hold."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tinhso.api.api import api
from tinhso.core.models import Role

# URL trees whose permission is decided by the framework that owns them.
DELEGATED = {
    "admin": "Django admin: admin_site.admin_view requires an active staff account on every view",
    "api-1": "django-ninja: checked operation by operation in test_every_api_operation_has_a_decision",
}


def walk(resolver: URLResolver, prefix: str = "", namespace: str | None = None):  # type: ignore[no-untyped-def]
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


def test_every_view_has_a_permission_decision():
    missing = []
    for route, namespace, callback in walk(get_resolver()):
        if namespace in DELEGATED:
            continue
        if not getattr(callback, "tinhso_permission", None):
            missing.append(f"{route} -> {callback.__module__}.{callback.__qualname__}")
    assert not missing, "Views without a permission decision:\n" + "\n".join(missing)


def test_every_api_operation_has_a_decision():
    missing = []
    # bound routers carry the operations as served, with the API-wide auth applied
    for router in api._get_bound_routers():
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                public = getattr(operation.view_func, "tinhso_permission", None) == "public"
                if not operation.auth_callbacks and not public:
                    missing.append(f"{operation.methods} {path}")
                if operation.auth_callbacks and public:
                    missing.append(f"{operation.methods} {path} (marked public but requires auth)")
    assert not missing, "API operations without a permission decision:\n" + "\n".join(missing)


STAFF_PAGES = [
    "backoffice:home",
    "backoffice:officials",
    "backoffice:agencies",
    "backoffice:tokens",
    "backoffice:inbox",
]
LOGIN_PAGES = [
    "portal:account",
    "portal:after-login",
    "portal:inbox",
    "portal:notification-settings",
    "portal:my-audit",
    "portal:profile-edit",
    "portal:representations",
]
PUBLIC_PAGES = ["portal:home", "portal:login", "portal:agencies", "portal:units"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", STAFF_PAGES + LOGIN_PAGES)
def test_anonymous_visitors_are_sent_to_login(name):
    response = Client().get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_open_to_everyone(name):
    assert Client().get(reverse(name)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", STAFF_PAGES)
def test_citizens_are_refused_staff_pages(name, citizen_client):
    response = citizen_client.get(reverse(name))
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
@pytest.mark.parametrize("name", STAFF_PAGES)
def test_every_staff_role_reaches_the_back_office(role, name, commune_committee):
    client = Client()
    client.force_login(factories.official(commune_committee, role))
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_configuration_is_for_system_administrators_only(commune_committee, citizen_client):
    leader = Client()
    leader.force_login(factories.official(commune_committee, Role.AGENCY_LEADER))
    assert leader.get("/quan-tri/").status_code == 302  # admin login, not the site
    assert citizen_client.get("/quan-tri/").status_code == 302
    admin = Client()
    admin.force_login(factories.sysadmin())
    assert admin.get("/quan-tri/").status_code == 200


@pytest.mark.django_db
def test_the_admin_login_goes_through_the_platform_login():
    response = Client().get("/quan-tri/login/?next=/quan-tri/core/agency/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert "quan-tri" in response["Location"]
