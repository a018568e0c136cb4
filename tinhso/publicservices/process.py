"""Internal processes (quy trình nội bộ) and deadlines.

A procedure uses its own process when an administrator set one, otherwise a default chosen by level and
field. Step budgets are working hours, or a share of the statutory time so one default fits procedures of
1 and of 15 working days. Deadlines count working time from the receipt of a complete dossier
(REGULATIONS §1); "trong ngày" procedures received after 15:00 are due the next working day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import workcalendar
from tinhso.core.models import Agency, Role
from tinhso.publicservices.models import Procedure, ProcessStep, ProcessTemplate, TimeKind

HOURS_PER_DAY = Decimal(8)
Step = ProcessStep.Kind
Place = ProcessStep.Place

# code -> (name, source, steps as (name, kind, role, place, department, share of the statutory time %))
DEFAULT_PROCESSES: dict[str, tuple[Any, str, list[tuple[Any, str, str, str, str, int]]]] = {
    "commune-civil-status": (
        _("Commune civil status"),
        "Quy trình nội bộ mẫu (Luật Hộ tịch 2014; Nghị định 118/2025/NĐ-CP)",
        [
            (
                _("Reception at the one-stop desk"),
                Step.RECEIVE,
                Role.ONE_STOP_OFFICER,
                Place.RECEIVING,
                "",
                10,
            ),
            (_("Review by the civil status officer"), Step.HANDLE, Role.SPECIALIST, Place.COMPETENT, "", 50),
            (_("Approval by the commune leader"), Step.APPROVE, Role.AGENCY_LEADER, Place.COMPETENT, "", 30),
            (_("Return of the result"), Step.RETURN, Role.ONE_STOP_OFFICER, Place.RECEIVING, "", 10),
        ],
    ),
    "commune-general": (
        _("Commune procedure"),
        "Quy trình nội bộ mẫu (Nghị định 118/2025/NĐ-CP)",
        [
            (
                _("Reception at the one-stop desk"),
                Step.RECEIVE,
                Role.ONE_STOP_OFFICER,
                Place.RECEIVING,
                "",
                10,
            ),
            (_("Examination by the specialist"), Step.HANDLE, Role.SPECIALIST, Place.COMPETENT, "", 50),
            (_("Approval by the commune leader"), Step.APPROVE, Role.AGENCY_LEADER, Place.COMPETENT, "", 30),
            (_("Return of the result"), Step.RETURN, Role.ONE_STOP_OFFICER, Place.RECEIVING, "", 10),
        ],
    ),
    "province-general": (
        _("Provincial procedure"),
        "Quy trình nội bộ mẫu (Nghị định 118/2025/NĐ-CP)",
        [
            (
                _("Reception at the one-stop desk"),
                Step.RECEIVE,
                Role.ONE_STOP_OFFICER,
                Place.RECEIVING,
                "",
                5,
            ),
            (_("Examination by the specialist"), Step.HANDLE, Role.SPECIALIST, Place.COMPETENT, "", 50),
            (_("Review by the head of division"), Step.HANDLE, Role.DEPARTMENT_HEAD, Place.COMPETENT, "", 15),
            (_("Approval by the agency leader"), Step.APPROVE, Role.AGENCY_LEADER, Place.COMPETENT, "", 20),
            (_("Return of the result"), Step.RETURN, Role.ONE_STOP_OFFICER, Place.RECEIVING, "", 10),
        ],
    ),
}


@dataclass(frozen=True)
class InterAgencyProcess:
    """A default process that passes the dossier to a partner agency (liên thông): `partner` is the
    partner's reference key (Agency.ref), `procedures` the national codes that use it by default."""

    name: Any
    source: str
    description: Any
    partner: str
    procedures: tuple[str, ...]
    steps: list[tuple[Any, str, str, str, str, int]]


# The commune police, who register residence since 1 July 2025, are not in the reference data: the
# provincial police stand in until an administrator sets the real partner on the process.
INTER_AGENCY_PROCESSES: dict[str, InterAgencyProcess] = {
    "lien-thong-khai-sinh-thuong-tru": InterAgencyProcess(
        name=_("Birth registration with permanent residence (inter-agency)"),
        source=(
            "Quy trình liên thông mẫu (Thông tư liên tịch 05/2015/TTLT-BTP-BCA-BYT; Nghị định 118/2025/NĐ-CP)"
        ),
        description=_(
            "The commune registers the birth, then hands the dossier to the police for permanent "
            "residence; the one-stop desk returns both results. Add the social insurance step when that "
            "agency is on the platform."
        ),
        partner="19:dept:cong-an",
        procedures=("2.000986",),
        steps=[
            (
                _("Reception at the one-stop desk"),
                Step.RECEIVE,
                Role.ONE_STOP_OFFICER,
                Place.RECEIVING,
                "",
                5,
            ),
            (
                _("Birth registration by the civil status officer"),
                Step.HANDLE,
                Role.SPECIALIST,
                Place.COMPETENT,
                "",
                20,
            ),
            (
                _("The commune leader signs the birth certificate and hands over to the police"),
                Step.HANDLE,
                Role.AGENCY_LEADER,
                Place.COMPETENT,
                "",
                10,
            ),
            (
                _("Permanent residence registration by the police"),
                Step.HANDLE,
                Role.SPECIALIST,
                Place.PARTNER,
                "",
                40,
            ),
            (_("Approval by the police leader"), Step.APPROVE, Role.AGENCY_LEADER, Place.PARTNER, "", 15),
            (_("Return of the results"), Step.RETURN, Role.ONE_STOP_OFFICER, Place.RECEIVING, "", 10),
        ],
    ),
}


