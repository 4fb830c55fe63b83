"""Official numbers and their look-alikes (ivr.reports.lookalike): table tests of the pure rules,
with numbers as ``ivr.phone.classify_number`` keys them."""
import pytest

from ivr.phone import classify_number
from ivr.reports.lookalike import (OfficialEntry, Verdict, assess, common_tail, national_digits,
                                   near_miss, resemblance)

EVN = OfficialEntry("+841900545454", "Điện lực TP.HCM", True, 1)
VINA = OfficialEntry("+8418001091", "VinaPhone", True, 2)
BANK = OfficialEntry("+842838221234", "Ngân hàng A", True, 3)
POLICE = OfficialEntry("113", "Cảnh sát 113", True, 4)
FIRE = OfficialEntry("114", "Cứu hỏa 114", True, 5)
SPAM = OfficialEntry("156", "Đầu số 156", False, 6)  # not verified yet
HOTLINE_8 = OfficialEntry("+8419001006", "Tổng đài 1900 1006", True, 7)
UNVERIFIED_MOBILE = OfficialEntry("+84888001091", "VinaPhone (gọi thông báo)", False, 8)
OFFICIALS = (EVN, VINA, BANK, POLICE, FIRE, SPAM, HOTLINE_8, UNVERIFIED_MOBILE)


def check(raw, claimed=()):
    info = classify_number(raw)
    return assess(info.key, info.kind, OFFICIALS, claimed)


@pytest.mark.parametrize("raw, expected", [
    # exactly an official number, however it is keyed
    ("1900545454", Verdict("official", EVN)),
    ("1900 545 454", Verdict("official", EVN)),
    ("+84 1900 545454", Verdict("official", EVN)),
    ("18001091", Verdict("official", VINA)),
    ("028 3822 1234", Verdict("official", BANK)),
    ("113", Verdict("official", POLICE)),
    ("114", Verdict("official", FIRE)),  # never "one digit from 113"
    # the same last 6-7 digits, another prefix (C06's red flag)
    ("0981545454", Verdict("lookalike", EVN, "same_tail")),
    ("0245 545 454", Verdict("lookalike", EVN, "same_tail")),
    ("+0011900545454", Verdict("lookalike", EVN, "same_tail")),  # an odd foreign-looking prefix
    ("0912001091", Verdict("lookalike", VINA, "same_tail")),
    ("0938221234", Verdict("lookalike", BANK, "same_tail")),
    # a 1900/1800 hotline's digits inside a mobile or landline number
    ("0919001006", Verdict("lookalike", HOTLINE_8, "same_tail")),  # tail wins: it is checked first
    ("02419001006", Verdict("lookalike", HOTLINE_8, "same_tail")),
    ("0219 0010 069", Verdict("lookalike", HOTLINE_8, "embedded")),  # a Hà Giang landline
    ("0190010069", None),  # 1900 10069 is a hotline itself, not an ordinary number
    # one digit changed, or two neighbours swapped, same length
    ("1900545455", Verdict("lookalike", EVN, "one_digit")),
    ("18001019", Verdict("lookalike", VINA, "swapped")),
    ("18002091", Verdict("lookalike", VINA, "one_digit")),
    ("1900545445", Verdict("lookalike", EVN, "swapped")),
])
def test_official_and_lookalike_verdicts(raw, expected):
    assert check(raw) == expected


@pytest.mark.parametrize("raw", [
    "0987654321",  # unrelated mobile
    "116", "112",  # short codes are only matched exactly: 113/114/115 differ by one digit and are real
    "156",  # an unverified entry: not announced as official...
    "0888001091",  # ...and a real but unverified number is never called a fake either
    "0888001019",  # resembles only an unverified entry: nothing to say
    "19001007" + "99",  # 10 digits vs 8: no tail of 6 in common, not embedded in a hotline
])
def test_nothing_to_say(raw):
    assert check(raw) is None


def test_unverified_entries_never_answer_official_even_alone():
    info = classify_number("156")
    assert assess(info.key, info.kind, (SPAM,)) is None
    assert assess(info.key, info.kind, (OfficialEntry("156", "156", True, 9),)).outcome == "official"


@pytest.mark.parametrize("raw, claimed, expected", [
    ("0987654321", ["bank"], Verdict("claims_hotline", identity="bank")),
    ("0987654321", ["relative", "police"], Verdict("claims_hotline", identity="police")),
    ("0987654321", ["telecom", "bank"], Verdict("claims_hotline", identity="telecom")),  # most claimed first
    ("0987654321", ["utility"], Verdict("claims_hotline", identity="utility")),
    ("0987654321", ["relative", "delivery", "job", "other"], None),  # nobody who calls from a hotline
    ("02438253456", ["bank"], None),  # a landline: banks do have landlines
    ("0981545454", ["bank"], Verdict("lookalike", EVN, "same_tail")),  # the look-alike says more
    ("1900545454", ["police"], Verdict("official", EVN)),  # spoofed or not, it is the official number
])
def test_a_mobile_number_claiming_to_be_a_hotline(raw, claimed, expected):
    assert check(raw, claimed) == expected


@pytest.mark.parametrize("a, b, reason", [
    ("0912345678", "0912345679", "one_digit"),
    ("0912345678", "0912345687", "swapped"),
    ("0912345678", "0921345678", "swapped"),
    ("0912345678", "0912345768", "swapped"),
    ("0912345678", "0913245687", ""),  # two swaps
    ("0912345678", "0912345600", ""),  # two digits changed
    ("0912345678", "0912345678", ""),  # equal
    ("0912345678", "091234567", ""),  # lengths differ
    ("1213", "1231", "swapped"),
])
def test_near_miss(a, b, reason):
    assert near_miss(a, b) == reason == near_miss(b, a)


@pytest.mark.parametrize("a, b, tail", [("0912345678", "0812345678", 8), ("123", "456", 0),
                                        ("545454", "1900545454", 6), ("", "1", 0)])
def test_common_tail(a, b, tail):
    assert common_tail(a, b) == tail


@pytest.mark.parametrize("key, digits", [("+841900545454", "1900545454"), ("113", "113"),
                                         ("+8613800138000", "8613800138000"), ("+84912345678", "912345678")])
def test_national_digits(key, digits):
    assert national_digits(key) == digits


def test_resemblance_needs_seven_digits_on_both_sides():
    assert resemblance("545454", "mobile", "1900545454") == ""  # a 6-digit number is no look-alike
    assert resemblance("1545454", "unknown", "1900545454") == "same_tail"
