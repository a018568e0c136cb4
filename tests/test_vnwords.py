from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinhso.core.vnwords import amount_words, number_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (105, "một trăm linh năm"),
        (8000, "tám nghìn"),
        (100000, "một trăm nghìn"),
        (1005000, "một triệu không trăm linh năm nghìn"),
        (2000000000, "hai tỷ"),
    ],
)
def test_numbers_in_words(n, words):
    assert number_words(n) == words


def test_an_amount_starts_with_a_capital_and_ends_in_dong():
    assert amount_words(8000) == "Tám nghìn đồng"


@given(st.integers(min_value=1, max_value=10**15))
def test_every_amount_has_words(n):
    words = number_words(n)
    assert words and "  " not in words and not words.startswith("không ")
