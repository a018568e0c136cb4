"""A local VNeID simulator: an OpenID Connect provider with a handful of demo citizens, so the login flow
works end to end offline. Only for development, demonstrations and tests (settings.VNEID_SIMULATOR).

It keeps no database state. Its RSA signing key is made on first use under var/ (VNEID_SIMULATOR_DIR).
Authorization codes are signed with the site's SECRET_KEY and carry what the token endpoint needs; a code
is spent by creating a marker file with O_EXCL, which is atomic across the web server's processes.
The claim names and the `acr` values are the simulator's own (see docs/adr/0010-vneid-oidc-and-simulator.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from tinhso.core import clock
from tinhso.core.identity_numbers import parse_personal_number
from tinhso.core.oidc import pkce_challenge

SIMULATOR_PATH = "vneid-sim"
CODE_SECONDS = 120
ID_TOKEN_SECONDS = 300
_CODE_SALT = "tinhso.vneid-sim.code"
_SUBJECT_NAMESPACE = uuid.UUID("5b3f6b9e-3a51-4d0c-9f7e-0f1d2c3b4a59")


@dataclass(frozen=True)
class DemoIdentity:
    citizen_id: str
    full_name: str
    birthdate: str
    level: int


# Fictional people. Numbers follow the real structure: 019 = birth registered in Thái Nguyên, 001 = Hà Nội.
DEMO_IDENTITIES = [
    DemoIdentity("019090000123", "Nguyễn Văn An", "1990-03-15", 2),
    DemoIdentity("019195004567", "Trần Thị Bình", "1995-07-02", 1),
    DemoIdentity("019301000890", "Lê Minh Châu", "2001-11-20", 2),
    DemoIdentity("001085012345", "Hoàng Văn Dũng", "1985-09-09", 2),
]


class SimulatorError(Exception):
    """An OAuth error answer: `error` from RFC 6749, `description` for developers."""

    def __init__(self, error: str, description: str, *, status: int = 400):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


# --- Addresses ---------------------------------------------------------------------------------------


def issuer_for(request: HttpRequest) -> str:
    """The simulator's issuer as this site is reached; the client and the simulator agree on it because
    both derive it from the (ALLOWED_HOSTS-checked) host of the request they serve."""
    return request.build_absolute_uri("/" + SIMULATOR_PATH)


def endpoints(issuer: str) -> dict[str, str]:
    return {
        "authorization_endpoint": issuer + "/authorize/",
        "token_endpoint": issuer + "/token/",
        "jwks_uri": issuer + "/jwks.json",
    }


def discovery_document(issuer: str) -> dict[str, Any]:
    return {
        "issuer": issuer,
        **endpoints(issuer),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "scopes_supported": ["openid", "profile"],
        "claims_supported": [
            "sub",
            "name",
            "family_name",
            "given_name",
            "birthdate",
            "gender",
            "citizen_id",
            "acr",
        ],
        "acr_values_supported": ["urn:vneid:loa:1", "urn:vneid:loa:2"],
    }


# --- Signing key -------------------------------------------------------------------------------------

_key_cache: dict[Path, rsa.RSAPrivateKey] = {}


def signing_key() -> rsa.RSAPrivateKey:
    path = Path(settings.VNEID_SIMULATOR_DIR) / "signing-key.pem"
    if path in _key_cache:
        return _key_cache[path]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        try:
            os.link(temporary, path)  # atomic: of two processes starting at once, one key wins
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{path} does not hold an RSA private key")
    _key_cache[path] = key
    return key


def public_jwk() -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(signing_key().public_key()))
    # RFC 7638 thumbprint as the key id: stable for the key, different for any other.
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    return {**jwk, "kid": kid, "use": "sig", "alg": "RS256"}


def jwks_document() -> dict[str, Any]:
    return {"keys": [public_jwk()]}


# --- Identities --------------------------------------------------------------------------------------


def subject_for(citizen_id: str) -> str:
    """VNeID's `sub` is opaque to us; the simulator derives a stable one from the number."""
    return str(uuid.uuid5(_SUBJECT_NAMESPACE, citizen_id))


def identity_claims(*, full_name: str, citizen_id: str, level: int, birthdate: str = "") -> dict[str, Any]:
    words = full_name.split()
    parsed = parse_personal_number(citizen_id)
    claims: dict[str, Any] = {
        "sub": subject_for(citizen_id),
        "name": " ".join(words),
        "family_name": words[0] if words else "",
        "given_name": words[-1] if words else "",
        "citizen_id": citizen_id,
        "acr": f"urn:vneid:loa:{level}",
    }
    if parsed is not None:
        claims["gender"] = "female" if parsed.female else "male"
    if birthdate:
        claims["birthdate"] = birthdate
    return claims


def demo_claims(identity: DemoIdentity) -> dict[str, Any]:
    return identity_claims(
        full_name=identity.full_name,
        citizen_id=identity.citizen_id,
        level=identity.level,
        birthdate=identity.birthdate,
    )


# --- Authorization requests --------------------------------------------------------------------------


