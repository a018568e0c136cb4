"""Queued online submission over the API: `POST /api/v1/dossiers` with `Prefer: respond-async` answers 202
with a submission the moment its checks pass and its files are stored; `GET /api/v1/submissions/{reference}`
follows it until the worker has made the dossier (same reference) or says why it could not. Thin over
`tinhso.dossiers.services.queued` and the dossier selectors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from tinhso.api.dossier_schemas import DossierErrorOut, SubmissionOut
from tinhso.api.schemas import ErrorOut
from tinhso.core import permissions
from tinhso.core.models import User
from tinhso.dossiers import selectors
from tinhso.dossiers.errors import NotAllowed
from tinhso.dossiers.models import Dossier, Submission
from tinhso.dossiers.services.queued import submission_accept

router = Router(tags=["dossiers"])


def wants_async(prefer: str) -> bool:
    """RFC 7240: `Prefer: respond-async` (among other preferences, any case)."""
    return any(token.strip().lower() == "respond-async" for token in prefer.split(","))


def accept(*, actor: User, **submission: Any) -> Status:
    """202 with a new submission (200 with the first for a repeated idempotency key)."""
    taken, created = submission_accept(actor=actor, **submission)
    return Status(202 if created else 200, _with_dossier(taken))


def _with_dossier(submission: Submission) -> dict[str, Any]:
    """The submission, with the dossier's own summary (as GET /dossiers/{reference}) once it is registered."""
    from tinhso.api.dossiers import _summary

    dossier = None
    if submission.dossier_id is not None:
        dossier = _summary(
            Dossier.objects.select_related(
                "procedure", "version", "competent_agency", "receiving_agency"
            ).get(pk=submission.dossier_id)
        )
    return {
        "reference": submission.reference,
        "state": submission.state,
        "state_label": str(Submission.State(submission.state).label),
        "procedure_code": submission.procedure.code,
        "submitted_at": submission.created_at,
        "registered_at": submission.registered_at,
        "message": submission.message,
        "errors": submission.errors or {},
        "dossier": dossier,
        "links": {
            "api": reverse("api-1:submission_get", kwargs={"reference": submission.reference}),
            "page": None,
        },
    }


@router.get(
    "/submissions/{reference}",
    response={200: SubmissionOut, 403: DossierErrorOut, 404: ErrorOut},
    summary="One of your queued online submissions: being registered, registered (with the dossier) or not",
    url_name="submission_get",
)
def submission_get(request: HttpRequest, reference: str) -> Status:
    user = permissions.acting_user(request)
    if user.kind != User.Kind.CITIZEN:
        raise NotAllowed(_("Only citizen accounts submit and follow dossiers here."))
    found = selectors.submission_for_citizen(viewer=user, reference=reference)
    if found is None:
        return Status(404, {"detail": _("No such submission.")})
    return Status(200, _with_dossier(found))
