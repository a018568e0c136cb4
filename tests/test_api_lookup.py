"""POST /api/v1/lookup: the public lookup for apps. What the page shows and nothing personal, one answer for
every miss, and the page's per-address budget shared between the two."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.dossier_helpers import desk_officer, submitted_dossier
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import dossier_receive

pytestmark = pytest.mark.django_db
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
URL = "/api/v1/lookup"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def received() -> Dossier:
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = submitted_dossier()
        return dossier_receive(actor=desk_officer(), dossier=dossier, lock_version=dossier.lock_version)


def ask(client: Client, number: str, digits: str):  # type: ignore[no-untyped-def]
    return client.post(
        URL, json.dumps({"number": number, "last_digits": digits}), content_type="application/json"
    )


def wrong_digits_for(dossier: Dossier) -> str:
    tails = (dossier.applicant.phone[-4:], (dossier.applicant.citizen_id or "")[-4:])
    return next(d for d in ("9999", "8888", "7777") if d not in tails)


def test_the_right_number_and_digits_show_status_procedure_and_dates_only():
    # given a received dossier
    dossier = received()
    phone_tail, id_tail = dossier.applicant.phone[-4:], dossier.applicant.citizen_id[-4:]
    for number, digits in (
        (dossier.code, phone_tail),
        (dossier.code, id_tail),
        (dossier.reference.lower(), phone_tail),
    ):
        # when anyone, not logged in, sends its code (or reference) and the last 4 digits of the phone or ID
        response = ask(Client(), number, digits)
        # then the answer is what the page shows
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["number"] == dossier.code
        assert body["status"] == 2 and body["status_label"] == "Được tiếp nhận"
        assert body["procedure_name"] == dossier.version.snapshot["name"]
        assert body["received_at"] and body["due_at"] and body["submitted_at"]
        # and nothing personal: no name, address, files or identifiers
        assert set(body) == {
            "number", "status", "status_label", "procedure_name",
            "submitted_at", "received_at", "due_at", "finished_at",
        }  # fmt: skip
        text = response.content.decode()
        assert "Nguyễn Thị Hoa" not in text and dossier.applicant.phone not in text
        assert response["Cache-Control"] == "private, no-store"


def test_a_wrong_code_and_a_wrong_second_factor_get_byte_identical_answers():
    # given a received dossier
    dossier = received()
    phone_tail = dossier.applicant.phone[-4:]
    # when someone sends a code that does not exist, then the right code with wrong digits
    wrong_code = ask(Client(), "000.00.19.H55-261123-9999", phone_tail)
    wrong_factor = ask(Client(), dossier.code, wrong_digits_for(dossier))
    wrong_reference = ask(Client(), "ABCDEFGHJK", phone_tail)
    # then all three answers are the same 404, byte for byte, headers included
    assert wrong_code.status_code == wrong_factor.status_code == wrong_reference.status_code == 404
    assert wrong_code.content == wrong_factor.content == wrong_reference.content
    assert wrong_code.json() == {"detail": "Không tìm thấy hồ sơ khớp với thông tin đã nhập."}
    assert sorted(wrong_code.items()) == sorted(wrong_factor.items())


def test_drafts_are_never_found():
    # given a dossier that was never submitted
    from tests.dossier_helpers import birth_procedure, commune, mother
    from tinhso.dossiers.services import dossier_start

    applicant = mother()
    draft = dossier_start(actor=applicant, procedure=birth_procedure(), commune=commune())
    # when its reference is looked up with the right digits
    response = ask(Client(), draft.reference, applicant.phone[-4:])
    # then it does not exist for the lookup
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("number", "digits", "field"),
    [("", "1234", "number"), ("A" * 41, "1234", "number"), ("ABCDEFGHJK", "12a4", "last_digits"),
     ("ABCDEFGHJK", "", "last_digits"), ("ABCDEFGHJK", "12345", "last_digits")],
)  # fmt: skip
def test_badly_formed_input_is_a_422_in_vietnamese_and_spends_no_try(settings, number, digits, field):
    # given a budget of one try
    settings.DOSSIER_LOOKUP_MAX_TRIES = 1
    client = Client(REMOTE_ADDR="203.0.113.20")
    # when the input is badly formed
    response = ask(client, number, digits)
    # then it is refused with the field named, in Vietnamese
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert [e["loc"][-1] for e in body["errors"]] == [field]
    # and the one try is still there
    assert ask(client, "ABCDEFGHJK", "1234").status_code == 404
    assert ask(client, "ABCDEFGHJK", "1234").status_code == 429


def test_the_budget_is_per_address_and_shared_with_the_page():
    # given someone guessing from one address, first on the page, then through the API
    client = Client(REMOTE_ADDR="203.0.113.7")
    page = reverse("portal:dossier_lookup")
    for _ in range(5):
        assert client.post(page, {"ma": "ABCDEFGHJK", "so": "1234"}).status_code == 200
    for _ in range(5):
        assert ask(client, "ABCDEFGHJK", "1234").status_code == 404
    # when they try an eleventh time, through either
    api = ask(client, "ABCDEFGHJK", "1234")
    html = client.post(page, {"ma": "ABCDEFGHJK", "so": "1234"})
    # then both tell them to wait, in Vietnamese, and the API says for how long at most
    assert api.status_code == html.status_code == 429
    assert api.json() == {"detail": "Bạn đã tra cứu quá nhiều lần. Vui lòng chờ 10 phút rồi thử lại."}
    assert api["Retry-After"] == "600"
    assert "10 phút" in html.content.decode()
    # and the right answer is refused too while the budget is spent
    dossier = received()
    assert ask(client, dossier.code, dossier.applicant.phone[-4:]).status_code == 429
    # and another address is not affected
    assert ask(Client(REMOTE_ADDR="203.0.113.8"), "ABCDEFGHJK", "1234").status_code == 404


def test_the_budget_comes_from_the_settings(settings):
    # given a deployment that allows 3 tries per window
    settings.DOSSIER_LOOKUP_MAX_TRIES = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    # when someone tries four times
    answers = [ask(client, "ABCDEFGHJK", "1234").status_code for _ in range(4)]
    # then the fourth is refused
    assert answers == [404, 404, 404, 429]


def test_the_lookup_is_public_and_in_the_openapi_document():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/lookup"]["post"]
    assert {"200", "404", "429", "422"} <= set(operation["responses"])
    assert "security" not in operation or operation["security"] == []
    assert operation["tags"] == ["lookup"]
