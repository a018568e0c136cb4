"""Online submission: a draft the citizen fills in over several visits, then one submit.

Files are checked by content (PDF/JPEG/PNG), photos of one paper become one compressed PDF, and a failure
anywhere leaves neither a half-written dossier nor an orphan file."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.files import validate_upload
from tinhso.core.models import AdministrativeUnit, Agency, Representation, User
from tinhso.documents import DocumentError, check_pdf, images_to_pdf, safe_filename
from tinhso.dossiers.errors import DossierError, NotAllowed, not_in_status
from tinhso.dossiers.models import Delivery, Dossier, DossierFile, Status
from tinhso.dossiers.services.common import event, lock, notify_applicant, open_step, set_status
from tinhso.dossiers.storage import FileBatch, delete_after_commit, file_batch
from tinhso.publicservices import eforms
from tinhso.publicservices.models import Component, Procedure, ProcedureVersion
from tinhso.publicservices.process import HOURS_PER_DAY
from tinhso.publicservices.versions import version_current

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def _agencies(procedure: Procedure, commune: AdministrativeUnit | None) -> tuple[Agency, Agency]:
    """(competent agency, receiving point). Commune-level procedures belong to the commune the citizen
    chose; the commune's service centre receives them."""
    if (
        procedure.level in (Procedure.Level.COMMUNE, Procedure.Level.BOTH)
        and procedure.competent_agency is None
    ):
        if commune is None:
            raise DossierError(_("Choose the commune or ward where you submit the dossier."))
        kinds = [Agency.Kind.COMMUNE_COMMITTEE, Agency.Kind.COMMUNE_SERVICE_CENTRE]
        # one query for both; the first of each kind wins (ordered by id, the last assignment stays)
        found = {
            a.kind: a
            for a in Agency.objects.filter(unit=commune, kind__in=kinds, is_active=True).order_by("-id")
        }
        committee = found.get(Agency.Kind.COMMUNE_COMMITTEE)
        if committee is None:
            raise DossierError(_("This commune does not receive dossiers on the platform yet."))
        return committee, found.get(Agency.Kind.COMMUNE_SERVICE_CENTRE) or committee
    competent = (
        procedure.competent_agency
        or Agency.objects.filter(kind=Agency.Kind.PROVINCE_COMMITTEE, is_active=True).first()
    )
    receiving = (
        procedure.receiving_points.filter(is_active=True).order_by("sort_key").first()
        or Agency.objects.filter(kind=Agency.Kind.PROVINCE_SERVICE_CENTRE, is_active=True).first()
        or competent
    )
    if competent is None or receiving is None:
        raise DossierError(_("No agency handles this procedure on the platform yet."))
    return competent, receiving


def _check_representation(actor: User, representation: Representation | None) -> None:
    if representation is not None and (
        representation.representative_id != actor.pk or representation.ended_at is not None
    ):
        raise NotAllowed(_("You do not represent this person."))


def check_startable(actor: User, procedure: Procedure, representation: Representation | None) -> None:
    """The procedure takes online dossiers and the actor may act for the person represented."""
    if not procedure.is_active or procedure.online_level == Procedure.OnlineLevel.NONE:
        raise DossierError(_("This procedure cannot be submitted online."))
    _check_representation(actor, representation)


@transaction.atomic
def dossier_start(
    *,
    actor: User,
    procedure: Procedure,
    commune: AdministrativeUnit | None = None,
    representation: Representation | None = None,
) -> Dossier:
    """A draft bound to the procedure's current version."""
    return _start(actor=actor, procedure=procedure, commune=commune, representation=representation)


def _start(
    *,
    actor: User,
    procedure: Procedure,
    commune: AdministrativeUnit | None,
    representation: Representation | None,
    form_data: dict[str, Any] | None = None,
    reference: str | None = None,
    **fields: Any,
) -> Dossier:
    """dossier_start's work inside the caller's transaction; `form_data` (else prefilled from the profile)
    and other `fields` are written with the new row."""
    check_startable(actor, procedure, representation)
    competent, receiving = _agencies(procedure, commune or actor.address_unit)
    if form_data is None:
        form_data = eforms.prefill(eforms.form_spec(procedure), actor)
    dossier = Dossier.objects.create(
        reference=reference or new_reference(),
        procedure=procedure,
        version=version_current(procedure),
        applicant=actor,
        applicant_name=actor.full_name or actor.username,
        representation=representation,
        subject_name=representation.full_name if representation else "",
        competent_agency=competent,
        receiving_agency=receiving,
        status=Status.DRAFT,
        form_data=form_data,
        **fields,
    )
    audit_record(actor=actor, action="dossier.start", obj=dossier, summary={"procedure": procedure.code})
    return dossier


