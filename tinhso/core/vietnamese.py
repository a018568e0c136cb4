"""Vietnamese collation without ICU: a stored sort key that orders text the way Vietnamese readers expect.

Order of letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z placed as in Latin).
Tones break ties only after the letters: ngang, huyền, hỏi, ngã, sắc, nặng (dictionary order).
The key uses only ASCII digits, so it sorts the same under any database collation ("C" is used anyway).
"""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_WEIGHT = {ch: 20 + i for i, ch in enumerate(_ALPHABET)}
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SEPARATOR = "00"  # below every weight, so a prefix sorts before its extensions ("An" < "Anh")


def _letters(text: str) -> list[tuple[str, int]]:
    """Split text into (base letter with its vowel modifiers, tone) pairs."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.combining(ch):
            if ch in _TONE_MARKS and out:
                base, _tone = out[-1]
                out[-1] = (base, _TONE_MARKS[ch])
            elif out:
                base, tone = out[-1]
                out[-1] = (unicodedata.normalize("NFC", base + ch), tone)
            continue
        out.append((ch, 0))
    return out


def _weight(letter: str) -> str:
    if letter in _LETTER_WEIGHT:
        return f"{_LETTER_WEIGHT[letter]:02d}"
    if letter.isdigit() and len(letter) == 1 and "0" <= letter <= "9":
        return f"{10 + int(letter):02d}"
    if letter.isalpha():
        return f"{60 + ord(letter) % 40:02d}"  # other scripts: after Vietnamese letters, stable
    return "01"  # spaces and punctuation: present, but weigh less than any letter


def sort_key(text: str, max_length: int | None = None) -> str:
    """The key; numbers compare by value ("Phường 2" before "Phường 10"): each run of digits is preceded
    by a weight for its length (02–09, between punctuation and the digits themselves)."""
    letters = _letters(" ".join(text.split()))
    weights: list[str] = []
    run = 0
    for index, (base, _tone) in enumerate(letters):
        is_digit = "0" <= base <= "9"
        if is_digit and run == 0:
            end = index
            while end < len(letters) and "0" <= letters[end][0] <= "9":
                end += 1
            weights.append(f"{min(end - index, 8) + 1:02d}")
        run = run + 1 if is_digit else 0
        weights.append(_weight(base))
    tones = "".join(str(tone) for _base, tone in letters)
    key = "".join(weights) + _SEPARATOR + tones
    return key[:max_length] if max_length else key


def person_sort_key(full_name: str) -> str:
    """Vietnamese people are listed by given name (the last word), then by the whole name."""
    words = full_name.split()
    given = words[-1] if words else ""
    return sort_key(given) + "0" + sort_key(full_name)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
