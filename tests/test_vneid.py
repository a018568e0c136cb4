"""Logging in with VNeID through the OIDC client and the real simulator: the browser is Django's test Client,
and the client's server-to-server requests reach the simulator's views in-process (tests/vneid_transport.py)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.vneid_transport import InProcessTransport, other_key, rewrite_id_token
from tinhso.core import oidc, vneid_sim
from tinhso.core.models import AuditEntry, ExternalIdentity, User
from tinhso.core.services.identity import external_identity_link

pytestmark = pytest.mark.django_db
AN = "019090000123"  # Nguyễn Văn An, level 2
BINH = "019195004567"  # Trần Thị Bình, level 1
START = reverse("portal:vneid-login")


@pytest.fixture
def transport(settings) -> InProcessTransport:  # type: ignore[no-untyped-def]
    transport = InProcessTransport()
    settings.VNEID_ISSUER = ""
    settings.VNEID_SIMULATOR = True
    settings.VNEID_CLIENT_SECRET = ""
    settings.VNEID_HTTP_TRANSPORT = transport
    return transport


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def to_provider(client: Client, next_url: str = "") -> str:
    """Click "Log in with VNeID": the address of the simulator's authorization page."""
    response = client.get(START + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    return local(response["Location"])


def choose(client: Client, authorize: str, data: dict[str, str]) -> str:
    """Answer the simulator's page: the callback address it sends the browser back to."""
    response = client.post(authorize, data)
    assert response.status_code == 302, response.content.decode()
    return local(response["Location"])


def vneid_login(client: Client, citizen_id: str = AN, next_url: str = ""):  # type: ignore[no-untyped-def]
    return client.get(choose(client, to_provider(client, next_url), {"identity": citizen_id}))


def logged_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def failures() -> list[str]:
    return list(
        AuditEntry.objects.filter(action="vneid.login_failed").values_list("summary__reason", flat=True)
    )


# --- Success ---------------------------------------------------------------------------------------


def test_a_new_citizen_gets_an_account_linked_to_their_vneid(transport):
    client = Client()
    # when Trần Thị Bình logs in with VNeID for the first time
    authorize = to_provider(client)
    page = client.get(authorize)
    assert page.status_code == 200
    assert "Cổng xác thực VNeID (mô phỏng)" in page.content.decode()
    response = client.get(choose(client, authorize, {"identity": BINH}))
    # then a citizen account is created, logged in and linked, with the level of assurance as given
    assert response.status_code == 302 and response["Location"] == reverse("portal:after-login")
    user = logged_in_user(client)
    assert user is not None
    assert (user.username, user.full_name, user.kind) == (BINH, "Trần Thị Bình", User.Kind.CITIZEN)
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.provider == "vneid"
    assert identity.subject == vneid_sim.subject_for(BINH)
    assert (identity.level_of_assurance, identity.level, identity.citizen_id) == ("urn:vneid:loa:1", 1, BINH)
    assert identity.claims["name"] == "Trần Thị Bình" and identity.last_login_at is not None
    assert client.session["assurance"] == {"provider": "vneid", "level": "urn:vneid:loa:1"}
    actions = set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert {"user.create", "vneid.linked", "vneid.login"} <= actions
    # and the token exchange really went to the simulator's token endpoint
    assert ("POST", "/vneid-sim/token/", 200) in transport.calls
    home = client.get(reverse("portal:home"))
    assert "Xin chào, Bình" in home.content.decode()


def test_a_linked_identity_opens_its_account(transport, citizen):
    external_identity_link(
        actor=citizen,
        user=citizen,
        provider="vneid",
        claims=vneid_sim.demo_claims(vneid_sim.DEMO_IDENTITIES[0]),
    )
    client = Client()
    response = vneid_login(client, AN, next_url="/tai-khoan/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    assert logged_in_user(client) == citizen
    assert User.objects.filter(username=AN).count() == 0
    entry = AuditEntry.objects.get(action="vneid.login")
    assert entry.actor == citizen and entry.summary["outcome"] == "login"


def test_a_logged_in_citizen_links_their_account_and_sees_it(transport, citizen, citizen_client):
    response = vneid_login(citizen_client, AN)
    assert response.status_code == 302 and response["Location"] == reverse("portal:account")
    identity = ExternalIdentity.objects.get(user=citizen)
    assert identity.citizen_id == AN
    assert AuditEntry.objects.filter(action="vneid.linked", actor=citizen).exists()
    page = citizen_client.get(reverse("portal:account")).content.decode()
    assert "Đã liên kết tài khoản với định danh VNeID của bạn." in page
    assert "•••••••••123" in page and AN not in page
    assert "Mức 2" in page


def test_the_same_personal_number_opens_the_same_account(transport, citizen):
    # given an account linked earlier to An's number under another subject
    ExternalIdentity.objects.create(
        user=citizen, provider="vneid", subject="old-subject", citizen_id=AN, linked_at=citizen.date_joined
    )
    client = Client()
    vneid_login(client, AN)
    assert logged_in_user(client) == citizen
    assert citizen.external_identities.count() == 2


def test_an_identity_linked_to_someone_else_is_refused_to_another_logged_in_person(transport, citizen):
    external_identity_link(
        actor=citizen,
        user=citizen,
        provider="vneid",
        claims=vneid_sim.demo_claims(vneid_sim.DEMO_IDENTITIES[0]),
    )
    other = factories.UserFactory()
    client = Client()
    client.force_login(other)
    response = vneid_login(client, AN)
    assert response.status_code == 409
    assert "Định danh VNeID này đã được liên kết với một tài khoản khác." in response.content.decode()
    assert logged_in_user(client) == other


def test_someone_else_typed_in_at_the_simulator(transport):
    client = Client()
    authorize = to_provider(client)
    bad = client.post(authorize, {"identity": "other", "full_name": "Phạm Văn Cường", "citizen_id": "123"})
    assert bad.status_code == 400
    assert "12 chữ số" in bad.content.decode()
    callback = choose(
        client, authorize, {"identity": "other", "full_name": "Phạm Văn Cường", "citizen_id": "019088000777"}
    )
    client.get(callback)
    user = logged_in_user(client)
    assert user is not None and user.full_name == "Phạm Văn Cường"
    assert user.external_identities.get().level == 2


def test_a_configured_issuer_is_discovered(transport, settings):
    """The client in "real provider" mode, pointed at the simulator by VNEID_ISSUER: endpoints come from
    the discovery document."""
    settings.VNEID_ISSUER = "http://testserver/vneid-sim"
    oidc._discovery_cache.clear()
    client = Client()
    vneid_login(client, BINH)
    assert logged_in_user(client) is not None
    assert ("GET", "/vneid-sim/.well-known/openid-configuration", 200) in transport.calls


def test_a_rotated_simulator_key_is_fetched_again(transport, settings, tmp_path):
    vneid_login(Client(), BINH)
    settings.VNEID_SIMULATOR_DIR = tmp_path  # a new key: the cached key set no longer has its id
    client = Client()
    vneid_login(client, BINH)
    assert logged_in_user(client) is not None


# --- Failures: a clear Vietnamese message, the right status, an audit entry, nobody logged in ----------


def assert_refused(response, status: int, text: str, reason: str, client: Client) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.content.decode()
    assert text in body, body
    assert "Không đăng nhập được bằng VNeID" in body
    assert reason in failures()
    assert logged_in_user(client) is None


def test_a_token_signed_with_another_key_is_refused(transport):
    key = other_key()
    transport.rewrite = rewrite_id_token(lambda claims, header: jwt.encode(claims, key, "RS256", header))
    client = Client()
    response = vneid_login(client)
    assert_refused(response, 400, "chữ ký không hợp lệ", "bad_signature", client)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda c, h: jwt.encode(c, "", algorithm="none"), id="alg-none"),
        pytest.param(
            lambda c, h: jwt.encode(c, "x" * 32, algorithm="HS256", headers={"kid": h["kid"]}), id="hs256"
        ),
    ],
)
def test_unsigned_or_symmetric_tokens_are_refused(transport, forge):
    transport.rewrite = rewrite_id_token(forge)
    client = Client()
    assert_refused(vneid_login(client), 400, "chữ ký không hợp lệ", "bad_signature", client)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"aud": "another-client"}, id="audience"),
        pytest.param({"iss": "http://evil.example/vneid"}, id="issuer"),
        pytest.param({"sub": None}, id="no-subject"),
    ],
)
def test_wrong_claims_signed_by_the_provider_are_refused(transport, change):
    def forge(claims, header):  # type: ignore[no-untyped-def]
        claims = {k: v for k, v in {**claims, **change}.items() if v is not None}
        return jwt.encode(claims, vneid_sim.signing_key(), "RS256", header)

    transport.rewrite = rewrite_id_token(forge)
    client = Client()
    assert_refused(vneid_login(client), 400, "Phản hồi từ VNeID không hợp lệ", "invalid_token", client)