def _create_steps(
    template: ProcessTemplate, steps: list[tuple[Any, str, str, str, str, int]], partner: Agency | None
) -> None:
    ProcessStep.objects.bulk_create(
        ProcessStep(
            template=template,
            position=i,
            name=str(step_name),
            kind=kind,
            role=role,
            place=place,
            partner_agency=partner if place == Place.PARTNER else None,
            department=department,
            budget_share=share,
        )
        for i, (step_name, kind, role, place, department, share) in enumerate(steps)
    )


@transaction.atomic
def load_default_processes() -> dict[str, int]:
    """Create the default processes that do not exist yet; an administrator's edits are kept. An
    inter-agency process is given to its procedures only while they have no process of their own."""
    created = 0
    for code, (name, source, steps) in DEFAULT_PROCESSES.items():
        template, new = ProcessTemplate.objects.get_or_create(
            code=code, defaults={"name": str(name), "source": source}
        )
        if new:
            created += 1
            _create_steps(template, steps, None)
    for code, spec in INTER_AGENCY_PROCESSES.items():
        partner = Agency.objects.filter(ref=spec.partner, is_active=True).first()
        if partner is None:  # another province's reference data: nothing to hand over to
            continue
        template, new = ProcessTemplate.objects.get_or_create(
            code=code,
            defaults={"name": str(spec.name), "source": spec.source, "description": str(spec.description)},
        )
        if new:
            created += 1
            _create_steps(template, spec.steps, partner)
            Procedure.objects.filter(code__in=spec.procedures, process__isnull=True).update(process=template)
    return {"processes": created}


def template_for(procedure: Procedure) -> ProcessTemplate | None:
    if procedure.process_id:
        return procedure.process
    # a procedure of both levels with no provincial agency named is handled by the commune chosen
    by_commune = procedure.level == Procedure.Level.COMMUNE or (
        procedure.level == Procedure.Level.BOTH and procedure.competent_agency_id is None
    )
    if by_commune:
        code = "commune-civil-status" if procedure.field.strip().lower() == "hộ tịch" else "commune-general"
    else:
        code = "province-general"
    return ProcessTemplate.objects.filter(code=code).first()


def process_spec(procedure: Procedure) -> dict[str, Any]:
    template = template_for(procedure)
    if template is None:
        return {"code": "", "name": "", "steps": []}
    return {
        "code": template.code,
        "name": template.name,
        "steps": [
            _step_spec(s) for s in template.steps.select_related("partner_agency").order_by("position", "id")
        ],
    }


def _step_spec(step: ProcessStep) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": step.name,
        "kind": step.kind,
        "role": step.role,
        "place": step.place,
        "department": step.department,
        "budget_hours": None if step.budget_hours is None else str(step.budget_hours),
        "budget_share": step.budget_share,
    }
    if step.place == Place.PARTNER and step.partner_agency is not None:
        # the agency itself (its code may be edited); the name as it was, for pages and forms
        spec["agency_id"] = step.partner_agency_id
        spec["agency_name"] = step.partner_agency.name
    return spec


def statutory_due(snapshot: dict[str, Any], received_at: dt.datetime) -> dt.datetime | None:
    """The appointment date for a dossier received complete at `received_at`, or None when the procedure
    publishes no processing time (the officer then sets one)."""
    kind, amount = snapshot.get("time_kind"), snapshot.get("time_amount")
    if kind == TimeKind.SAME_DAY:
        return workcalendar.same_day_due(received_at)
    if amount is None:
        return None
    value = Decimal(amount)
    if kind == TimeKind.WORKING_DAYS:
        return workcalendar.add_working_hours(received_at, value * HOURS_PER_DAY)
    if kind == TimeKind.WORKING_HOURS:
        return workcalendar.add_working_hours(received_at, value)
    if kind == TimeKind.CALENDAR_DAYS:
        # counted in calendar days; a deadline falling on a day off moves to the next office moment
        return workcalendar.next_office_moment(received_at + dt.timedelta(days=float(value)))
    return None


def step_budget(step: dict[str, Any], total_hours: Decimal | None) -> Decimal:
    """Working hours allowed for one step: its own budget, else its share of the statutory time."""
    if step.get("budget_hours") is not None:
        return Decimal(step["budget_hours"])
    if total_hours is not None and step.get("budget_share"):
        return (total_hours * Decimal(step["budget_share"]) / 100).quantize(Decimal("0.01"))
    return HOURS_PER_DAY
