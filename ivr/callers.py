"""Caller identity: withheld-number detection, E.164 normalisation and a keyed hash for progress.

Twilio passes a withheld caller ID either as the alpha string (``anonymous``, ``restricted`` …) or,
on older paths, as that word spelled on the keypad (``+266696687`` = ANONYMOUS, ``+7378742833`` =
RESTRICTED, ``+2562533`` = BLOCKED, ``+8656696`` = UNKNOWN, ``+86282452253`` = UNAVAILABLE).
Source: Twilio changelog "Upcoming changes to withheld caller ID behavior for <Dial> calls"
(2022-11-16). Anything that ``phonenumbers`` cannot parse as a possible number is treated as
withheld too: such a caller gets no resume offer and nothing is stored by number.
"""
from __future__ import annotations

import hashlib
import hmac

import phonenumbers

WITHHELD_WORDS = frozenset({"", "anonymous", "restricted", "blocked", "unknown", "unavailable",
                            "private", "withheld"})
WITHHELD_PLACEHOLDERS = frozenset({"+266696687", "+7378742833", "+2562533", "+8656696",
                                   "+86282452253"})


def normalise_caller(raw: str | None, default_region: str = "VN") -> str | None:
    """Return the caller's number in E.164 (``"+84912345678"``), or ``None`` if withheld/unusable.

    ``raw`` is Twilio's ``From`` parameter. Never raises.
    """
    value = (raw or "").strip()
    if value.lower() in WITHHELD_WORDS or value in WITHHELD_PLACEHOLDERS:
        return None
    if value.startswith("client:") or value.startswith("sip:"):
        return None
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def caller_key(e164: str, secret: str) -> str:
    """Return a stable keyed hash (hex, 64 chars) of a caller's E.164 number.

    Tutorial progress is stored under this key rather than the number itself.
    """
    return hmac.new(secret.encode(), e164.encode(), hashlib.sha256).hexdigest()
