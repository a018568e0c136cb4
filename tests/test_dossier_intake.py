"""Walk-in and postal intake at the one-stop desk (issue 5, part 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories
from tests.dossier_helpers import birth_procedure, commune, desk_officer, filled_form, main_paper, photo
from tinhso.core.models import User
from tinhso.dossiers.errors import DossierError, NotAllowed
from tinhso.dossiers.models import Channel, DossierDocument, DossierFile, Status, StepRun
from tinhso.dossiers.services import Person, dossier_intake

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def intake(officer: User, *, citizen_id: str = "019190000777", **kwargs):  # type: ignore[no-untyped-def]
    procedure = birth_procedure()
    return dossier_intake(
        actor=officer,
        procedure=procedure,
        person=Person(full_name="Trần Văn Bình", citizen_id=citizen_id, phone="0987654321"),
        form_data=filled_form(procedure),
        files={main_paper(procedure).pk: [photo()]},
        commune=commune(),
        **kwargs,
    )


def test_a_walk_in_dossier_is_received_on_the_spot_with_its_receipt():
    # given the ward's one-stop officer and a person without an account
    officer = desk_officer()
    # when she registers the dossier with the scanned birth certificate
    dossier = intake(officer)
    # then it is received at once: code, appointment, receipt, scans marked digitised, next step open
    assert dossier.status == Status.RECEIVED and dossier.code and dossier.due_at
    assert dossier.channel == Channel.WALK_IN and dossier.receiving_agency.ref == "05443:centre"
    assert dossier.documents.filter(kind=DossierDocument.Kind.RECEIPT).exists()
    assert set(dossier.files.values_list("source", flat=True)) == {DossierFile.Source.DIGITISED}
    assert StepRun.objects.get(dossier=dossier, finished_at__isnull=True).kind == "handle"
    # and the person has a record found by their number, with no password to guess
    person = User.objects.get(citizen_id="019190000777")
    assert dossier.applicant == person and not person.has_usable_password()


def test_the_same_person_is_found_again_by_their_number():
    officer = desk_officer()
    first, second = intake(officer), intake(officer)
    assert first.applicant_id == second.applicant_id


def test_a_provincial_centre_receives_a_commune_procedure_across_boundaries():
    # given an officer of the provincial centre
    officer = factories.official(factories.agency("19:centre"), "one_stop_officer")
    # when a person brings a ward's birth registration by post
    dossier = intake(officer, channel=Channel.POSTAL)
    # then the centre receives it for the ward's People's Committee
    assert dossier.receiving_agency.ref == "19:centre"
    assert dossier.competent_agency.ref == "05443:committee"
    assert dossier.channel == Channel.POSTAL


def test_only_one_stop_officers_of_a_centre_register_at_the_desk():
    specialist = factories.official(factories.agency("05443:committee"), "specialist")
    with pytest.raises(NotAllowed):
        intake(specialist)


def test_a_wrong_identity_number_or_missing_paper_leaves_nothing(_media: Path):
    officer = desk_officer()
    with pytest.raises(DossierError) as caught:
        intake(officer, citizen_id="123")
    assert "citizen_id" in caught.value.errors
    procedure = birth_procedure()
    with pytest.raises(DossierError) as caught:
        dossier_intake(
            actor=officer,
            procedure=procedure,
            person=Person(full_name="Trần Văn Bình", citizen_id="019190000778"),
            form_data=filled_form(procedure),
            files={},
            commune=commune(),
        )
    assert "components" in caught.value.errors
    assert not User.objects.filter(citizen_id="019190000778").exists()  # rolled back with the dossier
    assert [p for p in _media.rglob("*") if p.is_file()] == []


def test_the_desk_page_registers_and_receives_a_dossier():
    from django.urls import reverse

    from tests.conftest import login_client

    # given the ward's officer on the intake page of the birth registration
    officer = desk_officer()
    procedure = birth_procedure()
    client = login_client(officer)
    url = reverse("backoffice:intake")
    assert client.get(url, {"q": "khai sinh"}).status_code == 200
    page = client.get(url, {"thu-tuc": procedure.code})
    assert page.status_code == 200 and "paper-" in page.content.decode()
    # when she fills it in with the scan and sends it
    data = {f"f-{k}": v for k, v in filled_form(procedure).items()}
    data.update(
        {
            "p-full_name": "Trần Văn Bình",
            "p-citizen_id": "019190000779",
            "p-phone": "",
            "p-address": "Tổ 3",
            "p-commune": str(commune().pk),
            "p-channel": "1",
            "p-delivery": "desk",
            f"paper-{main_paper(procedure).pk}": photo(),
        }
    )
    response = client.post(f"{url}?thu-tuc={procedure.code}", data)
    # then she lands on the received dossier, whose receipt she can print
    assert response.status_code == 302
    dossier = User.objects.get(citizen_id="019190000779").dossiers.get()
    assert dossier.status == Status.RECEIVED and response["Location"].endswith(f"/ho-so/{dossier.pk}/")
    # and a missing scan comes back as a 400 with the paper named, nothing created
    data["p-citizen_id"] = "019190000780"
    data.pop(f"paper-{main_paper(procedure).pk}")
    again = client.post(f"{url}?thu-tuc={procedure.code}", data)
    assert again.status_code == 400 and not User.objects.filter(citizen_id="019190000780").exists()


def test_citizens_cannot_open_the_desk_page(citizen_client):
    from django.urls import reverse

    assert citizen_client.get(reverse("backoffice:intake")).status_code in (302, 403, 404)


def test_the_api_registers_a_dossier_at_the_desk():
    import json

    from tests.conftest import login_client

    # given the ward's officer using the API
    officer = desk_officer()
    procedure = birth_procedure()
    client = login_client(officer)
    # when she posts the person, the declaration and the scan
    response = client.post(
        "/api/v1/staff/intake",
        {
            "procedure": procedure.code,
            "full_name": "Lê Thị Cúc",
            "citizen_id": "019190000781",
            "channel": "3",
            "commune": commune().code,
            "form": json.dumps(filled_form(procedure)),
            f"component_{main_paper(procedure).pk}": photo(),
        },
    )
    # then the dossier is received, by post
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == Status.RECEIVED and body["code"]
    # and a person's wrong number is a 400 in Vietnamese
    bad = client.post(
        "/api/v1/staff/intake",
        {"procedure": procedure.code, "full_name": "Lê Thị Cúc", "citizen_id": "12", "form": "{}"},
    )
    assert bad.status_code == 400 and "12 chữ số" in bad.json()["detail"]


def test_the_person_recorded_at_the_desk_finds_their_dossier_when_they_log_in_with_vneid():
    from tinhso.core import oidc, vneid_sim
    from tinhso.core.services.identity import external_identity_sign_in

    # given a walk-in dossier for a person of the simulator, recorded by their identity card number
    identity = vneid_sim.DEMO_IDENTITIES[2]
    dossier = intake(desk_officer(), citizen_id=identity.citizen_id)
    # when they log in with VNeID for the first time
    signed = external_identity_sign_in(
        actor=None, provider=oidc.PROVIDER, claims=vneid_sim.demo_claims(identity)
    )
    # then VNeID opens the desk's record, which holds the dossier
    assert signed.outcome == "matched_desk_record" and signed.user == dossier.applicant


def test_an_account_registered_with_a_password_is_never_taken_over_by_vneid():
    from tinhso.core import oidc, vneid_sim
    from tinhso.core.services.identity import external_identity_sign_in

    identity = vneid_sim.DEMO_IDENTITIES[2]
    factories.UserFactory(citizen_id=identity.citizen_id)  # declared the number themselves
    signed = external_identity_sign_in(
        actor=None, provider=oidc.PROVIDER, claims=vneid_sim.demo_claims(identity)
    )
    assert signed.outcome == "created" and signed.user.citizen_id is None
