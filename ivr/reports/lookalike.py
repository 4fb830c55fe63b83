"""Is a keyed number an official hotline, or does it only look like one? Pure functions, no I/O.

The red flags come from the police's scam guidance: a scammer's number "looks like an official
number in its last 6–7 digits" but has another prefix, and a caller who claims to be the police, a
bank, the power company or a carrier but calls from an ordinary mobile number
(C06's list as reported by CafeF, 2024-08:
https://cafef.vn/cong-an-chi-4-cach-nhan-biet-lua-dao-qua-dien-thoai-va-dua-khuyen-cao-quan-trong-188240818152457243.chn ;
VietnamPlus: https://www.vietnamplus.vn/nhung-dau-hieu-dac-biet-giup-nhan-biet-lua-dao-qua-dien-thoai-post1044003.vnp ;
the Telecom Department's advice on odd prefixes, 24h.com.vn 2022-04:
https://www.24h.com.vn/tin-tuc-trong-ngay/nhieu-so-dien-thoai-gia-danh-nganh-dien-goi-doi-tien-dien-tai-mien-trung-tay-nguyen-c46a1352651.html).

Numbers are compared by their national significant digits (the ``ivr.phone.classify_number`` key
without ``+84``; a short code's digits as they are). Look-alike rules apply only to numbers of at
least :data:`MIN_LOOKALIKE_DIGITS` digits: 113 and 114 differ by one digit and both are real.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

MIN_LOOKALIKE_DIGITS = 7  # shorter numbers (short codes) are only ever matched exactly
SAME_TAIL_DIGITS = 6  # "the same last 6–7 digits" (C06)
# Who the scammer claimed to be (ivr.reports.lifecycle.IDENTITIES) when that organisation calls
# from a hotline, not from a private mobile.
HOTLINE_IDENTITIES = ("police", "bank", "utility", "telecom")
# libphonenumber kinds (ivr.phone.NumberInfo.kind) of ordinary subscriber numbers.
SUBSCRIBER_KINDS = ("mobile", "fixed_line", "unknown", "voip", "international", "invalid")


@dataclass(frozen=True)
class OfficialEntry:
    """One official number as the look-alike rules see it: ``key`` as ``classify_number`` gives it
    (``"+841900545454"``, ``"113"``); ``verified`` entries are the only ones ever announced."""

    key: str
    organisation: str
    verified: bool = True
    id: int = 0
    display: str = ""


@dataclass(frozen=True)
class Verdict:
    """What to tell a caller about a keyed number.

    ``outcome``: ``"official"`` (exactly a verified official number), ``"lookalike"`` (resembles
    ``entry`` but is not it; ``reason`` is ``"same_tail"``, ``"embedded"``, ``"one_digit"`` or
    ``"swapped"``) or ``"claims_hotline"`` (a mobile number reported as claiming to be
    ``identity``, one of :data:`HOTLINE_IDENTITIES`).
    """

    outcome: str
    entry: OfficialEntry | None = None
    reason: str = ""
    identity: str = ""


def national_digits(key: str) -> str:
    """``"+841900545454"`` → ``"1900545454"``; ``"+8613800138000"`` → ``"8613800138000"``;
    ``"113"`` → ``"113"``. Only digits are returned."""
    digits = "".join(c for c in key if c.isdigit())
    return digits[2:] if key.startswith("+84") else digits


def common_tail(a: str, b: str) -> int:
    """How many trailing digits ``a`` and ``b`` share (``"0912345678"``, ``"0812345678"`` → 8)."""
    count = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        count += 1
    return count


def near_miss(a: str, b: str) -> str:
    """``"one_digit"`` when ``a`` and ``b`` (same length) differ in exactly one digit, ``"swapped"``
    when they differ by two neighbouring digits swapped, else ``""`` (also for equal strings)."""
    if len(a) != len(b) or a == b:
        return ""
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) == 1:
        return "one_digit"
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return "swapped"
    return ""


def _is_hotline(digits: str) -> bool:
    return digits.startswith(("1900", "1800"))


def resemblance(keyed: str, keyed_kind: str, official: str) -> str:
    """Why the national digits ``keyed`` look like the official ``official`` ("" if they do not).

    - ``"same_tail"``: the same last :data:`SAME_TAIL_DIGITS` or more digits, another prefix;
    - ``"embedded"``: a 1900/1800 hotline's digits inside an ordinary number (``keyed_kind`` in
      :data:`SUBSCRIBER_KINDS`), e.g. 1900 1006 in 0919 001 006;
    - ``"one_digit"`` / ``"swapped"``: same length, one digit changed or two neighbours swapped.

    Both numbers need :data:`MIN_LOOKALIKE_DIGITS` digits; equal numbers never resemble.
    """
    if keyed == official or min(len(keyed), len(official)) < MIN_LOOKALIKE_DIGITS:
        return ""
    if common_tail(keyed, official) >= SAME_TAIL_DIGITS:
        return "same_tail"
    if _is_hotline(official) and keyed_kind in SUBSCRIBER_KINDS and official in keyed:
        return "embedded"
    return near_miss(keyed, official)


def assess(key: str, kind: str, officials: Sequence[OfficialEntry],
           claimed: Iterable[str] = ()) -> Verdict | None:
    """What a caller should hear about the number ``key`` (a ``classify_number`` key) of ``kind``.

    ``officials``: the active official entries, verified or not. ``claimed``: who the callers'
    open reports about this number say it claimed to be (``Report.claimed_identity`` values).
    Returns ``None`` when there is nothing to say, which is always the case when ``key`` is an
    unverified entry: a real number not yet checked is neither announced nor called a fake.
    Look-alikes are sought among verified entries only, in the order given.
    """
    for entry in officials:
        if entry.key == key:
            return Verdict("official", entry) if entry.verified else None
    digits = national_digits(key)
    for entry in officials:
        reason = resemblance(digits, kind, national_digits(entry.key)) if entry.verified else ""
        if reason:
            return Verdict("lookalike", entry, reason)
    if kind == "mobile":
        for identity in claimed:
            if identity in HOTLINE_IDENTITIES:
                return Verdict("claims_hotline", identity=identity)
    return None


__all__ = ["OfficialEntry", "Verdict", "assess", "resemblance", "near_miss", "common_tail",
           "national_digits", "HOTLINE_IDENTITIES", "MIN_LOOKALIKE_DIGITS", "SAME_TAIL_DIGITS"]
