"""The index's jobs: the refresh after a dossier changed, and the nightly check against a recomputation."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

log = logging.getLogger(__name__)


@app.task(queue="index")
def index_refresh(dossier_id: int) -> int:
    from tinhso.servicequality.feed import refresh_dossier

    return refresh_dossier(dossier_id)


@app.periodic(cron="37 3 * * *", periodic_id="index-check")
@app.task(queue="periodic", queueing_lock="index-check")
def index_check(timestamp: int) -> int:
    """Nightly: the daily table against a recomputation from the records; differences are logged (and
    corrected by `manage.py index_recompute --apply`)."""
    from tinhso.servicequality.counters import differences

    found = differences()
    if found:
        log.warning("service-quality index: %d cells differ from a recomputation", len(found))
    return len(found)
