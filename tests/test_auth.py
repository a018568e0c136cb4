import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests import factories
from tinhso.core.models import AuditEntry, LoginFailure, Role

pytestmark = pytest.mark.django_db
LOGIN = reverse("portal:login")


def post_login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="vi")


def test_staff_login_lands_in_the_back_office(commune_committee):
    officer = factories.official(commune_committee, Role.ONE_STOP_OFFICER, username="motcua")
    client = Client()
    response = post_login(client, "motcua", factories.PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("backoffice:home")
    assert AuditEntry.objects.filter(actor=officer, action="user.login").exists()


def test_citizen_login_lands_on_the_portal(citizen):
    client = Client()
    response = post_login(client, citizen.username, factories.PASSWORD)
    assert client.get(response["Location"])["Location"] == reverse("portal:home")


def test_login_follows_a_safe_next_but_not_an_external_one(citizen):
    client = Client()
    ok = client.post(
        LOGIN, {"username": citizen.username, "password": factories.PASSWORD, "next": "/tai-khoan/"}
    )
    assert ok["Location"] == "/tai-khoan/"
    client = Client()
    bad = client.post(
        LOGIN, {"username": citizen.username, "password": factories.PASSWORD, "next": "https://evil.example/"}
    )
    assert bad["Location"] == reverse("portal:after-login")


def test_wrong_password_gives_a_clear_vietnamese_message(citizen):
    response = post_login(Client(), citizen.username, "sai-mat-khau")
    assert response.status_code == 400
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_empty_form_is_rejected_field_by_field():
    response = Client().post(LOGIN, {}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "Vui lòng nhập tên đăng nhập." in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(citizen):
    client = Client()
    for _ in range(5):
        post_login(client, citizen.username, "sai")
    # when the right password comes after five failures
    response = post_login(client, citizen.username, factories.PASSWORD)
    # then the account stays locked, with a message that says for how long
    assert response.status_code == 429
    assert "15 phút" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_window(citizen):
    client = Client()
    for _ in range(5):
        post_login(client, citizen.username, "sai")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        response = post_login(client, citizen.username, factories.PASSWORD)
    assert response.status_code == 302
    assert not LoginFailure.objects.filter(username=citizen.username).exists()


def test_logout_needs_a_post(citizen_client):
    assert citizen_client.get(reverse("portal:logout")).status_code == 405
    assert citizen_client.post(reverse("portal:logout")).status_code == 302


def test_citizens_may_log_in_with_their_telephone_number(citizen):
    citizen.phone = "0912345678"
    citizen.save()
    client = Client()
    assert post_login(client, "0912 345 678", factories.PASSWORD).status_code == 302


def test_officials_log_in_with_their_username_not_a_telephone_number(commune_committee):
    official = factories.official(commune_committee, Role.CLERK, phone="0987654321")
    assert post_login(Client(), "0987654321", factories.PASSWORD).status_code == 400
    assert post_login(Client(), official.username, factories.PASSWORD).status_code == 302


def test_spellings_of_one_number_share_one_failure_count(citizen):
    citizen.phone = "0912345678"
    citizen.save()
    client = Client()
    for spelling in ("0912345678", "0912 345 678", "0912.345.678", "0912345678", "0912 345678"):
        post_login(client, spelling, "sai")
    assert post_login(client, "0912345678", factories.PASSWORD).status_code == 429
