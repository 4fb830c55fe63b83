"""The callback's calls (issue 12, items 3 and 6): "Gọi lại" on the dashboard rings the volunteer
through the local stand-in of Twilio's REST API; the volunteer leg's signed webhooks whisper the
context, bridge on key 1 with the hotline's caller ID, and record each try's outcome; retries,
giving up, REST failures. Both databases."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.models import AuditEntry, CallbackAttempt, CallbackRequest, User, db, utcnow
from ivr.simulate import CallSimulator, FlaskTransport
from tests.conftest import make_app
from tests.review.conftest import Reviewer, add_users

HOTLINE = "+842873001234"
CALLER = "+84912345678"
PHONES = {"lan": "+84987000111", "minh": "+84987000222"}


@pytest.fixture
def app(database_url, tmp_path, twilio_api):
    app = make_app(database_url, tmp_path, HOTLINE_NUMBER=HOTLINE, TWILIO_ACCOUNT_SID=twilio_api.account_sid,
                   TWILIO_API_BASE_URL=twilio_api.origin, CALLING_HOURS="00:00-24:00",
                   CALLBACK_MAX_ATTEMPTS=2, CALLBACK_RETRY_MINUTES=30)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def users(app):
    ids = add_users(app)
    with app.app_context():
        for name, phone in PHONES.items():
            db.session.get(User, ids[name]).phone = phone
        db.session.commit()
    return ids


def _request(app, **fields) -> int:
    values = dict(number=CALLER, number_source="caller_id", reason="stuck", status="open",
                  context={"tutorial": "tutorial_vneid", "tutorial_title": "tạo tài khoản VNeID",
                           "step": 3}, attempts=0)
    values.update(fields)
    with app.app_context():
        row = CallbackRequest(**values)
        db.session.add(row)
        db.session.commit()
        return row.id


def _row(app, request_id: int) -> CallbackRequest:
    with app.app_context():
        row = db.session.get(CallbackRequest, request_id)
        row.attempt_rows  # noqa: B018 (loaded before the session closes)
        db.session.expunge_all()
        return row


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def _volunteer(client, name: str = "lan") -> Reviewer:
    """A reviewer on ``client``, logged in as ``name`` once (a second login page redirects)."""
    if getattr(client, "logged_in_as", None) != name:
        assert Reviewer(client).login(name).status_code == 302
        client.logged_in_as = name
    return Reviewer(client)


def _leg(app, placed) -> CallSimulator:
    """The volunteer's phone leg of a placed call, as Twilio would drive it (signed webhooks)."""
    return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         caller=HOTLINE, called=placed.params["To"], call_sid=placed.sid)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _status(leg: CallSimulator, placed, status: str, duration: int = 0) -> int:
    form = {**leg.base_form(status), "Direction": "outbound-api", "CallDuration": str(duration),
            "CallbackSource": "call-progress-events", "SequenceNumber": "3"}
    path = _path(placed.params["StatusCallback"])
    code, _, _ = leg.transport.post(path, form, {"X-Twilio-Signature": leg.sign(path, form)})
    return code


