"""The reconciler asks Twilio's REST API (the local stand-in, :mod:`tests.twilio_api`) for the
recordings of reports that never heard of theirs, on both databases."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.models import Report, db, utcnow
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from jobs.reconcile import reconcile_recordings
from jobs.sweeper import run_maintenance
from tests.jobs.conftest import make_app, run_queue
from tests.twilio_api import ACCOUNT_SID


@pytest.fixture
def app(database_url, tmp_path, twilio_api):
    settings = {"RECORDINGS_DIR": str(tmp_path / "recordings"), "RECORDING_ORIGINS": twilio_api.origin,
                "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_API_BASE_URL": twilio_api.origin,
                "RECONCILE_GRACE_SECONDS": 0.0, "FETCH_RETRY_DELAY": 0.05,
                "JOBS_DB": str(tmp_path / "jobs.sqlite3"), "JOBS_QUEUE_NAME": "reconcile"}
    app = make_app(database_url, tmp_path, **settings)
    yield app
    with app.app_context():
        db.engine.dispose()


def call_to_beep(app, n: int = 0, money: str = "2") -> CallSimulator:
    """A caller who reached the beep (or, ``money="1"``, the money-lost path: no recording)."""
    call = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         caller=f"+8491234{n:04d}",
                         describe=prompt_describer(app.extensions["hotline.flow"]))
    call.start()
    call.press("3")
    call.press(money)
    return call


def report(app, call_sid: str) -> Report:
    with app.app_context():
        row = db.session.execute(sa.select(Report).where(Report.call_sid == call_sid)).scalar_one()
        db.session.expunge(row)
        return row


def asked(twilio_api) -> list[str]:
    return [path.split("/")[5] for method, path in twilio_api.requests
            if method == "GET" and path.endswith("/Recordings.json")]


def test_a_recording_twilio_never_told_us_about_is_attached_and_fetched(app, twilio_api, twilio_wav):
    call = call_to_beep(app)
    held = twilio_api.add_recording(call.call_sid, twilio_wav, seconds=3)
    with app.app_context():
        outcome = run_maintenance()["reconciled"]
    mine = report(app, call.call_sid)
    assert outcome == {"asked": [call.call_sid], "attached": [mine.id], "stopped": None}
    assert (mine.recording_sid, mine.recording_url, mine.audio_state) == (
        held.sid, twilio_api.url(held), "pending")
    run_queue()  # the normal fetch job, from the stand-in's media URL
    assert report(app, call.call_sid).audio_state == "stored"
    with app.app_context():
        assert reconcile_recordings().asked == []  # it has its recording now: never asked again


def test_a_transient_failure_changes_nothing_and_the_next_run_attaches(app, twilio_api, twilio_wav):
    call = call_to_beep(app)
    twilio_api.add_recording(call.call_sid, twilio_wav)
    twilio_api.fail(1, 503)
    with app.app_context():
        first = reconcile_recordings()
    assert first.stopped.startswith("transient") and first.attached == []
    assert report(app, call.call_sid).recording_sid is None
    with app.app_context():
        second = reconcile_recordings()
    assert second.attached == [report(app, call.call_sid).id] and second.stopped is None


def test_wrong_credentials_stop_the_run(app, twilio_api, twilio_wav):
    call_to_beep(app)
    app.config["TWILIO_AUTH_TOKEN"] = "wrong"
    with app.app_context():
        outcome = reconcile_recordings()
    assert outcome.stopped.startswith("permanent") and outcome.attached == []
    app.config["TWILIO_AUTH_TOKEN"] = TestingConfig.TEST_AUTH_TOKEN


def test_reports_with_a_recording_or_without_a_beep_or_outside_the_window_are_not_asked(
        app, twilio_api, twilio_wav):
    recorded = call_to_beep(app, 1)
    recorded.record(twilio_api.url(twilio_api.add_recording(recorded.call_sid, twilio_wav)),
                    seconds=3)
    money_lost = call_to_beep(app, 2, money="1")  # saved before any recording node
    old = call_to_beep(app, 3)
    fresh = call_to_beep(app, 4)
    withdrawn = call_to_beep(app, 5)
    before = report(app, recorded.call_sid)
    with app.app_context():
        db.session.execute(sa.update(Report).where(Report.call_sid == old.call_sid)
                           .values(created_at=utcnow() - timedelta(hours=49)))
        db.session.execute(sa.update(Report).where(Report.call_sid == withdrawn.call_sid)
                           .values(status="withdrawn"))
        db.session.commit()
    app.config["RECONCILE_GRACE_SECONDS"] = 600.0
    with app.app_context():
        assert reconcile_recordings().asked == []  # fresh: within the grace period
    app.config["RECONCILE_GRACE_SECONDS"] = 0.0
    with app.app_context():
        assert reconcile_recordings().asked == [fresh.call_sid]
    assert set(asked(twilio_api)) == {fresh.call_sid}
    after = report(app, recorded.call_sid)
    assert (after.recording_sid, after.updated_at) == (before.recording_sid, before.updated_at)
    assert report(app, money_lost.call_sid).recording_sid is None


def test_a_run_asks_about_at_most_the_batch_newest_first(app, twilio_api):
    calls = [call_to_beep(app, n) for n in range(3)]
    app.config["RECONCILE_BATCH"] = 2
    with app.app_context():
        outcome = reconcile_recordings()
    assert outcome.asked == [calls[2].call_sid, calls[1].call_sid] and outcome.attached == []


def test_an_absent_recording_is_recorded_and_not_asked_again(app, twilio_api, twilio_wav):
    call = call_to_beep(app)
    twilio_api.add_recording(call.call_sid, b"", seconds=None, status="absent")
    with app.app_context():
        assert reconcile_recordings().asked == [call.call_sid]
        assert reconcile_recordings().asked == []
    assert report(app, call.call_sid).audio_state == "absent"


def test_of_two_takes_the_later_one_is_attached_whatever_their_sids(app, twilio_api, twilio_wav):
    """The caller recorded again ("kể lại từ đầu") and both actions were lost: the take to keep is
    the later one. SIDs are random, so the earlier take here has the larger one."""
    call = call_to_beep(app)
    now = utcnow().timestamp()
    # Listed later take first, as Twilio lists newest first: only the times say which is which.
    later = twilio_api.add_recording(call.call_sid, twilio_wav, sid="RE" + "0" * 32, created=now - 5)
    twilio_api.add_recording(call.call_sid, twilio_wav, sid="RE" + "f" * 32, created=now - 60)
    with app.app_context():
        reconcile_recordings()
    assert report(app, call.call_sid).recording_sid == later.sid