def check_authorization_request(request: HttpRequest) -> dict[str, str]:
    """The request's parameters when they are acceptable; SimulatorError otherwise. Like a real provider,
    the simulator answers a bad client or redirect address on its own page, never by redirecting."""
    params = {key: request.GET.get(key, "") for key in _AUTHORIZATION_PARAMETERS}
    if params["client_id"] != settings.VNEID_CLIENT_ID:
        raise SimulatorError("unauthorized_client", "unknown client_id")
    # The registered callback of our one client is on this site; nothing else may receive codes.
    if not params["redirect_uri"] or not url_has_allowed_host_and_scheme(
        params["redirect_uri"], allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        raise SimulatorError("invalid_request", "redirect_uri is not registered for this client")
    if params["response_type"] != "code":
        raise SimulatorError("unsupported_response_type", "only the authorization code flow is offered")
    if "openid" not in params["scope"].split():
        raise SimulatorError("invalid_scope", "scope must include openid")
    if not params["state"] or not params["nonce"]:
        raise SimulatorError("invalid_request", "state and nonce are required")
    if params["code_challenge_method"] != "S256" or len(params["code_challenge"]) != 43:
        raise SimulatorError("invalid_request", "PKCE with S256 is required")
    return params


_AUTHORIZATION_PARAMETERS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def redirect_with_code(params: dict[str, str], *, claims: dict[str, Any], issuer: str) -> str:
    payload = {
        "claims": claims,
        "client_id": params["client_id"],
        "redirect_uri": params["redirect_uri"],
        "nonce": params["nonce"],
        "challenge": params["code_challenge"],
        "auth_time": int(clock.now().timestamp()),
        "exp": int(clock.now().timestamp()) + CODE_SECONDS,
        "jti": secrets.token_hex(8),
    }
    code = signing.dumps(payload, salt=_CODE_SALT, compress=True)
    return _redirect(params["redirect_uri"], code=code, state=params["state"], iss=issuer)


def redirect_cancelled(params: dict[str, str], *, issuer: str) -> str:
    return _redirect(
        params["redirect_uri"],
        error="access_denied",
        error_description="The user cancelled the login",
        state=params["state"],
        iss=issuer,
    )


def _redirect(uri: str, **params: str) -> str:
    return uri + ("&" if "?" in uri else "?") + urlencode(params)


# --- Token endpoint ----------------------------------------------------------------------------------


def _spend(code: str, expires: int) -> None:
    """Mark a code used; a second use fails. Markers of long-expired codes are swept on the way."""
    folder = Path(settings.VNEID_SIMULATOR_DIR) / "used-codes"
    folder.mkdir(parents=True, exist_ok=True)
    now = clock.now().timestamp()
    for marker in folder.iterdir():
        expiry = marker.name.split("-", 1)[0]
        if expiry.isdigit() and int(expiry) < now - CODE_SECONDS:
            marker.unlink(missing_ok=True)
    name = f"{expires}-{hashlib.sha256(code.encode()).hexdigest()}"
    try:
        os.close(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise SimulatorError("invalid_grant", "authorization code already used") from None


def token_response(
    form: dict[str, str], *, issuer: str, basic_auth: tuple[str, str] | None = None
) -> dict[str, Any]:
    """Exchange an authorization code (RFC 6749 4.1.3, RFC 7636) for an access token and an ID token."""
    if form.get("grant_type") != "authorization_code":
        raise SimulatorError("unsupported_grant_type", "only authorization_code")
    client_id, secret = basic_auth or (form.get("client_id", ""), form.get("client_secret", ""))
    if client_id != settings.VNEID_CLIENT_ID or (
        settings.VNEID_CLIENT_SECRET and not secrets.compare_digest(secret, settings.VNEID_CLIENT_SECRET)
    ):
        raise SimulatorError("invalid_client", "client authentication failed", status=401)
    code = form.get("code", "")
    try:
        payload = signing.loads(code, salt=_CODE_SALT)
    except signing.BadSignature:
        raise SimulatorError("invalid_grant", "unknown authorization code") from None
    if payload["exp"] < clock.now().timestamp():
        raise SimulatorError("invalid_grant", "authorization code expired")
    _spend(code, payload["exp"])
    if payload["client_id"] != client_id or payload["redirect_uri"] != form.get("redirect_uri"):
        raise SimulatorError("invalid_grant", "code issued to another client or redirect_uri")
    if pkce_challenge(form.get("code_verifier", "")) != payload["challenge"]:
        raise SimulatorError("invalid_grant", "PKCE verification failed")
    now = int(clock.now().timestamp())
    claims = {
        **payload["claims"],
        "iss": issuer,
        "aud": client_id,
        "iat": now,
        "exp": now + ID_TOKEN_SECONDS,
        "auth_time": payload["auth_time"],
        "nonce": payload["nonce"],
    }
    id_token = jwt.encode(claims, signing_key(), algorithm="RS256", headers={"kid": public_jwk()["kid"]})
    return {
        "access_token": secrets.token_urlsafe(32),
        "token_type": "Bearer",
        "expires_in": ID_TOKEN_SECONDS,
        "scope": "openid profile",
        "id_token": id_token,
    }
