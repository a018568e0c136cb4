"""version_current: the latest version when it still says what the procedure says, found without the
procedure's row lock; a change is published at the next submission, or within the trust window."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.publicservices import versions
from tinhso.publicservices.models import Procedure, TimeKind
from tinhso.publicservices.versions import version_current

pytestmark = pytest.mark.django_db
BIRTH = "1.001193"


def test_an_unchanged_procedure_gives_its_latest_version_without_locking_it():
    # given birth registration as loaded (version 1)
    birth = Procedure.objects.get(code=BIRTH)
    # when a submission asks for the current version
    with CaptureQueriesContext(connection) as queries:
        current = version_current(birth)
    # then it is version 1, and the procedure's row was not locked
    assert current.number == 1
    assert not [q for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]


def test_a_change_made_outside_the_admin_is_published_at_the_next_submission():
    # given birth registration, changed through the ORM (no publishing) to 3 working days
    birth = Procedure.objects.get(code=BIRTH)
    version_current(birth)
    Procedure.objects.filter(pk=birth.pk).update(time_kind=TimeKind.WORKING_DAYS, time_amount=Decimal(3))
    birth.refresh_from_db()
    # when a submission asks for the current version
    current = version_current(birth)
    # then version 2 says 3 working days
    assert current.number == 2 and current.snapshot["time_amount"] == "3"
    assert version_current(birth).pk == current.pk


def test_within_the_trust_window_a_process_keeps_the_version_it_compared(settings, monkeypatch):
    # given a process that trusts a comparison for 10 seconds, and birth registration just compared
    settings.TINHSO_VERSION_CHECK_SECONDS = 10
    clock = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(versions, "_matched", {})
    birth = Procedure.objects.get(code=BIRTH)
    assert version_current(birth).number == 1
    # when the procedure changes without being published, 5 seconds later
    Procedure.objects.filter(pk=birth.pk).update(time_kind=TimeKind.WORKING_DAYS, time_amount=Decimal(3))
    birth.refresh_from_db()
    clock[0] += 5
    # then version 1 is still given, with no comparison made
    with CaptureQueriesContext(connection) as queries:
        assert version_current(birth).number == 1
    assert len(queries.captured_queries) == 1  # the latest version, nothing else
    # and once the window has passed, the change is published
    clock[0] += 6
    assert version_current(birth).number == 2
