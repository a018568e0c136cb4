"""Certificates as the platform reads them: PEM in, facts out (fingerprint, subject, validity)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization


@dataclass(frozen=True)
class CertificateFacts:
    fingerprint: str
    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime


def to_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def load(text: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(text.encode())


def load_all(text: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(text.encode()) if text.strip() else []


def asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def asn1_from_pem(text: str) -> list[asn1_x509.Certificate]:
    found = []
    for _kind, _headers, der in pem.unarmor(text.encode(), multiple=True):
        found.append(asn1_x509.Certificate.load(der))
    return found


def fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def facts(certificate: x509.Certificate) -> CertificateFacts:
    return CertificateFacts(
        fingerprint=fingerprint(certificate),
        subject=certificate.subject.rfc4514_string()[:400],
        issuer=certificate.issuer.rfc4514_string()[:400],
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()