def _own_draft(actor: User, dossier: Dossier, lock_version: int | None = None) -> Dossier:
    if dossier.applicant_id != actor.pk:
        raise NotAllowed(_("This dossier is not yours."))
    return lock(dossier, lock_version, statuses={Status.DRAFT})


@transaction.atomic
def dossier_save_draft(
    *,
    actor: User,
    dossier: Dossier,
    form_data: Mapping[str, Any],
    delivery: str = Delivery.ONLINE,
    delivery_address: str = "",
) -> Dossier:
    """Keep whatever was typed, valid or not: it is checked at submission."""
    dossier = _own_draft(actor, dossier)
    keys = {item["key"] for item in dossier.version.snapshot.get("form", [])}
    dossier.form_data = {k: v for k, v in form_data.items() if k in keys and _plain(v)}
    dossier.delivery = delivery if delivery in Delivery.values else Delivery.ONLINE
    dossier.delivery_address = delivery_address.strip()[:300]
    dossier.save(update_fields=["form_data", "delivery", "delivery_address", "updated_at"])
    return dossier


def _plain(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) and len(str(value)) <= 4000


@transaction.atomic
def dossier_discard_draft(*, actor: User, dossier: Dossier) -> None:
    dossier = _own_draft(actor, dossier)
    delete_after_commit([f.file.name for f in dossier.files.all() if f.file.name])
    audit_record(actor=actor, action="dossier.discard", obj=dossier, summary={"reference": dossier.reference})
    dossier.delete()


# --- files ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    data: bytes
    name: str
    content_type: str
    pages: int


def check_uploads(uploads: Sequence[UploadedFile]) -> list[str]:
    """The checks that need only the files' first bytes and sizes: each file's type by content, the paper's
    size, one PDF or photos. Returns the types."""
    if not uploads:
        raise DossierError(_("Choose a file or take a photo."))
    kinds = []
    for upload in uploads:
        try:
            kinds.append(validate_upload(upload))
        except ValidationError as exc:
            raise DossierError(exc.messages[0]) from exc
    total = sum(u.size or 0 for u in uploads)
    if total > settings.DOSSIER_COMPONENT_MAX_BYTES:
        raise DossierError(
            _("The files of one paper may not exceed %(mb)d MB in all."),
            mb=settings.DOSSIER_COMPONENT_MAX_BYTES // 2**20,
        )
    if "application/pdf" in kinds and kinds != ["application/pdf"]:
        raise DossierError(_("Send one PDF file, or one or more photos, for each paper."))
    return kinds


def prepare_files(uploads: Sequence[UploadedFile]) -> Prepared:
    """One stored file for one paper: a PDF as sent, or the photos merged into one compressed PDF."""
    kinds = check_uploads(uploads)
    name = safe_filename(uploads[0].name or "")
    try:
        if kinds == ["application/pdf"]:
            data = uploads[0].read()
            return Prepared(data, name, "application/pdf", check_pdf(data))
        data = images_to_pdf([u.read() for u in uploads])
    except DocumentError as exc:
        raise DossierError(str(exc)) from exc
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return Prepared(data, f"{stem}.pdf", "application/pdf", len(uploads))


def _component(dossier: Dossier, component_id: int | None) -> tuple[Component | None, str]:
    return _components(dossier, [component_id])[component_id]


def paper_names(snapshot: dict[str, Any], component_ids: Iterable[int | None]) -> dict[int | None, str]:
    """The names of the papers a version asks to submit, by id; DossierError if an id is not one of them."""
    names = {
        item["id"]: item["name"]
        for item in snapshot.get("components", [])
        if item["kind"] == Component.Kind.SUBMIT
    }
    if any(cid not in names for cid in component_ids):
        raise DossierError(_("This paper is not part of the procedure."))
    return names


