"""Who is on shift now: a volunteer with a phone who switched themselves on, or whose weekly hours
(Asia/Ho_Chi_Minh) hold the moment.

Weekly hours are ``[{"day": 0-6, "start": "HH:MM", "end": "HH:MM"}]`` with Monday = 0 (Python's
``date.weekday()``), ``start`` < ``end`` within one day (a night shift is two entries). Vietnam keeps
one time zone, UTC+7, without daylight saving (IANA ``Asia/Ho_Chi_Minh``:
https://www.iana.org/time-zones ; https://en.wikipedia.org/wiki/Time_in_Vietnam ).
"""
from __future__ import annotations

import re
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ivr.models import User, db, utcnow

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class HoursError(ValueError):
    """Weekly hours that cannot be stored; the message is Vietnamese, for the volunteer's form."""


def parse_hours(entries: list[dict]) -> list[dict]:
    """Check and normalise weekly hours: each entry ``{"day": int 0-6, "start": "HH:MM",
    "end": "HH:MM"}`` with start before end; returns them sorted by day and start.

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
        if not _CLOCK.match(start) or not _CLOCK.match(end):
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


def is_on_shift(user: User, moment: datetime | None = None) -> bool:
    """Whether ``user`` takes transfers at ``moment`` (default now): active, with a phone, and
    switched on or inside their weekly hours."""
    if not user.active or not user.phone:
        return False
    return bool(user.on_shift) or within_hours(user.shift_hours, moment or utcnow())


def on_shift_now(moment: datetime | None = None) -> list[User]:
    """The users who take transfers at ``moment`` (default now), longest on shift first (the
    switch's ``on_shift_since``; weekly hours count as since the start of the span), then by id."""
    moment = moment or utcnow()
    candidates = db.session.scalars(
        sa.select(User).where(User.active.is_(True), User.phone.is_not(None))
        .order_by(User.id)).all()
    found = [u for u in candidates if is_on_shift(u, moment)]
    return sorted(found, key=lambda u: aware(u.on_shift_since or moment) if u.on_shift else moment)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; they were stored as UTC. ``None`` stays ``None``."""
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
