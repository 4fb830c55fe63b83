"""``flask call --local --callback ID --as USERNAME`` plays a callback end to end (issue 12, item 6):
what the volunteer and then the caller hear, the ``{"dial": …}`` object in ``--json`` (numbers
masked), and each try's outcome by the same rules as real calls (the real signed webhooks)."""
import json

import pytest

from ivr.models import CallbackAttempt, CallbackRequest, User, db
from tests.conftest import make_app

HOTLINE = "+842873001234"


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path, HOTLINE_NUMBER=HOTLINE, DIAL_TIMEOUT=20,
                   CALLING_HOURS="00:00-24:00")
    with app.app_context():
        db.session.add(User(username="lan", password_hash="x", phone="+84987000111"))
        db.session.add(CallbackRequest(number="+84912345678", number_source="caller_id",
                                       reason="stuck", status="open", attempts=0,
                                       context={"tutorial": "tutorial_vneid", "step": 3,
                                                "tutorial_title": "tạo tài khoản VNeID"}))
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def run(app, keys, *extra):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--callback", "1", "--as", "lan",
                                                "--keys", keys, *extra])
    return result


def lines(app, keys):
    result = run(app, keys, "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def tries(app):
    with app.app_context():
        return [a.outcome for a in db.session.query(CallbackAttempt).order_by(CallbackAttempt.id)]


def test_the_volunteer_presses_1_and_the_caller_hears_who_calls_back(app):
    out = lines(app, "1,caller:answer")
    volunteer = [line["text"] for line in out if line.get("side") == "volunteer" and "text" in line]
    assert "Đang học bài tạo tài khoản VNeID, bước 3, bị vướng" in volunteer[0]
    assert "Bấm 1 để gọi cho bác." in volunteer[0]
    dial = next(line["dial"] for line in out if "dial" in line)
    assert dial == {"numbers": ["•••••••678"], "timeout": 20, "caller_id": HOTLINE}
    caller = [line for line in out if line.get("side") == "caller"]
    assert [line["text"] for line in caller] == ["Tổng đài Công Dân Số gọi lại cho bác."]
    order = [("dial" if "dial" in line else line.get("side")) for line in out]
    assert order.index("dial") < order.index("caller")  # rung first, then the caller hears it
    assert "Cuộc gọi với bác đã kết thúc" in volunteer[-1]
    assert out[-1] == {"outcome": "talked", "status": "done"}
    assert "0912345678" not in json.dumps(out) and "+84912345678" not in json.dumps(out)


def test_a_voicemail_is_no_answer_and_the_request_waits_for_a_retry(app):
    out = lines(app, "1,caller:voicemail")
    assert out[-1] == {"outcome": "no_answer", "status": "open"}


def test_nobody_picks_up_and_no_key_from_the_volunteer(app):
    assert lines(app, "1,caller:none")[-1] == {"outcome": "no_answer", "status": "open"}
    with app.app_context():  # the retry is due later: the next "Gọi lại" is refused
        assert db.session.get(CallbackRequest, 1).next_attempt_at is not None
    refused = run(app, "1,caller:answer")
    assert refused.exit_code != 0 and "Chưa đến giờ gọi lại" in refused.output


def test_the_volunteer_stays_silent_and_the_caller_is_never_rung(app):
    out = lines(app, "-")
    assert not any("dial" in line for line in out)
    said = " ".join(line.get("text", "") for line in out)
    assert "Tổng đài chưa nhận được phím nào" in said and "Phím bạn vừa bấm không đúng" not in said
    assert out[-1] == {"outcome": "volunteer_missed", "status": "open"}


def test_text_output_and_clear_refusals(app):
    result = run(app, "1,caller:answer")
    assert result.exit_code == 0, result.output
    assert "[tình nguyện viên] 🔊" in result.output and "[người dân] 🔊 Tổng đài Công Dân Số" in result.output
    assert "☎ tổng đài gọi người dân (•••••••678)" in result.output
    closed = run(app, "1,caller:answer")
    assert closed.exit_code != 0 and "đã đóng" in closed.output
    early = app.test_cli_runner().invoke(args=["call", "--local", "--keys", "caller:answer"])
    assert early.exit_code != 0 and "--callback" in early.output
    assert tries(app) == ["talked"]
