"""Home visits, the caller's side (issue 12, item 7): a caller asks for a visit on the phone, says
their name, commune and the way to the house after the beep; the request is saved before the beep,
the recording attached from Twilio's two callbacks, fetched by the report's own job from a local
stand-in of Twilio, transcribed (the recogniser stood in for: no Vietnamese model here), and the
commune named in the transcript gives the request its team. Retention and the CLI.

Through the real webhooks (signed), a real queue (SQLite file and Redis), both databases.
"""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.models import (AuditEntry, Call, Report, Team, TeamCommune, User, VisitRequest, db,
                        utcnow)
from ivr.people.communes import commune_key
from ivr.reports import retention
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from jobs.twilio_delete import delete_once, queue_due_deletions
from tests.jobs.conftest import make_app, run_queue

CALLER = "+84911222333"
POLICY = retention.RetentionPolicy(reviewed_audio_days=30, report_audio_days=90,
                                   caller_number_days=30)


@pytest.fixture
def visits_app(database_url, tmp_path, queue_settings, twilio_api):
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


def said(heard) -> str:
    return " ".join(p.text for p in heard.prompts if p.text)


def ask_for_a_visit(simulator: CallSimulator):
    """Main menu 5 (nobody on shift: the callback offer), then 2: the beep. Returns what was heard."""
    simulator.start()
    offer = simulator.press("5")
    assert offer.node == "callback_offer"
    assert "Muốn người đến tận nhà chỉ cho bác, bấm phím 2." in said(offer)
    beep = simulator.press("2")
    assert beep.record_action and beep.node == "visit_record"
    assert "Sau tiếng bíp, bác nói tên bác, tên xã hoặc phường, và đường đến nhà." in said(beep)
    return beep


def visits(app) -> list[VisitRequest]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(VisitRequest).order_by(VisitRequest.id)))
        db.session.expunge_all()
        return rows


def add_team(app, name: str, *communes: str) -> int:
    with app.app_context():
        team = Team(name=name)
        team.communes = [TeamCommune(name=c, key=commune_key(c)) for c in communes]
        db.session.add(team)
        db.session.commit()
        return team.id


def test_a_visit_request_is_recorded_fetched_and_its_commune_gives_its_team(
        visits_app, twilio_api, twilio_wav, monkeypatch):
    app = visits_app
    team = add_team(app, "Đội Tân Lập", "Xã Tân Lập", "Phường Hòa Bình")
    add_team(app, "Đội Lập Thạch", "Lập Thạch")
    app.config["VOSK_MODEL_PATH"] = "/models/stand-in"
    heard_text = "tôi tên là Lan ở xã tân lập đi qua chợ rẽ trái"
    # The recogniser is stood in for (the Vietnamese model is not available here).
    monkeypatch.setattr("jobs.transcribe.transcribe", lambda path, model: (
        heard_text, [{"word": w, "start": 0.0, "end": 0.1, "conf": 0.9} for w in heard_text.split()]))
    simulator = phone(app)
    ask_for_a_visit(simulator)
    [saved] = visits(app)  # before the beep
    assert (saved.caller, saved.status, saved.audio_state) == (CALLER, "new", "none")

    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    review = simulator.record(twilio_api.url(recording), recording.sid)
    assert "Giữ lời nhắn, bấm phím 1." in said(review)
    thanks = simulator.press("1")
    assert thanks.node == "main_menu" and thanks.prompt_ids[0] == "visit_thanks.saved1"
    digits = " ".join(
        {"0": "không", "1": "một", "2": "hai", "3": "ba", "4": "bốn", "5": "năm", "6": "sáu",
         "7": "bảy", "8": "tám", "9": "chín"}[d] for d in saved.reference)
    assert said(thanks).count(digits) == 2  # the reference, digit by digit, twice
    assert "Tình nguyện viên của xã sẽ gọi lại cho bác để hẹn ngày." in said(thanks)
    assert run_queue() == 2  # the fetch, then the transcription

    [visit] = visits(app)
    assert visit.id == saved.id and visit.recording_sid == recording.sid
    assert visit.audio_state == "stored" and visit.audio_path == f"visit-{visit.id}-{recording.sid}.wav"
    assert (Path(app.config["RECORDINGS_DIR"]) / visit.audio_path).is_file()
    assert visit.transcript == heard_text
    assert (visit.commune, visit.commune_source, visit.team_id) == ("Xã Tân Lập", "speech", team)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0
        entry = db.session.scalars(sa.select(AuditEntry)
                                   .where(AuditEntry.action == "visit_request")).one()
        assert (entry.actor, entry.target) == ("caller", f"visit:{visit.id}")

    # The volunteers' own word stands: a later transcription never overwrites it.
    with app.app_context():
        db.session.execute(sa.update(VisitRequest).values(commune="Hòa Bình",
                                                          commune_source="volunteer"))
        db.session.commit()
        from jobs.transcribe import transcribe_once
        assert transcribe_once(visit.id, "visit") is True
    [kept] = visits(app)
    assert (kept.commune, kept.commune_source) == ("Hòa Bình", "volunteer")


