"""Deletion that is real (issue 10): a withdrawal removes the recording here and at Twilio (a local
stand-in of its REST API), the transcript and the caller's number, keeps the rest and an audit
entry, and takes the report out of every count and warning; retention does the same for old
reports, reviewed or not, and old calls; ``flask reports purge`` shows and does it.

Through the real webhooks (signed), a real queue (SQLite file and Redis), both databases.
"""
from __future__ import annotations

import json
import secrets
import unicodedata
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.callers import caller_key
from ivr.models import AuditEntry, Call, Report, ScamWarning, WithdrawalAttempt, db
from ivr.reports.numbers import confirmed_summary
from ivr.reports.verdicts import NumberVerdict
from ivr.review.queries import reports_per_number
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from jobs.sweeper import run_maintenance
from jobs.transcribe import transcribe_once
from jobs.twilio_delete import delete_once, queue_due_deletions
from tests.jobs.conftest import add_report, days_ago, make_app, report_state, run_queue
from tests.review.conftest import Reviewer, add_users

CALLER = "+84911222333"
SCAMMER = "+84987654321"


@pytest.fixture
def privacy_app(database_url, tmp_path, queue_settings, twilio_api):
    """A migrated app whose recordings and REST calls go to the Twilio stand-in, jobs to a queue."""
    app = make_app(database_url, tmp_path, RECORDINGS_DIR=str(tmp_path / "recordings"),
                   RECORDING_ORIGINS=twilio_api.origin, TWILIO_ACCOUNT_SID=twilio_api.account_sid,
                   TWILIO_API_BASE_URL=twilio_api.origin, TWILIO_DELETE_RETRY_DELAY=0.05,
                   FETCH_RETRY_DELAY=0.05, **queue_settings,
                   # Login failures counted per process: other test runs share the Redis server.
                   RATELIMIT_STORAGE_URI="memory://")
    yield app
    with app.app_context():
        db.engine.dispose()


def phone(app, caller: str = CALLER) -> CallSimulator:
    return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         caller=caller, describe=prompt_describer(app.extensions["hotline.flow"]))


def make_report(app, twilio_api, wav: bytes) -> tuple[Report, str]:
    """A whole report by phone: recorded (Twilio holds it), kept, the scammer's number, "police";
    the recording fetched by the worker. Returns the report and the RecordingSid."""
    simulator = phone(app)
    simulator.start()
    simulator.press("3")
    assert simulator.press("2").record_action
    recording = twilio_api.add_recording(simulator.call_sid, wav)
    simulator.record(twilio_api.url(recording), recording.sid)
    assert simulator.press("1").node == "report_number"
    simulator.press("0987654321#")
    simulator.press("1")
    assert simulator.press("1").prompt_ids[0] == "report_thanks.saved1"
    assert run_queue() == 1  # the fetch
    with app.app_context():
        report = db.session.execute(sa.select(Report)).scalar_one()
        assert report.audio_state == "stored" and report.caller == CALLER
        db.session.expunge(report)
    return report, recording.sid


def withdraw(simulator: CallSimulator, reference: str, start: bool = True):
    if start:
        simulator.start()
    simulator.press("3")
    assert simulator.press("4").node == "report_old"  # issue 12: an old report's menu
    assert simulator.press("2").node == "withdraw_reference"
    assert simulator.press(reference + "#").prompt_ids[0] == "withdraw_reference.readback"
    return simulator.press("1")


