"""Classification of numbers keyed by callers (table test over the forms scammers use)."""
import pytest

from ivr.phone import classify_number, clean_digits, convert_old_mobile


@pytest.mark.parametrize("raw, kind, e164, valid", [
    ("0912345678", "mobile", "+84912345678", True),
    ("+84912345678", "mobile", "+84912345678", True),
    ("84912345678", "mobile", "+84912345678", True),
    ("0084912345678", "mobile", "+84912345678", True),
    ("0912 345 678", "mobile", "+84912345678", True),
    ("02438253456", "fixed_line", "+842438253456", True),      # Hanoi landline, area code 24
    ("02103845678", "fixed_line", "+842103845678", True),      # 3-digit area code
    ("01681234567", "mobile", "+84381234567", True),           # old Viettel 0168 → 038
    ("01201234567", "mobile", "+84701234567", True),           # old MobiFone 0120 → 070
    ("18001091", "toll_free", "+8418001091", True),
    ("19001234", "premium", "+8419001234", True),
    ("113", "emergency", None, True),
    ("156", "short_code", None, False),
    ("+8613800138000", "international", "+8613800138000", True),
    ("+375291234567", "international", "+375291234567", True),
    ("0551234567", "unknown", "+84551234567", False),          # plausible, not a known range: kept
    ("12", "invalid", None, False),
    ("1234567890123456", "invalid", None, False),
    ("", "invalid", None, False),
])
def test_classify_number(raw, kind, e164, valid):
    info = classify_number(raw)
    assert (info.kind, info.e164, info.valid) == (kind, e164, valid)
    assert info.accepted == (kind != "invalid")


def test_key_groups_by_e164_or_digits():
    assert classify_number("0912345678").key == classify_number("+84 912 345 678").key
    assert classify_number("156").key == "156"


@pytest.mark.parametrize("raw, digits", [("+84 (91) 234-5678", "+84912345678"), ("0084 91", "+8491"),
                                         ("09 12", "0912"), ("abc", "")])
def test_clean_digits(raw, digits):
    assert clean_digits(raw) == digits


@pytest.mark.parametrize("digits, converted", [
    ("01681234567", "0381234567"), ("+841681234567", "0381234567"), ("841991234567", "0591234567"),
    ("0912345678", None), ("01111234567", None),
])
def test_convert_old_mobile(digits, converted):
    assert convert_old_mobile(digits) == converted
