"""The personal data store (issue 6, part 5): papers of a received dossier and signed results are kept with
their kind; a later dossier reuses one instead of an upload, recorded as "reused"; the citizen sees and
manages their own store only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories
from tests.conftest import login_client
from tests.dossier_helpers import (
    PIN,
    birth_procedure,
    civil_status_officer,
    commune,
    commune_leader,
    desk_officer,
    main_paper,
    submitted_dossier,
)
from tinhso.datastore.models import StoredDocument
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.models import DossierFile
from tinhso.dossiers.services import dossier_finish, dossier_forward, dossier_receive, dossier_start
from tinhso.dossiers.services.store import dossier_reuse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_received_papers_and_the_signed_result_go_into_the_store():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    kinds = set(
        StoredDocument.objects.filter(owner=dossier.applicant).values_list("document_type", flat=True)
    )
    assert "giay-chung-sinh" in kinds  # the birth certificate paper, checked at the desk
    dossier = dossier_finish(
        actor=commune_leader(),
        dossier=dossier_forward(actor=civil_status_officer(), dossier=dossier),
        pin=PIN,
    )
    result = StoredDocument.objects.get(owner=dossier.applicant, source=StoredDocument.Source.RESULT)
    assert result.document_type == "giay-khai-sinh" and result.subject_label == dossier.number


def test_a_later_dossier_reuses_a_stored_paper_instead_of_an_upload():
    # given a mother whose birth certificate paper is in her store
    first = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    mother = first.applicant
    stored = StoredDocument.objects.get(owner=mother, document_type="giay-chung-sinh")
    # when she starts a new birth registration and picks it
    procedure = birth_procedure()
    draft = dossier_start(actor=mother, procedure=procedure, commune=commune())
    row = dossier_reuse(
        actor=mother, dossier=draft, component_id=main_paper(procedure).pk, stored_id=stored.pk
    )
    # then the dossier records the paper as reused, with its own copy
    assert row.source == DossierFile.Source.REUSED and row.file.name != stored.file.name
    # and nobody can reuse another person's paper, or a paper of the wrong kind
    stranger = factories.UserFactory()
    other = dossier_start(actor=stranger, procedure=procedure, commune=commune())
    with pytest.raises(DossierError):
        dossier_reuse(
            actor=stranger, dossier=other, component_id=main_paper(procedure).pk, stored_id=stored.pk
        )
    wrong = (
        procedure.components.exclude(pk=main_paper(procedure).pk)
        .exclude(document_type="giay-chung-sinh")
        .first()
    )
    with pytest.raises(DossierError):
        dossier_reuse(actor=mother, dossier=draft, component_id=wrong.pk, stored_id=stored.pk)


def test_the_citizen_sees_and_removes_only_their_documents():
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    stored = StoredDocument.objects.filter(owner=dossier.applicant).first()
    mine = login_client(dossier.applicant)
    page = mine.get("/kho-du-lieu/").content.decode()
    assert stored.title[:30] in page
    assert mine.get(f"/kho-du-lieu/{stored.pk}/tep/").status_code == 200
    api = mine.get("/api/v1/datastore").json()
    assert stored.pk in [row["id"] for row in api]
    stranger = login_client(factories.UserFactory())
    assert stranger.get(f"/kho-du-lieu/{stored.pk}/tep/").status_code == 404
    assert stranger.post(f"/kho-du-lieu/{stored.pk}/xoa/").status_code == 404
    assert mine.post(f"/kho-du-lieu/{stored.pk}/xoa/").status_code == 302
    assert StoredDocument.objects.get(pk=stored.pk).removed_at is not None
    assert stored.pk not in [row["id"] for row in mine.get("/api/v1/datastore").json()]


def test_the_draft_page_offers_the_stored_paper_and_the_api_reuses_it():
    first = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    mother = first.applicant
    stored = StoredDocument.objects.get(owner=mother, document_type="giay-chung-sinh")
    procedure = birth_procedure()
    draft = dossier_start(actor=mother, procedure=procedure, commune=commune())
    client = login_client(mother)
    page = client.get(f"/ho-so/{draft.reference}/").content.decode()
    assert f'value="{stored.pk}"' in page
    answer = client.post(
        f"/api/v1/dossiers/{draft.reference}/reuse",
        {"component_id": main_paper(procedure).pk, "stored_id": stored.pk},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["source"] == "reused"
