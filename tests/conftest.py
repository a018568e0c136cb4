from __future__ import annotations

import pytest
from django.test import Client

from tests import factories
from tinhso.core import workcalendar
from tinhso.core.notification_templates import load_notification_templates
from tinhso.core.reference import load_agencies, load_calendar_defaults, load_domain_reference, load_units


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Each test database (one per xdist worker) gets the reference data once; tests run in transactions."""
    with django_db_blocker.unblock():
        load_units()
        load_agencies()
        load_calendar_defaults()
        load_notification_templates()
        load_domain_reference()
        from tinhso.signing.authority import demo_credentials_ensure

        demo_credentials_ensure()  # every agency's seal; leaders made by tests get theirs when they sign
        from tinhso.payments.demo import load_demo_payments

        load_demo_payments()  # every agency's (fictitious) collection account and the simulated bank's secret


@pytest.fixture(autouse=True)
def _fresh_calendar() -> None:
    """Each test's transaction is rolled back: make the calendar re-read its rows at first use."""
    workcalendar.calendar_invalidate()


@pytest.fixture(autouse=True)
def _versions_checked_every_time(settings):  # type: ignore[no-untyped-def]
    """Tests edit procedures through the ORM without publishing: compare with the latest version each time
    (tests/test_procedure_versions.py covers the trust window)."""
    settings.TINHSO_VERSION_CHECK_SECONDS = 0


@pytest.fixture
def province_committee(db):  # type: ignore[no-untyped-def]
    return factories.agency("19:committee")


@pytest.fixture
def justice_department(db):  # type: ignore[no-untyped-def]
    return factories.agency("19:dept:tu-phap")


@pytest.fixture
def commune_committee(db):  # type: ignore[no-untyped-def]
    return factories.agency("05443:committee")


@pytest.fixture
def citizen(db):  # type: ignore[no-untyped-def]
    return factories.UserFactory(full_name="Nguyễn Văn An")


@pytest.fixture
def citizen_client(citizen) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(citizen)
    return client


def login_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client
