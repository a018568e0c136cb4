"""VietQR payloads (issue 6, part 1): every generated payload parses back with its CRC checked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinhso.payments.vietqr import Transfer, VietQRError, crc16, decode, encode, transfer_note

BINS = st.sampled_from(["970415", "970436", "970418", "970405"])
ACCOUNTS = st.text(alphabet="0123456789", min_size=6, max_size=19)
AMOUNTS = st.one_of(st.none(), st.integers(min_value=1, max_value=10**12))
NOTES = st.text(max_size=60)


def test_the_crc_is_ccitt_false():
    # the standard check value of CRC-16/CCITT-FALSE
    assert crc16(b"123456789") == 0x29B1


def test_a_known_payload():
    payload = encode(Transfer("970436", "0011001932418", 8000, "TS 7K3M9QXW2A"))
    assert payload.startswith("00020101021238")
    assert "5303704" in payload and "54048000" in payload and "5802VN" in payload
    assert "0813TS 7K3M9QXW2A" in payload
    assert decode(payload).amount == 8000


@given(bank_bin=BINS, account=ACCOUNTS, amount=AMOUNTS, note=NOTES)
def test_every_payload_parses_back_with_its_crc(bank_bin, account, amount, note):
    payload = encode(Transfer(bank_bin, account, amount, note))
    back = decode(payload)
    assert (back.bank_bin, back.account, back.amount) == (bank_bin, account, amount)
    assert back.note == transfer_note(note)
    assert payload[-4:] == f"{crc16(payload[:-4].encode()):04X}"


@given(account=ACCOUNTS, amount=st.integers(min_value=1, max_value=10**9), position=st.integers(min_value=0))
def test_any_changed_character_is_caught(account, amount, position):
    payload = encode(Transfer("970415", account, amount, "TS ABC"))
    i = position % (len(payload) - 4)
    changed = payload[:i] + ("0" if payload[i] != "0" else "1") + payload[i + 1 :]
    with pytest.raises(VietQRError):
        decode(changed)


@given(text=st.text(max_size=200))
def test_notes_are_plain_ascii_within_the_limit(text):
    note = transfer_note(text)
    assert len(note) <= 25 and all(c.isascii() and (c.isalnum() or c == " ") for c in note)


def test_vietnamese_notes_lose_their_marks():
    assert transfer_note("Lệ phí đăng ký hộ tịch") == "LE PHI DANG KY HO TICH"


@pytest.mark.parametrize(
    "transfer",
    [
        Transfer("97041", "123", 1),
        Transfer("970415", "", 1),
        Transfer("970415", "12", 0),
        Transfer("970415", "1 2", 5),
    ],
)
def test_bad_fields_are_refused(transfer):
    with pytest.raises(VietQRError):
        encode(transfer)
