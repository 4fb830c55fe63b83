"""``flask shifts list --json`` (issue 12): who is on shift now, phones masked, both databases."""
import json
from datetime import datetime, timedelta

from ivr.models import User, db, utcnow
from ivr.people.shifts import VIETNAM


def add(app, **users):
    with app.app_context():
        db.session.add_all(User(username=name, password_hash="x", **fields)
                           for name, fields in users.items())
        db.session.commit()


def test_shifts_list_json_names_who_is_on_shift_by_switch_or_hours_with_masked_phones(app):
    now = utcnow()
    local = now.astimezone(VIETNAM)
    around_now = [{"day": local.weekday(), "start": "00:00", "end": "23:59"}]
    add(app,
        lan={"phone": "+84912345678", "on_shift": True, "on_shift_since": now - timedelta(hours=2)},
        minh={"phone": "+84987654321", "shift_hours": around_now},
        hoa={"phone": "+84911222333"},  # off
        an={"on_shift": True})  # no phone: cannot be rung
    result = app.test_cli_runner().invoke(args=["shifts", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    if local.strftime("%H:%M") >= "23:59":  # the last minute of the day is outside the span
        rows.append({"username": "minh", "by": "hours", "phone": "•••••••321", "since": ""})
    assert [(r["username"], r["by"], r["phone"]) for r in rows] == [
        ("lan", "switch", "•••••••678"), ("minh", "hours", "•••••••321")]
    assert rows[0]["since"].startswith((now - timedelta(hours=2)).strftime("%Y-%m-%dT%H"))
    assert "912345" not in result.output and "987654" not in result.output


def test_shifts_list_says_when_nobody_is_on_shift(app):
    result = app.test_cli_runner().invoke(args=["shifts", "list"])
    assert result.exit_code == 0 and "nobody on shift" in result.output


import pytest  # noqa: E402

from ivr.people.volunteers import PhoneError, mask_phone, normalise_phone  # noqa: E402


@pytest.mark.parametrize("raw, e164", [("0912 345 678", "+84912345678"),
                                       ("+84 987 654 321", "+84987654321"),
                                       ("028 3822 1234", "+842838221234")])
def test_a_volunteer_phone_is_a_valid_vietnamese_number_in_e164(raw, e164):
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["", "12345", "+1 202 555 0123", "0912", "anonymous"])
def test_other_numbers_are_refused_in_vietnamese(raw):
    with pytest.raises(PhoneError, match="hợp lệ"):
        normalise_phone(raw)


def test_the_owner_sees_only_the_last_three_digits():
    assert mask_phone("+84912345678") == "•••••••678"
    assert mask_phone(None) == ""


def test_shifts_list_says_until_when_and_drops_an_expired_switch(app):
    now = utcnow()
    app.config["SHIFT_MAX_HOURS"] = 3
    add(app,
        lan={"phone": "+84912345678", "on_shift": True, "on_shift_since": now - timedelta(hours=2)},
        forgot={"phone": "+84987654321", "on_shift": True, "on_shift_since": now - timedelta(hours=3, minutes=1)})
    result = app.test_cli_runner().invoke(args=["shifts", "list", "--json"])
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.output.splitlines()]
    assert row["username"] == "lan"
    until = datetime.fromisoformat(row["until"]) - datetime.fromisoformat(row["since"])
    assert until == timedelta(hours=3)
    text = app.test_cli_runner().invoke(args=["shifts", "list"]).output
    assert "lan" in text and row["until"] in text and "forgot" not in text


def test_shifts_list_until_is_the_end_of_calling_hours_when_it_comes_first(app):
    now = utcnow()
    local = now.astimezone(VIETNAM)
    app.config["CALLING_HOURS"] = f"{max(local.hour - 1, 0):02d}:00-{local.hour + 1:02d}:00"
    add(app, lan={"phone": "+84912345678", "on_shift": True, "on_shift_since": now})
    result = app.test_cli_runner().invoke(args=["shifts", "list", "--json"])
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.output.splitlines()]
    end = datetime.combine(local.date(), datetime.min.time(), tzinfo=VIETNAM) + timedelta(
        hours=local.hour + 1)
    assert datetime.fromisoformat(row["until"]) == end  # within the hour, not 8 hours later
    app.config["CALLING_HOURS"] = "00:00-00:01" if local.hour else "12:00-12:01"
    result = app.test_cli_runner().invoke(args=["shifts", "list", "--json"])
    assert result.output == ""  # switched on outside calling hours: never counted


@pytest.mark.parametrize("raw", ["1900 1234", "1800 1234", "113", "9029"])
def test_service_numbers_and_short_codes_are_refused_as_for_callbacks(raw):
    from ivr.people.outbound_rules import number_refusal
    assert number_refusal(raw) is not None
    with pytest.raises(PhoneError, match="1800, 1900"):
        normalise_phone(raw)
