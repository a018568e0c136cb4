"""Schemas of the dossier API (tinhso.api.dossiers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class DossierErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class AgencyRefOut(Schema):
    code: str
    name: str


class LinksOut(Schema):
    api: str
    page: str | None = None


class DossierOut(Schema):
    id: int
    reference: str
    code: str | None
    number: str
    status: int
    status_label: str
    procedure_code: str
    procedure_name: str
    version: int
    applicant_name: str
    subject_name: str
    competent_agency: AgencyRefOut
    receiving_agency: AgencyRefOut
    channel: int
    delivery: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    closed_at: dt.datetime | None
    lock_version: int
    links: LinksOut


class DossierPageOut(Schema):
    count: int
    items: list[DossierOut]


class FileOut(Schema):
    id: int
    component: str
    is_authorisation: bool
    name: str
    pages: int
    size: int
    round: int


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    issued_at: dt.datetime
    items: str
    url: str


class EventOut(Schema):
    at: dt.datetime
    kind: str
    status: int | None
    status_label: str | None
    step_name: str
    note: str


class FormValueOut(Schema):
    key: str
    label: str
    value: Any = None


class DossierDetailOut(DossierOut):
    form: list[FormValueOut]
    delivery_address: str
    outcome_note: str
    files: list[FileOut]
    documents: list[DocumentOut]
    timeline: list[EventOut]


class StepOut(Schema):
    name: str
    kind: str
    role: str
    agency_code: str
    assignee: str | None
    finished_by: str | None
    started_at: dt.datetime
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    budget_hours: float
    spent_hours: float | None
    on_time: bool | None
    outcome: str
    note: str
    handover_from: str | None = None  # the sending agency's code, for a step handed over (liên thông)
    accepted_at: dt.datetime | None = None


class ApplicantOut(Schema):
    full_name: str
    citizen_id_masked: str
    phone: str
    email: str


class StaffDossierOut(DossierDetailOut):
    applicant: ApplicantOut
    representation: str | None
    open_step: StepOut | None
    steps: list[StepOut]
    actions: list[str]
    decisions: list[str]  # "apology" (form 04) and "stop" (form 05), for the competent agency's head


class TaskOut(Schema):
    dossier_id: int
    number: str
    reference: str
    code: str | None
    procedure_name: str
    applicant_name: str
    subject_name: str
    step_name: str
    step_kind: str
    assigned_to_me: bool
    due_at: dt.datetime | None
    received_at: dt.datetime | None
    submitted_at: dt.datetime | None
    mark: str
    mark_label: str
    links: LinksOut


class ActionIn(Schema):
    lock_version: int
    note: str = ""
    items: str = ""
    reason: str = ""
    to_user: str | None = None
    due_at: dt.datetime | None = None
    amount: int | None = None  # request-payment: the amount in đồng, paid by VietQR
    tracking: str = ""  # return: the postal tracking number, required for results sent by post
    pin: str = ""  # finish: the signer's PIN (the result is signed with their certificate)


class SubmissionOut(Schema):
    """An online submission taken in for registration (`Prefer: respond-async`): follow it until `dossier`."""

    reference: str
    state: str
    state_label: str
    procedure_code: str
    submitted_at: dt.datetime
    registered_at: dt.datetime | None
    message: str
    errors: dict[str, list[str]] = {}
    dossier: DossierOut | None = None
    links: LinksOut
