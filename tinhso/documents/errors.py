"""The one error a person can be shown when a document of theirs is refused."""

from __future__ import annotations


class DocumentError(ValueError):
    """A file the person gave cannot be used; `str(error)` is a translated message for them."""
