"""The personal identification number's structure, and the simulator's demo people keeping to it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tinhso.core.identity_numbers import BIRTH_PROVINCE_CODES, parse_personal_number
from tinhso.core.vneid_sim import DEMO_IDENTITIES

provinces = st.sampled_from(sorted(BIRTH_PROVINCE_CODES))


@given(provinces, st.integers(1900, 2299), st.booleans(), st.integers(0, 999_999))
def test_a_well_formed_number_gives_back_its_parts(province, year, female, serial):
    century_sex = 2 * ((year - 1900) // 100) + int(female)
    number = f"{province}{century_sex}{year % 100:02d}{serial:06d}"
    parsed = parse_personal_number(number)
    assert parsed is not None
    assert (parsed.birth_province_code, parsed.birth_year, parsed.female) == (province, year, female)


@given(st.text(alphabet="0123456789", max_size=20).filter(lambda s: len(s) != 12))
def test_a_number_of_another_length_is_refused(value):
    assert parse_personal_number(value) is None


@given(st.integers(0, 999).map(lambda n: f"{n:03d}").filter(lambda c: c not in BIRTH_PROVINCE_CODES))
def test_an_unknown_province_code_is_refused(code):
    assert parse_personal_number(code + "090000123") is None


def test_sixty_three_birth_provinces_and_thai_nguyen_is_019():
    assert len(BIRTH_PROVINCE_CODES) == 63 and "019" in BIRTH_PROVINCE_CODES


def test_the_demo_people_are_consistent_with_their_numbers():
    for person in DEMO_IDENTITIES:
        parsed = parse_personal_number(person.citizen_id)
        assert parsed is not None, person
        assert parsed.birth_year == int(person.birthdate[:4]), person
        assert parsed.female == (person.full_name in {"Trần Thị Bình", "Lê Minh Châu"}), person


def test_non_strings_and_letters_are_refused():
    assert parse_personal_number(None) is None
    assert parse_personal_number(19090000123) is None
    assert parse_personal_number("01909000012A") is None
