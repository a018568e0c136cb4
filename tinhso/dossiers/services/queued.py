"""Queued online submission: the API takes a submission in with the checks that need no file opened and a
worker makes the dossier a moment later, under the same reference (ADR 0018).

`submission_accept` runs in the request: the procedure, the agency, the representation, the e-form's values,
the required papers, each file's type by its first bytes and the sizes are checked exactly as a direct
submission checks them, so a citizen hears at once about everything they can fix. The files are stored as
they came, one `Submission` row is written and its job deferred in the same transaction: a crash leaves no
row without its job and (with the file batch) no file without its row.

`submission_register` runs in the worker: photos merged into a PDF, each PDF opened and checked, then the
dossier made by `dossier_submit_online` with the submission's reference, idempotency key and the moment the
citizen sent it (the reception clock counts from then). A file that cannot be read (a corrupt photo, a
damaged PDF) makes the submission "could not be registered": the citizen is told why and sends it again; no
dossier and no file is left behind."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from procrastinate.exceptions import AlreadyEnqueued

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.models import AdministrativeUnit, Representation, User
from tinhso.core.notifications import notification_send
from tinhso.core.recent import recent
from tinhso.documents import safe_filename
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.models import Delivery, Dossier, Submission
from tinhso.dossiers.services.common import local_text
from tinhso.dossiers.services.submission import (
    Attached,
    _agencies,
    _check_complete,
    _within_limit,
    check_startable,
    check_uploads,
    dossier_submit_online,
    new_reference,
    paper_names,
)
from tinhso.dossiers.storage import delete_after_commit, file_batch
from tinhso.dossiers.tasks import submission_register_job
from tinhso.publicservices.models import Procedure
from tinhso.publicservices.versions import version_current

INCOMING = "incoming"  # MEDIA_ROOT folder of files waiting for their dossier (swept like the others)
EXTENSION = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def _existing(actor: User, key: uuid.UUID | None) -> Submission | None:
    if key is None:
        return None
    return Submission.objects.filter(applicant=actor, idempotency_key=key).select_related("dossier").first()


def _check(
    *,
    actor: User,
    procedure: Procedure,
    form_data: Mapping[str, Any],
    files: Mapping[int, Sequence[UploadedFile]],
    authorisation: Sequence[UploadedFile],
    delivery: str,
    delivery_address: str,
    commune: AdministrativeUnit | None,
    representation: Representation | None,
) -> dict[int | None, list[str]]:
    """Everything a direct submission checks before it opens a file; the types of each paper's files."""
    check_startable(actor, procedure, representation)
    unit = commune or actor.address_unit
    recent(("agencies", procedure.pk, unit.pk if unit else None), lambda: _agencies(procedure, unit))
    version = recent(("version", procedure.pk), lambda: version_current(procedure))
    paper_names(version.snapshot, files)
    kinds: dict[int | None, list[str]] = {cid: check_uploads(uploads) for cid, uploads in files.items()}
    if authorisation:
        kinds[None] = check_uploads(authorisation)
    _within_limit(sum(u.size or 0 for uploads in (*files.values(), authorisation) for u in uploads))
    # the completeness rules of a draft's submit, on a dossier that is never saved
    unsaved = Dossier(
        procedure=procedure,
        version=version,
        applicant=actor,
        representation=representation,
        form_data=dict(form_data),
        delivery=delivery,
        delivery_address=delivery_address,
    )
    _check_complete(unsaved, Attached(frozenset(files), bool(authorisation)))
    return kinds