def test_a_wrong_state_is_refused(transport):
    client = Client()
    callback = choose(client, to_provider(client), {"identity": AN})
    query = parse_qs(urlsplit(callback).query)
    forged = f"{urlsplit(callback).path}?code={query['code'][0]}&state=forged-state"
    assert_refused(client.get(forged), 400, "không hợp lệ", "state", client)


def test_a_missing_state_is_refused(transport):
    client = Client()
    assert_refused(
        client.get(reverse("portal:vneid-callback") + "?code=x"), 400, "không hợp lệ", "state", client
    )


def test_an_expired_id_token_is_refused(transport):
    # the provider's clock is an hour behind: its five-minute token is long expired when it arrives
    transport.around_token = lambda: time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    client = Client()
    assert_refused(vneid_login(client), 400, "đã hết hạn", "token_expired", client)


def test_a_nonce_mismatch_is_refused(transport):
    client = Client()
    authorize = to_provider(client)
    # the authorization request is altered on its way to the provider
    parts = urlsplit(authorize)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["nonce"] = "someone-elses-nonce"
    altered = parts.path + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(choose(client, altered, {"identity": AN}))
    assert_refused(response, 400, "không thuộc lần đăng nhập này", "nonce_mismatch", client)


def test_a_replayed_code_is_refused(transport):
    client = Client()
    callback = choose(client, to_provider(client), {"identity": AN})
    assert client.get(callback).status_code == 302
    client.post(reverse("portal:logout"))
    # the same callback again: its state is spent
    assert_refused(client.get(callback), 400, "không hợp lệ", "state", client)
    # the stolen code with a fresh state of the attacker's own: the provider refuses the spent code
    to_provider(client)
    state = next(iter(client.session[oidc.SESSION_KEY]))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    replay = f"{reverse('portal:vneid-callback')}?code={code}&state={state}"
    assert_refused(client.get(replay), 400, "đã được sử dụng", "code_rejected", client)
    assert ("POST", "/vneid-sim/token/", 400) in transport.calls


