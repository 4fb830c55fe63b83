"""The free line (issue 12, item 4): with MISSED_CALL_CALLBACK on, an eligible caller's ring is
rejected busy (the caller pays nothing) and the hotline calls back through Twilio's REST API (the
local stand-in); the answered callback runs the normal flow for the called party. Signed webhooks,
both databases, a real Huey queue (SQLite file)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.callers import caller_key
from ivr.models import Call, OutboundCall, db, utcnow
from ivr.people.shifts import VIETNAM
from ivr.simulate import CallSimulator
from ivr.simulate.cli import prompt_describer
from ivr.simulate.client import FlaskTransport
from jobs.outbound import place_now, queue_due_calls
from tests.conftest import make_app
from tests.jobs.conftest import run_queue
from tests.twilio_api import ACCOUNT_SID

HOTLINE = "+842873001234"
CALLER = "+84912345678"
BUSY = '<Reject reason="busy" />'


def _hours_excluding_now() -> str:
    """A calling span that does not hold the present moment in Vietnam."""
    return "22:00-23:00" if datetime.now(VIETNAM).hour < 12 else "01:00-02:00"


@pytest.fixture
def free_app(database_url, tmp_path, twilio_api):
    app = make_app(database_url, tmp_path, MISSED_CALL_CALLBACK=True, HOTLINE_NUMBER=HOTLINE,
                   PUBLIC_BASE_URL="http://localhost", TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                   TWILIO_API_BASE_URL=twilio_api.origin, CALLING_HOURS="00:00-24:00")
    yield app
    with app.app_context():
        db.engine.dispose()


class OutboundSimulator(CallSimulator):
    """A call the hotline placed (``Direction=outbound-api``): From is the hotline, To the caller."""

    def base_form(self, status: str = "in-progress") -> dict[str, str]:
        return {**super().base_form(status), "Direction": "outbound-api"}


def ring(app, caller: str = CALLER, **kwargs) -> CallSimulator:
    return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         caller=caller, describe=prompt_describer(app.extensions["hotline.flow"]),
                         **kwargs)


def answer(app, placed) -> OutboundSimulator:
    """The caller picks up the hotline's call: Twilio fetches the placed call's Url."""
    return OutboundSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                             caller=HOTLINE, called=placed.params["To"], call_sid=placed.sid,
                             describe=prompt_describer(app.extensions["hotline.flow"]))


def rows(app) -> list[OutboundCall]:
    with app.app_context():
        found = db.session.scalars(sa.select(OutboundCall).order_by(OutboundCall.id)).all()
        db.session.expunge_all()
        return found


def status_callback(app, sid: str, status: str, duration: int = 0) -> int:
    simulator = OutboundSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN,
                                  "http://localhost", caller=HOTLINE, called=CALLER, call_sid=sid)
    form = {**simulator.base_form(status), "CallStatus": status, "CallDuration": str(duration),
            "CallbackSource": "call-progress-events", "SequenceNumber": "1"}
    code, _, _ = simulator.transport.post("/voice/outbound/status", form, {
        "X-Twilio-Signature": simulator.sign("/voice/outbound/status", form)})
    return code


def test_an_eligible_ring_is_rejected_busy_and_called_back_within_the_minute(free_app, twilio_api):
    caller = ring(free_app)
    heard = caller.start()
    assert heard.status == 200 and BUSY in heard.twiml and not heard.prompts
    [row] = rows(free_app)
    assert (row.purpose, row.status, row.trigger_call_sid, row.number) == (
        "missed_call", "scheduled", caller.call_sid, CALLER)
    with free_app.app_context():
        assert run_queue() == 1  # the job the webhook queued after its commit
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 0  # not answered
    [placed] = twilio_api.placed()
    assert placed.params["To"] == CALLER and placed.params["From"] == HOTLINE
    assert placed.params["Url"] == "http://localhost/voice/incoming"
    assert placed.params["StatusCallback"] == "http://localhost/voice/outbound/status"
    assert placed.params["Method"] == "POST" and int(placed.params["Timeout"]) <= 30
    [row] = rows(free_app)
    assert (row.status, row.call_sid, row.attempts) == ("calling", placed.sid, 1)


def test_a_duplicate_delivery_schedules_one_call(free_app, twilio_api):
    caller = ring(free_app)
    first = caller.start()
    again = caller.start()  # Twilio (or a proxy) delivered the same CallSid twice
    assert BUSY in first.twiml and BUSY in again.twiml
    assert len(rows(free_app)) == 1
    with free_app.app_context():
        run_queue()
    assert len(twilio_api.placed()) == 1


@pytest.mark.parametrize("caller", ["anonymous", "+14155550100", "+8419001234", "9029"])
def test_an_ineligible_caller_is_answered_as_always(free_app, twilio_api, caller):
    heard = ring(free_app, caller).start()
    assert BUSY not in heard.twiml and heard.node == "main_menu" and heard.waiting
    [row] = rows(free_app)
    assert row.status == "refused" and row.number is None
    assert twilio_api.placed() == []


def test_the_daily_limit_and_calling_hours(free_app, twilio_api):
    key = caller_key(CALLER, free_app.config["SECRET_KEY"])
    with free_app.app_context():  # three callbacks already today
        db.session.add_all([OutboundCall(purpose="missed_call", caller_key=key, status="answered",
                                         trigger_call_sid=f"CA{i:032d}") for i in range(3)])
        db.session.commit()
    heard = ring(free_app).start()
    assert heard.node == "main_menu" and rows(free_app)[-1].refusal == "limit"
    # Another number, outside the calling hours: answered too.
    free_app.config["CALLING_HOURS"] = _hours_excluding_now()
    heard = ring(free_app, "+84987654321").start()
    assert heard.node == "main_menu" and rows(free_app)[-1].refusal == "hours"
    # Yesterday's callbacks (in Vietnam) do not count against today.
    free_app.config["CALLING_HOURS"] = "00:00-24:00"
    with free_app.app_context():
        db.session.execute(sa.update(OutboundCall).where(OutboundCall.status == "answered")
                           .values(created_at=utcnow() - timedelta(days=1, hours=1)))
        db.session.commit()
    assert BUSY in ring(free_app).start().twiml


def test_the_callback_runs_the_normal_flow_for_the_called_party(free_app, twilio_api):
    ring(free_app).start()
    with free_app.app_context():
        run_queue()
    [placed] = twilio_api.placed()
    twilio_api.progress(placed.sid, "in-progress")
    assert status_callback(free_app, placed.sid, "in-progress") == 204
    phone = answer(free_app, placed)
    heard = phone.start()
    assert BUSY not in heard.twiml and heard.node == "main_menu" and heard.waiting
    assert "common.safety_notice" in heard.prompt_ids  # a first call from this number
    with free_app.app_context():
        call = db.session.scalar(sa.select(Call))
        assert call.caller == CALLER and call.caller_key == caller_key(CALLER, free_app.config["SECRET_KEY"])
    # Reporting on the callback: the report is the caller's, not the hotline's.
    phone.press("3")
    phone.press("2")
    with free_app.app_context():
        from ivr.models import Report
        assert db.session.scalar(sa.select(Report.caller)) == CALLER
    assert status_callback(free_app, placed.sid, "completed", 40) == 204
    [row] = rows(free_app)
    assert row.status == "answered" and row.finished_at is not None and row.number is None
    with free_app.app_context():
        assert db.session.scalar(sa.select(Call.status)) == "completed"


def test_a_failed_callback_is_retried_once(free_app, twilio_api):
    ring(free_app).start()
    with free_app.app_context():
        run_queue()
    first = twilio_api.placed()[0]
    assert status_callback(free_app, first.sid, "no-answer") == 204
    assert status_callback(free_app, first.sid, "no-answer") == 204  # a duplicate changes nothing
    [row] = rows(free_app)
    assert row.status == "scheduled" and row.attempts == 1
    with free_app.app_context():
        assert queue_due_calls() == []  # not due yet: a couple of minutes later
        db.session.execute(sa.update(OutboundCall).values(due_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert queue_due_calls() == [row.id]
        run_queue()
    second = twilio_api.placed()[-1]
    assert len(twilio_api.placed()) == 2 and second.sid != first.sid
    assert status_callback(free_app, second.sid, "busy") == 204
    [row] = rows(free_app)
    assert (row.status, row.attempts, row.number) == ("failed", 2, None)
    with free_app.app_context():
        db.session.execute(sa.update(OutboundCall).values(due_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        assert queue_due_calls() == []
        assert place_now(row.id) == "skipped"  # never a third call
    assert len(twilio_api.placed()) == 2


def test_a_rest_api_failure_keeps_the_call_scheduled(free_app, twilio_api):
    ring(free_app).start()
    twilio_api.fail(1, 503)
    with free_app.app_context():
        run_queue()
    [row] = rows(free_app)
    assert row.status == "scheduled" and row.attempts == 0 and twilio_api.placed() == []
    assert row.due_at is not None


def test_without_rest_credentials_the_free_line_answers_everyone(free_app, twilio_api):
    free_app.config["TWILIO_ACCOUNT_SID"] = None  # a callback could never be placed
    heard = ring(free_app).start()
    assert BUSY not in heard.twiml and heard.node == "main_menu"
    assert rows(free_app) == []


def test_the_free_line_is_off_by_default(app, call):
    heard = call(CALLER).start()
    assert BUSY not in heard.twiml and heard.node == "main_menu"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundCall)) == 0


def test_ringing_again_while_the_callback_is_on_its_way_adds_no_second_call(free_app, twilio_api):
    """An elderly caller who hears busy and rings twice more gets one callback, not three."""
    for _ in range(3):
        assert BUSY in ring(free_app).start().twiml  # a new CallSid each time
    assert len(rows(free_app)) == 1
    with free_app.app_context():
        run_queue()
    assert len(twilio_api.placed()) == 1
    assert BUSY in ring(free_app).start().twiml  # while it rings: still the one call
    assert len(rows(free_app)) == 1 and len(twilio_api.placed()) == 1


def test_a_missed_call_callback_is_fresh_or_never(free_app, twilio_api):
    """A callback that could not be placed within minutes (the worker was down) is dropped, and
    a retry that would fall outside the calling hours is not moved to the next morning."""
    ring(free_app).start()
    with free_app.app_context():
        db.session.execute(sa.update(OutboundCall).values(created_at=utcnow() - timedelta(hours=2)))
        db.session.commit()
        run_queue()
    [row] = rows(free_app)
    assert (row.status, row.refusal, row.number) == ("refused", "expired", None)
    assert twilio_api.placed() == []

    ring(free_app, "+84987654321").start()
    with free_app.app_context():
        run_queue()
    placed = twilio_api.placed()[-1]
    free_app.config["CALLING_HOURS"] = _hours_excluding_now()  # the retry would be after hours
    assert status_callback(free_app, placed.sid, "no-answer") == 204
    assert (rows(free_app)[-1].status, rows(free_app)[-1].number) == ("failed", None)
