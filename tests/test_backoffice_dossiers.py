"""The officials' dossier pages: the inbox, one dossier and the actions of its open step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import login_client
from tests.dossier_helpers import (
    PIN,
    civil_status_officer,
    commune_leader,
    desk_officer,
    mother,
    submitted_dossier,
)
from tinhso.dossiers.models import Dossier, DossierDocument, Status
from tinhso.dossiers.services import dossier_receive

pytestmark = pytest.mark.django_db
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def page(dossier: Dossier) -> str:
    return reverse("backoffice:dossier", kwargs={"dossier_id": dossier.pk})


def act(client: Client, dossier: Dossier, slug: str, **data: object):  # type: ignore[no-untyped-def]
    url = reverse("backoffice:dossier-action", kwargs={"dossier_id": dossier.pk, "action": slug})
    return client.post(url, {"lock_version": dossier.lock_version, **data})


def test_the_desk_officer_receives_from_the_page_and_gets_the_receipt():
    # given a dossier submitted online and the commune centre's desk officer
    dossier = submitted_dossier()
    client = login_client(desk_officer())
    # when she opens it, the page offers reception, and she receives it
    shown = client.get(page(dossier))
    assert shown.status_code == 200
    html = shown.content.decode()
    assert dossier.reference in html and "019******" in html  # masked personal number only
    assert "Tiếp nhận" in html
    response = act(client, dossier, "tiep-nhan")
    # then she is sent back to the page with the new dossier code, and the receipt opens as a PDF
    assert response.status_code == 302 and response["Location"] == page(dossier)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code
    after = client.get(page(dossier)).content.decode()
    assert dossier.code in after
    receipt = dossier.documents.get(kind=DossierDocument.Kind.RECEIPT)
    pdf = client.get(
        reverse("backoffice:dossier-document", kwargs={"dossier_id": dossier.pk, "document_id": receipt.pk})
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # and the citizen's attached file opens for her too
    attached = dossier.files.first()
    assert attached is not None
    file_response = client.get(
        reverse("backoffice:dossier-file", kwargs={"dossier_id": dossier.pk, "file_id": attached.pk})
    )
    assert file_response.status_code == 200 and "inline" in file_response["Content-Disposition"]


def test_the_desk_asks_for_supplements_one_item_per_line():
    # given a submitted dossier
    dossier = submitted_dossier()
    client = login_client(desk_officer())
    # when the officer sends an empty request, then a second with two items
    empty = act(client, dossier, "yeu-cau-bo-sung", items="  ")
    response = act(client, dossier, "yeu-cau-bo-sung", items="Chụp lại Giấy chứng sinh\nBản sao CCCD của cha")
    # then the empty one is refused with a message, the other issues form 02
    assert empty.status_code == 400
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    assert dossier.documents.filter(kind=DossierDocument.Kind.SUPPLEMENT).exists()


def test_refusing_needs_a_reason_and_a_confirmation():
    # given a submitted dossier
    dossier = submitted_dossier()
    client = login_client(desk_officer())
    # when the officer refuses without ticking the confirmation, then with it
    unconfirmed = act(client, dossier, "tu-choi", reason="Không thuộc thẩm quyền")
    confirmed = act(client, dossier, "tu-choi", reason="Không thuộc thẩm quyền", confirm="on")
    # then only the confirmed refusal counts, with form 03
    assert unconfirmed.status_code == 400
    assert confirmed.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.REFUSED
    assert dossier.documents.filter(kind=DossierDocument.Kind.REFUSAL).exists()


def test_the_specialist_forwards_to_the_leader_who_finishes_it():
    # given a received dossier, the civil status officer and the commune leader
    dossier = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    clerk, leader = civil_status_officer(), commune_leader()
    clerk_client, leader_client = login_client(clerk), login_client(leader)
    # when the officer forwards it to the leader by name
    html = clerk_client.get(page(dossier)).content.decode()
    assert leader.full_name in html  # offered as the next step's person
    assert (
        act(clerk_client, dossier, "chuyen-buoc", to_user=leader.pk, note="Đủ điều kiện").status_code == 302
    )
    dossier.refresh_from_db()
    assert dossier.steps.get(finished_at__isnull=True).assignee == leader
    # and the leader approves it, signing with a wrong PIN first
    wrong = act(leader_client, dossier, "phe-duyet", pin="000000")
    assert wrong.status_code == 400 and "PIN" in wrong.content.decode()
    assert act(leader_client, dossier, "phe-duyet", pin=PIN).status_code == 302
    # then the dossier is processed (status 9) and the history shows every step
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED  # an online result is handed over when signed
    history = leader_client.get(page(dossier)).content.decode()
    assert "Đúng hạn" in history or "Trễ hạn" in history


def test_a_stale_page_is_told_someone_else_acted():
    # given two desk officers who opened the same dossier
    dossier = submitted_dossier()
    first, second = login_client(desk_officer()), login_client(desk_officer())
    shown = dossier.lock_version
    # when the first receives it and the second then refuses from the page drawn before
    assert act(first, dossier, "tiep-nhan").status_code == 302
    dossier.lock_version = shown
    response = act(second, dossier, "tu-choi", reason="Thiếu giấy tờ", confirm="on")
    # then the second gets 409 with a message, not a 500, and the dossier stays received
    assert response.status_code == 409
    assert "người khác" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_an_officer_of_another_agency_cannot_see_or_act():
    # given a dossier at the commune and a one-stop officer of the provincial centre
    dossier = submitted_dossier()
    stranger = login_client(factories.official(factories.agency("19:centre"), "one_stop_officer"))
    # when they open the page or post an action
    # then the dossier does not exist for them
    assert stranger.get(page(dossier)).status_code == 404
    assert act(stranger, dossier, "tiep-nhan").status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).status == Status.SUBMITTED


def test_a_colleague_without_the_step_role_sees_no_actions_and_is_refused():
    # given a submitted dossier and the commune's civil status officer (not the desk)
    dossier = submitted_dossier()
    clerk = login_client(civil_status_officer())
    # when they open it and try to receive it
    html = clerk.get(page(dossier)).content.decode()
    response = act(clerk, dossier, "tiep-nhan")
    # then the page offers nothing and the action is forbidden
    assert 'action="/can-bo/ho-so/' not in html
    assert response.status_code == 403


def test_citizens_cannot_open_back_office_dossier_pages():
    # given a citizen with a dossier
    dossier = submitted_dossier()
    client = login_client(dossier.applicant)
    # when they try the back-office pages, then they are refused
    assert client.get(reverse("backoffice:worklist")).status_code == 403
    assert client.get(page(dossier)).status_code == 403
    assert act(client, dossier, "tiep-nhan").status_code == 403


def test_the_inbox_shows_marks_in_words_and_its_queries_do_not_grow(django_assert_max_num_queries):
    # given a desk officer with one waiting dossier, then five more
    officer = desk_officer()
    client = login_client(officer)
    with time_machine.travel(MONDAY_9, tick=False):
        submitted_dossier(applicant=mother())
    with time_machine.travel(MONDAY_9 + dt.timedelta(days=7), tick=False):
        with django_assert_max_num_queries(14) as one:
            first = client.get(reverse("backoffice:worklist"))
        for _ in range(5):
            submitted_dossier(applicant=mother())
        with django_assert_max_num_queries(14) as six:
            response = client.get(reverse("backoffice:worklist"))
    # then the page lists them with the overdue mark in words, at the same number of queries
    assert first.status_code == 200 and response.status_code == 200
    html = response.content.decode()
    assert "Quá hạn" in html and "Sắp đến hạn" in html  # the new ones: under 4 working hours left
    assert len(six.captured_queries) == len(one.captured_queries)


def test_the_reception_tab_lists_only_dossiers_waiting_for_reception():
    # given a received dossier and a waiting one
    received = dossier_receive(actor=desk_officer(), dossier=submitted_dossier())
    waiting = submitted_dossier()
    client = login_client(desk_officer())
    # when the desk officer opens the reception tab
    html = client.get(reverse("backoffice:reception")).content.decode()
    # then only the waiting dossier is there, and the navigation counts it
    assert waiting.reference in html and received.number not in html
    assert 'class="nav-count"' in html
