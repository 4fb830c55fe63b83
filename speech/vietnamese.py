"""Vietnamese number words for speech: pure functions, no I/O.

Digit words follow https://vietnamese.nil.seattle.wa.us/numbers (0 không … 9 chín). Phone numbers
are read digit by digit in the groups of their written form, which ``phonenumbers`` gives
(mobile ``0912 345 678``, Hanoi landline ``024 1234 5678``; the national formats of
libphonenumber, https://github.com/google/libphonenumber). Number words (mốt, tư, lăm after a
tens word; linh for a zero tens place): https://en.wikipedia.org/wiki/Vietnamese_numerals.
"""
from __future__ import annotations

import phonenumbers

DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SYMBOL_WORDS = {"*": "sao", "#": "thăng", "+": "cộng"}


def spell_digits(digits: str) -> str:
    """Spell each digit (and ``*``, ``#``, ``+``) as a word: ``"113"`` → ``"một một ba"``.

    Other characters (spaces, dots, dashes) are ignored. Raises nothing.
    """
    words = []
    for char in digits:
        if char.isdigit():
            words.append(DIGIT_WORDS[int(char)])
        elif char in SYMBOL_WORDS:
            words.append(SYMBOL_WORDS[char])
    return " ".join(words)


def phone_groups(number: str, region: str = "VN") -> list[str]:
    """Split a phone number into the digit groups it is written in.

    ``"0912345678"`` → ``["0912", "345", "678"]``; numbers ``phonenumbers`` cannot format are cut
    into groups of three from the left. Returns ``[]`` for input without digits.
    """
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    if not any(c.isdigit() for c in digits):
        return []
    try:
        parsed = phonenumbers.parse(digits, region)
        formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        groups = [g.strip("()") for g in formatted.replace("-", " ").split()]
        # A 1900/1800 hotline's six-digit tail ("1900 545454") is said in threes: 1900 545 454.
        groups = [part for g in groups for part in ((g[:3], g[3:]) if len(g) == 6 else (g,))]
        if groups and all(g.isdigit() and len(g) <= 5 for g in groups):
            return groups
    except phonenumbers.NumberParseException:
        pass
    plain = digits.lstrip("+")
    return [plain[i:i + 3] for i in range(0, len(plain), 3)]


def spell_phone_number(number: str, region: str = "VN") -> str:
    """Read a phone number aloud, group by group: ``"0912345678"`` →
    ``"không chín một hai, ba bốn năm, sáu bảy tám"``.
    """
    return ", ".join(spell_digits(group) for group in phone_groups(number, region))


_UNITS_AFTER_TENS = {1: "mốt", 4: "tư", 5: "lăm"}


def number_words(n: int) -> list[str]:
    """Say a whole number 0–9,999 as Vietnamese words (Northern standard); larger → ``["rất nhiều"]``.

    ``21`` → ``["hai", "mươi", "mốt"]``; ``15`` → ``["mười", "lăm"]``; ``105`` →
    ``["một", "trăm", "linh", "năm"]``; ``2005`` → ``["hai", "nghìn", "không", "trăm", "linh",
    "năm"]``. Rules (mốt, tư, lăm after a tens word; linh for a zero tens place): the module
    docstring's sources. Raises ``ValueError`` for a negative number.
    """
    if n < 0:
        raise ValueError(f"no words for negative numbers: {n}")
    if n >= 10_000:
        return ["rất nhiều"]
    if n < 10:
        return [DIGIT_WORDS[n]]
    if n < 100:
        return _tens(n)
    if n < 1000:
        return [DIGIT_WORDS[n // 100], "trăm", *_after_hundreds(n % 100)]
    rest = n % 1000
    words = [DIGIT_WORDS[n // 1000], "nghìn"]
    if rest == 0:
        return words
    if rest < 100:
        return [*words, "không", "trăm", *_after_hundreds(rest)]
    return [*words, *number_words(rest)]


def _tens(n: int) -> list[str]:
    tens, unit = divmod(n, 10)
    if tens == 1:
        head = ["mười"]
        tail = {0: [], 5: ["lăm"]}.get(unit, [DIGIT_WORDS[unit]])
    else:
        head = [DIGIT_WORDS[tens], "mươi"]
        tail = [] if unit == 0 else [_UNITS_AFTER_TENS.get(unit, DIGIT_WORDS[unit])]
    return head + tail


def _after_hundreds(rest: int) -> list[str]:
    if rest == 0:
        return []
    if rest < 10:
        return ["linh", DIGIT_WORDS[rest]]
    return _tens(rest)
