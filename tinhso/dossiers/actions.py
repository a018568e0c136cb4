"""What an official may do next to a dossier, for the back office and the API alike: which actions the open
step allows this viewer, and one entry point that runs an action through its service. Surfaces never
decide this themselves, so a page and an API client always offer and refuse the same things."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.access import AnyUser
from tinhso.core.models import User
from tinhso.dossiers import services
from tinhso.dossiers.errors import StaleAction
from tinhso.dossiers.models import Dossier, Status, StepRun
from tinhso.dossiers.selectors import open_step_of
from tinhso.dossiers.services.common import may_act, steps_of
from tinhso.publicservices.process import statutory_due

# the inbox's deadline marks (selectors.mark_for), always shown as words as well as colours
MARKS: dict[str, str | Promise] = {
    "overdue": _("Overdue"),
    "due_soon": _("Due soon"),
    "on_time": _("Within the deadline"),
}
WORKING = frozenset({Status.RECEIVED, Status.PROCESSING})


@dataclass(frozen=True)
class Action:
    name: str  # the API's path segment
    label: str | Promise  # the button
    step_kinds: frozenset[str]  # empty: any open step
    statuses: frozenset[int]
    confirm: bool = False  # a decision that cannot be undone: the person ticks a confirmation


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("receive", _("Receive"), frozenset({"receive"}), frozenset({Status.SUBMITTED})),
        Action("forward", _("Forward to the next step"), frozenset({"handle"}), WORKING),
        Action("finish", _("Approve and sign the result"), frozenset({"approve"}), WORKING),
        Action("return", _("Result returned"), frozenset({"return"}), frozenset({Status.PROCESSED})),
        Action("resume", _("Financial obligation fulfilled"), frozenset(), frozenset({Status.PAYMENT})),
        Action(
            "request-supplements",
            _("Request supplements"),
            frozenset({"receive", "handle"}),
            frozenset({Status.SUBMITTED, *WORKING}),
        ),
        Action("send-back", _("Send back to the previous step"), frozenset({"handle", "approve"}), WORKING),
        Action("request-payment", _("Request the financial obligation"), frozenset({"handle"}), WORKING),
        Action("refuse", _("Refuse"), frozenset({"receive"}), frozenset({Status.SUBMITTED}), confirm=True),
        Action("accept-handover", _("Accept the inter-agency dossier"), frozenset(), WORKING),
        Action("reject-handover", _("Return it to the sending agency"), frozenset(), WORKING, confirm=True),
    )
}
# a step handed over to a partner agency (liên thông) offers these, and only these, until accepted
HANDOVER = frozenset({"accept-handover", "reject-handover"})


def _possible(action: Action, dossier: Dossier, step: StepRun) -> bool:
    if dossier.status not in action.statuses:
        return False
    if action.step_kinds and step.kind not in action.step_kinds:
        return False
    if dossier.status == Status.PAYMENT and action.name != "resume":
        return False
    if step.awaits_acceptance or action.name in HANDOVER:
        return step.awaits_acceptance and action.name in HANDOVER
    steps = steps_of(dossier)
    if action.name == "forward":
        return step.index + 1 < len(steps) and steps[step.index + 1]["kind"] != "return"
    if action.name == "send-back":
        return step.index > 1
    return True


def available_actions(*, viewer: AnyUser, dossier: Dossier, step: StepRun | None = None) -> list[Action]:
    """The actions the dossier's open step allows this viewer now (none when the step is someone else's)."""
    step = step if step is not None else open_step_of(dossier)
    if step is None or not isinstance(viewer, User) or not may_act(viewer, step):
        return []
    return [a for a in ACTIONS.values() if _possible(a, dossier, step)]


def needs_appointment(dossier: Dossier) -> bool:
    """The procedure publishes no processing time: the desk sets the appointment when receiving."""
    return statutory_due(dossier.version.snapshot, clock.now()) is None


def perform(
    name: str,
    *,
    actor: User,
    dossier: Dossier,
    lock_version: int | None,
    note: str = "",
    items: str = "",
    reason: str = "",
    to_user: User | None = None,
    due_at: dt.datetime | None = None,
    pin: str = "",
    amount: int | None = None,
    tracking: str = "",
) -> Dossier:
    """Run one action through its service. DossierError (and its NotAllowed/StaleAction) pass through."""
    common: dict[str, Any] = {"actor": actor, "dossier": dossier, "lock_version": lock_version}
    runners: dict[str, Callable[[], Dossier]] = {
        "receive": lambda: services.dossier_receive(**common, due_at=due_at),
        "request-supplements": lambda: services.dossier_request_supplements(**common, items=items),
        "refuse": lambda: services.dossier_refuse(**common, reason=reason),
        "forward": lambda: services.dossier_forward(**common, to_user=to_user, note=note),
        "send-back": lambda: services.dossier_send_back(**common, note=note),
        "request-payment": lambda: services.dossier_request_payment(**common, note=note, amount=amount),
        "resume": lambda: services.dossier_resume_after_payment(**common),
        "finish": lambda: services.dossier_finish(**common, note=note, pin=pin),
        "return": lambda: services.dossier_return_result(**common, note=note, tracking=tracking),
        "accept-handover": lambda: services.dossier_accept_handover(**common, note=note),
        "reject-handover": lambda: services.dossier_reject_handover(**common, reason=reason),
    }
    runner = runners.get(name)
    if runner is None:
        raise StaleAction(_("This action is not possible in the dossier's current status. Reload the page."))
    return runner()