def test_cancelling_at_the_provider_is_explained(transport):
    client = Client()
    callback = choose(client, to_provider(client), {"cancel": "1"})
    assert "error=access_denied" in callback
    assert_refused(client.get(callback), 400, "Bạn đã hủy đăng nhập trên VNeID", "cancelled", client)


def test_an_unreachable_provider_is_a_bad_gateway(transport):
    client = Client()
    callback = choose(client, to_provider(client), {"identity": AN})
    transport.down = True
    assert_refused(client.get(callback), 502, "không kết nối được", "unreachable", client)


def test_a_failing_token_endpoint_is_a_bad_gateway(transport):
    transport.rewrite = lambda path, status, body: (
        (500, b"<html>oops</html>") if "token" in path else (status, body)
    )
    client = Client()
    assert_refused(vneid_login(client), 502, "VNeID đang gặp lỗi", "provider_error", client)


def test_a_login_left_too_long_expires(transport):
    client = Client()
    callback = choose(client, to_provider(client), {"identity": AN})
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)):
        response = client.get(callback)
    assert_refused(response, 400, "quá lâu", "attempt_expired", client)


def test_a_locked_account_cannot_log_in_with_vneid(transport, citizen):
    external_identity_link(
        actor=citizen,
        user=citizen,
        provider="vneid",
        claims=vneid_sim.demo_claims(vneid_sim.DEMO_IDENTITIES[0]),
    )
    citizen.is_active = False
    citizen.save()
    client = Client()
    assert_refused(vneid_login(client), 403, "Tài khoản này đang bị khóa", "refused", client)


