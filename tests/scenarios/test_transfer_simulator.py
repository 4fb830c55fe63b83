"""``flask call`` walks a transfer end to end (issue 12): what the caller hears, the ``{"dial": …}``
object in ``--json`` (numbers masked), and the simulator acting as the volunteer's phone."""
import json

import pytest

from ivr.models import Transfer, User, db, utcnow
from tests.conftest import make_app


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path, HOTLINE_NUMBER="+842873001234", DIAL_TIMEOUT=25)
    with app.app_context():
        db.session.add(User(username="lan", password_hash="x", phone="+84912345678",
                            on_shift=True, on_shift_since=utcnow()))
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def run(app, keys):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--json", "--keys", keys])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def outcomes(app):
    with app.app_context():
        return [(t.outcome, t.answered_by_id is not None) for t in db.session.query(Transfer)]


def test_a_volunteer_takes_the_call_and_the_caller_comes_back_to_the_main_menu(app):
    lines = run(app, "5,volunteer:1")
    dial = next(line["dial"] for line in lines if "dial" in line)
    assert dial == {"numbers": ["•••••••678"], "timeout": 15,  # DIAL_TIMEOUT 25, one try at most 15
                    "whisper": "Tổng đài Công Dân Số: một bác muốn gặp tình nguyện viên. Bấm 1 để nhận."}
    said = [(line["input"], line["prompt"]) for line in lines if "prompt" in line]
    assert ("5", "volunteer_transfer.hold") in said
    assert ("volunteer:1", "volunteer_transfer.thanks") in said
    assert said[-1][1] == "common.main_menu_controls"
    assert outcomes(app) == [("connected", True)]


def test_nobody_answers_and_the_caller_hears_the_volunteers_are_busy(app):
    lines = run(app, "5,volunteer:none")
    said = [(line["input"], line["prompt"]) for line in lines if "prompt" in line]
    assert ("volunteer:none", "callback_offer.prompt") in said
    assert outcomes(app) == [("no_answer", False)]


def test_a_key_while_volunteers_are_rung_is_refused_clearly(app):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--keys", "5,1"])
    assert result.exit_code != 0 and "volunteer:1" in result.output
    assert "☎ đang gọi 1 tình nguyện viên (•••••••678), tối đa 15 giây" in result.output


def test_without_volunteers_on_shift_option_5_says_they_are_busy(database_url, tmp_path):
    app = make_app(database_url, tmp_path / "empty", HOTLINE_NUMBER="+842873001234")
    lines = run(app, "5")
    assert not any("dial" in line for line in lines)
    assert [line["prompt"] for line in lines if line["input"] == "5"][0] == "callback_offer.prompt"
    with app.app_context():
        db.engine.dispose()


def test_unanswered_the_next_volunteer_is_rung_in_turn_and_the_caller_hears_it(app):
    with app.app_context():
        db.session.add(User(username="minh", password_hash="x", phone="+84987654321",
                            on_shift=True, on_shift_since=utcnow()))
        db.session.commit()
    lines = run(app, "5,volunteer:none,volunteer:1")
    dials = [line["dial"]["numbers"] for line in lines if "dial" in line]
    assert dials == [["•••••••678"], ["•••••••321"]]
    said = [(line["input"], line["text"]) for line in lines if "prompt" in line]
    assert ("volunteer:none", "Đang gọi thêm một tình nguyện viên.") in said
    assert [text for _, text in said].count("Đang gọi thêm một tình nguyện viên.") == 1
    assert outcomes(app) == [("no_answer", False), ("connected", True)]
