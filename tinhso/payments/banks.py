"""The banks that send transfer notices, and their shared secrets. A secret is a file
`<BIN>.secret` under PAYMENT_BANK_SECRETS_DIR (default: var/keys/banks), never in the database: the bank and
the province exchange it when they connect. The demo set-up writes one for the simulated bank."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from django.conf import settings

# the NAPAS member codes (BIN) of the banks the State Treasury collects through [practice]
BANKS = {
    "970415": "VietinBank",
    "970436": "Vietcombank",
    "970418": "BIDV",
    "970405": "Agribank",
}
DEMO_BANK = "970415"


def _directory() -> Path:
    return Path(settings.PAYMENT_BANK_SECRETS_DIR)


def bank_secret(bank_bin: str) -> bytes | None:
    if not re.fullmatch(r"\d{6}", bank_bin or ""):
        return None
    try:
        return (_directory() / f"{bank_bin}.secret").read_bytes().strip() or None
    except FileNotFoundError:
        return None


def bank_secret_ensure(bank_bin: str) -> bytes:
    """For the demo and the simulator: a secret for the bank, made once (mode 0600)."""
    existing = bank_secret(bank_bin)
    if existing:
        return existing
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_hex(32).encode()
    descriptor = os.open(directory / f"{bank_bin}.secret", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(value)
    return value


def signature(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def signature_matches(bank_bin: str, body: bytes, given: str) -> bool:
    secret = bank_secret(bank_bin)
    if secret is None:
        return False
    return hmac.compare_digest(signature(secret, body), (given or "").strip().lower())
