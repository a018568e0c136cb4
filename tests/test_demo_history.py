"""The demo's past dossiers: made by the real services in the past, finished, some late and rated; once."""

from __future__ import annotations

import datetime as dt

from tinhso.core import clock
from tinhso.core.demo import load_demo_people
from tinhso.dossiers.demo_history import CITIZENS, load_demo_history
from tinhso.dossiers.models import Dossier, PortalSync, Status
from tinhso.signing.demo import load_demo_signing


def test_demo_history_finishes_past_dossiers_once(db, settings):  # type: ignore[no-untyped-def]
    # given the demo ward's officials, the leader with a signing PIN
    settings.TINHSO_DEMO_HISTORY = 4
    load_demo_people()
    load_demo_signing()
    # when the history is loaded twice
    made = load_demo_history()
    again = load_demo_history()
    # then the dossiers are in the past, carried to the result by the ward's officials, and none is added twice
    history = Dossier.objects.filter(applicant__username__in=[username for username, _ in CITIZENS])
    assert made == 4 and again == 0
    assert history.count() == 4
    assert set(history.values_list("status", flat=True)) <= {Status.PROCESSED, Status.RETURNED}
    week_ago = clock.now() - dt.timedelta(days=7)
    assert all(d.received_at < week_ago and d.finished_at for d in history)
    assert set(history.values_list("received_by__username", flat=True)) == {"motcua.pdp"}
    # and every status change reached the national portal when it happened
    syncs = PortalSync.objects.filter(dossier__in=history)
    assert syncs.exists() and not syncs.exclude(state=PortalSync.State.SENT).exists()
    assert all(s.sent_at == s.changed_at for s in syncs)
