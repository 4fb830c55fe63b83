"""Who the hotline may call on its own cost, and when: pure rules, no database, no Flask.

The free line (``MISSED_CALL_CALLBACK``): a caller's ring is rejected busy (TwiML
``<Reject reason="busy"/>``, https://www.twilio.com/docs/voice/twiml/reject : a rejected call is
not answered, so the caller pays nothing) and the hotline calls back. It calls back only a
Vietnamese mobile or landline (never a withheld, foreign, short, premium or service number: the
hotline would pay for a call nobody can take, or reach a machine), at most ``MISSED_CALL_PER_DAY``
times per caller per Vietnamese day, and only inside ``CALLING_HOURS``. Every outbound call to a
caller (also a reporter's verdict call) keeps to ``CALLING_HOURS``, read in Asia/Ho_Chi_Minh
(UTC+7 all year, https://www.iana.org/time-zones).

Number types come from Google's libphonenumber metadata (``phonenumbers``, through
:func:`ivr.phone.classify_number`; https://github.com/google/libphonenumber): Vietnam's 1800
(toll free) and 1900 (premium rate) numbers, short codes and emergency numbers are not people.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ivr.callers import WITHHELD_PLACEHOLDERS, WITHHELD_WORDS, normalise_caller
from ivr.phone import REGION, classify_number

# Vietnam's time zone (UTC+7, no daylight saving): calling hours, shifts and weekly hours are read
# in it (IANA tz database, https://www.iana.org/time-zones; Python's zoneinfo with tzdata).
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Why a caller is not called back (``OutboundCall.refusal``, at most 16 characters).
WITHHELD, FOREIGN, SHORT_CODE, SERVICE, LIMIT, HOURS = (
    "withheld", "foreign", "short_code", "service", "limit", "hours")
CALLABLE_KINDS = ("mobile", "fixed_line")  # people: everything else is a service or unknown
_SPAN = re.compile(r"^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*$")


@dataclass(frozen=True)
class CallingHours:
    """The daily span outbound calls may ring, Vietnam time: ``start`` ≤ clock < ``end``."""

    start: time
    end: time


def parse_calling_hours(text: str) -> CallingHours:
    """Read ``CALLING_HOURS`` (``"07:00-21:00"``; ``24:00`` is the end of the day).

    Raises ``ValueError`` naming the setting for another shape, or a start not before the end.
    """
    match = _SPAN.match(text or "")
    if not match:
        raise ValueError(f"CALLING_HOURS must look like 07:00-21:00, found {text!r}")
    sh, sm, eh, em = (int(part) for part in match.groups())
    start = time(sh, sm)
    end = time.max if (eh, em) == (24, 0) else time(eh, em) if eh < 24 else None
    if end is None or start >= end:
        raise ValueError(f"CALLING_HOURS: the start must come before the end, found {text!r}")
    return CallingHours(start, end)


def within_calling_hours(moment: datetime, hours: CallingHours) -> bool:
    """Whether ``moment`` (timezone-aware) falls inside ``hours`` in Vietnam."""
    clock = moment.astimezone(VIETNAM).time()
    return hours.start <= clock < hours.end


def calling_hours_end(moment: datetime, hours: CallingHours) -> datetime | None:
    """The end (UTC, aware) of the day's ``hours`` holding ``moment``, ``None`` when ``moment``
    is outside them (``24:00`` ends at the next midnight in Vietnam)."""
    if not within_calling_hours(moment, hours):
        return None
    day = moment.astimezone(VIETNAM).date()
    end = (datetime.combine(day + timedelta(days=1), time(0), tzinfo=VIETNAM)
           if hours.end == time.max else datetime.combine(day, hours.end, tzinfo=VIETNAM))
    return end.astimezone(timezone.utc)


def next_opening(moment: datetime, hours: CallingHours) -> datetime:
    """``moment`` itself inside ``hours``, else the next start of ``hours`` (UTC, aware)."""
    if within_calling_hours(moment, hours):
        return moment.astimezone(timezone.utc)
    local = moment.astimezone(VIETNAM)
    day = local.date() if local.time() < hours.start else local.date() + timedelta(days=1)
    return datetime.combine(day, hours.start, tzinfo=VIETNAM).astimezone(timezone.utc)


def vietnam_day_start(moment: datetime) -> datetime:
    """Midnight in Vietnam of the day ``moment`` falls on, as UTC (for "per day" limits)."""
    local = moment.astimezone(VIETNAM)
    return datetime.combine(local.date(), time(0), tzinfo=VIETNAM).astimezone(timezone.utc)


def number_refusal(raw_caller: str | None) -> str | None:
    """Why the number ``raw_caller`` (Twilio's ``From``) is never called back, or ``None`` when
    it is a Vietnamese mobile or landline: :data:`WITHHELD` (no usable caller ID),
    :data:`FOREIGN` (outside +84), :data:`SHORT_CODE` (short, emergency) or :data:`SERVICE`
    (1800, 1900, other service or unknown ranges)."""
    value = (raw_caller or "").strip()
    if value.lower() in WITHHELD_WORDS or value in WITHHELD_PLACEHOLDERS:
        return WITHHELD
    if classify_number(value).kind in ("short_code", "emergency"):  # "9029", "113", "+84113"
        return SHORT_CODE
    number = normalise_caller(value)
    if number is None:  # nothing a phone could dial back (client:…, sip:…, garbage)
        return WITHHELD
    info = classify_number(number)
    if info.region != REGION or info.kind == "international":
        return FOREIGN
    if info.kind not in CALLABLE_KINDS:
        return SERVICE
    return None


def missed_call_refusal(raw_caller: str | None, called_today: int, per_day: int,
                        moment: datetime, hours: CallingHours) -> str | None:
    """Why a missed call from ``raw_caller`` is not called back now, or ``None`` when it is.

    ``called_today``: missed-call callbacks already scheduled for this caller since
    :func:`vietnam_day_start`; ``per_day``: ``MISSED_CALL_PER_DAY``; ``moment``: now (aware).
    The number is judged first (:func:`number_refusal`), then the day's limit (:data:`LIMIT`),
    then the hours (:data:`HOURS`).
    """
    refusal = number_refusal(raw_caller)
    if refusal is not None:
        return refusal
    if called_today >= per_day:
        return LIMIT
    if not within_calling_hours(moment, hours):
        return HOURS
    return None


__all__ = ["VIETNAM", "CallingHours", "parse_calling_hours", "within_calling_hours", "calling_hours_end",
           "next_opening",
           "vietnam_day_start", "number_refusal", "missed_call_refusal", "CALLABLE_KINDS",
           "WITHHELD", "FOREIGN", "SHORT_CODE", "SERVICE", "LIMIT", "HOURS"]