def test_the_simulator_refuses_a_foreign_redirect_address(transport):
    client = Client()
    parts = urlsplit(to_provider(client))
    query = parse_qs(parts.query)
    query["redirect_uri"] = ["https://evil.example/callback"]
    altered = parts.path + "?" + "&".join(f"{k}={v[0]}" for k, v in query.items())
    response = client.get(altered)
    assert response.status_code == 400
    assert "Yêu cầu đăng nhập này không hợp lệ" in response.content.decode()


# --- Unlinking ------------------------------------------------------------------------------------


def test_unlinking_keeps_a_way_to_log_in(transport, citizen, citizen_client):
    vneid_login(citizen_client, AN)
    identity = citizen.external_identities.get()
    response = citizen_client.post(reverse("portal:vneid-unlink", args=[identity.pk]))
    assert response.status_code == 302
    assert not citizen.external_identities.exists()
    assert AuditEntry.objects.filter(action="vneid.unlinked", actor=citizen).exists()


def test_the_only_way_to_log_in_cannot_be_unlinked(transport):
    client = Client()
    vneid_login(client, BINH)
    user = logged_in_user(client)
    assert user is not None
    identity = user.external_identities.get()
    page = client.get(reverse("portal:account")).content.decode()
    assert "Hủy liên kết" not in page
    response = client.post(reverse("portal:vneid-unlink", args=[identity.pk]))
    assert response.status_code == 409
    assert "không thể hủy liên kết" in response.content.decode()
    assert user.external_identities.exists()


def test_nobody_unlinks_someone_elses_identity(transport, citizen):
    vneid_login(Client(), BINH)
    identity = ExternalIdentity.objects.get(citizen_id=BINH)
    client = Client()
    client.force_login(citizen)
    assert client.post(reverse("portal:vneid-unlink", args=[identity.pk])).status_code == 404
    assert client.get(reverse("portal:vneid-unlink", args=[identity.pk])).status_code == 405


# --- Switched off -----------------------------------------------------------------------------------


def test_without_issuer_or_simulator_there_is_no_vneid(settings):
    settings.VNEID_ISSUER = ""
    settings.VNEID_SIMULATOR = False
    client = Client()
    assert "Đăng nhập bằng VNeID" not in client.get(reverse("portal:login")).content.decode()
    assert client.get(START).status_code == 404
    assert client.get("/vneid-sim/jwks.json").status_code == 404
    assert client.get("/vneid-sim/.well-known/openid-configuration").status_code == 404


def test_the_login_page_offers_vneid(transport):
    page = Client().get(reverse("portal:login") + "?next=/tai-khoan/").content.decode()
    assert "Đăng nhập bằng VNeID" in page
    assert f'href="{START}?next=/tai-khoan/"' in page


def test_the_demo_citizen_is_linked_to_the_simulators_an(settings, citizen):
    from tinhso.core.demo import _link_demo_vneid

    settings.VNEID_ISSUER = ""
    settings.VNEID_SIMULATOR = True
    _link_demo_vneid(citizen)  # the demo loader's step for the citizen account, Nguyễn Văn An
    _link_demo_vneid(citizen)  # idempotent
    identity = ExternalIdentity.objects.get(user=citizen)
    assert (identity.citizen_id, identity.subject) == (AN, vneid_sim.subject_for(AN))
    settings.VNEID_ISSUER = "https://vneid.example"  # never against a real provider
    other = factories.UserFactory(full_name="Nguyễn Văn An")
    _link_demo_vneid(other)
    assert not other.external_identities.exists()


def test_deployment_check_warns_about_the_simulator(settings):
    from tinhso.vneidsim.apps import simulator_is_off_in_production

    settings.VNEID_SIMULATOR = True
    assert [m.id for m in simulator_is_off_in_production()] == ["tinhso.W010"]
    settings.VNEID_SIMULATOR = False
    assert simulator_is_off_in_production() == []


def test_the_simulator_publishes_its_discovery_document_and_keys(transport):
    client = Client()
    document = client.get("/vneid-sim/.well-known/openid-configuration").json()
    assert document["issuer"] == "http://testserver/vneid-sim"
    assert document["code_challenge_methods_supported"] == ["S256"]
    keys = client.get(local(document["jwks_uri"])).json()["keys"]
    assert [(k["kty"], k["alg"], k["use"]) for k in keys] == [("RSA", "RS256", "sig")]
    assert "d" not in keys[0]  # the public half only
