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