def submission_accept(
    *,
    actor: User,
    procedure: Procedure,
    form_data: Mapping[str, Any],
    files: Mapping[int, Sequence[UploadedFile]],
    delivery: str = Delivery.ONLINE,
    delivery_address: str = "",
    commune: AdministrativeUnit | None = None,
    representation: Representation | None = None,
    authorisation: Sequence[UploadedFile] = (),
    idempotency_key: uuid.UUID | None = None,
) -> tuple[Submission, bool]:
    """Take an online submission in: (submission, created). The same idempotency key returns the first (found
    by the unique constraint: a repeat is rare, the check before would cost every submission a query)."""
    delivery = delivery if delivery in Delivery.values else Delivery.ONLINE
    delivery_address = delivery_address.strip()[:300]
    kinds = _check(
        actor=actor,
        procedure=procedure,
        form_data=form_data,
        files=files,
        authorisation=authorisation,
        delivery=delivery,
        delivery_address=delivery_address,
        commune=commune,
        representation=representation,
    )
    reference = new_reference()
    sent: list[tuple[int | None, Sequence[UploadedFile]]] = [*files.items()]
    if authorisation:
        sent.append((None, authorisation))
    try:
        with file_batch() as batch, transaction.atomic():
            papers = []
            for cid, uploads in sent:
                stored = []
                for upload, kind in zip(uploads, kinds[cid], strict=True):
                    upload.seek(0)
                    path = batch.save(
                        f"{INCOMING}/{reference}/{uuid.uuid4().hex}{EXTENSION[kind]}", upload.read()
                    )
                    stored.append([path, safe_filename(upload.name or "")])
                papers.append({"component": cid, "authorisation": cid is None, "files": stored})
            submission = Submission.objects.create(
                reference=reference,
                applicant=actor,
                procedure=procedure,
                commune=commune,
                representation=representation,
                form_data=dict(form_data),
                delivery=delivery,
                delivery_address=delivery_address,
                papers=papers,
                idempotency_key=idempotency_key,
                created_at=clock.now(),
            )
            audit_record(
                actor=actor, action="submission.accept", obj=submission, summary={"procedure": procedure.code}
            )
            # the job row is written by this transaction: committed with the submission or not at all
            submission_register_job.configure(queueing_lock=f"submission-{submission.pk}").defer(
                submission_id=submission.pk
            )
            return submission, True
    except IntegrityError:
        # the same key raced in from a second request: answer with the submission that won
        existing = _existing(actor, idempotency_key)
        if existing is None:
            raise
        return existing, False


def _uploads(paper: dict[str, Any]) -> list[UploadedFile]:
    out: list[UploadedFile] = []
    for path, name in paper["files"]:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        out.append(SimpleUploadedFile(name or os.path.basename(path), data))
    return out


def submission_register(*, submission_id: int) -> Submission:
    """Make the dossier of a waiting submission (the worker's job; running it again changes nothing)."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("applicant", "procedure", "commune", "representation")
            .get(pk=submission_id)
        )
        if submission.state != Submission.State.WAITING:
            return submission
        paths = [path for paper in submission.papers for path, _name in paper["files"]]
        try:
            files = {p["component"]: _uploads(p) for p in submission.papers if not p["authorisation"]}
            authorisation = [u for p in submission.papers if p["authorisation"] for u in _uploads(p)]
            with transaction.atomic():
                dossier, _created = dossier_submit_online(
                    actor=submission.applicant,
                    procedure=submission.procedure,
                    form_data=submission.form_data,
                    files=files,
                    delivery=submission.delivery,
                    delivery_address=submission.delivery_address,
                    commune=submission.commune,
                    representation=submission.representation,
                    authorisation=authorisation,
                    idempotency_key=submission.idempotency_key,
                    reference=submission.reference,
                    submitted_at=submission.created_at,
                )
        except (DossierError, OSError) as exc:
            _failed(submission, exc)
        else:
            submission.state = Submission.State.REGISTERED
            submission.dossier = dossier
        submission.registered_at = clock.now()
        submission.save(update_fields=["state", "dossier", "errors", "message", "registered_at"])
        delete_after_commit(paths)  # the dossier keeps its own (converted) copies
        return submission


def _failed(submission: Submission, exc: Exception) -> None:
    if isinstance(exc, DossierError):
        message, errors = str(exc), {k: [str(m) for m in v] for k, v in exc.errors.items()}
    else:
        message, errors = str(_("A file of the submission could not be read. Send the dossier again.")), {}
    submission.state = Submission.State.FAILED
    submission.message = message[:300]
    submission.errors = errors
    audit_record(
        actor=submission.applicant,
        action="submission.fail",
        obj=submission,
        summary={"reason": message[:200]},
    )
    values = {
        "reference": submission.reference,
        "procedure_name": submission.procedure.name,
        "submitted": local_text(submission.created_at),
        "reason": message,
    }
    url = reverse("portal:procedure", kwargs={"code": submission.procedure.code})
    transaction.on_commit(
        lambda: notification_send(
            actor=None,
            recipient=submission.applicant,
            event="submission.failed",
            context=values,
            url=url,
        )
    )


def submissions_stuck(*, older_than_minutes: int = 10) -> int:
    """Waiting submissions whose job is gone (failed beyond its retries, or a queue emptied by hand) are
    deferred again; the job's lock keeps a submission from being queued twice."""
    cutoff = clock.now() - dt.timedelta(minutes=older_than_minutes)
    count = 0
    for pk in Submission.objects.filter(state=Submission.State.WAITING, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )[:500]:
        try:
            submission_register_job.configure(queueing_lock=f"submission-{pk}").defer(submission_id=pk)
        except AlreadyEnqueued:
            continue
        count += 1
    return count
