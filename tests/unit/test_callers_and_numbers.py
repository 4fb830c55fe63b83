"""Caller ID handling and Vietnamese number words (pure functions, table tests)."""
import pytest

from ivr.callers import caller_key, normalise_caller
from speech.vietnamese import phone_groups, spell_digits, spell_phone_number


@pytest.mark.parametrize("raw, expected", [
    ("+84912345678", "+84912345678"),
    ("0912345678", "+84912345678"),
    ("84912345678", "+84912345678"),
    ("+842438253456", "+842438253456"),
    ("+14155550123", "+14155550123"),
    ("anonymous", None), ("Anonymous", None), ("RESTRICTED", None), ("", None), (None, None),
    ("+266696687", None), ("+7378742833", None), ("+2562533", None), ("+8656696", None),
    ("+86282452253", None), ("client:volunteer", None), ("sip:a@b.c", None), ("12", None),
    ("not a number", None),
])
def test_normalise_caller(raw, expected):
    assert normalise_caller(raw) == expected


def test_caller_key_is_stable_keyed_and_hides_the_number():
    key = caller_key("+84912345678", "secret")
    assert key == caller_key("+84912345678", "secret") and len(key) == 64
    assert key != caller_key("+84912345678", "other") and "912345678" not in key


@pytest.mark.parametrize("digits, words", [
    ("113", "một một ba"),
    ("0", "không"),
    ("*#", "sao thăng"),
    ("+84", "cộng tám bốn"),
    ("1-5.6", "một năm sáu"),
    ("", ""),
])
def test_spell_digits(digits, words):
    assert spell_digits(digits) == words


@pytest.mark.parametrize("number, groups", [
    ("0912345678", ["0912", "345", "678"]),
    ("+84912345678", ["0912", "345", "678"]),
    ("02438253456", ["024", "3825", "3456"]),
    ("02103845678", ["0210", "3845", "678"]),
    ("18001091", ["1800", "1091"]),
    ("113", ["113"]),
    ("12345678901234567", ["123", "456", "789", "012", "345", "67"]),
    ("không có số", []),
])
def test_phone_groups(number, groups):
    assert phone_groups(number) == groups


def test_spell_phone_number_reads_groups_separated_by_pauses():
    assert spell_phone_number("0912345678") == "không chín một hai, ba bốn năm, sáu bảy tám"


@pytest.mark.parametrize("number, words", [
    (0, "không"), (7, "bảy"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (20, "hai mươi"),
    (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"), (99, "chín mươi chín"),
    (100, "một trăm"), (101, "một trăm linh một"), (110, "một trăm mười"),
    (115, "một trăm mười lăm"), (1000, "một nghìn"), (1005, "một nghìn không trăm linh năm"),
    (1100, "một nghìn một trăm"), (2024, "hai nghìn không trăm hai mươi tư"),
    (9999, "chín nghìn chín trăm chín mươi chín"), (10000, "rất nhiều"),
])
def test_number_words(number, words):
    from speech.vietnamese import number_words
    assert " ".join(number_words(number)) == words


def test_number_words_refuses_negatives():
    from speech.vietnamese import number_words
    with pytest.raises(ValueError):
        number_words(-1)
