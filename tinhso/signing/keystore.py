"""Where private keys live and how a signature is made with one. The backend is a setting
(`SIGNING_KEYSTORE`): the default keeps PEM files under SIGNING_KEY_DIR (mode 0600, outside the database and
the repository, optionally encrypted with SIGNING_KEY_PASSPHRASE). A deployment with an HSM or a remote
signing service provides a class with the same two methods whose `signer` returns a pyHanko signer (for
example `pyhanko.sign.pkcs11.PKCS11Signer`)."""

from __future__ import annotations

import functools
import os
import re
import threading
from pathlib import Path
from typing import Any, Protocol

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils.module_loading import import_string
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tinhso.signing.errors import SigningError

_REF = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")


class KeyStore(Protocol):
    def save(self, ref: str, key: Any) -> None: ...

    def signer(
        self, *, ref: str, certificate: asn1_x509.Certificate, chain: list[asn1_x509.Certificate]
    ) -> signers.Signer: ...

    def has(self, ref: str) -> bool: ...


class FileKeyStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or settings.SIGNING_KEY_DIR)
        self._lock = threading.Lock()
        self._cache: dict[str, asn1_keys.PrivateKeyInfo] = {}

    def _path(self, ref: str) -> Path:
        if not _REF.fullmatch(ref):
            raise SigningError("bad key reference")
        return self.directory / f"{ref}.key.pem"

    def _passphrase(self) -> bytes | None:
        value = getattr(settings, "SIGNING_KEY_PASSPHRASE", "")
        return value.encode() if value else None

    def has(self, ref: str) -> bool:
        return self._path(ref).is_file()

    def save(self, ref: str, key: Any) -> None:
        passphrase = self._passphrase()
        encryption = (
            serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
        )
        data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
        path = self._path(ref)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)

    def load(self, ref: str) -> Any:
        """The key as a `cryptography` object (for the demo authority, which issues certificates)."""
        try:
            data = self._path(ref).read_bytes()
        except FileNotFoundError as exc:
            raise SigningError(f"no key {ref} in {self.directory}") from exc
        return serialization.load_pem_private_key(data, password=self._passphrase())

    def _key_info(self, ref: str) -> asn1_keys.PrivateKeyInfo:
        with self._lock:
            cached = self._cache.get(ref)
        if cached is not None:
            return cached
        key = self.load(ref)
        der = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        info = asn1_keys.PrivateKeyInfo.load(der)
        with self._lock:
            self._cache[ref] = info
        return info

    def signer(
        self, *, ref: str, certificate: asn1_x509.Certificate, chain: list[asn1_x509.Certificate]
    ) -> signers.Signer:
        return signers.SimpleSigner(
            signing_cert=certificate,
            signing_key=self._key_info(ref),
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )


@functools.cache
def _store(path: str, directory: str) -> KeyStore:
    backend: KeyStore = import_string(path)(Path(directory))
    return backend


def key_store() -> KeyStore:
    """The configured backend (one instance per process and key directory)."""
    return _store(settings.SIGNING_KEYSTORE, str(settings.SIGNING_KEY_DIR))
