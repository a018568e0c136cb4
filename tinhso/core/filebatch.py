"""Files written during a transaction are deleted again if it fails, so a crash half-way leaves no orphan
file (the rows roll back by themselves). Used by every domain that stores files with its rows."""

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
