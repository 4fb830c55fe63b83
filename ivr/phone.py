"""Phone numbers keyed by callers: normalisation and classification with ``phonenumbers``.

Scammers call from every kind of number (Vietnamese mobiles and landlines, short codes, foreign and
non-existent prefixes), so a number is *accepted* whenever it has 3–15 digits and *classified* with
Google's libphonenumber rules (``phonenumbers``). Vietnamese specifics from libphonenumber's
metadata (territory VN, https://github.com/google/libphonenumber): country code 84, trunk prefix 0,
international prefix 00. Old 11-digit mobiles (converted 15 Sep 2018 – 30 Jun 2019, the last 7
digits kept; callers still say them) are mapped to today's numbers, after the conversion table
at https://gsm.vn/thue-bao-di-dong-11-so-doi-thanh-10-so-nhu-the-nao/. Pure functions, no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

REGION = "VN"
# Old 11-digit prefix (after the 0) → new 10-digit prefix; the last 7 digits are kept (the
# conversion table linked in the module docstring).
OLD_MOBILE_PREFIXES = {
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",            # MobiFone
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",            # VinaPhone
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37",
    "168": "38", "169": "39",                                                  # Viettel
    "186": "56", "188": "58",                                                  # Vietnamobile
    "199": "59",                                                               # Gmobile
}
_KINDS = {
    PhoneNumberType.MOBILE: "mobile", PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile", PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium", PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOIP: "voip", PhoneNumberType.SHARED_COST: "shared_cost",
}


@dataclass(frozen=True)
class NumberInfo:
    """What we know about a keyed number.

    - ``digits``: the input reduced to digits (a leading ``+`` kept);
    - ``accepted``: 3–15 digits, so it can be stored as reported;
    - ``valid``: libphonenumber knows it as a real number of its region (or a valid short code);
    - ``e164``: ``+84912345678`` form when it parses, else ``None`` (short codes have none);
    - ``kind``: ``mobile``, ``fixed_line``, ``toll_free``, ``premium``, ``uan``, ``voip``,
      ``short_code``, ``emergency``, ``international`` (valid, outside Vietnam), ``unknown``
      (plausible but not a known range) or ``invalid``;
    - ``region``: ISO country code, e.g. ``VN``; ``converted_from_old``: an old 11-digit mobile.
    """

    digits: str
    accepted: bool
    valid: bool
    e164: str | None
    kind: str
    region: str | None = None
    national: str | None = None
    converted_from_old: bool = False

    @property
    def key(self) -> str:
        """The form reports are grouped by: E.164 when known, else the digits."""
        return self.e164 or self.digits


def clean_digits(raw: str) -> str:
    """Keep digits and a leading ``+``; ``00`` international prefix becomes ``+``."""
    text = (raw or "").strip()
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return digits


def convert_old_mobile(digits: str) -> str | None:
    """Map an old 11-digit mobile (``01[2689]x…``, also with 84/+84) to today's form, else ``None``.

    ``"01681234567"`` → ``"0381234567"``.
    """
    national = digits
    for prefix in ("+84", "84"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 10:
            national = "0" + digits[len(prefix):]
    if len(national) == 11 and national.startswith("01") and national[1:4] in OLD_MOBILE_PREFIXES:
        return "0" + OLD_MOBILE_PREFIXES[national[1:4]] + national[4:]
    return None


def classify_number(raw: str) -> NumberInfo:
    """Classify a number as keyed or said by a caller. Never raises.

    Examples: ``"0912345678"`` → mobile ``+84912345678``; ``"113"`` → emergency;
    ``"+8613800138000"`` → international (CN); ``"01681234567"`` → mobile ``+84381234567``.
    """
    digits = clean_digits(raw)
    count = sum(c.isdigit() for c in digits)
    if not 3 <= count <= 15:
        return NumberInfo(digits, False, False, None, "invalid")
    short = _short_code(digits)
    if short is not None:
        return short
    converted = convert_old_mobile(digits)
    info = _parse(converted or digits)
    if converted and info.valid:
        return NumberInfo(digits, True, True, info.e164, info.kind, info.region, info.national, True)
    return NumberInfo(digits, True, info.valid, info.e164, info.kind, info.region, info.national)


def _short_code(digits: str) -> NumberInfo | None:
    if digits.startswith(("+", "0")) or len(digits) > 6:
        return None
    if shortnumberinfo.is_emergency_number(digits, REGION):
        return NumberInfo(digits, True, True, None, "emergency", REGION, digits)
    try:
        number = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException:
        return None
    if shortnumberinfo.is_valid_short_number_for_region(number, REGION) or len(digits) <= 5:
        valid = shortnumberinfo.is_valid_short_number_for_region(number, REGION)
        return NumberInfo(digits, True, valid, None, "short_code", REGION, digits)
    return None


def _parse(digits: str) -> NumberInfo:
    try:
        number = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException:
        return NumberInfo(digits, True, False, None, "invalid")
    region = phonenumbers.region_code_for_number(number)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if not phonenumbers.is_valid_number(number):
        plausible = phonenumbers.is_possible_number(number)
        return NumberInfo(digits, True, False, e164 if plausible else None,
                          "unknown" if plausible else "invalid", region, national)
    if region != REGION:
        return NumberInfo(digits, True, True, e164, "international", region, national)
    kind = _KINDS.get(phonenumbers.number_type(number), "unknown")
    return NumberInfo(digits, True, True, e164, kind, region, national)
