"""A small OpenID Connect client for VNeID: authorization code flow with `state`, `nonce` and PKCE (S256),
the code exchanged for tokens over HTTP, the ID token (RS256) checked against the issuer's JWKS.

Pluggable through settings (VNEID_*): a real issuer, or the local simulator when none is configured.
The HTTP transport is a setting too, so tests route the client's requests to the simulator in-process.
Every failure is an `OidcError` carrying a message for the person and the HTTP status to answer with.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import logging
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeGuard
from urllib.parse import quote, urlencode, urlsplit

import jwt
from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tinhso.core import clock

logger = logging.getLogger(__name__)

PROVIDER = "vneid"
SESSION_KEY = "oidc_pending"
MAX_PENDING = 5  # login attempts kept per session (several tabs); the oldest go first
CACHE_SECONDS = 3600  # discovery documents and key sets
MAX_RESPONSE_BYTES = 1_000_000

Transport = Callable[..., tuple[int, bytes]]


class OidcError(Exception):
    """A login that cannot go on. `reason` is a short code for the audit log, `message` is for the person."""

    def __init__(self, reason: str, message: str, *, status: int = 400):
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    scopes: str
    simulated: bool = False


# --- HTTP -------------------------------------------------------------------------------------------


def urllib_transport(
    method: str, url: str, *, headers: dict[str, str], body: bytes | None, timeout: float
) -> tuple[int, bytes]:
    """The default transport: the standard library, answering (status, body) for any HTTP status."""
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 - scheme checked in _http
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(MAX_RESPONSE_BYTES)


def _transport() -> Transport:
    configured = settings.VNEID_HTTP_TRANSPORT
    return import_string(configured) if isinstance(configured, str) else configured


def _unreachable() -> OidcError:
    return OidcError(
        "unreachable",
        _(
            "The VNeID service cannot be reached at the moment. Please try again later, or log in with "
            "your username and password."
        ),
        status=502,
    )


def _provider_failed() -> OidcError:
    return OidcError(
        "provider_error",
        _("The VNeID service answered with an error. Please try again later."),
        status=502,
    )


def _http(
    method: str, url: str, *, headers: dict[str, str] | None = None, body: bytes | None = None
) -> tuple[int, bytes]:
    if urlsplit(url).scheme not in {"http", "https"}:
        logger.error("OIDC endpoint is not an http(s) address: %s", url)
        raise _provider_failed()
    try:
        return _transport()(
            method, url, headers=headers or {}, body=body, timeout=settings.VNEID_HTTP_TIMEOUT
        )
    except (OSError, http.client.HTTPException) as exc:  # URLError and timeouts are OSErrors
        logger.warning("OIDC request to %s failed: %s", url, exc)
        raise _unreachable() from exc


def _json(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _get_json(url: str) -> dict[str, Any]:
    status, body = _http("GET", url, headers={"Accept": "application/json"})
    data = _json(body)
    if status != 200 or data is None:
        logger.warning("OIDC GET %s answered %s", url, status)
        raise _provider_failed()
    return data


# --- Configuration ------------------------------------------------------------------------------------

# Per process: {url: (fetched at, value)}. Small, and a stale entry only costs one refetch.
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_cache: dict[str, tuple[float, dict[str, jwt.PyJWK]]] = {}


def discover(issuer: str) -> dict[str, Any]:
    """The issuer's discovery document (/.well-known/openid-configuration), cached for an hour."""
    now = clock.now().timestamp()
    cached = _discovery_cache.get(issuer)
    if cached and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    document = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != issuer:  # OpenID Connect Discovery 1.0, section 4.3
        logger.error("Discovery document of %s names issuer %r", issuer, document.get("issuer"))
        raise _provider_failed()
    _discovery_cache[issuer] = (now, document)
    return document