def _call(app, client, twilio_api, request_id: int, name: str = "lan"):
    response = _volunteer(client, name).post(f"/review/callbacks/{request_id}/call",
                                             follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_call_rings_the_volunteer_whispers_and_key_1_bridges_with_the_hotline_number(
        app, client, users, twilio_api):
    request_id = _request(app)
    page = _call(app, client, twilio_api, request_id)
    assert "Tổng đài đang gọi vào điện thoại của bạn" in page
    [placed] = twilio_api.placed()
    assert (placed.params["To"], placed.params["From"]) == (PHONES["lan"], HOTLINE)
    assert placed.params["Url"].endswith("/voice/callback/volunteer?attempt=1")
    assert placed.params["StatusCallback"].endswith("/voice/callback/status?attempt=1")
    assert placed.params["Timeout"] == str(app.config["DIAL_TIMEOUT"])
    row = _row(app, request_id)
    assert row.status == "calling" and row.attempt_rows[0].volunteer_call_sid == placed.sid
    assert _actions(app)[-1] == "callback_call"

    leg = _leg(app, placed)
    whisper = leg.post(_path(placed.params["Url"]))
    said = " ".join(p.text for p in whisper.prompts)
    assert "Đang học bài tạo tài khoản VNeID, bước 3, bị vướng" in said
    assert "Bấm 1 để gọi cho bác." in said and CALLER not in whisper.twiml
    gather = ET.fromstring(whisper.twiml).find("Gather")
    assert gather.get("numDigits") == "1"
    bridged = ET.fromstring(leg.press("1").twiml)
    dial = bridged.find("Dial")
    assert dial.get("callerId") == HOTLINE and dial.get("timeout") == str(app.config["DIAL_TIMEOUT"])
    assert dial.find("Number").text == CALLER  # only Twilio sees it; the volunteer hears the hotline
    assert _row(app, request_id).attempt_rows[0].outcome == "dialing"

    action = _path(dial.get("action"))
    ended = leg.post(action, {"DialCallStatus": "completed", "DialCallDuration": "95"})
    assert "Cuộc gọi với bác đã kết thúc" in " ".join(p.text for p in ended.prompts) and ended.hung_up
    row = _row(app, request_id)
    assert (row.status, row.attempts, row.attempt_rows[0].outcome, row.attempt_rows[0].seconds) == \
        ("done", 1, "talked", 95)
    audited = len(_actions(app))
    leg.post(action, {"DialCallStatus": "no-answer"})  # a repeated, contradicting delivery
    assert _status(leg, placed, "completed", 120) == 204
    row = _row(app, request_id)
    assert (row.status, row.attempt_rows[0].outcome) == ("done", "talked")
    assert len(_actions(app)) == audited


def test_a_second_volunteer_cannot_call_a_request_being_called(app, client, users, twilio_api):
    request_id = _request(app)
    _call(app, client, twilio_api, request_id)
    page = _call(app, app.test_client(), twilio_api, request_id, "minh")
    assert "Yêu cầu này đang được gọi" in page
    assert len(twilio_api.placed()) == 1


def test_no_key_after_the_whisper_hangs_up_and_the_try_is_the_volunteers_miss(
        app, client, users, twilio_api):
    request_id = _request(app)
    _call(app, client, twilio_api, request_id)
    [placed] = twilio_api.placed()
    leg = _leg(app, placed)
    whisper = leg.post(_path(placed.params["Url"]))
    assert whisper.hung_up  # after the gather: a goodbye and <Hangup/>, never left open
    assert "Tổng đài chưa nhận được phím nào" in " ".join(p.text for p in whisper.prompts)
    assert _status(leg, placed, "completed", 15) == 204
    row = _row(app, request_id)
    assert (row.status, row.attempts, row.next_attempt_at) == ("open", 0, None)
    assert row.attempt_rows[0].outcome == "volunteer_missed"


def test_the_volunteer_not_answering_does_not_count_against_the_caller(app, client, users, twilio_api):
    request_id = _request(app)
    _call(app, client, twilio_api, request_id)
    [placed] = twilio_api.placed()
    assert _status(_leg(app, placed), placed, "no-answer") == 204
    row = _row(app, request_id)
    assert (row.status, row.attempts, row.attempt_rows[0].outcome) == ("open", 0, "volunteer_missed")


def _no_answer_try(app, client, twilio_api, request_id: int, status: str = "no-answer"):
    _call(app, client, twilio_api, request_id)
    placed = twilio_api.placed()[-1]
    leg = _leg(app, placed)
    leg.post(_path(placed.params["Url"]))
    dial = ET.fromstring(leg.press("1").twiml).find("Dial")
    return leg.post(_path(dial.get("action")), {"DialCallStatus": status})


def test_no_answer_is_retried_later_then_given_up_after_the_last_try(app, client, users, twilio_api):
    request_id = _request(app)
    heard = _no_answer_try(app, client, twilio_api, request_id)
    assert "Bác chưa nghe máy" in " ".join(p.text for p in heard.prompts)
    row = _row(app, request_id)
    assert (row.status, row.attempts) == ("open", 1)
    waited = row.next_attempt_at - row.attempt_rows[0].ended_at
    assert waited == timedelta(minutes=30)
    page = _volunteer(client).client.get("/review/callbacks").get_data(as_text=True)
    assert "Gọi lại sau" in page
    refused = _call(app, client, twilio_api, request_id)  # not yet due
    assert "Chưa đến giờ gọi lại" in refused and len(twilio_api.placed()) == 1
    with app.app_context():  # the retry time has come
        db.session.get(CallbackRequest, request_id).next_attempt_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    _no_answer_try(app, client, twilio_api, request_id, status="busy")
    row = _row(app, request_id)
    assert (row.status, row.attempts, row.next_attempt_at) == ("gave_up", 2, None)
    assert [a.outcome for a in row.attempt_rows] == ["no_answer", "no_answer"]
    closed = _volunteer(client).client.get("/review/callbacks?closed=1").get_data(as_text=True)
    assert "Đã thử đủ số lần" in closed


def test_a_rest_failure_leaves_the_request_queued_with_its_error(app, client, users, twilio_api):
    request_id = _request(app)
    twilio_api.fail(1, 500)
    page = _call(app, client, twilio_api, request_id)
    assert "Tổng đài chưa gọi được" in page and "HTTP 500" in page
    row = _row(app, request_id)
    assert (row.status, row.attempts, row.attempt_rows[0].outcome) == ("open", 0, "failed")
    assert "Lần gọi trước bị lỗi" in page
    _call(app, client, twilio_api, request_id)  # the stand-in answers again
    assert len(twilio_api.placed()) == 1 and _row(app, request_id).status == "calling"
    assert "last_error" not in _row(app, request_id).context


def test_a_volunteer_without_a_phone_is_told_to_add_it(app, client, users, twilio_api):
    request_id = _request(app)
    with app.app_context():
        db.session.get(User, users["lan"]).phone = None
        db.session.commit()
    page = _call(app, client, twilio_api, request_id)
    assert "Bạn chưa có số điện thoại" in page and "Ca trực" in page
    assert twilio_api.placed() == [] and _row(app, request_id).status == "open"


def test_outside_calling_hours_nobody_is_called(app, client, users, twilio_api):
    app.config["CALLING_HOURS"] = "00:00-00:01" if utcnow().hour != 17 else "12:00-12:01"
    request_id = _request(app)
    page = _call(app, client, twilio_api, request_id)
    assert "Ngoài giờ gọi" in page and twilio_api.placed() == []


def test_the_volunteer_leg_refuses_forgery_and_answers_vietnamese_to_bad_input(
        app, client, users, twilio_api):
    request_id = _request(app)
    _call(app, client, twilio_api, request_id)
    [placed] = twilio_api.placed()
    leg = _leg(app, placed)
    forged = leg.post(_path(placed.params["Url"]), signature="bad")
    assert forged.status == 403
    other = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost")
    wrong = other.post(_path(placed.params["Url"]))  # another call's CallSid
    assert wrong.status == 200 and wrong.hung_up and "trục trặc" in wrong.twiml
    missing = leg.post("/voice/callback/volunteer?attempt=x")
    assert missing.status == 200 and "trục trặc" in missing.twiml
    form = {**leg.base_form("completed")}
    code, _, body = leg.transport.post("/voice/callback/status?attempt=0", form,
                                       {"X-Twilio-Signature": leg.sign("/voice/callback/status?attempt=0", form)})
    assert code == 400 and "attempt" in body
    assert _row(app, request_id).status == "calling"


def _bridged(app, client, twilio_api, request_id: int):
    """Ring the volunteer, answer, press 1: the volunteer's leg and the ``<Dial>`` element."""
    _call(app, client, twilio_api, request_id)
    placed = twilio_api.placed()[-1]
    leg = _leg(app, placed)
    leg.post(_path(placed.params["Url"]))
    return placed, leg, ET.fromstring(leg.press("1").twiml).find("Dial")


def _caller_leg(app, placed, number_url: str, parent: str | None = None):
    """The caller's leg dialled from the volunteer's: Twilio requests its ``<Number url>`` with
    the leg's own CallSid and the volunteer leg's as ``ParentCallSid``."""
    sim = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                        caller=HOTLINE, called=CALLER)
    return sim.post(_path(number_url), {"ParentCallSid": parent or placed.sid,
                                        "Direction": "outbound-dial"})


