"""The dossier domain's errors: the platform's user errors (tinhso.core.errors) under the names the dossier
code has always used."""

from __future__ import annotations

from tinhso.core.errors import NotAllowed, StaleAction, UserError, not_in_status, stale

DossierError = UserError

__all__ = ["DossierError", "NotAllowed", "StaleAction", "not_in_status", "stale"]
