"""Who the free line calls back, and when (ivr.people.outbound_rules): pure table tests, hours
read in Vietnam time (UTC+7, no daylight saving)."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

from ivr.people.outbound_rules import (CallingHours, missed_call_refusal, next_opening,
                                       number_refusal, parse_calling_hours, vietnam_day_start,
                                       within_calling_hours)

DAY = CallingHours(time(7), time(21))
UTC_PLUS_7 = timezone(timedelta(hours=7))  # Vietnam's offset all year


def vn(hour: int, minute: int = 0, day: int = 3) -> datetime:
    """A moment on Vietnam's clock (3 December 2026 unless ``day`` says otherwise)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC_PLUS_7)


@pytest.mark.parametrize("raw, refusal", [
    ("+84912345678", None),              # a Viettel mobile
    ("+84381234567", None),              # a mobile of the 2018 conversion
    ("+842438262222", None),             # a Hà Nội landline
    ("0912345678", None),                # national form (older paths send it so)
    ("", "withheld"),
    ("anonymous", "withheld"),
    ("Restricted", "withheld"),
    ("+266696687", "withheld"),          # ANONYMOUS spelled on the keypad
    ("client:alice", "withheld"),        # a softphone: nothing to dial back
    ("+14155550100", "foreign"),
    ("+8613800138000", "foreign"),
    ("+447911123456", "foreign"),
    ("113", "short_code"),               # police (emergency)
    ("9029", "short_code"),              # an operator's service short code
    ("1900", "short_code"),
    ("+8419001234", "service"),          # 1900 premium rate
    ("+841900123456", "service"),
    ("+8418001234", "service"),          # 1800 toll free
    ("19001234", "service"),
])
def test_only_vietnamese_people_are_called_back(raw, refusal):
    assert number_refusal(raw) == refusal


@pytest.mark.parametrize("called_today, per_day, moment, refusal", [
    (0, 3, vn(10), None),
    (2, 3, vn(10), None),
    (3, 3, vn(10), "limit"),
    (1, 1, vn(10), "limit"),
    (0, 3, vn(7, 0), None),              # the first minute of the hours
    (0, 3, vn(6, 59), "hours"),
    (0, 3, vn(20, 59), None),
    (0, 3, vn(21, 0), "hours"),          # the end is not inside
    (0, 3, vn(2), "hours"),
    (9, 3, vn(2), "limit"),              # the limit is said before the hours
])
def test_limit_per_day_then_calling_hours(called_today, per_day, moment, refusal):
    assert missed_call_refusal("+84912345678", called_today, per_day, moment, DAY) == refusal


def test_the_number_is_judged_before_limit_and_hours():
    assert missed_call_refusal("anonymous", 9, 3, vn(2), DAY) == "withheld"
    assert missed_call_refusal("+14155550100", 0, 3, vn(10), DAY) == "foreign"


def test_hours_are_read_in_vietnam_not_utc():
    # 23:30 UTC is 06:30 the next morning in Vietnam; 01:00 UTC is 08:00 there.
    assert not within_calling_hours(datetime(2026, 12, 3, 23, 30, tzinfo=timezone.utc), DAY)
    assert within_calling_hours(datetime(2026, 12, 3, 1, 0, tzinfo=timezone.utc), DAY)


@pytest.mark.parametrize("moment, opening", [
    (vn(10), vn(10)),                     # inside: now
    (vn(5, 30), vn(7)),                   # before the start: today's opening
    (vn(21, 0), vn(7, day=4)),            # after the end: tomorrow's
    (vn(23, 59), vn(7, day=4)),
])
def test_next_opening(moment, opening):
    assert next_opening(moment, DAY) == opening
    assert next_opening(moment, DAY).tzinfo is not None


def test_a_vietnamese_day_starts_at_midnight_in_vietnam():
    assert vietnam_day_start(vn(0, 30)) == vn(0)
    assert vietnam_day_start(datetime(2026, 12, 3, 18, 0, tzinfo=timezone.utc)) == vn(0, day=4)


@pytest.mark.parametrize("text, hours", [
    ("07:00-21:00", CallingHours(time(7), time(21))),
    (" 08:30 - 20:15 ", CallingHours(time(8, 30), time(20, 15))),
    ("00:00-24:00", CallingHours(time(0), time.max)),
])
def test_calling_hours_are_read(text, hours):
    assert parse_calling_hours(text) == hours


@pytest.mark.parametrize("text", ["", "7-21", "21:00-07:00", "07:00-07:00", "25:00-26:00", "07:00"])
def test_bad_calling_hours_name_the_setting(text):
    with pytest.raises(ValueError, match="CALLING_HOURS"):
        parse_calling_hours(text)