def test_the_caller_hears_who_calls_before_the_bridge_and_only_while_the_try_lives(
        app, client, users, twilio_api):
    request_id = _request(app)
    placed, leg, dial = _bridged(app, client, twilio_api, request_id)
    number = dial.find("Number")
    assert number.get("url").endswith(f"/voice/callback/intro?attempt=1")
    intro = _caller_leg(app, placed, number.get("url"))
    assert [p.text for p in intro.prompts] == ["Tổng đài Công Dân Số gọi lại cho bác."]
    assert not intro.hung_up  # nothing after the intro: Twilio bridges the legs
    stranger = _caller_leg(app, placed, number.get("url"), parent="CA" + "0" * 32)
    assert stranger.hung_up and stranger.prompts == []  # not this try's leg: never bridged
    leg.post(_path(dial.get("action")), {"DialCallStatus": "completed", "DialCallDuration": "40"})
    late = _caller_leg(app, placed, number.get("url"))
    assert late.hung_up and late.prompts == []  # the try is over: nobody to bridge to


@pytest.mark.parametrize("duration, outcome, status, attempts", [
    ("8", "no_answer", "open", 1),    # a voicemail greeting, then the volunteer hung up
    ("14", "no_answer", "open", 1),   # just under the bound
    ("15", "talked", "done", 1),      # TALKED_MIN_SECONDS
    ("", "no_answer", "open", 1),     # no duration at all: nothing proves a talk
])
def test_an_answered_caller_leg_counts_as_talked_only_past_the_threshold(
        app, client, users, twilio_api, duration, outcome, status, attempts):
    request_id = _request(app)
    _, leg, dial = _bridged(app, client, twilio_api, request_id)
    ended = leg.post(_path(dial.get("action")),
                     {"DialCallStatus": "completed", "DialCallDuration": duration})
    row = _row(app, request_id)
    assert (row.attempt_rows[0].outcome, row.status, row.attempts) == (outcome, status, attempts)
    if outcome == "no_answer":
        assert row.next_attempt_at is not None
        assert "Bác chưa nghe máy" in " ".join(p.text for p in ended.prompts)


