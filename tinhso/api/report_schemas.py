"""Schemas of /api/v1/staff/register and /api/v1/staff/statistics."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from tinhso.api.dossier_schemas import AgencyRefOut, LinksOut


class PeriodOut(Schema):
    key: str  # "2026-11", "2026-Q4", "2026"; "" for a range of days
    label: str
    first: dt.date
    last: dt.date  # included


class RegisterLineOut(Schema):
    number: int  # the line's place in the register (TT)
    id: int
    code: str | None
    reference: str
    procedure_code: str
    procedure_name: str
    quantity: int
    applicant_name: str
    subject_name: str
    contact: str  # address and telephone
    competent_agency: AgencyRefOut
    receiving_agency: AgencyRefOut
    channel: int
    status: int
    status_label: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None  # the appointment in force (after an apology: the new one)
    original_due_at: dt.datetime | None  # the appointment an apology letter moved
    handed_over_at: dt.datetime | None  # the first step at the competent agency began
    result_received_at: dt.datetime | None  # processed: the result went to the desk
    returned_at: dt.datetime | None
    verdict: str  # early, on_time, late (processed); within, overdue (in progress); "" otherwise
    links: LinksOut


class RegisterPageOut(Schema):
    period: PeriodOut
    measure: str
    measure_label: str
    count: int
    items: list[RegisterLineOut]


class StatusCountOut(Schema):
    status: int
    label: str
    count: int


class CountsOut(Schema):
    to_handle: int
    carried_over: int
    received: int
    received_online: int
    received_walk_in: int
    received_postal: int
    processed: int
    processed_early: int
    processed_on_time: int
    processed_late: int
    in_progress: int
    in_progress_within: int
    in_progress_overdue: int
    withdrawn: int
    stopped: int
    supplement: int
    refused: int
    by_status: list[StatusCountOut]


class StatisticsRowOut(Schema):
    code: str  # agency identifier, unit code or procedure code
    label: str
    counts: CountsOut
    register_url: str  # the register's API of this row (add `measure=` for one number's dossiers)


class StatisticsOut(Schema):
    period: PeriodOut
    group_by: str
    rows: list[StatisticsRowOut]
    totals: CountsOut
    generated_at: dt.datetime
