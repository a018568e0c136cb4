"""Errors a person can act on, raised by the services of every domain. Surfaces turn them into a Vietnamese message and a 4xx status."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class UserError(Exception):
    status_code = 400

    def __init__(self, message: str | Promise, *, errors: dict[str, list[str]] | None = None, **params: Any):
        self.message = message
        self.params = params
        self.errors = errors or {}
        super().__init__(str(message))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class NotAllowed(UserError):
    """The person may not do this to this dossier (wrong agency, wrong role, not theirs)."""

    status_code = 403


class StaleAction(UserError):
    """Someone else changed the dossier since the page was shown, or the status no longer allows it."""

    status_code = 409


def not_in_status() -> StaleAction:
    return StaleAction(_("This action is not possible in the dossier's current status. Reload the page."))


def stale() -> StaleAction:
    return StaleAction(
        _("Another official has just acted on this dossier. Reload the page to see its current state.")
    )
