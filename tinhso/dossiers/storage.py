"""Dossier files: written through the transaction-bound file batch (tinhso.core.filebatch, re-exported here),
and the nightly sweep of files no row refers to."""

from __future__ import annotations

from tinhso.core.filebatch import (
    FileBatch,
    atomic_with_files,
    current_batch,
    delete_after_commit,
    file_batch,
)

__all__ = [
    "FileBatch",
    "atomic_with_files",
    "current_batch",
    "delete_after_commit",
    "file_batch",
    "sweep_orphan_files",
]

# every folder of MEDIA_ROOT where rows keep their files, and the rows
SWEPT = ("dossiers", "issued", "results", "receipts", "datastore", "incoming")


def sweep_orphan_files(*, older_than_hours: int = 24) -> int:
    """Delete stored dossier files no row refers to. The transaction-level cleanup covers failures that
    raise; this covers a process killed between writing a file and committing."""
    import os
    import time
    from pathlib import Path

    from django.conf import settings

    from tinhso.dossiers.models import DossierDocument, DossierFile, Submission
    from tinhso.payments.models import PaymentRequest

    root = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - older_than_hours * 3600
    known = (
        set(DossierFile.objects.values_list("file", flat=True))
        | set(DossierDocument.objects.values_list("file", flat=True))
        | set(PaymentRequest.objects.exclude(receipt="").values_list("receipt", flat=True))
        | {
            path
            for papers in Submission.objects.filter(state=Submission.State.WAITING).values_list(
                "papers", flat=True
            )
            for paper in papers
            for path, _name in paper["files"]
        }
    )
    try:
        from tinhso.datastore.models import StoredDocument

        known |= set(StoredDocument.objects.values_list("file", flat=True))
    except ImportError:  # a deployment without the data store
        pass
    removed = 0
    for top in SWEPT:
        for path in (root / top).rglob("*") if (root / top).is_dir() else []:
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
            if path.relative_to(root).as_posix() not in known:
                os.unlink(path)
                removed += 1
    return removed
