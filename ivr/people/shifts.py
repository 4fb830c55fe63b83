"""Who is on shift now: a volunteer with a phone who switched themselves on (the switch counts for
``SHIFT_MAX_HOURS`` from ``on_shift_since`` and never past the end of ``CALLING_HOURS``: ringing a
volunteer's phone is an outbound call, so one who forgot it is not rung at 3 a.m.; switched on
outside calling hours it does not count), or whose weekly hours (Asia/Ho_Chi_Minh) hold the
moment (their own choice, never capped: they end by themselves).

Weekly hours are ``[{"day": 0-6, "start": "HH:MM", "end": "HH:MM"}]`` with Monday = 0 (Python's
``date.weekday()``), ``start`` < ``end`` within one day (``end`` may be ``24:00``, the end of the
day; a night shift is two entries). Vietnam keeps
one time zone, UTC+7, without daylight saving (IANA ``Asia/Ho_Chi_Minh``:
https://www.iana.org/time-zones ; https://en.wikipedia.org/wiki/Time_in_Vietnam ).
"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone

import sqlalchemy as sa

from ivr.models import User, db, utcnow

from .outbound_rules import VIETNAM, CallingHours, calling_hours_end

DAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
SWITCH_HOURS = 8  # the default of SHIFT_MAX_HOURS (config/): one working day's shift
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
END_OF_DAY = "24:00"  # allowed as an end only


class HoursError(ValueError):
    """Weekly hours that cannot be stored; the message is Vietnamese, for the volunteer's form."""


def parse_hours(entries: list[dict]) -> list[dict]:
    """Check and normalise weekly hours: each entry ``{"day": int 0-6, "start": "HH:MM",
    "end": "HH:MM"}`` with start before end (``end`` may be ``"24:00"``); returns them sorted by
    day and start.

    Raises :class:`HoursError` (Vietnamese message) for a bad day, a bad clock time, an empty or
    reversed span, or more than 21 entries.
    """
    if len(entries) > 21:
        raise HoursError("Tối đa 21 khung giờ mỗi tuần.")
    out = []
    for entry in entries:
        day, start, end = entry.get("day"), str(entry.get("start", "")), str(entry.get("end", ""))
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            raise HoursError("Ngày trong tuần không hợp lệ.")
        if not _CLOCK.match(start) or not (_CLOCK.match(end) or end == END_OF_DAY):
            raise HoursError("Giờ phải viết dạng HH:MM, ví dụ 08:00.")
        if start >= end:
            raise HoursError(f"{DAYS[day]}: giờ bắt đầu phải trước giờ kết thúc.")
        out.append({"day": day, "start": start, "end": end})
    return sorted(out, key=lambda e: (e["day"], e["start"]))


def within_hours(hours: list[dict] | None, moment: datetime) -> bool:
    """Whether ``moment`` (timezone-aware) falls inside any of ``hours``, read in Vietnam time."""
    local = moment.astimezone(VIETNAM)
    clock = local.time().replace(second=0, microsecond=0)
    for entry in hours or ():
        if entry.get("day") == local.weekday() and \
                _clock(entry["start"]) <= clock < _clock(entry["end"]):
            return True
    return False


def hours_end(hours: list[dict] | None, moment: datetime) -> datetime | None:
    """The end (UTC, aware) of the weekly span of ``hours`` holding ``moment``, or ``None``."""
    local = moment.astimezone(VIETNAM)
    clock = local.time().replace(second=0, microsecond=0)
    for entry in hours or ():
        if entry.get("day") == local.weekday() and \
                _clock(entry["start"]) <= clock < _clock(entry["end"]):
            end = (datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=VIETNAM)
                   if entry["end"] == END_OF_DAY
                   else datetime.combine(local.date(), _clock(entry["end"]), tzinfo=VIETNAM))
            return end.astimezone(timezone.utc)
    return None


def switch_ends(user: User, max_hours: int = SWITCH_HOURS,
                calling_hours: CallingHours | None = None) -> datetime | None:
    """When ``user``'s switch stops counting (UTC, aware): ``on_shift_since`` + ``max_hours``
    hours, or the end of ``calling_hours`` (setting ``CALLING_HOURS``,
    :func:`ivr.people.outbound_rules.parse_calling_hours`) that day if earlier (``00:00-24:00``:
    no end); switched on outside ``calling_hours``, ``on_shift_since`` itself (it never counted).
    ``None`` when off."""
    if not user.on_shift or user.on_shift_since is None:
        return None
    since = aware(user.on_shift_since)
    ends = since + timedelta(hours=max_hours)
    if calling_hours is not None and (calling_hours.start, calling_hours.end) != (time(0), time.max):
        ends = min(ends, calling_hours_end(since, calling_hours) or since)
    return ends


def switch_counts(user: User, moment: datetime | None = None, max_hours: int = SWITCH_HOURS,
                  calling_hours: CallingHours | None = None) -> bool:
    """Whether ``user``'s switch is on and has not expired at ``moment`` (default now): it counts
    for ``max_hours`` (``SHIFT_MAX_HOURS``) from ``on_shift_since``, within ``calling_hours``
    (:func:`switch_ends`). A switch on with no time (rows older than the timestamp) counts as
    expired: nobody knows when it was turned on."""
    ends = switch_ends(user, max_hours, calling_hours)
    return ends is not None and (moment or utcnow()) < ends


def is_on_shift(user: User, moment: datetime | None = None, max_hours: int = SWITCH_HOURS,
                calling_hours: CallingHours | None = None) -> bool:
    """Whether ``user`` takes transfers at ``moment`` (default now): active, with a phone, and
    their switch counts (:func:`switch_counts`: ``max_hours`` is ``SHIFT_MAX_HOURS``,
    ``calling_hours`` the parsed ``CALLING_HOURS``) or inside their weekly hours."""
    if not user.active or not user.phone:
        return False
    moment = moment or utcnow()
    return (switch_counts(user, moment, max_hours, calling_hours)
            or within_hours(user.shift_hours, moment))


def on_shift_now(moment: datetime | None = None, max_hours: int = SWITCH_HOURS,
                 calling_hours: CallingHours | None = None) -> list[User]:
    """The users who take transfers at ``moment`` (default now; the switch counts as
    :func:`switch_counts` says), longest on shift first (the switch's ``on_shift_since``; weekly
    hours count as since the start of the span), then by id."""
    moment = moment or utcnow()
    candidates = db.session.scalars(
        sa.select(User).where(User.active.is_(True), User.phone.is_not(None))
        .order_by(User.id)).all()
    found = [u for u in candidates if is_on_shift(u, moment, max_hours, calling_hours)]
    return sorted(found, key=lambda u: aware(u.on_shift_since)
                  if switch_counts(u, moment, max_hours, calling_hours) else moment)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; they were stored as UTC. ``None`` stays ``None``."""
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def _clock(text: str) -> time:
    """``"HH:MM"`` as a time; ``"24:00"`` (the end of the day) as ``time.max``."""
    if text == END_OF_DAY:
        return time.max
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