def test_withdrawal_removes_audio_transcript_number_and_twilios_copy(privacy_app, twilio_api,
                                                                     twilio_wav):
    app = privacy_app
    report, recording_sid = make_report(app, twilio_api, twilio_wav)
    audio = Path(app.config["RECORDINGS_DIR"]) / report.audio_path
    with app.app_context():
        db.session.execute(sa.update(Report).values(
            status="confirmed", transcript="tôi tên là Lan, nhà ở Hà Nội",
            transcript_words=[{"word": "tôi", "start": 0.0, "end": 0.2, "conf": 1.0}],
            notes="bà Lan kể rằng"))
        db.session.add(ScamWarning(text="Cảnh báo: số này giả danh công an.", report_id=report.id))
        db.session.commit()
        assert confirmed_summary("0987654321") == NumberVerdict(False, 1, ("police",), 0)
        assert reports_per_number({SCAMMER}) == {SCAMMER: 1}
    assert audio.exists() and recording_sid in twilio_api.recordings
    add_users(app)
    volunteer = Reviewer(app.test_client())
    assert volunteer.login("lan").status_code == 302
    page = f"/review/reports/{report.id}"
    assert "nhà ở Hà Nội" in volunteer.client.get(page).get_data(as_text=True)
    pressed = volunteer.post(page + "/listen", headers={"Accept": "application/json"})
    ticketed = pressed.get_json()["src"]  # pressing play: a ticket for this user and report
    with volunteer.client.get(ticketed) as listened:
        assert listened.status_code == 200

    heard = withdraw(phone(app), report.reference)
    assert heard.prompt_ids[0] == "withdraw_result.withdrawn1"
    shown = volunteer.client.get(page).get_data(as_text=True)
    assert "nhà ở Hà Nội" not in shown and "bà Lan kể" not in shown  # volunteers read nothing
    assert volunteer.client.get(ticketed).status_code == 404  # even with a ticket from before
    assert volunteer.post(page + "/listen", headers={"Accept": "application/json"}).status_code \
        == 404

    row = report_state(app, report.id)
    cleared = ("audio_path", "transcript", "transcript_words", "caller", "notes", "recording_url")
    assert {name: row[name] for name in cleared} == dict.fromkeys(cleared)
    assert not audio.exists() and row["audio_state"] == "deleted" and row["status"] == "withdrawn"
    kept = {name: row[name] for name in ("reference", "call_sid", "reported_number",
                                         "claimed_identity", "money_lost", "recording_sid")}
    assert kept == {"reference": report.reference, "call_sid": report.call_sid,
                    "reported_number": SCAMMER, "claimed_identity": "police", "money_lost": False,
                    "recording_sid": recording_sid}
    assert row["caller_key"] == caller_key(CALLER, "test-secret-key") and row["withdrawn_at"]
    assert row["created_at"] and row["recording_delete_due"] and not row["recording_deleted_at"]
    with app.app_context():
        made_in = db.session.execute(sa.select(Call).where(Call.call_sid == report.call_sid)).scalar_one()
        assert made_in.caller is None and made_in.caller_key == row["caller_key"]
        assert confirmed_summary("0987654321") == NumberVerdict(False, 0, (), 0)  # out of every count
        assert reports_per_number({SCAMMER}) == {}
        assert db.session.execute(sa.select(ScamWarning.active)).scalar_one() is False
        entries = [(e.action, e.actor, e.target) for e in db.session.execute(
            sa.select(AuditEntry).where(AuditEntry.actor != "lan").order_by(AuditEntry.id)).scalars()]
        assert entries == [("warning_retire", "system", "warning:1"),
                           ("withdraw", "caller", f"report:{report.id}")]

    # Twilio's copy: the sweeper queues the job; one 503, then deleted.
    twilio_api.fail(1, 503)
    with app.app_context():
        assert queue_due_deletions() == [report.id]
        assert queue_due_deletions() == []  # taken: not queued twice
    assert run_queue() == 2  # the failed attempt, its retry
    assert recording_sid not in twilio_api.recordings
    account = f"/2010-04-01/Accounts/{twilio_api.account_sid}"
    # Each attempt lists the call's recordings first (the 503 met the first listing), then deletes.
    assert [r for r in twilio_api.requests if r[0] == "DELETE" or r[1].endswith("/Recordings.json")] == [
        ("GET", f"{account}/Calls/{report.call_sid}/Recordings.json")] * 2 + [
        ("DELETE", f"{account}/Recordings/{recording_sid}.json")]
    row = report_state(app, report.id)
    assert row["recording_deleted_at"] and row["recording_delete_due"] is None

    # Twice changes nothing: the caller hears it is withdrawn; no row, file or audit changes.
    before = {k: v for k, v in row.items() if k != "updated_at"}
    assert withdraw(phone(app), report.reference).prompt_ids[0] == "withdraw_result.withdrawn1"
    assert {k: v for k, v in report_state(app, report.id).items() if k != "updated_at"} == before
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(AuditEntry)
                                  .where(AuditEntry.actor != "lan")).scalar_one() == 2
        assert queue_due_deletions() == [] and delete_once(report.id) == "skipped"
    assert len([r for r in twilio_api.requests if r[0] == "DELETE"]) == 1


