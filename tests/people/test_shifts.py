"""Who is on shift (issue 12, item 1): the switch, weekly hours in Vietnam time, and who never is."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ivr.models import User, db
from ivr.people import shifts

WEDNESDAY_0830_VN = datetime(2026, 12, 2, 1, 30, tzinfo=timezone.utc)  # 08:30 in Hà Nội


def _user(name: str, **fields) -> User:
    user = User(username=name, password_hash="x", **fields)
    db.session.add(user)
    db.session.flush()
    return user


def test_the_switch_and_weekly_hours_put_people_on_shift_longest_first(app):
    with app.app_context():
        hours = shifts.parse_hours([{"day": 2, "start": "08:00", "end": "11:30"}])
        since = WEDNESDAY_0830_VN - timedelta(hours=1)
        _user("early", phone="+84911111111", on_shift=True, on_shift_since=since)
        _user("hours", phone="+84922222222", shift_hours=hours)
        _user("latest", phone="+84933333333", on_shift=True, on_shift_since=WEDNESDAY_0830_VN)
        _user("no_phone", on_shift=True, on_shift_since=since)
        _user("inactive", phone="+84944444444", on_shift=True, active=False)
        _user("off", phone="+84955555555", shift_hours=hours)
        db.session.get(User, 6).shift_hours = [{"day": 3, "start": "08:00", "end": "11:30"}]
        db.session.commit()

        names = [u.username for u in shifts.on_shift_now(WEDNESDAY_0830_VN)]
        assert names == ["early", "hours", "latest"]
        # 11:30 Vietnam time: the weekly span has ended (end is exclusive)
        later = WEDNESDAY_0830_VN + timedelta(hours=3)
        assert [u.username for u in shifts.on_shift_now(later)] == ["early", "latest"]


@pytest.mark.parametrize("entries, message", [
    ([{"day": 7, "start": "08:00", "end": "09:00"}], "Ngày trong tuần"),
    ([{"day": True, "start": "08:00", "end": "09:00"}], "Ngày trong tuần"),
    ([{"day": 1, "start": "8:00", "end": "09:00"}], "HH:MM"),
    ([{"day": 1, "start": "24:00", "end": "09:00"}], "HH:MM"),
    ([{"day": 1, "start": "10:00", "end": "09:00"}], "trước giờ kết thúc"),
    ([{"day": 1, "start": "10:00", "end": "10:00"}], "trước giờ kết thúc"),
    ([{"day": 1, "start": "08:00", "end": "09:00"}] * 22, "Tối đa"),
])
def test_bad_weekly_hours_are_refused_in_vietnamese(entries, message):
    with pytest.raises(shifts.HoursError, match=message):
        shifts.parse_hours(entries)


def test_the_switch_counts_for_shift_max_hours_only_and_weekly_hours_are_not_capped(app):
    with app.app_context():
        night = WEDNESDAY_0830_VN + timedelta(hours=18, minutes=30)  # 03:00 on Thursday in Hà Nội
        forgot = _user("forgot", phone="+84911111111", on_shift=True,
                       on_shift_since=WEDNESDAY_0830_VN)
        fresh = _user("fresh", phone="+84922222222", on_shift=True,
                      on_shift_since=night - timedelta(hours=1))
        weekly = _user("weekly", phone="+84933333333",
                       shift_hours=[{"day": 3, "start": "00:00", "end": "23:59"}])
        unknown = _user("unknown", phone="+84944444444", on_shift=True)  # no on_shift_since
        assert [u.username for u in shifts.on_shift_now(night)] == ["fresh", "weekly"]
        assert shifts.switch_ends(forgot) == WEDNESDAY_0830_VN + timedelta(hours=8)
        assert shifts.is_on_shift(forgot, WEDNESDAY_0830_VN + timedelta(hours=7, minutes=59))
        assert not shifts.is_on_shift(forgot, WEDNESDAY_0830_VN + timedelta(hours=8))
        assert shifts.is_on_shift(forgot, night, max_hours=24)  # SHIFT_MAX_HOURS=24
        assert not shifts.is_on_shift(unknown, night)
        assert shifts.is_on_shift(weekly, night, max_hours=1)  # weekly hours: no cap
        from ivr.people.volunteers import on_shift_by, shift_ends, switch_shift
        assert on_shift_by(forgot, night) is None and shift_ends(forgot, night) is None
        assert on_shift_by(fresh, night) == "switch"
        assert shift_ends(fresh, night) == night + timedelta(hours=7)
        assert switch_shift(forgot, True, night)  # switching on again after expiry starts anew
        assert forgot.on_shift_since == night and shifts.is_on_shift(forgot, night)
        assert not switch_shift(forgot, True, night + timedelta(hours=1))  # still counting
        assert weekly.username and fresh.username


@pytest.mark.parametrize("value", ["0", "25", "eight"])
def test_shift_max_hours_is_validated(monkeypatch, tmp_path, value):
    from config import BaseConfig, ConfigError
    monkeypatch.setenv("SHIFT_MAX_HOURS", value)
    with pytest.raises(ConfigError, match="SHIFT_MAX_HOURS"):
        BaseConfig(tmp_path)


def test_the_switch_counts_only_inside_calling_hours(app):
    from ivr.people.outbound_rules import parse_calling_hours
    from ivr.people.volunteers import on_shift_by, shift_ends, switch_shift
    hours = parse_calling_hours("07:00-21:00")
    evening = WEDNESDAY_0830_VN + timedelta(hours=11, minutes=30)  # 20:00 in Hà Nội
    late = WEDNESDAY_0830_VN + timedelta(hours=13, minutes=24)  # 21:54
    with app.app_context():
        early = _user("early", phone="+84911111111", on_shift=True, on_shift_since=evening)
        night = _user("night", phone="+84922222222", on_shift=True, on_shift_since=late)
        nine_pm = WEDNESDAY_0830_VN + timedelta(hours=12, minutes=30)
        assert shifts.switch_ends(early, 8, hours) == nine_pm  # not 04:00
        assert shift_ends(early, evening, 8, hours) == nine_pm
        assert on_shift_by(early, nine_pm - timedelta(minutes=1), 8, hours) == "switch"
        assert not shifts.is_on_shift(early, nine_pm, 8, hours)
        assert [u.username for u in shifts.on_shift_now(late, 8, hours)] == []
        for moment in (late, late + timedelta(hours=3), late + timedelta(hours=7, minutes=59)):
            assert not shifts.is_on_shift(night, moment, 8, hours)  # never after midnight
        assert shifts.is_on_shift(night, late + timedelta(hours=1), 8)  # without calling hours
        morning = WEDNESDAY_0830_VN + timedelta(days=1)  # switched on again next day: 8 hours
        assert switch_shift(night, True, morning, 8, hours)
        assert shift_ends(night, morning, 8, hours) == morning + timedelta(hours=8)
        all_day = parse_calling_hours("00:00-24:00")  # calling at any hour: SHIFT_MAX_HOURS only
        assert shifts.switch_ends(night, 8, all_day) == morning + timedelta(hours=8)


def test_weekly_hours_may_end_at_24_00(app):
    assert shifts.parse_hours([{"day": 2, "start": "00:00", "end": "24:00"}]) == [
        {"day": 2, "start": "00:00", "end": "24:00"}]
    with app.app_context():
        night_owl = _user("owl", phone="+84911111111",
                          shift_hours=[{"day": 2, "start": "22:00", "end": "24:00"}])
        wednesday_2359 = WEDNESDAY_0830_VN + timedelta(hours=15, minutes=29)
        assert shifts.is_on_shift(night_owl, wednesday_2359)
        assert not shifts.is_on_shift(night_owl, wednesday_2359 + timedelta(minutes=1))
        assert shifts.hours_end(night_owl.shift_hours, wednesday_2359) == \
            wednesday_2359 + timedelta(minutes=1)