def test_duplicate_recording_callbacks_change_nothing(visits_app, twilio_api, twilio_wav):
    app = visits_app
    simulator = phone(app)
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    url = twilio_api.url(recording)
    # The status callback first (it may overtake the action), then the action, then again.
    assert simulator.recording_status(recording.sid, url, keeps="visit") == 204
    assert run_queue() == 1
    [first] = visits(app)
    assert first.audio_state == "stored"
    simulator.record(url, recording.sid)
    assert simulator.recording_status(recording.sid, url, keeps="visit") == 204
    assert run_queue() == 0  # nothing fetched twice
    [again] = visits(app)
    assert (again.audio_state, again.audio_path, again.audio_attempts) == \
        ("stored", first.audio_path, first.audio_attempts)
    with app.app_context():  # and no report was made of it
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_a_hang_up_during_the_recording_keeps_the_request(visits_app, twilio_api, twilio_wav):
    app = visits_app
    simulator = phone(app)
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(recording), recording.sid, digits="hangup")
    assert simulator.hang_up() == 204
    assert run_queue() == 1
    [visit] = visits(app)
    assert (visit.caller, visit.audio_state, visit.status) == (CALLER, "stored", "new")

    silent = phone(app, "+84911222444")  # hangs up before Twilio tells us of any recording
    ask_for_a_visit(silent)
    assert silent.hang_up() == 204
    late = twilio_api.add_recording(silent.call_sid, twilio_wav)
    assert silent.recording_status(late.sid, twilio_api.url(late), keeps="visit") == 204
    assert run_queue() == 1
    second = visits(app)[1]
    assert (second.caller, second.recording_sid, second.audio_state) == \
        ("+84911222444", late.sid, "stored")


def test_a_withheld_caller_keys_a_number_read_back_and_confirmed(visits_app, twilio_api, twilio_wav):
    app = visits_app
    simulator = phone(app, "anonymous")
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(recording), recording.sid)
    asked = simulator.press("1")
    assert asked.node == "visit_number"
    assert "Tổng đài chưa thấy số điện thoại của bác." in said(asked)
    readback = simulator.press("0912345678#")
    assert readback.node == "visit_number"  # the callback's words, so the same audio
    assert said(readback).startswith("Số để tình nguyện viên gọi lại là")
    assert "không chín một hai ba bốn năm sáu bảy tám" in said(readback)
    thanks = simulator.press("1")
    assert thanks.prompt_ids[0] == "visit_thanks.saved1"
    [visit] = visits(app)
    assert visit.caller == "+84912345678" and visit.caller_key is None

    # A number that is not Vietnamese is refused and asked again.
    other = phone(app, "anonymous")
    ask_for_a_visit(other)
    other.record(twilio_api.url(recording), "RE" + "1" * 32)
    other.press("1")
    other.press("1900123456#")
    refused = other.press("1")
    assert refused.node == "visit_number"
    assert "không phải số điện thoại ở Việt Nam" in said(refused)