def provider_for(request: HttpRequest) -> Provider | None:
    """The configured VNeID provider, the simulator when no issuer is set and it is on, else None."""
    if settings.VNEID_ISSUER:
        issuer = settings.VNEID_ISSUER
        endpoints = {
            "authorization_endpoint": settings.VNEID_AUTHORIZATION_ENDPOINT,
            "token_endpoint": settings.VNEID_TOKEN_ENDPOINT,
            "jwks_uri": settings.VNEID_JWKS_URI,
        }
        if not all(endpoints.values()):
            document = discover(issuer)
            endpoints = {key: value or str(document.get(key, "")) for key, value in endpoints.items()}
        simulated = False
    elif settings.VNEID_SIMULATOR:
        from tinhso.core import vneid_sim  # only needed in simulator mode

        issuer = vneid_sim.issuer_for(request)
        endpoints = vneid_sim.endpoints(issuer)
        simulated = True
    else:
        return None
    return Provider(
        name=PROVIDER,
        issuer=issuer,
        client_id=settings.VNEID_CLIENT_ID,
        client_secret=settings.VNEID_CLIENT_SECRET,
        scopes=settings.VNEID_SCOPES,
        simulated=simulated,
        **endpoints,
    )


def is_enabled() -> bool:
    return bool(settings.VNEID_ISSUER or settings.VNEID_SIMULATOR)


def is_simulated() -> bool:
    return bool(settings.VNEID_SIMULATOR and not settings.VNEID_ISSUER)


# --- Starting a login ------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pkce_challenge(verifier: str) -> str:
    return _b64url(hashlib.sha256(verifier.encode()).digest())


def _pending(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """Login attempts of this session that have not expired, keyed by state."""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    oldest = clock.now().timestamp() - settings.VNEID_LOGIN_TIMEOUT_SECONDS
    return {k: v for k, v in stored.items() if isinstance(v, dict) and v.get("at", 0) >= oldest}


def authorization_url(
    request: HttpRequest, provider: Provider, *, redirect_uri: str, next_url: str = ""
) -> str:
    """Remember a new login attempt in the session and return the provider's address to send the person to."""
    state, nonce, verifier = (secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64))
    pending = _pending(request)
    while len(pending) >= MAX_PENDING:
        pending.pop(min(pending, key=lambda k: pending[k]["at"]))
    pending[state] = {
        "nonce": nonce,
        "verifier": verifier,
        "redirect_uri": redirect_uri,
        "issuer": provider.issuer,
        "next": next_url,
        "at": clock.now().timestamp(),
    }
    request.session[SESSION_KEY] = pending
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": pkce_challenge(verifier),
        "code_challenge_method": "S256",
    }
    separator = "&" if "?" in provider.authorization_endpoint else "?"
    return provider.authorization_endpoint + separator + urlencode(params)


# --- Completing it ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completed:
    claims: dict[str, Any]
    next_url: str


def _invalid_response() -> OidcError:
    return OidcError(
        "invalid_token",
        _("The response from VNeID is not valid. For your safety you have not been logged in."),
    )


def complete(request: HttpRequest, provider: Provider) -> Completed:
    """Check the provider's answer at the callback and return the verified ID-token claims."""
    params = request.GET
    state = params.get("state", "")
    stored = request.session.get(SESSION_KEY)
    stored = stored if isinstance(stored, dict) else {}
    attempt = stored.pop(state, None) if state else None
    # The state is spent whatever happens next, so a replayed callback finds nothing.
    request.session[SESSION_KEY] = stored
    if not isinstance(attempt, dict) or attempt.get("issuer") != provider.issuer:
        raise OidcError(
            "state",
            _("This VNeID login is not valid for this browser or has already been used. Please start again."),
        )
    if attempt["at"] < clock.now().timestamp() - settings.VNEID_LOGIN_TIMEOUT_SECONDS:
        raise OidcError(
            "attempt_expired", _("The VNeID login took too long and has expired. Please start again.")
        )
    if error := params.get("error"):
        if error == "access_denied":
            raise OidcError(
                "cancelled",
                _("You cancelled the login at VNeID. You can log in again whenever you wish."),
            )
        logger.warning("VNeID refused the authorization request: %s", error[:100])
        raise OidcError("provider_refused", _("VNeID refused the login request. Please try again later."))
    # RFC 9207: an `iss` in the answer must be our provider (mix-up defence).
    if params.get("iss") and params.get("iss") != provider.issuer:
        raise _invalid_response()
    code = params.get("code", "")
    if not code:
        raise _invalid_response()
    tokens = _exchange(
        provider, code=code, redirect_uri=attempt["redirect_uri"], verifier=attempt["verifier"]
    )
    claims = verify_id_token(provider, tokens.get("id_token"), nonce=attempt["nonce"])
    return Completed(claims=claims, next_url=str(attempt.get("next") or ""))


