"""Periodic housekeeping for dossier files."""

from __future__ import annotations

from procrastinate.contrib.django import app

from tinhso.dossiers.storage import sweep_orphan_files


@app.periodic(cron="17 2 * * *", periodic_id="dossier-orphan-files")
@app.task(queue="periodic", queueing_lock="dossier-orphan-files")
def dossier_orphan_files(timestamp: int) -> int:
    """Nightly: files under dossiers/ and issued/ that no row points at (a process killed between writing
    a file and committing) are removed once they are a day old."""
    return sweep_orphan_files()


@app.periodic(cron="*/5 * * * *", periodic_id="dossier-deadline-watch")
@app.task(queue="periodic", queueing_lock="dossier-deadline-watch")
def dossier_deadline_watch(timestamp: int) -> str:
    """Every five minutes: reminders before steps are due, escalations when they are overdue, late marks."""
    from tinhso.dossiers.deadlines import deadline_watch

    result = deadline_watch()
    return f"reminded {result.reminded}, escalated {result.escalated}, late {result.late}"


@app.task(queue="sync")
def portal_sync_dossier(dossier_id: int) -> int:
    """Send a dossier's pending status changes to the national portal, in order."""
    from tinhso.dossiers.portal_sync import send_pending

    return send_pending(dossier_id)


@app.periodic(cron="* * * * *", periodic_id="portal-sync-retry")
@app.task(queue="periodic", queueing_lock="portal-sync-retry")
def portal_sync_retry_due(timestamp: int) -> int:
    """Every minute: the items whose back-off has passed."""
    from tinhso.dossiers.portal_sync import send_due

    return send_due()


@app.task(queue="intake", retry=3)
def submission_register_job(submission_id: int) -> str:
    """Make the dossier of an online submission the API took in (services/queued.py)."""
    from tinhso.dossiers.services.queued import submission_register

    submission = submission_register(submission_id=submission_id)
    return f"{submission.reference}: {submission.state}"


@app.periodic(cron="*/10 * * * *", periodic_id="submission-stuck")
@app.task(queue="periodic", queueing_lock="submission-stuck")
def submissions_stuck_job(timestamp: int) -> int:
    """Every ten minutes: submissions still waiting after ten minutes get their job again."""
    from tinhso.dossiers.services.queued import submissions_stuck

    return submissions_stuck()
