"""Signing errors. Their text is for logs and never contains key material."""

from __future__ import annotations


class SigningError(Exception):
    """A signature could not be made (no credential, missing key, backend failure)."""
