"""Files written during a transaction are deleted again if it fails, so a crash mid-submission leaves no
orphan file (the rows roll back by themselves)."""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


class FileBatch:
    def __init__(self) -> None:
        self.names: list[str] = []

    def save(self, name: str, data: bytes) -> str:
        stored = default_storage.save(name, ContentFile(data))
        self.names.append(stored)
        return stored

    def discard(self) -> None:
        for name in self.names:
            with contextlib.suppress(OSError):
                default_storage.delete(name)
        self.names.clear()


@contextlib.contextmanager
def file_batch() -> Iterator[FileBatch]:
    """Use outside `transaction.atomic()`: `with file_batch() as files, transaction.atomic(): ...`"""
    batch = FileBatch()
    try:
        yield batch
    except BaseException:
        batch.discard()
        raise


def delete_after_commit(names: list[str]) -> None:
    def _delete() -> None:
        for name in names:
            with contextlib.suppress(OSError):
                default_storage.delete(name)

    transaction.on_commit(_delete)


_current: contextvars.ContextVar[FileBatch | None] = contextvars.ContextVar("tinhso_file_batch", default=None)


def atomic_with_files(func: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic` that also removes the files written inside it when it fails (see
    `current_batch`)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outer = _current.get()
        if outer is not None:  # already inside one: its batch and transaction cover us
            with transaction.atomic():
                return func(*args, **kwargs)
        with file_batch() as batch:
            token = _current.set(batch)
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            finally:
                _current.reset(token)

    return wrapper


def current_batch() -> FileBatch:
    batch = _current.get()
    if batch is None:
        raise RuntimeError("files must be written inside an atomic_with_files block")
    return batch


def sweep_orphan_files(*, older_than_hours: int = 24) -> int:
    """Delete stored dossier files no row refers to. The transaction-level cleanup covers failures that
    raise; this covers a process killed between writing a file and committing."""
    import os
    import time
    from pathlib import Path

    from django.conf import settings

    from tinhso.dossiers.models import DossierDocument, DossierFile

    root = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - older_than_hours * 3600
    known = set(DossierFile.objects.values_list("file", flat=True)) | set(
        DossierDocument.objects.values_list("file", flat=True)
    )
    removed = 0
    for top in ("dossiers", "issued"):
        for path in (root / top).rglob("*") if (root / top).is_dir() else []:
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
            if path.relative_to(root).as_posix() not in known:
                os.unlink(path)
                removed += 1
    return removed
