"""Nothing stays stuck (issue 12, item 8): the sweeper ends outbound calls and callback tries whose
status callback never came, from what the local stand-in of Twilio's REST API says of each call;
late or duplicate status callbacks change nothing after it. Both databases, signed webhooks."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.models import (AuditEntry, CallbackAttempt, CallbackRequest, OutboundCall, Transfer, User,
                        db, utcnow)
from ivr.people import stuck
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.voice.twilio_rest import place_call, rest_client
from jobs.sweeper import sweep_calls
from tests.conftest import make_app

HOTLINE = "+842873001234"
CALLER = "+84912345678"
VOLUNTEER = "+84987000111"


@pytest.fixture
def app(database_url, tmp_path, twilio_api):
    app = make_app(database_url, tmp_path, HOTLINE_NUMBER=HOTLINE, TWILIO_ACCOUNT_SID=twilio_api.account_sid,
                   TWILIO_API_BASE_URL=twilio_api.origin, CALLING_HOURS="00:00-24:00",
                   CALLBACK_MAX_ATTEMPTS=3, CALLBACK_RETRY_MINUTES=30, DIAL_TIMEOUT=20)
    yield app
    with app.app_context():
        db.engine.dispose()


def _placed(app, to: str) -> str:
    """A call really placed on the stand-in (status ``queued`` there); its CallSid."""
    with app.app_context():
        return place_call(rest_client(app.config), to, HOTLINE, "http://localhost/voice/incoming",
                          "http://localhost/voice/outbound/status")


def _outbound(app, sid: str, age: timedelta, status: str = "calling", attempts: int = 1) -> int:
    with app.app_context():
        row = OutboundCall(purpose="missed_call", number=CALLER, call_sid=sid, status=status,
                           attempts=attempts, due_at=utcnow() - age, created_at=utcnow() - age)
        db.session.add(row)
        db.session.commit()
        return row.id


def _attempt(app, sid: str | None, age: timedelta, outcome: str = "calling") -> tuple[int, int]:
    with app.app_context():
        user = User(username="lan", password_hash="x", phone=VOLUNTEER)
        request = CallbackRequest(number=CALLER, number_source="caller_id", reason="asked",
                                  status="calling", attempts=0, context={})
        attempt = CallbackAttempt(request=request, volunteer=user, outcome=outcome,
                                  volunteer_call_sid=sid, started_at=utcnow() - age)
        db.session.add_all([user, request, attempt])
        db.session.commit()
        return request.id, attempt.id


def _state(app, model, row_id: int):
    with app.app_context():
        row = db.session.get(model, row_id)
        db.session.expunge_all()
        return row


def _sweep(app, now=None):
    with app.app_context():
        return sweep_calls(now)


def test_the_bounds_follow_the_dial_timeouts(app):
    assert stuck.outbound_bound() == timedelta(seconds=25 + 120)
    assert stuck.attempt_bound(app.config) == timedelta(seconds=2 * 20 + 60 + 120)


def test_an_outbound_call_without_its_status_callback_is_asked_at_twilio_and_retried(app, twilio_api):
    sid = _placed(app, CALLER)
    young = _outbound(app, _placed(app, CALLER), timedelta(seconds=60))
    old = _outbound(app, sid, stuck.outbound_bound() + timedelta(seconds=5))
    assert _sweep(app) == {"outbound": [], "attempts": [], "transfers": []}  # Twilio says queued: still alive
    twilio_api.progress(sid, "no-answer")
    assert _sweep(app) == {"outbound": [old], "attempts": [], "transfers": []}
    row = _state(app, OutboundCall, old)
    assert (row.status, row.attempts) == ("scheduled", 1)  # the retry rule: once more, soon
    assert _state(app, OutboundCall, young).status == "calling"  # inside its bound: not asked
    asked = [path for method, path in twilio_api.requests if method == "GET"]
    assert asked == [f"/2010-04-01/Accounts/{twilio_api.account_sid}/Calls/{sid}.json"] * 2
    assert _sweep(app) == {"outbound": [], "attempts": [], "transfers": []}  # a second sweep changes nothing


def test_an_outbound_call_twilio_does_not_know_fails_by_the_retry_rule(app, twilio_api):
    lost = _outbound(app, "CA" + "1" * 32, timedelta(minutes=10), attempts=2)  # the last try
    answered = _outbound(app, "CA" + "2" * 32, timedelta(hours=5), status="answered")
    assert _sweep(app)["outbound"] == [lost, answered]
    row = _state(app, OutboundCall, lost)
    assert (row.status, row.number) == ("failed", None)
    row = _state(app, OutboundCall, answered)
    assert (row.status, row.number) == ("answered", None) and row.finished_at is not None


def test_a_rest_failure_leaves_the_outbound_call_for_the_next_sweep(app, twilio_api):
    sid = _placed(app, CALLER)
    row_id = _outbound(app, sid, timedelta(minutes=10))
    twilio_api.progress(sid, "busy")
    twilio_api.fail(1, 503)
    assert _sweep(app)["outbound"] == []
    assert _state(app, OutboundCall, row_id).status == "calling"
    assert _sweep(app)["outbound"] == [row_id]


def test_after_twilios_longest_call_a_rest_failure_no_longer_keeps_it(app, twilio_api):
    row_id = _outbound(app, _placed(app, CALLER), stuck.LONGEST_CALL + timedelta(minutes=1),
                       attempts=2)
    twilio_api.fail(1, 503)
    assert _sweep(app)["outbound"] == [row_id]
    assert _state(app, OutboundCall, row_id).status == "failed"


def _status_callback(app, attempt_id: int, sid: str, status: str) -> int:
    leg = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                        caller=HOTLINE, called=VOLUNTEER, call_sid=sid)
    form = {**leg.base_form(status), "Direction": "outbound-api", "CallDuration": "0"}
    path = f"/voice/callback/status?attempt={attempt_id}"
    code, _, _ = leg.transport.post(path, form, {"X-Twilio-Signature": leg.sign(path, form)})
    return code


def test_a_callback_try_whose_volunteer_leg_ended_unseen_is_the_volunteers_miss(app, twilio_api):
    sid = _placed(app, VOLUNTEER)
    request_id, attempt_id = _attempt(app, sid, stuck.attempt_bound(app.config) + timedelta(seconds=1))
    twilio_api.progress(sid, "ringing")
    assert _sweep(app)["attempts"] == []  # still ringing at Twilio
    twilio_api.progress(sid, "no-answer")
    assert _sweep(app)["attempts"] == [attempt_id]
    attempt, request = _state(app, CallbackAttempt, attempt_id), _state(app, CallbackRequest, request_id)
    assert attempt.outcome == "volunteer_missed" and attempt.ended_at is not None
    assert (request.status, request.attempts, request.next_attempt_at) == ("open", 0, None)
    with app.app_context():
        audited = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    for status in ("completed", "no-answer"):  # the lost callback arrives late, twice
        assert _status_callback(app, attempt_id, sid, status) == 204
    assert _state(app, CallbackAttempt, attempt_id).outcome == "volunteer_missed"
    assert _state(app, CallbackRequest, request_id).status == "open"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audited


def test_a_dialing_try_whose_dial_action_never_came_fails_and_the_request_waits_again(app, twilio_api):
    sid = _placed(app, VOLUNTEER)
    twilio_api.progress(sid, "in-progress")
    request_id, attempt_id = _attempt(app, sid, timedelta(minutes=30), outcome="dialing")
    assert _sweep(app)["attempts"] == []  # the volunteer is still talking to the caller
    twilio_api.progress(sid, "completed")
    assert _sweep(app)["attempts"] == [attempt_id]
    assert _state(app, CallbackAttempt, attempt_id).outcome == "failed"
    request = _state(app, CallbackRequest, request_id)
    assert (request.status, request.attempts) == ("open", 0)  # not counted against the caller


def test_a_try_never_placed_or_unknown_to_twilio_fails(app, twilio_api):
    _, unplaced = _attempt(app, None, timedelta(minutes=5))
    assert _sweep(app)["attempts"] == [unplaced]
    assert _state(app, CallbackAttempt, unplaced).outcome == "failed"


def test_a_try_inside_its_bound_is_not_asked(app, twilio_api):
    sid = _placed(app, VOLUNTEER)
    twilio_api.progress(sid, "completed")
    _, attempt_id = _attempt(app, sid, timedelta(seconds=30))
    assert _sweep(app)["attempts"] == []
    assert _state(app, CallbackAttempt, attempt_id).outcome == "calling"
    assert not [path for method, path in twilio_api.requests if method == "GET"]


def test_flask_jobs_sweep_ends_them_too(app, twilio_api):
    sid = _placed(app, CALLER)
    twilio_api.progress(sid, "failed")
    row_id = _outbound(app, sid, timedelta(minutes=10))
    result = app.test_cli_runner().invoke(args=["jobs", "sweep", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["calls_ended"] == {"outbound": [row_id], "attempts": [],
                                                        "transfers": []}
    text = app.test_cli_runner().invoke(args=["jobs", "sweep"]).output
    assert "calls without a status callback ended: 0 outbound, 0 callback tries, 0 transfer tries" in text


def test_transfer_tries_whose_end_never_came_are_ended(app):
    with app.app_context():
        user = User(username="lan", password_hash="x", phone=VOLUNTEER)
        db.session.add(user)
        db.session.flush()
        ago = lambda **kw: utcnow() - timedelta(**kw)  # noqa: E731
        rows = [Transfer(call_sid="CA" + "3" * 32, reason="asked", started_at=ago(minutes=11)),
                Transfer(call_sid="CA" + "4" * 32, reason="asked", started_at=ago(minutes=9)),
                Transfer(call_sid="CA" + "5" * 32, reason="asked", started_at=ago(hours=1),
                         answered_by_id=user.id),  # still talking
                Transfer(call_sid="CA" + "6" * 32, reason="asked", started_at=ago(hours=5),
                         answered_by_id=user.id)]
        db.session.add_all(rows)
        db.session.commit()
        ids = [row.id for row in rows]
    assert _sweep(app)["transfers"] == [ids[0], ids[3]]
    assert [_state(app, Transfer, i).outcome for i in ids] == ["no_answer", "ringing", "ringing",
                                                               "connected"]
    assert _sweep(app)["transfers"] == []
