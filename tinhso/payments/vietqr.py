"""VietQR (NAPAS, EMVCo merchant-presented QR) payloads for bank transfers (REGULATIONS §5).

TLV fields with two-digit lengths: 00 "01"; 01 "11" static / "12" dynamic; 38 = {00 "A000000727",
01 {00 bank BIN, 01 account number}, 02 "QRIBFTTA" (to an account) or "QRIBFTTC" (to a card)}; 53 "704"
(VND); 54 amount; 58 "VN"; 62 {08 transfer note}; 63 CRC-16/CCITT-FALSE over everything before it,
including "6304", as four upper-case hex digits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

GUID = "A000000727"
TO_ACCOUNT, TO_CARD = "QRIBFTTA", "QRIBFTTC"
NOTE_MAX = 25  # subfield 62-08 "purpose of transaction"
_NOTE_CHARS = re.compile(r"[^A-Z0-9 ]+")


class VietQRError(ValueError):
    """A payload that is not well-formed VietQR (lengths, tags, CRC)."""


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        table.append(crc & 0xFFFF)
    return tuple(table)


_TABLE = _crc_table()


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[(crc >> 8) ^ byte]
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def plain_text(text: str) -> str:
    """Upper-case ASCII letters, digits and single spaces (đ → D, marks dropped)."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).upper()
    return " ".join(_NOTE_CHARS.sub(" ", plain).split())


def transfer_note(text: str) -> str:
    """Banks carry plain ASCII notes of at most 25 characters."""
    return plain_text(text)[:NOTE_MAX].strip()


@dataclass(frozen=True)
class Transfer:
    bank_bin: str  # 6 digits, e.g. 970415
    account: str
    amount: int | None = None  # VND; None for a static code
    note: str = ""
    service: str = TO_ACCOUNT

    @property
    def dynamic(self) -> bool:
        return self.amount is not None


def encode(transfer: Transfer) -> str:
    if not re.fullmatch(r"\d{6}", transfer.bank_bin):
        raise VietQRError("a bank BIN has 6 digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", transfer.account):
        raise VietQRError("an account number has 1 to 19 letters or digits")
    if transfer.amount is not None and not 0 < transfer.amount < 10**13:
        raise VietQRError("the amount must be a positive number of đồng")
    note = transfer_note(transfer.note)
    beneficiary = _tlv("00", transfer.bank_bin) + _tlv("01", transfer.account)
    merchant = _tlv("00", GUID) + _tlv("01", beneficiary) + _tlv("02", transfer.service)
    body = _tlv("00", "01") + _tlv("01", "12" if transfer.dynamic else "11") + _tlv("38", merchant)
    body += _tlv("53", "704")
    if transfer.amount is not None:
        body += _tlv("54", str(transfer.amount))
    body += _tlv("58", "VN")
    if note:
        body += _tlv("62", _tlv("08", note))
    body += "6304"
    return body + f"{crc16(body.encode()):04X}"


def fields(payload: str) -> dict[str, str]:
    """The top-level (or nested) TLV fields of a payload, in order; VietQRError if malformed."""
    found: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, size = payload[i : i + 2], payload[i + 2 : i + 4]
        if len(tag) < 2 or not size.isdigit() or not tag.isdigit():
            raise VietQRError(f"malformed field at {i}")
        value = payload[i + 4 : i + 4 + int(size)]
        if len(value) != int(size):
            raise VietQRError(f"field {tag} is cut short")
        found[tag] = value
        i += 4 + int(size)
    return found


def decode(payload: str) -> Transfer:
    """Parse and check a payload, CRC included."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQRError("no CRC field at the end")
    if f"{crc16(payload[:-4].encode()):04X}" != payload[-4:].upper():
        raise VietQRError("the CRC does not match")
    top = fields(payload)
    if top.get("00") != "01" or top.get("53") != "704" or top.get("58") != "VN":
        raise VietQRError("not a VietQR payload in đồng")
    merchant = fields(top.get("38", ""))
    if merchant.get("00") != GUID:
        raise VietQRError("not a NAPAS VietQR payload")
    beneficiary = fields(merchant.get("01", ""))
    amount = top.get("54")
    note = fields(top["62"]).get("08", "") if "62" in top else ""
    return Transfer(
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        amount=int(amount) if amount else None,
        note=note,
        service=merchant.get("02", ""),
    )
