"""Masking a caller's own number (dashboard and CLI), and showing numbers in a readable national form.

A volunteer needs to tell two callers apart, never to call one back: ``+84912345678`` is shown as
``09•• ••• 678`` (the first 2 and last 3 digits of the national form, grouped from the right in
threes). Admins reveal the full number through an audited action. Pure functions, no I/O.
"""
from __future__ import annotations

import phonenumbers

MASK = "•"
WITHHELD = "Số ẩn"  # the caller withheld their number (Report.caller is NULL)
KEEP_HEAD, KEEP_TAIL = 2, 3


def _national_parts(e164: str) -> tuple[str, str]:
    """Return ``(prefix, national digits)``: ``("", "0912345678")`` for Vietnam,
    ``("+1 ", "2025550123")`` elsewhere, ``("", digits)`` when the number does not parse."""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return "", "".join(c for c in e164 if c.isdigit())
    significant = phonenumbers.national_significant_number(number)
    if number.country_code == 84:
        return "", "0" + significant
    return f"+{number.country_code} ", significant


def _group(chars: str) -> str:
    """Group from the right in threes, the rest in front: 10 characters → 4-3-3."""
    if len(chars) <= 6:
        return chars
    return f"{chars[:-6]} {chars[-6:-3]} {chars[-3:]}"


def mask_number(e164: str | None) -> str:
    """Mask a caller's number: ``"+84912345678"`` → ``"09•• ••• 678"``;
    ``"+12025550123"`` → ``"+1 20•• ••• 123"``; ``None`` → ``"Số ẩn"``.

    Numbers with fewer than 7 digits are masked entirely: keeping 5 of 6 digits would hide nothing.
    """
    if not e164:
        return WITHHELD
    prefix, digits = _national_parts(e164)
    if len(digits) < 7:
        return prefix + MASK * len(digits)
    hidden = MASK * (len(digits) - KEEP_HEAD - KEEP_TAIL)
    return prefix + _group(digits[:KEEP_HEAD] + hidden + digits[-KEEP_TAIL:])


def display_number(e164: str | None) -> str:
    """Show a full number readably: ``"+84912345678"`` → ``"0912 345 678"``; ``None`` → ``"Số ẩn"``."""
    if not e164:
        return WITHHELD
    prefix, digits = _national_parts(e164)
    return prefix + _group(digits)


__all__ = ["mask_number", "display_number", "WITHHELD"]
