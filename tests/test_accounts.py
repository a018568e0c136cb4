"""Citizen registration with a one-time code, password reset, profile, acting for another person."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tinhso.core.citizen_id import PROVINCE_CODES, mask_citizen_id, parse_citizen_id, validate_citizen_id
from tinhso.core.messaging import outbox_read
from tinhso.core.models import AdministrativeUnit, Representation, User

GOOD_ID = "019090000123"  # Thái Nguyên, male, born 1990
PASSWORD = "Che-Tan-Cuong-2026"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.OUTBOX_DIR


def last_code(address: str) -> str:
    body = outbox_read("sms" if address[0].isdigit() else "email", to=address)[-1]["body"]
    return re.search(r"\b(\d{6})\b", body).group(1)


def registration(**overrides) -> dict:  # type: ignore[no-untyped-def]
    unit = AdministrativeUnit.objects.get(code="05443")
    data = {
        "full_name": "Hà Thị Thu",
        "contact": "0987 111 222",
        "citizen_id": "019190000456",
        "date_of_birth": "1990-05-04",
        "address_unit": unit.pk,
        "address_line": "Tổ 5",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


# --- the identification number ---------------------------------------------------------------------


def test_citizen_id_structure_is_read():
    parsed = parse_citizen_id("019 1 90 000456".replace(" ", ""))
    assert (parsed.province_code, parsed.birth_year, parsed.female) == ("019", 1990, True)
    assert mask_citizen_id("019190000456") == "019******456"


@pytest.mark.parametrize("bad", ["01909000012", "0190900001234", "01909000012a", "099090000123", ""])
def test_malformed_numbers_are_refused(bad):
    with pytest.raises(ValidationError):
        parse_citizen_id(bad)


def test_number_must_agree_with_the_date_of_birth():
    with pytest.raises(ValidationError, match="1990"):
        validate_citizen_id(GOOD_ID, date_of_birth=dt.date(1991, 1, 1))
    with pytest.raises(ValidationError):
        validate_citizen_id("019299000123", today=dt.date(2026, 11, 22))  # born 2099


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    century_sex=st.integers(0, 3),
    year=st.integers(0, 99),
    serial=st.integers(0, 999_999),
)
def test_every_well_formed_number_round_trips(province, century_sex, year, serial):
    number = f"{province}{century_sex}{year:02d}{serial:06d}"
    parsed = parse_citizen_id(number)
    assert parsed.birth_year == (1900 if century_sex < 2 else 2000) + year
    assert parsed.female == (century_sex % 2 == 1)


# --- registration ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_citizen_registers_with_a_phone_number_and_a_code():
    client = Client()
    response = client.post(reverse("portal:register"), registration())
    assert response.status_code == 302 and response["Location"] == reverse("portal:register-verify")
    page = client.get(reverse("portal:register-verify")).content.decode()
    assert "098****222" in page
    response = client.post(reverse("portal:register-verify"), {"code": last_code("0987111222")})
    assert response.status_code == 302
    user = User.objects.get(phone="0987111222")
    assert user.citizen_id == "019190000456" and user.phone_verified_at and user.kind == User.Kind.CITIZEN
    assert user.address_unit.code == "05443" and user.check_password(PASSWORD)
    assert "Xin chào, Thu" in client.get("/").content.decode()


@pytest.mark.django_db
def test_registration_with_an_email_sends_the_code_by_email():
    client = Client()
    client.post(reverse("portal:register"), registration(contact="Thu.Ha@Example.vn"))
    client.post(reverse("portal:register-verify"), {"code": last_code("thu.ha@example.vn")})
    assert User.objects.get(email="thu.ha@example.vn").email_verified_at


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("citizen_id", "019190000456x", "12 chữ số"),
        ("citizen_id", "019200000456", "không khớp"),
        ("contact", "12345", "10 chữ số"),
        ("password1", "12345678", "chữ"),
        ("date_of_birth", "2099-01-01", "tương lai"),
    ],
)
def test_bad_registration_input_is_explained(field, value, message):
    data = registration(**{field: value})
    if field == "password1":
        data["password2"] = value
    response = Client().post(reverse("portal:register"), data)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_duplicate_phone_email_or_id_is_a_conflict(citizen):
    citizen.phone, citizen.citizen_id = "0987111222", "019190000456"
    citizen.save()
    response = Client().post(reverse("portal:register"), registration())
    assert response.status_code == 409
    html = response.content.decode()
    assert "đã có tài khoản" in html or "đã được dùng" in html


@pytest.mark.django_db
def test_a_wrong_code_counts_and_five_wrong_codes_burn_it():
    client = Client()
    client.post(reverse("portal:register"), registration())
    for left in (4, 3, 2, 1):
        response = client.post(reverse("portal:register-verify"), {"code": "000000"})
        assert response.status_code == 400 and f"còn {left} lần" in response.content.decode()
    response = client.post(reverse("portal:register-verify"), {"code": "000000"})
    assert "quá nhiều lần" in response.content.decode()
    response = client.post(reverse("portal:register-verify"), {"code": last_code("0987111222")})
    assert response.status_code == 400 and "quá nhiều lần" in response.content.decode()
    assert not User.objects.filter(phone="0987111222").exists()


@pytest.mark.django_db
def test_an_expired_code_is_refused():
    client = Client()
    client.post(reverse("portal:register"), registration())
    code = last_code("0987111222")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)):
        response = client.post(reverse("portal:register-verify"), {"code": code})
    assert response.status_code == 400 and "hết hạn" in response.content.decode()


@pytest.mark.django_db
def test_codes_are_rate_limited():
    client = Client()
    client.post(reverse("portal:register"), registration())
    response = client.post(reverse("portal:register-verify"), {"resend": "1"})
    assert response.status_code == 429 and "giây" in response.content.decode()
    start = dt.datetime.now(dt.UTC)
    for minute in range(1, 5):
        with time_machine.travel(start + dt.timedelta(minutes=2 * minute)):
            assert client.post(reverse("portal:register-verify"), {"resend": "1"}).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=12)):
        response = client.post(reverse("portal:register-verify"), {"resend": "1"})
    assert response.status_code == 429 and "một giờ" in response.content.decode()


# --- password reset -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_by_code(citizen):
    citizen.phone = "0912000111"
    citizen.save()
    client = Client()
    assert client.post(reverse("portal:password-forgot"), {"contact": "0912000111"}).status_code == 302
    response = client.post(
        reverse("portal:password-reset"),
        {"code": last_code("0912000111"), "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_reset_does_not_reveal_who_has_an_account(outbox):
    response = Client().post(reverse("portal:password-forgot"), {"contact": "0912999888"})
    assert response.status_code == 302  # same answer as for an existing account
    assert outbox_read("sms", to="0912999888") == []


# --- profile and representation ---------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_edit(citizen_client, citizen):
    unit = AdministrativeUnit.objects.get(code="05443")
    response = citizen_client.post(
        reverse("portal:profile-edit"),
        {
            "full_name": "Nguyễn Văn Ân",
            "date_of_birth": "1985-02-03",
            "address_unit": unit.pk,
            "address_line": "Số 1 Hoàng Văn Thụ",
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Văn Ân" and citizen.address_unit == unit


@pytest.mark.django_db
def test_a_parent_acts_for_a_child_but_not_for_an_adult(citizen_client):
    url = reverse("portal:representations")
    child = citizen_client.post(
        url, {"relationship": "parent", "full_name": "Nguyễn Minh Khôi", "date_of_birth": "2020-01-01"}
    )
    assert child.status_code == 302
    adult = citizen_client.post(
        url, {"relationship": "parent", "full_name": "Nguyễn Văn Cả", "date_of_birth": "1990-01-01"}
    )
    assert adult.status_code == 400 and "dưới 18 tuổi" in adult.content.decode()


@pytest.mark.django_db
def test_an_authorisation_needs_a_real_document(citizen_client, citizen):
    url = reverse("portal:representations")
    base = {"relationship": "authorised", "full_name": "Trần Văn Bốn", "date_of_birth": "1960-01-01"}
    assert citizen_client.post(url, base).status_code == 400
    fake = SimpleUploadedFile("uy-quyen.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = citizen_client.post(url, {**base, "authorisation": fake})
    assert response.status_code == 400 and "PDF, JPEG hoặc PNG" in response.content.decode()
    real = SimpleUploadedFile("uy-quyen.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    assert citizen_client.post(url, {**base, "authorisation": real}).status_code == 302
    row = Representation.objects.get(representative=citizen)
    assert row.authorisation.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_a_citizen_sees_and_ends_only_their_own_declarations(citizen_client):
    other = factories.UserFactory()
    theirs = Representation.objects.create(
        representative=other,
        relationship="parent",
        full_name="X",
        date_of_birth=dt.date(2020, 1, 1),
        created_at=dt.datetime.now(dt.UTC),
    )
    assert (
        "X" not in citizen_client.get(reverse("portal:representations")).content.decode().split("<h1>")[1][:0]
    )
    response = citizen_client.post(reverse("portal:representation-end", args=[theirs.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_registration_and_password_reset_notify_the_citizen():
    from tinhso.core.models import Notification

    client = Client()
    client.post(reverse("portal:register"), registration())
    client.post(reverse("portal:register-verify"), {"code": last_code("0987111222")})
    user = User.objects.get(phone="0987111222")
    assert Notification.objects.filter(recipient=user, event="account.welcome").exists()
    client.post("/dang-xuat/")
    client = Client()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)):  # past the resend wait
        client.post(reverse("portal:password-forgot"), {"contact": "0987111222"})
        client.post(
            reverse("portal:password-reset"),
            {"code": last_code("0987111222"), "password1": PASSWORD + "x", "password2": PASSWORD + "x"},
        )
    assert Notification.objects.filter(recipient=user, event="account.password_changed").exists()


class BrokenGateway:
    def send(self, message):  # type: ignore[no-untyped-def]
        from tinhso.core.messaging import DeliveryError

        raise DeliveryError("gateway down")


@pytest.mark.django_db
def test_a_failing_sms_gateway_is_explained_and_costs_no_attempt(settings):
    from tinhso.core.models import OneTimeCode

    settings.MESSAGE_BACKENDS = {**settings.MESSAGE_BACKENDS, "sms": "tests.test_accounts.BrokenGateway"}
    client = Client()
    response = client.post(reverse("portal:register"), registration(), follow=True)
    assert "Chưa gửi được mã xác thực" in response.content.decode()
    assert not OneTimeCode.objects.exists()
