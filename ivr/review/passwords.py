"""What makes a dashboard password acceptable: long, and not one a guesser tries first.

Rules (NIST SP 800-63B §3.1.1.2, https://pages.nist.gov/800-63-4/sp800-63b.html: a minimum
length, and a check against "commonly-used, expected, or compromised" values; no composition
rules):

- at least :data:`MIN_LENGTH` characters (Unicode characters after NFC, so ``ư`` is one);
- not in ``data/common-passwords.txt``, in any case, also with digits or symbols only added
  before or after it (``Matkhau@2026`` is ``matkhau``);
- not one character or one short block repeated (``aaaaaaaaaaaa``, ``123123123123``);
- not containing the account's own name.

:func:`problem` answers in English for the ``flask users`` commands (whose other messages are
English too); there is no web form that sets passwords.
"""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

MIN_LENGTH = 12
COMMON_FILE = Path(__file__).with_name("data") / "common-passwords.txt"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The refused passwords, lower-cased (comment lines starting with ``#`` and blanks skipped)."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _repeated(password: str) -> bool:
    """True when the whole password is one block written again and again (period < length)."""
    size = len(password)
    return any(size % block == 0 and password == password[:block] * (size // block)
               for block in range(1, size // 2 + 1))


def _core(password: str) -> str:
    """The password without the digits and symbols added at either end (``"@matkhau2026!"`` →
    ``"matkhau"``); the whole password when it has no letter."""
    start, end = 0, len(password)
    while start < end and not password[start].isalpha():
        start += 1
    while end > start and not password[end - 1].isalpha():
        end -= 1
    return password[start:end] or password


def problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is refused for ``username`` (an English sentence), or ``None`` if it is fine."""
    text = unicodedata.normalize("NFC", password)
    lowered, name = text.lower(), unicodedata.normalize("NFC", username).strip().lower()
    if len(text) < MIN_LENGTH:
        return f"password must have at least {MIN_LENGTH} characters"
    if lowered in common_passwords() or _core(lowered) in common_passwords():
        return "password is in the list of common passwords; choose a longer, unusual one"
    if _repeated(lowered):
        return "password must not be one character or one group of characters repeated"
    if name and name in lowered:
        return "password must not contain the user name"
    return None


__all__ = ["MIN_LENGTH", "common_passwords", "problem"]