def test_deleting_a_copy_twilio_no_longer_has_counts_as_done(privacy_app, twilio_api):
    report_id = add_report(privacy_app, audio_state="deleted", status="withdrawn", caller=None,
                           recording_sid="RE" + secrets.token_hex(16), recording_delete_due=days_ago(0))
    with privacy_app.app_context():
        assert delete_once(report_id) == "gone"  # Twilio answers 404
    row = report_state(privacy_app, report_id)
    assert row["recording_deleted_at"] and row["recording_delete_due"] is None


def test_a_recording_reported_after_the_withdrawal_is_never_fetched(privacy_app, twilio_api,
                                                                    twilio_wav):
    app = privacy_app
    simulator = phone(app)  # the call the report was made in; its recording callback comes late
    report_id = add_report(app, call_sid=simulator.call_sid, caller=CALLER, audio_state="none",
                           caller_key=caller_key(CALLER, "test-secret-key"), reference="246810")
    assert withdraw(phone(app), "246810").prompt_ids[0] == "withdraw_result.withdrawn1"
    late = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    assert simulator.recording_status(late.sid, twilio_api.url(late)) == 204
    assert run_queue() == 0  # no fetch
    row = report_state(app, report_id)
    assert row["audio_state"] == "none" and row["recording_sid"] == late.sid
    with app.app_context():
        assert queue_due_deletions() == [report_id]
    assert run_queue() == 1
    assert late.sid not in twilio_api.recordings


# -- retention ---------------------------------------------------------------------------------