def test_the_volunteer_marks_the_outcome_by_hand_during_the_call_and_twilio_changes_nothing(
        app, client, users, twilio_api):
    request_id = _request(app)
    _, leg, dial = _bridged(app, client, twilio_api, request_id)
    response = _volunteer(client).post(f"/review/callbacks/{request_id}/outcome/wrong_number",
                                       follow_redirects=True)
    assert "Đã ghi: Nhầm số" in response.get_data(as_text=True)
    leg.post(_path(dial.get("action")), {"DialCallStatus": "completed", "DialCallDuration": "60"})
    row = _row(app, request_id)
    assert [a.outcome for a in row.attempt_rows] == ["wrong_number"]
    assert (row.status, row.attempts) == ("done", 1)


@pytest.mark.parametrize("closed", ["done", "gave_up", "cancelled"])
def test_a_closed_request_is_never_called_again_nor_reopened(app, client, users, twilio_api, closed):
    request_id = _request(app, status=closed, closed_at=utcnow(), attempts=1)
    reviewer = _volunteer(client)
    called = reviewer.post(f"/review/callbacks/{request_id}/call")
    assert called.status_code == 409
    page = called.get_data(as_text=True)
    assert "Yêu cầu gọi lại đã đóng" in page and "không gọi lại hay ghi kết quả được nữa" in page
    marked = reviewer.post(f"/review/callbacks/{request_id}/outcome/no_answer")
    assert marked.status_code == 409
    assert twilio_api.placed() == []
    row = _row(app, request_id)
    assert (row.status, row.attempts, row.attempt_rows) == (closed, 1, [])
    assert "callback_call" not in _actions(app) and "callback_outcome" not in _actions(app)


