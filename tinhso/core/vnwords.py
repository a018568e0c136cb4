"""Amounts in Vietnamese words, as receipts write them ("Tám nghìn đồng")."""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
GROUPS = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def _three(n: int, *, full: bool) -> str:
    """0–999; `full` when a higher group precedes (so 5 → "không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(DIGITS[units])
    return " ".join(words)


def number_words(n: int) -> str:
    if n < 0:
        raise ValueError("amounts are not negative")
    if n == 0:
        return "không"
    groups = []
    while n:
        n, part = divmod(n, 1000)
        groups.append(part)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        part = groups[index]
        if part == 0:
            continue
        words.append(_three(part, full=index < len(groups) - 1))
        if GROUPS[index]:
            words.append(GROUPS[index])
    return " ".join(words)


def amount_words(n: int) -> str:
    """ "Tám nghìn đồng", "Một triệu không trăm linh năm nghìn đồng"."""
    text = number_words(n)
    return text[0].upper() + text[1:] + " đồng"