def _components(
    dossier: Dossier, component_ids: Sequence[int | None]
) -> dict[int | None, tuple[Component | None, str]]:
    """Each paper of the dossier's version to submit, with its name there, in one query."""
    names = paper_names(dossier.version.snapshot, component_ids)
    rows = Component.objects.in_bulk([cid for cid in component_ids if cid is not None])
    return {cid: (rows.get(cid) if cid is not None else None, names[cid]) for cid in component_ids}


def _store(
    files: FileBatch,
    *,
    actor: User,
    dossier: Dossier,
    prepared: Prepared,
    component: Component | None,
    component_name: str,
    source: str,
    is_authorisation: bool = False,
    round: int = 0,
) -> DossierFile:
    row = _file_row(
        files,
        actor=actor,
        dossier=dossier,
        prepared=prepared,
        component=component,
        component_name=component_name,
        source=source,
        is_authorisation=is_authorisation,
        round=round,
    )
    row.save()
    return row


def _file_row(
    files: FileBatch,
    *,
    actor: User,
    dossier: Dossier,
    prepared: Prepared,
    component: Component | None,
    component_name: str,
    source: str,
    is_authorisation: bool = False,
    round: int = 0,
) -> DossierFile:
    """The file written to storage (removed again if the transaction fails) and its row, not yet saved."""
    stored = files.save(f"dossiers/{dossier.reference}/{uuid.uuid4().hex}.pdf", prepared.data)
    return DossierFile(
        dossier=dossier,
        component=component,
        component_name=component_name,
        is_authorisation=is_authorisation,
        file=stored,
        original_name=prepared.name,
        content_type=prepared.content_type,
        size=len(prepared.data),
        pages=prepared.pages,
        sha256=hashlib.sha256(prepared.data).hexdigest(),
        source=source,
        round=round,
        uploaded_by=actor,
    )


def _within_dossier_limit(dossier: Dossier, adding: int) -> None:
    _within_limit(sum(dossier.files.values_list("size", flat=True)) + adding)


def _within_limit(total: int) -> None:
    if total > settings.DOSSIER_MAX_BYTES:
        raise DossierError(
            _("A dossier's files may not exceed %(mb)d MB in all."), mb=settings.DOSSIER_MAX_BYTES // 2**20
        )


def dossier_attach(
    *,
    actor: User,
    dossier: Dossier,
    component_id: int | None,
    uploads: Sequence[UploadedFile],
    source: str = DossierFile.Source.UPLOAD,
    is_authorisation: bool = False,
) -> DossierFile:
    """Attach a paper to a draft, replacing what was attached for it before."""
    if dossier.applicant_id != actor.pk:  # before any image work on a stranger's behalf
        raise NotAllowed(_("This dossier is not yours."))
    prepared = prepare_files(uploads)  # slow image work happens before the row is locked
    with file_batch() as files, transaction.atomic():
        dossier = _own_draft(actor, dossier)
        if is_authorisation:
            component, name = None, str(_("Authorisation document"))
            previous = dossier.files.filter(is_authorisation=True)
        else:
            component, name = _component(dossier, component_id)
            previous = dossier.files.filter(component=component, is_authorisation=False)
        old_names = [f.file.name for f in previous if f.file.name]
        previous.delete()
        _within_dossier_limit(dossier, len(prepared.data))
        stored = _store(
            files,
            actor=actor,
            dossier=dossier,
            prepared=prepared,
            component=component,
            component_name=name,
            source=source,
            is_authorisation=is_authorisation,
        )
        delete_after_commit(old_names)
        return stored


@transaction.atomic
def dossier_remove_file(*, actor: User, dossier: Dossier, file_id: int) -> None:
    dossier = _own_draft(actor, dossier)
    row = dossier.files.filter(pk=file_id).first()
    if row is not None:
        delete_after_commit([row.file.name or ""])
        row.delete()


# --- submission ----------------------------------------------------------------------------------------


# Papers the online e-form stands for (the declaration): not uploaded (Decree 45/2020: no paper twice).
EFORM_DOCUMENT_TYPES = frozenset({"to-khai"})


