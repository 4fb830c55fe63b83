"""A volunteer's own settings for transfers (issue 12): their phone, the on/off switch, and how
they are on shift now.

A volunteer's phone is rung by the hotline, so it follows the rule of every outbound call
(:func:`ivr.people.outbound_rules.number_refusal`), and two active volunteers never share one
(:func:`phone_taken`). The phone is personal data: stored in E.164, shown to its owner with all
but the last 3 digits hidden (:func:`mask_phone`), to admins in full only on an audited page,
never to callers or other volunteers. Only Vietnamese numbers are accepted (parsed and validated with ``phonenumbers``:
https://github.com/daviddrysdale/python-phonenumbers). Functions change the session; the caller
commits.
"""
from __future__ import annotations

from datetime import datetime

import phonenumbers
import sqlalchemy as sa

from ivr.callers import normalise_caller

from ivr.models import User, db, utcnow

from . import outbound_rules as rules
from .outbound_rules import CallingHours
from .shifts import SWITCH_HOURS, hours_end, switch_counts, switch_ends, within_hours

MASK = "•"
SHOWN_DIGITS = 3


class PhoneError(ValueError):
    """A phone number that cannot be stored; the message is Vietnamese, for the form."""


SERVICE_MESSAGE = ("Không dùng được số ngắn, số tổng đài hay số dịch vụ (1800, 1900). Vui lòng "
                   "nhập số di động hoặc cố định Việt Nam hợp lệ của bạn, ví dụ 0912 345 678.")
TAKEN_MESSAGE = "Số này đã có tình nguyện viên khác dùng."


def phone_taken(e164: str, user: User) -> bool:
    """Whether another active user than ``user`` already has the phone ``e164``: a transfer or a
    callback must ring one person, never two."""
    return db.session.scalars(sa.select(User.id).where(
        User.phone == e164, User.active.is_(True), User.id != user.id).limit(1)).first() is not None


_REFUSALS = {
    rules.WITHHELD: "Số điện thoại không hợp lệ.",
    rules.FOREIGN: "Vui lòng nhập một số điện thoại Việt Nam hợp lệ, ví dụ 0912 345 678.",
    rules.SHORT_CODE: SERVICE_MESSAGE,
    rules.SERVICE: SERVICE_MESSAGE,
}


def normalise_phone(raw: str) -> str:
    """``"0912 345 678"`` → ``"+84912345678"``. Raises :class:`PhoneError` unless it is a valid
    Vietnamese mobile or landline: the rule of every outbound call
    (:func:`ivr.people.outbound_rules.number_refusal`: never a short code, 1800/1900 or other
    service number, nor abroad), then a number ``phonenumbers`` knows to be valid."""
    refusal = rules.number_refusal(raw)
    if refusal is not None:
        raise PhoneError(_REFUSALS[refusal])
    e164 = normalise_caller(raw)
    if e164 is None:
        raise PhoneError("Số điện thoại không hợp lệ.")
    number = phonenumbers.parse(e164, "VN")
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise PhoneError("Vui lòng nhập một số điện thoại Việt Nam hợp lệ, ví dụ 0912 345 678.")
    return e164


def mask_phone(e164: str | None) -> str:
    """Every digit hidden but the last 3 of the national form: ``"+84912345678"`` →
    ``"•••••••678"``; ``None`` → ``""``."""
    if not e164:
        return ""
    digits = "0" + e164[3:] if e164.startswith("+84") else e164.lstrip("+")
    return MASK * (len(digits) - SHOWN_DIGITS) + digits[-SHOWN_DIGITS:]


def switch_shift(user: User, on: bool, moment: datetime | None = None,
                 max_hours: int = SWITCH_HOURS, calling_hours: CallingHours | None = None) -> bool:
    """Turn ``user``'s switch on (since ``moment``, default now) or off; returns True if it
    changed (switching on twice keeps the first time, unless the first has expired after
    ``max_hours`` or at the end of ``calling_hours``, :func:`~ivr.people.shifts.switch_ends`:
    then it starts again from ``moment``)."""
    moment = moment or utcnow()
    if on and user.on_shift and not switch_counts(user, moment, max_hours, calling_hours):
        user.on_shift_since = moment
        return True
    if bool(user.on_shift) == on:
        return False
    user.on_shift = on
    user.on_shift_since = moment if on else None
    return True


def on_shift_by(user: User, moment: datetime | None = None,
                max_hours: int = SWITCH_HOURS,
                calling_hours: CallingHours | None = None) -> str | None:
    """Why ``user`` is on shift at ``moment``: ``"switch"`` (on, less than ``max_hours`` ago and
    inside ``calling_hours``),
    ``"hours"`` or ``None`` (off, or a switch that expired; the caller checks ``active`` and the
    phone with :func:`ivr.people.shifts.is_on_shift`)."""
    moment = moment or utcnow()
    if switch_counts(user, moment, max_hours, calling_hours):
        return "switch"
    return "hours" if within_hours(user.shift_hours, moment) else None


def shift_ends(user: User, moment: datetime | None = None,
               max_hours: int = SWITCH_HOURS,
               calling_hours: CallingHours | None = None) -> datetime | None:
    """When ``user``'s shift that holds ``moment`` ends (UTC, aware): the switch's expiry
    (:func:`~ivr.people.shifts.switch_ends`), the end of the weekly span, the later of the two
    when both hold; ``None`` when off shift."""
    moment = moment or utcnow()
    ends = [switch_ends(user, max_hours, calling_hours) if switch_counts(user, moment, max_hours, calling_hours) else None,
            hours_end(user.shift_hours, moment)]
    return max((end for end in ends if end is not None), default=None)


__all__ = ["PhoneError", "mask_phone", "normalise_phone", "phone_taken", "on_shift_by", "shift_ends", "switch_shift"]