def _held(app, name: str, twilio_api, wav: bytes, **values) -> tuple[int, str]:
    folder = Path(app.config["RECORDINGS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"RIFF....WAVE")
    recording = twilio_api.add_recording("CA" + secrets.token_hex(16), wav)
    return add_report(app, audio_state="stored", audio_path=name, transcript="lời kể",
                      recording_sid=recording.sid, caller_key="k" * 64, **values), recording.sid


def test_retention_retires_old_reports_reviewed_or_not_and_old_callers_numbers(privacy_app,
                                                                              twilio_api,
                                                                              twilio_wav):
    app = privacy_app
    unreviewed, unreviewed_sid = _held(app, "a.wav", twilio_api, twilio_wav, status="new",
                                       created_at=days_ago(400))
    reviewed, reviewed_sid = _held(app, "b.wav", twilio_api, twilio_wav, status="confirmed",
                                   created_at=days_ago(40), reviewed_at=days_ago(31))
    recent, recent_sid = _held(app, "c.wav", twilio_api, twilio_wav, status="new",
                               created_at=days_ago(20))
    # Withdrawn before withdrawal removed anything: what it still holds goes at the next run.
    withdrawn, withdrawn_sid = _held(app, "d.wav", twilio_api, twilio_wav, status="withdrawn",
                                     created_at=days_ago(5), notes="bà Lan")
    with app.app_context():
        for sid, started in (("CAold", days_ago(31)), ("CAnew", days_ago(2))):
            db.session.add(Call(call_sid=sid, caller=CALLER, caller_key="k" * 64, started_at=started))
        db.session.add(WithdrawalAttempt(call_sid="CAold", caller_key="k" * 64, at=days_ago(3)))
        db.session.add(WithdrawalAttempt(call_sid="CAnew", caller_key="k" * 64, at=days_ago(0.5)))
        db.session.commit()
        references = dict(db.session.execute(sa.select(Report.id, Report.reference)).all())

    runner = app.test_cli_runner()
    dry = runner.invoke(args=["reports", "purge", "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    assert "+84" not in dry.output and "lời kể" not in dry.output  # no personal data printed
    plan = json.loads(dry.output)
    assert plan["recordings"] == [{"id": i, "reference": references[i]} for i in (unreviewed, reviewed)]
    assert plan["caller_numbers"] == {"reports": [{"id": i, "reference": references[i]}
                                                  for i in (unreviewed, reviewed)], "calls": 1}
    assert plan["withdrawal_attempts"] == 1
    assert plan["people_numbers"] == {"callback_requests": 0, "keyed": 0, "outbound_calls": 0}
    assert plan["withdrawn"] == [{"id": withdrawn, "reference": references[withdrawn]}]
    assert report_state(app, unreviewed)["transcript"] == "lời kể"  # a dry run changes nothing
    text = runner.invoke(args=["reports", "purge", "--dry-run"]).output
    assert f"would remove: recordings and transcripts of 2 reports (#{unreviewed} " in text
    last = text.strip().splitlines()[-1]  # the sentence is finished: whose number, of what
    assert last.endswith("and the number to call back of 0 home visit requests"), last

    done = runner.invoke(args=["reports", "purge", "--json"])
    assert json.loads(done.output)["recordings"] == plan["recordings"]
    for report_id in (unreviewed, reviewed):
        row = report_state(app, report_id)
        assert (row["audio_state"], row["audio_path"], row["transcript"], row["caller"]) == \
            ("deleted", None, None, None)
        assert row["caller_key"] == "k" * 64 and row["status"] in ("new", "confirmed")
    row = report_state(app, withdrawn)
    assert (row["audio_state"], row["transcript"], row["caller"], row["notes"]) == \
        ("deleted", None, None, None)
    row = report_state(app, recent)
    assert (row["audio_state"], row["transcript"], row["caller"]) == ("stored", "lời kể", "+84912345678")
    assert sorted(p.name for p in Path(app.config["RECORDINGS_DIR"]).iterdir()) == ["c.wav"]
    with app.app_context():
        callers = dict(db.session.execute(sa.select(Call.call_sid, Call.caller)).all())
        assert callers == {"CAold": None, "CAnew": CALLER}
        assert db.session.execute(sa.select(WithdrawalAttempt.call_sid)).scalars().all() == ["CAnew"]
        actions = db.session.execute(sa.select(AuditEntry.target, AuditEntry.detail)
                                     .order_by(AuditEntry.id)).all()
        assert [target for target, _ in actions] == [f"report:{unreviewed}", f"report:{reviewed}",
                                                     f"report:{withdrawn}", "caller_numbers"]
        assert actions[2][1] == {"rule": "withdrawn",
                                 "removed": ["audio", "transcript", "caller", "notes"]}
        assert actions[0][1]["rule"] == "age" and actions[1][1]["rule"] == "reviewed"
        assert actions[0][1]["removed"] == ["audio", "transcript"]
        # The hourly maintenance then finds nothing left, and queues Twilio's deletions.
        outcome = run_maintenance()
        assert outcome["retention_deleted"] == [] and outcome["withdrawal_attempts_removed"] == 0
        assert outcome["caller_numbers_removed"] == {"reports": 0, "calls": 0, "callback_requests": 0,
                                                 "keyed": 0, "outbound_calls": 0}
        assert outcome["twilio_deletions_queued"] == [unreviewed, reviewed, withdrawn]
        assert outcome["withdrawals_finished"] == []
    run_queue()
    assert set(twilio_api.recordings) == {recent_sid}
    assert withdrawn_sid not in twilio_api.recordings
    assert unreviewed_sid not in twilio_api.recordings and reviewed_sid not in twilio_api.recordings


def test_report_audio_days_come_from_the_settings(database_url, tmp_path, queue_settings, twilio_api,
                                                   twilio_wav):
    app = make_app(database_url, tmp_path, REPORT_AUDIO_DAYS=7, CALLER_NUMBER_DAYS=3,
                   RECORDINGS_DIR=str(tmp_path / "recordings"), **queue_settings)
    week_old, _ = _held(app, "a.wav", twilio_api, twilio_wav, status="in_review",
                        created_at=days_ago(8))
    four_days, _ = _held(app, "b.wav", twilio_api, twilio_wav, status="new", created_at=days_ago(4))
    with app.app_context():
        outcome = run_maintenance()
    assert outcome["retention_deleted"] == [week_old]
    assert outcome["caller_numbers_removed"] == {"reports": 2, "calls": 0, "callback_requests": 0,
                                                 "keyed": 0, "outbound_calls": 0}
    assert outcome["twilio_deletions_queued"] == []  # no Twilio credentials here: the rows wait
    assert report_state(app, week_old)["recording_delete_due"] is not None
    assert report_state(app, four_days)["audio_state"] == "stored"


# -- transcripts in NFC --------------------------------------------------------------------------

def test_transcripts_are_stored_in_nfc(privacy_app, monkeypatch):
    decomposed = unicodedata.normalize("NFD", "tôi bị lừa chuyển tiền")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    # The recogniser (Vosk) is stood in for: the shipped models emit composed text, so this is
    # the only way to hand the job the decomposed marks another model or version may emit.
    monkeypatch.setattr("jobs.transcribe.transcribe", lambda path, model: (
        decomposed, [{"word": w, "start": 0.0, "end": 0.1, "conf": 0.9} for w in decomposed.split()]))
    folder = Path(privacy_app.config["RECORDINGS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "r.wav").write_bytes(b"RIFF")
    report_id = add_report(privacy_app, audio_state="stored", audio_path="r.wav")
    privacy_app.config["VOSK_MODEL_PATH"] = "/models/stand-in"
    with privacy_app.app_context():
        assert transcribe_once(report_id) is True
    row = report_state(privacy_app, report_id)
    assert row["transcript"] == "tôi bị lừa chuyển tiền" == unicodedata.normalize("NFC", decomposed)
    assert [w["word"] for w in row["transcript_words"]] == ["tôi", "bị", "lừa", "chuyển", "tiền"]
    assert all(unicodedata.is_normalized("NFC", w["word"]) for w in row["transcript_words"])


def test_withdrawal_deletes_at_twilio_the_take_the_caller_recorded_over(privacy_app, twilio_api,
                                                                        twilio_wav):
    """"Kể lại từ đầu" (key 3) leaves the first take at Twilio, named by no report: the
    withdrawal deletes every recording of the call the report was made in, not only the last."""
    app = privacy_app
    simulator = phone(app)
    simulator.start()
    simulator.press("3")
    assert simulator.press("2").record_action
    first = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(first), first.sid)
    assert simulator.press("3").record_action  # record again from the start
    second = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(second), second.sid)
    assert simulator.press("1").node == "report_number"
    simulator.press("#")
    simulator.press("8")
    run_queue()
    with app.app_context():
        report = db.session.execute(sa.select(Report)).scalar_one()
        assert report.recording_sid == second.sid
        reference = report.reference
    assert withdraw(phone(app), reference).prompt_ids[0] == "withdraw_result.withdrawn1"
    with app.app_context():
        assert queue_due_deletions() == [report.id]
    run_queue()
    assert first.sid not in twilio_api.recordings and second.sid not in twilio_api.recordings


def test_withdrawal_deletes_a_recording_twilio_never_told_us_about(privacy_app, twilio_api,
                                                                   twilio_wav):
    """Both the <Record> action and the status callback were lost (the report has no
    RecordingSid) and the caller withdraws: the reconciler asks nothing about a withdrawn report,
    so the deletion job itself finds and deletes Twilio's recording of that call."""
    app = privacy_app
    call_sid = "CA" + secrets.token_hex(16)
    held = twilio_api.add_recording(call_sid, twilio_wav)
    report_id = add_report(app, call_sid=call_sid, caller=CALLER, audio_state="none",
                           caller_key=caller_key(CALLER, "test-secret-key"), reference="135790")
    assert withdraw(phone(app), "135790").prompt_ids[0] == "withdraw_result.withdrawn1"
    with app.app_context():
        assert queue_due_deletions() == [report_id]
        assert run_maintenance()["reconciled"]["asked"] == []  # never asked about
    run_queue()
    assert held.sid not in twilio_api.recordings
    row = report_state(app, report_id)
    assert row["recording_deleted_at"] and row["audio_state"] == "none" and not row["recording_sid"]

    # A status callback that still comes later: never fetched, deleted again.
    late = twilio_api.add_recording(call_sid, twilio_wav)
    caller = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                           caller=CALLER, call_sid=call_sid)
    assert caller.recording_status(late.sid, twilio_api.url(late)) == 204
    with app.app_context():
        assert queue_due_deletions() == [report_id]
    run_queue()
    assert late.sid not in twilio_api.recordings
    assert report_state(app, report_id)["audio_state"] == "none"