def test_a_try_still_ringing_when_its_request_was_closed_does_not_reopen_it(
        app, client, users, twilio_api):
    request_id = _request(app)
    _call(app, client, twilio_api, request_id)
    [placed] = twilio_api.placed()
    with app.app_context():  # closed meanwhile (e.g. cancelled by an admin)
        db.session.get(CallbackRequest, request_id).status = "cancelled"
        db.session.commit()
    leg = _leg(app, placed)
    refused = leg.post(_path(placed.params["Url"]))
    assert refused.hung_up and refused.action is None  # no whisper, no key 1 to press
    assert "Yêu cầu gọi lại này đã xong" in " ".join(p.text for p in refused.prompts)
    late_key = leg.post(f"/voice/callback/accept?attempt={_row(app, request_id).attempt_rows[0].id}",
                        {"Digits": "1"})
    assert late_key.hung_up and ET.fromstring(late_key.twiml).find("Dial") is None
    assert _status(leg, placed, "completed", 20) == 204
    row = _row(app, request_id)
    assert (row.status, row.attempts, row.attempt_rows[0].outcome) == ("cancelled", 0, "volunteer_missed")


def test_the_service_itself_refuses_outside_calling_hours(app, users, twilio_api):
    from ivr.people.callbacks import CallbackError, ring_volunteer
    app.config["CALLING_HOURS"] = "00:00-00:01" if utcnow().hour != 17 else "12:00-12:01"
    request_id = _request(app)
    with app.app_context():
        with pytest.raises(CallbackError, match="Ngoài giờ gọi"):
            ring_volunteer(request_id, db.session.get(User, users["lan"]), app.config,
                           lambda a: f"http://localhost/a/{a}", lambda a: f"http://localhost/s/{a}")
    assert twilio_api.placed() == []
    assert _row(app, request_id).attempt_rows == [] and _row(app, request_id).status == "open"


def _mark(client, request_id: int, outcome: str) -> str:
    response = _volunteer(client).post(f"/review/callbacks/{request_id}/outcome/{outcome}",
                                       follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_repeated_clicks_on_an_outcome_mark_the_latest_try_once(app, client, users, twilio_api):
    request_id = _request(app)
    assert "Đã ghi: Không nghe máy." in _mark(client, request_id, "no_answer")
    for outcome in ("no_answer", "no_answer", "talked"):  # a double-tap, a resubmitted form
        page = _mark(client, request_id, outcome)
        assert "Lần gọi này đã được ghi: Không nghe máy." in page and "Đã ghi:" not in page
    row = _row(app, request_id)
    assert (row.status, row.attempts, [a.outcome for a in row.attempt_rows]) == (
        "open", 1, ["no_answer"])
    assert _actions(app).count("callback_outcome") == 1
    with app.app_context():  # the retry is due: a new call by hand is a new try, the last one
        db.session.get(CallbackRequest, request_id).next_attempt_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "Đã ghi: Không nghe máy." in _mark(client, request_id, "no_answer")
    assert "Lần gọi này đã được ghi: Không nghe máy." in _mark(client, request_id, "no_answer")
    row = _row(app, request_id)
    assert (row.status, row.attempts, len(row.attempt_rows)) == ("gave_up", 2, 2)


def test_a_repeated_talked_after_a_call_in_progress_changes_nothing(app, client, users, twilio_api):
    request_id = _request(app)
    _call(app, client, twilio_api, request_id)
    assert "Đã ghi: Đã nói chuyện." in _mark(client, request_id, "talked")
    assert "Lần gọi này đã được ghi: Đã nói chuyện." in _mark(client, request_id, "talked")
    row = _row(app, request_id)
    assert (row.status, row.attempts, [a.outcome for a in row.attempt_rows]) == (
        "done", 1, ["talked"])


@pytest.mark.parametrize("setting", [{"HOTLINE_NUMBER": ""}, {"CALLING_HOURS": "off"}])
def test_call_on_a_closed_request_is_409_even_when_no_call_could_be_placed(
        app, client, users, twilio_api, setting):
    if setting.get("CALLING_HOURS") == "off":  # outside calling hours now
        setting = {"CALLING_HOURS": "00:00-00:01" if utcnow().hour != 17 else "12:00-12:01"}
    app.config.update(setting)
    request_id = _request(app, status="done", closed_at=utcnow(), attempts=1)
    called = _volunteer(client).post(f"/review/callbacks/{request_id}/call")
    assert called.status_code == 409
    assert "Yêu cầu gọi lại đã đóng" in called.get_data(as_text=True)
    assert _volunteer(client).post("/review/callbacks/999999/call").status_code == 404
    open_id = _request(app)
    assert _volunteer(client).post(f"/review/callbacks/{open_id}/call").status_code == 302
    assert twilio_api.placed() == []
