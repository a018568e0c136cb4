"""Routing (issue 5, part 2): a commune centre receives for a provincial department, and an inter-agency
procedure (liên thông) hands the dossier to a partner agency, which accepts it or returns it with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories
from tests.dossier_helpers import PIN, commune, desk_officer, filled_form, ready_to_sign
from tinhso.core.models import Notification, Role, User
from tinhso.dossiers import selectors
from tinhso.dossiers.actions import available_actions
from tinhso.dossiers.errors import DossierError, NotAllowed, StaleAction
from tinhso.dossiers.models import Dossier, DossierEvent, Status, StepRun
from tinhso.dossiers.services import (
    Person,
    dossier_accept_handover,
    dossier_finish,
    dossier_forward,
    dossier_intake,
    dossier_reject_handover,
    dossier_return_result,
)
from tinhso.publicservices.models import Component, Procedure, ProcessStep

pytestmark = pytest.mark.django_db
LIEN_THONG = "2.000986"  # birth registration + permanent residence + health insurance card, under 6
COPY_CERTIFICATE = "2.000635"  # a Sở Tư pháp procedure, also received at commune centres


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _walk_in(code: str) -> Dossier:
    from tests.dossier_helpers import photo

    procedure = Procedure.objects.get(code=code)
    required = procedure.components.filter(kind=Component.Kind.SUBMIT, required=True)
    return dossier_intake(
        actor=desk_officer(),
        procedure=procedure,
        person=Person(full_name="Hà Thị Thu", citizen_id="019190000555", phone="0977000555"),
        form_data=filled_form(procedure),
        files={c.pk: [photo()] for c in required},
        commune=commune(),
    )


def police(role: str = Role.SPECIALIST) -> User:
    return factories.official(factories.agency("19:dept:cong-an"), role)


def ward(role: str) -> User:
    return factories.official(factories.agency("05443:committee"), role)


def _handed_over() -> tuple[Dossier, User]:
    """A walk-in liên thông dossier after the ward's officer and leader have passed it to the police."""
    dossier = _walk_in(LIEN_THONG)
    dossier = dossier_forward(actor=ward(Role.SPECIALIST), dossier=dossier)
    leader = ward(Role.AGENCY_LEADER)
    return dossier_forward(actor=leader, dossier=dossier), leader


def test_the_inter_agency_procedure_has_its_default_process_with_the_police_as_partner():
    procedure = Procedure.objects.get(code=LIEN_THONG)
    steps = list(procedure.process.steps.order_by("position"))
    partner = [s for s in steps if s.place == ProcessStep.Place.PARTNER]
    assert partner and {s.partner_agency.ref for s in partner} == {"19:dept:cong-an"}
    # and the shares of the statutory time add up to the whole
    assert sum(s.budget_share for s in steps) == 100


def test_a_hand_over_waits_for_the_partner_who_alone_can_accept_it(django_capture_on_commit_callbacks):
    # given the police officer, on duty before the hand-over
    officer = police()
    # when the ward's leader passes the dossier on
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _leader = _handed_over()
    # then the step at the police waits for acceptance, in the officer's inbox, and he was told
    step = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert step.agency.ref == "19:dept:cong-an" and step.handover_from.ref == "05443:committee"
    assert step.awaits_acceptance
    assert [t.dossier.pk for t in selectors.inbox(viewer=officer)] == [dossier.pk]
    assert Notification.objects.filter(recipient=officer, event="task.handover").exists()
    # and he sees the dossier, with only "accept" and "return" open to him
    assert selectors.dossier_for_staff(viewer=officer, pk=dossier.pk) is not None
    names = [a.name for a in available_actions(viewer=officer, dossier=dossier)]
    assert names == ["accept-handover", "reject-handover"]
    # and the citizen's timeline says where the dossier went
    shown = DossierEvent.objects.get(dossier=dossier, kind="handed_over")
    assert shown.visible_to_citizen and "Công an" in shown.note
    # and nobody at the ward can act for the police
    with pytest.raises(NotAllowed):
        dossier_accept_handover(actor=ward(Role.SPECIALIST), dossier=dossier)


def test_the_partner_accepts_then_processes_and_the_desk_returns_the_results():
    dossier, _leader = _handed_over()
    officer = police()
    # when the police officer accepts
    dossier = dossier_accept_handover(actor=officer, dossier=dossier)
    step = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert step.accepted_at is not None and step.assignee == officer
    assert "accept-handover" not in [a.name for a in available_actions(viewer=officer, dossier=dossier)]
    # a second acceptance is refused as stale
    with pytest.raises(StaleAction):
        dossier_accept_handover(actor=officer, dossier=dossier)
    # and the police leader approves, then the ward's desk returns both results
    dossier = dossier_forward(actor=officer, dossier=dossier)
    approve = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert approve.handover_from_id is None  # the same agency: no second hand-over
    dossier = dossier_finish(
        actor=ready_to_sign(police(Role.AGENCY_LEADER), "19:dept:cong-an"), pin=PIN, dossier=dossier
    )
    assert dossier.status == Status.PROCESSED
    returning = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert returning.agency.ref == "05443:centre" and returning.handover_from_id is None
    dossier = dossier_return_result(actor=desk_officer(), dossier=dossier)
    assert dossier.status == Status.RETURNED
    # each agency's steps ran with their own share of the time
    agencies = list(StepRun.objects.filter(dossier=dossier).values_list("agency__ref", flat=True))
    assert agencies.count("19:dept:cong-an") == 2


def test_a_refused_hand_over_goes_back_whole_to_the_sender(django_capture_on_commit_callbacks):
    dossier, leader = _handed_over()
    officer = police()
    # a refusal needs its reason
    with pytest.raises(DossierError):
        dossier_reject_handover(actor=officer, dossier=dossier, reason="  ")
    # when the police return it
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_reject_handover(
            actor=officer, dossier=dossier, reason="Thiếu phiếu báo thay đổi hộ khẩu"
        )
    # then the ward's leader has it again, told why; the refused step stays in the history
    back = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert back.assignee == leader and back.agency.ref == "05443:committee" and back.handover_from_id is None
    refused = StepRun.objects.get(dossier=dossier, outcome="handover_rejected")
    assert refused.note == "Thiếu phiếu báo thay đổi hộ khẩu" and refused.finished_by == officer
    alert = Notification.objects.get(recipient=leader, event="task.handover_rejected")
    assert "Thiếu phiếu báo thay đổi hộ khẩu" in alert.body
    assert dossier.status == Status.PROCESSING and dossier.files.count() > 0  # nothing lost
    # and passing it on again makes a new hand-over
    dossier = dossier_forward(actor=leader, dossier=dossier)
    assert StepRun.objects.get(dossier=dossier, finished_at__isnull=True).awaits_acceptance


def test_a_commune_centre_receives_for_a_provincial_department():
    # given a walk-in at the ward's centre for a procedure of the Department of Justice
    dossier = _walk_in(COPY_CERTIFICATE)
    # then the code is the department's, the receipt the ward centre's, and the next step the department's
    assert dossier.competent_agency.ref == "19:dept:tu-phap"
    assert dossier.receiving_agency.ref == "05443:centre"
    assert dossier.code.startswith(dossier.competent_agency.code)
    step = StepRun.objects.get(dossier=dossier, finished_at__isnull=True)
    assert step.agency.ref == "19:dept:tu-phap" and not step.awaits_acceptance
    specialist = factories.official(factories.agency("19:dept:tu-phap"), Role.SPECIALIST)
    assert [t.dossier.pk for t in selectors.inbox(viewer=specialist)] == [dossier.pk]