def papers_to_upload(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The procedure's papers to submit online, in order: the e-form replaces the declaration."""
    return [
        c
        for c in snapshot.get("components", [])
        if c["kind"] == Component.Kind.SUBMIT and c.get("document_type") not in EFORM_DOCUMENT_TYPES
    ]


@dataclass(frozen=True)
class Attached:
    """What a dossier created in this transaction holds: its papers and whether an authorisation."""

    components: frozenset[int | None]
    authorisation: bool


def _check_complete(dossier: Dossier, attached_now: Attached | None = None) -> dict[str, Any]:
    """The e-form's clean values, or DossierError with every problem. `attached_now` saves reading back the
    files a dossier was given in this very transaction."""
    snapshot = dossier.version.snapshot
    cleaned, errors = eforms.validate(snapshot.get("form", []), dossier.form_data)
    if attached_now is not None:
        attached = set(attached_now.components)
    else:
        attached = set(dossier.files.filter(is_authorisation=False).values_list("component_id", flat=True))
    missing = [c["name"] for c in papers_to_upload(snapshot) if c.get("required") and c["id"] not in attached]
    problems: dict[str, list[str]] = dict(errors)
    if missing:
        problems["components"] = [str(_("Attach: %(name)s") % {"name": name[:120]}) for name in missing]
    rep = dossier.representation
    if rep is not None and rep.ended_at is not None:
        problems["representation"] = [str(_("You no longer act for %(name)s.") % {"name": rep.full_name})]
    if (
        rep is not None
        and rep.relationship == Representation.Relationship.AUTHORISED
        and not rep.authorisation
        and not (
            attached_now.authorisation
            if attached_now is not None
            else dossier.files.filter(is_authorisation=True).exists()
        )
    ):
        problems["authorisation"] = [str(_("Attach the authorisation document."))]
    if dossier.delivery == Delivery.POST and not dossier.delivery_address:
        problems["delivery_address"] = [str(_("Enter the address the result should be posted to."))]
    if problems:
        raise DossierError(_("The dossier is not complete yet."), errors=problems)
    return cleaned


def _estimated_hours(snapshot: dict[str, Any]) -> Any:
    if snapshot.get("time_kind") == "working_days" and snapshot.get("time_amount"):
        from decimal import Decimal

        return Decimal(snapshot["time_amount"]) * HOURS_PER_DAY
    return HOURS_PER_DAY


# Loaded with the caller's copy and unchanged by a lock (the procedure is read again: its content decides the
# version).
_KEPT_RELATIONS = ("version", "applicant", "representation", "competent_agency", "receiving_agency")


def _keep_relations(locked: Dossier, original: Dossier) -> Dossier:
    """The freshly locked row reuses the related rows the caller's copy already holds (same ids) instead of
    fetching each one again."""
    for name in _KEPT_RELATIONS:
        field = cast(ForeignKey, Dossier._meta.get_field(name))
        if field.is_cached(original) and getattr(locked, field.attname) == getattr(original, field.attname):
            field.set_cached_value(locked, field.get_cached_value(original))
    return locked


@transaction.atomic
def dossier_submit(*, actor: User, dossier: Dossier) -> Dossier:
    """Submit a draft: status 1 "Mới đăng ký". Submitting twice (a double click) returns the same dossier."""
    if dossier.applicant_id != actor.pk:
        raise NotAllowed(_("This dossier is not yours."))
    dossier = _keep_relations(lock(dossier, None), dossier)
    if dossier.status == Status.SUBMITTED:
        return dossier
    if dossier.status != Status.DRAFT:
        raise not_in_status()
    return _submit_draft(actor=actor, dossier=dossier, current=version_current(dossier.procedure))


def _submit_draft(
    *,
    actor: User,
    dossier: Dossier,
    current: ProcedureVersion,
    attached_now: Attached | None = None,
    submitted_at: dt.datetime | None = None,
) -> Dossier:
    """The locked draft, complete by the rules of `current` (the procedure's version now), becomes status 1."""
    if current.pk != dossier.version_id:
        dossier.version = current  # the rules in force when it is submitted
    dossier.form_data = _check_complete(dossier, attached_now)
    set_status(
        dossier, Status.SUBMITTED, actor=actor, kind="submitted", submitted_at=submitted_at or clock.now()
    )
    open_step(dossier, 0, total_hours=_estimated_hours(dossier.version.snapshot))
    notify_applicant(dossier, "dossier.submitted", actor=actor)
    return dossier


def dossier_submit_online(
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
    reference: str | None = None,
    submitted_at: dt.datetime | None = None,
) -> tuple[Dossier, bool]:
    """Everything in one call (the API): returns (dossier, created). The same idempotency key returns the
    dossier the first call made. A queued submission (services/queued.py) passes its reference and the moment
    the citizen sent it."""
    if idempotency_key is not None:
        existing = Dossier.objects.filter(applicant=actor, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    prepared = {cid: prepare_files(uploads) for cid, uploads in files.items()}
    auth = prepare_files(authorisation) if authorisation else None
    _within_limit(sum(len(p.data) for p in prepared.values()) + (len(auth.data) if auth else 0))
    try:
        with file_batch() as batch, transaction.atomic():
            dossier = _start(
                actor=actor,
                procedure=procedure,
                commune=commune,
                representation=representation,
                form_data=dict(form_data),  # checked against the e-form when submitted, below
                reference=reference,
                idempotency_key=idempotency_key,
                delivery=delivery if delivery in Delivery.values else Delivery.ONLINE,
                delivery_address=delivery_address.strip()[:300],
            )
            components = _components(dossier, list(prepared))
            rows = []
            for cid, item in prepared.items():
                component, name = components[cid]
                rows.append(
                    _file_row(
                        batch,
                        actor=actor,
                        dossier=dossier,
                        prepared=item,
                        component=component,
                        component_name=name,
                        source=DossierFile.Source.UPLOAD,
                    )
                )
            if auth is not None:
                rows.append(
                    _file_row(
                        batch,
                        actor=actor,
                        dossier=dossier,
                        prepared=auth,
                        component=None,
                        component_name=str(_("Authorisation document")),
                        source=DossierFile.Source.UPLOAD,
                        is_authorisation=True,
                    )
                )
            DossierFile.objects.bulk_create(rows)
            # created in this transaction, unseen by anyone else: no lock to take, its version was made
            # current a moment ago by _start, and its files are the rows just written
            attached = Attached(
                frozenset(r.component_id for r in rows if not r.is_authorisation), auth is not None
            )
            return _submit_draft(
                actor=actor,
                dossier=dossier,
                current=dossier.version,
                attached_now=attached,
                submitted_at=submitted_at,
            ), True
    except IntegrityError:
        # the same key raced in from a second request: answer with the dossier that won
        existing = Dossier.objects.filter(applicant=actor, idempotency_key=idempotency_key).first()
        if idempotency_key is None or existing is None:
            raise
        return existing, False


# --- supplements ---------------------------------------------------------------------------------------


def dossier_supplement(
    *,
    actor: User,
    dossier: Dossier,
    files: Mapping[int, Sequence[UploadedFile]],
    note: str = "",
    lock_version: int | None = None,
) -> Dossier:
    """The citizen sends what form 02 asked for; the clock runs again from now."""
    from tinhso.dossiers.services.desk import resume_after_supplement

    if dossier.applicant_id != actor.pk:
        raise NotAllowed(_("This dossier is not yours."))
    if not files and not note.strip():
        raise DossierError(_("Attach the requested papers or write an explanation."))
    prepared = {cid: prepare_files(uploads) for cid, uploads in files.items()}
    with file_batch() as batch, transaction.atomic():
        dossier = lock(dossier, lock_version, statuses={Status.SUPPLEMENT})
        round_no = dossier.events.filter(kind="supplement_requested").count()
        for cid, item in prepared.items():
            component, name = _component(dossier, cid)
            _store(
                batch,
                actor=actor,
                dossier=dossier,
                prepared=item,
                component=component,
                component_name=name,
                source=DossierFile.Source.UPLOAD,
                round=round_no,
            )
        _within_dossier_limit(dossier, 0)
        event(dossier, actor=actor, kind="supplemented", note=note.strip()[:2000])
        resume_after_supplement(dossier, actor=actor)
        return dossier