def test_retention_removes_a_visits_number_file_transcript_and_twilios_copy(
        visits_app, twilio_api, twilio_wav):
    app = visits_app
    simulator = phone(app)
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(recording), recording.sid)
    simulator.press("1")
    run_queue()
    young = phone(app, "+84911222555")
    ask_for_a_visit(young)
    [visit, kept] = visits(app)
    audio = Path(app.config["RECORDINGS_DIR"]) / visit.audio_path
    assert audio.is_file() and recording.sid in twilio_api.recordings
    now = utcnow()
    with app.app_context():
        db.session.execute(sa.update(VisitRequest).where(VisitRequest.id == visit.id).values(
            created_at=now - timedelta(days=91), transcript="tôi tên Lan, xã Tân Lập"))
        db.session.commit()
        planned = retention.plan(POLICY, now)
        assert planned.visit_recordings == [(visit.id, visit.reference)]
        assert planned.visit_numbers == 1
        done = retention.apply(POLICY, now)
        assert done.visit_recordings == [(visit.id, visit.reference)] and done.visit_numbers == 1
        assert queue_due_deletions(now, kind="visit") == [visit.id]
    assert not audio.exists()
    [gone, still] = visits(app)
    assert (gone.caller, gone.audio_path, gone.transcript, gone.recording_url) == (None,) * 4
    assert gone.audio_state == "deleted" and gone.reference == visit.reference  # the request stays
    assert (still.caller, still.id) == ("+84911222555", kept.id)
    with app.app_context():
        assert delete_once(visit.id, 1, "visit") == "deleted"
        row = db.session.get(VisitRequest, visit.id)
        assert row.recording_deleted_at is not None and row.recording_delete_due is None
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "retention_delete")).all()
        targets = {e.target for e in entries}
        assert {f"visit:{visit.id}", "visit_numbers"} <= targets
        assert all(CALLER not in json.dumps(e.detail) for e in entries)
    assert recording.sid not in twilio_api.recordings
    with app.app_context():  # a second run finds nothing more to do
        again = retention.apply(POLICY, now)
        assert (again.visit_recordings, again.visit_numbers) == ([], 0)


def test_forget_visit_removes_what_it_holds_of_the_caller(visits_app, twilio_api, twilio_wav):
    app = visits_app
    simulator = phone(app)
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(recording), recording.sid)
    run_queue()
    [visit] = visits(app)
    with app.app_context():
        row = db.session.get(VisitRequest, visit.id)
        assert retention.forget_visit(row) == ["audio", "caller"]
        db.session.commit()
        call = db.session.scalars(sa.select(Call).where(Call.call_sid == simulator.call_sid)).one()
        assert call.caller is None
    [gone] = visits(app)
    assert (gone.caller, gone.audio_path, gone.audio_state) == (None, None, "deleted")
    assert gone.recording_delete_due is not None
    assert not (Path(app.config["RECORDINGS_DIR"]) / visit.audio_path).exists()


def test_flask_visits_list_masks_the_number(visits_app):
    app = visits_app
    ask_for_a_visit(phone(app))
    result = app.test_cli_runner().invoke(args=["visits", "list", "--json"])
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.output)
    assert item["number"] == "09•• ••• 333" and CALLER not in result.output
    assert "0911222333" not in result.output
    assert (item["status"], item["audio_state"], item["commune"]) == ("new", "none", None)
    plain = app.test_cli_runner().invoke(args=["visits", "list"])
    assert "09•• ••• 333" in plain.output and item["reference"] in plain.output


def test_flask_visits_list_tells_a_deleted_number_from_a_withheld_one(visits_app):
    app = visits_app
    ask_for_a_visit(phone(app, "anonymous"))
    ask_for_a_visit(phone(app))
    with app.app_context():
        newest = db.session.scalars(sa.select(VisitRequest).order_by(VisitRequest.id.desc())).first()
        newest.caller, newest.status = None, "withdrawn"  # as the caller's withdrawal leaves it
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["visits", "list", "--json"])
    assert [item["number"] for item in json.loads(result.output)] == ["Đã xoá", "Số ẩn"]


def test_flask_visits_list_shows_the_team_and_bounds_its_limit(visits_app):
    app = visits_app
    ask_for_a_visit(phone(app))
    with app.app_context():
        team = Team(name="Đội Bắc")
        db.session.add(team)
        db.session.flush()
        db.session.execute(sa.update(VisitRequest).values(team_id=team.id, commune="Tân Lập"))
        db.session.commit()
    runner = app.test_cli_runner()
    plain = runner.invoke(args=["visits", "list"])
    assert "Tân Lập  Đội Bắc  (ghi âm:" in plain.output, plain.output
    huge = runner.invoke(args=["visits", "list", "--limit", "99999999999999999999"])
    assert huge.exit_code == 2 and "--limit" in huge.output and huge.exception is not None
    assert not isinstance(huge.exception, OverflowError)