def _exchange(provider: Provider, *, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
        "client_id": provider.client_id,
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    if provider.client_secret:  # client_secret_basic (RFC 6749, 2.3.1: form-encoded before base64)
        pair = f"{quote(provider.client_id, safe='')}:{quote(provider.client_secret, safe='')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    status, body = _http("POST", provider.token_endpoint, headers=headers, body=urlencode(form).encode())
    data = _json(body)
    if status == 200 and data is not None:
        return data
    if 400 <= status < 500:
        error = (data or {}).get("error", "")
        logger.info("VNeID token endpoint refused the code: %s %s", status, str(error)[:100])
        raise OidcError(
            "code_rejected",
            _(
                "VNeID did not accept this login (it may have been used already or have expired). "
                "Please log in again."
            ),
        )
    logger.warning("VNeID token endpoint answered %s", status)
    raise _provider_failed()


def _bad_signature() -> OidcError:
    return OidcError(
        "bad_signature",
        _(
            "The response from VNeID could not be verified: its signature is not valid. "
            "For your safety you have not been logged in."
        ),
    )


def _key_set(jwks_uri: str, *, refresh: bool = False) -> dict[str, jwt.PyJWK]:
    now = clock.now().timestamp()
    cached = _jwks_cache.get(jwks_uri)
    if cached and not refresh and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        key_set = jwt.PyJWKSet.from_dict(_get_json(jwks_uri))
    except (jwt.PyJWTError, TypeError, AttributeError, ValueError, KeyError) as exc:
        logger.warning("Unusable JWKS at %s: %s", jwks_uri, exc)
        raise _provider_failed() from exc
    keys = {str(k.key_id or ""): k for k in key_set.keys if k.public_key_use in (None, "sig")}
    _jwks_cache[jwks_uri] = (now, keys)
    return keys


def _signing_key(provider: Provider, kid: object) -> jwt.PyJWK:
    for refresh in (False, True):  # an unknown key id may mean the provider rotated its keys
        keys = _key_set(provider.jwks_uri, refresh=refresh)
        if isinstance(kid, str) and kid in keys:
            return keys[kid]
        if kid is None and len(keys) == 1:
            return next(iter(keys.values()))
    raise _bad_signature()


def verify_id_token(provider: Provider, token: object, *, nonce: str) -> dict[str, Any]:
    """The claims of an RS256 ID token whose signature, issuer, audience, times and nonce are right."""
    if not isinstance(token, str) or not token:
        raise _invalid_response()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _invalid_response() from exc
    if header.get("alg") != "RS256":  # never "none", never HS256 keyed with a public key
        raise _bad_signature()
    key = _signing_key(provider, header.get("kid"))
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key.key,
            algorithms=["RS256"],
            audience=provider.client_id,
            issuer=provider.issuer,
            # Times are checked below against the platform's clock, not the system's.
            options={
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
                "require": ["iss", "sub", "aud", "exp", "iat"],
            },
        )
    except jwt.InvalidSignatureError as exc:
        raise _bad_signature() from exc
    except jwt.PyJWTError as exc:
        logger.info("ID token refused: %s", exc)
        raise _invalid_response() from exc
    now = clock.now().timestamp()
    skew = settings.VNEID_CLOCK_SKEW_SECONDS
    exp, iat = claims.get("exp"), claims.get("iat")
    if (
        not _is_number(exp)
        or not _is_number(iat)
        or not isinstance(claims.get("sub"), str)
        or not claims["sub"]
    ):
        raise _invalid_response()
    if exp <= now - skew:
        raise OidcError("token_expired", _("The identity data from VNeID has expired. Please log in again."))
    if iat > now + skew:
        raise _invalid_response()
    if "azp" in claims and claims["azp"] != provider.client_id:
        raise _invalid_response()
    received = claims.get("nonce")
    if not isinstance(received, str) or not hmac.compare_digest(received, nonce):
        raise OidcError(
            "nonce_mismatch",
            _("The response from VNeID does not belong to this login attempt. Please start again."),
        )
    return claims


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
