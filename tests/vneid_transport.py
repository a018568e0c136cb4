"""An HTTP transport for the OIDC client that delivers its requests to this site's views in-process through
Django's test Client. Pointed at the VNeID simulator, the client's discovery, key and token requests reach
the real simulator, as they would over the network. Tests may alter an answer on its way back (`rewrite`),
or make the provider unreachable (`down`), to play the attacker or the outage."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

Rewrite = Callable[[str, int, bytes], tuple[int, bytes]]


@dataclass
class InProcessTransport:
    host: str = "testserver"
    calls: list[tuple[str, str, int]] = field(default_factory=list)
    rewrite: Rewrite | None = None
    down: bool = False
    around_token: Callable[[], Any] | None = None  # a context manager factory wrapped around token calls

    def __call__(
        self, method: str, url: str, *, headers: dict[str, str], body: bytes | None, timeout: float
    ) -> tuple[int, bytes]:
        parts = urlsplit(url)
        if self.down or parts.netloc != self.host:
            raise ConnectionRefusedError(f"no route to {parts.netloc}")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        extra = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        client = Client()  # a server-to-server call: no cookies of the browser's session
        if self.around_token is not None and parts.path.endswith("/token/"):
            with self.around_token():
                response = self._send(client, method, path, headers, body, extra)
        else:
            response = self._send(client, method, path, headers, body, extra)
        status, content = response.status_code, response.content
        self.calls.append((method, parts.path, status))
        if self.rewrite is not None:
            status, content = self.rewrite(parts.path, status, content)
        return status, content

    @staticmethod
    def _send(client, method, path, headers, body, extra):  # type: ignore[no-untyped-def]
        if method == "GET":
            return client.get(path, headers=extra)
        return client.generic(
            method, path, data=body or b"", content_type=headers.get("Content-Type", ""), headers=extra
        )


def rewrite_id_token(change: Callable[[dict[str, Any], dict[str, Any]], str]) -> Rewrite:
    """A rewrite of the token endpoint's answer: `change(claims, header)` returns the new ID token."""

    def rewrite(path: str, status: int, content: bytes) -> tuple[int, bytes]:
        if not path.endswith("/token/") or status != 200:
            return status, content
        answer = json.loads(content)
        token = answer["id_token"]
        claims = jwt.decode(token, options={"verify_signature": False})
        answer["id_token"] = change(claims, jwt.get_unverified_header(token))
        return status, json.dumps(answer).encode()

    return rewrite


def other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