def test_a_visit_recording_spooled_during_an_outage_reaches_the_visit_request(
        visits_app, twilio_api, twilio_wav):
    """The payload keeps what the recording belongs to (``keeps``), so the replay attaches it to
    the visit request, not to a report, and queues the visit's fetch."""
    from ivr.reports import spool
    from ivr.reports.spool import SpooledRecording
    from jobs.sweeper import replay_spooled_recordings

    app = visits_app
    simulator = phone(app)
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    payload = SpooledRecording("callback", simulator.call_sid, recording.sid,
                               twilio_api.url(recording), 3, "completed", keeps="visit")
    spool.append(app.config["SPOOL_DIR"], payload)
    [(_, read_back)] = spool.pending(app.config["SPOOL_DIR"])
    assert read_back.keeps == "visit"
    with app.app_context():
        assert len(replay_spooled_recordings()) == 1
    assert run_queue() == 1
    [visit] = visits(app)
    assert (visit.recording_sid, visit.audio_state) == (recording.sid, "stored")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_the_request_reaches_its_communes_team_queue_and_closing_it_is_audited(
        visits_app, twilio_api, twilio_wav, monkeypatch):
    """The whole way (issue 12, item 7's "done when"): the caller's recording names the commune,
    the commune's team member sees the request first in the dashboard's queue, masked, and
    closes it; the closing is audited."""
    from ivr.people import teams
    from tests.review.conftest import Reviewer, add_users

    app = visits_app
    users = add_users(app)
    with app.app_context():
        team = teams.create_team("Đội Tân Lập")
        teams.add_communes(team, "Xã Tân Lập")
        teams.add_member(team, db.session.get(User, users["lan"]))
        db.session.commit()
        team_id = team.id
    app.config["VOSK_MODEL_PATH"] = "/models/stand-in"
    heard_text = "tôi tên Hoa ở tân lập nhà gần chợ"
    monkeypatch.setattr("jobs.transcribe.transcribe", lambda path, model: (
        heard_text, [{"word": w, "start": 0.0, "end": 0.1, "conf": 0.9} for w in heard_text.split()]))
    simulator = phone(app)
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(recording), recording.sid)
    simulator.press("1")
    assert run_queue() == 2
    [visit] = visits(app)
    assert (visit.commune, visit.team_id) == ("Xã Tân Lập", team_id)

    lan = Reviewer(app.test_client())
    assert lan.login("lan").status_code == 302
    queue = lan.client.get("/review/visits").get_data(as_text=True)
    assert f'class="card visit group-mine mine" data-id="{visit.id}"' in queue
    assert "09•• ••• 333" in queue and "0911222333" not in queue
    lan.post(f"/review/visits/{visit.id}/close", {"outcome": "visited", "note": "Đã chỉ cài VNeID."})
    [closed] = visits(app)
    assert (closed.status, closed.outcome, closed.closed_by_id) == ("closed", "visited", users["lan"])
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry)
                                   .where(AuditEntry.action == "visit_close")).one()
        assert (entry.actor, entry.target) == ("lan", f"visit:{visit.id}")


def test_the_reconciler_never_gives_a_visits_recording_to_a_report(visits_app, twilio_api,
                                                                   twilio_wav):
    """A report of the same call that reached no report recording node (the money-lost path
    saves one and records nothing) is not asked about because of the visit's recording node."""
    from jobs.reconcile import reconcile_recordings

    app = visits_app
    simulator = phone(app)
    ask_for_a_visit(simulator)
    twilio_api.add_recording(simulator.call_sid, twilio_wav)
    with app.app_context():
        db.session.add(Report(reference="424242", call_sid=simulator.call_sid, caller=CALLER,
                              audio_state="none", status="new",
                              created_at=utcnow() - timedelta(minutes=20)))
        db.session.commit()
        result = reconcile_recordings()
    assert result.asked == [] and result.attached == []
    with app.app_context():
        row = db.session.scalars(sa.select(Report)).one()
        assert (row.recording_sid, row.audio_state) == (None, "none")


def test_a_second_request_from_the_same_phone_is_kept_and_marked_a_possible_duplicate(visits_app):
    from ivr.people import visit_queue

    app = visits_app
    for caller in (CALLER, "0988777666", CALLER):
        simulator = phone(app, caller)
        ask_for_a_visit(simulator)
    with app.app_context():
        first, other, again = db.session.scalars(sa.select(VisitRequest).order_by(VisitRequest.id)).all()
        assert first.caller_key == again.caller_key != other.caller_key
        user = User(username="lan", password_hash="x")
        db.session.add(user)
        db.session.flush()
        marks = {row.visit.id: row.duplicate_of for row in visit_queue.queue(user)}
        assert marks == {first.id: None, other.id: None, again.id: first.id}
        assert (visit_queue.duplicate_of(again), visit_queue.duplicate_of(first)) == (first.id, None)
        visit_queue.close(first.id, "visited", None, user)
        db.session.flush()
        assert visit_queue.duplicate_of(again) is None  # only an open request is a duplicate's twin
        assert {row.visit.id: row.duplicate_of for row in visit_queue.queue(user)}[again.id] is None
