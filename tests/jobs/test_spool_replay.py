"""The recording spool and its replayer: durable files, idempotent replay, on both databases."""
from __future__ import annotations

import json
import os
import secrets

import pytest
import sqlalchemy as sa

from ivr.models import Call, Report, db
from ivr.replay import database_down, replay_spool
from ivr.reports import spool
from ivr.reports.spool import SpooledRecording
from jobs.sweeper import replay_spooled_recordings, sweep_task
from tests.jobs.conftest import Answer, add_report, report_state, run_queue
from tests.outage import DatabaseSwitch


def payload(call_sid: str, kind: str = "callback", url: str = "https://x/RE", turn=None,
            recording_sid: str | None = None, status: str = "completed") -> SpooledRecording:
    return SpooledRecording(kind, call_sid, recording_sid or "RE" + secrets.token_hex(16), url, 3,
                            status, turn)


def queued_fetches(app) -> list[int]:
    return [task.args[0] for task in app.extensions["hotline.jobs"].pending()
            if task.name == "fetch_recording"]


def test_a_payload_is_one_complete_file_written_once(tmp_path):
    first = payload("CA" + "1" * 32)
    path = spool.append(tmp_path / "spool", first)
    assert path.name == f"{first.recording_sid}.callback.json"
    stored = json.loads(path.read_text())
    assert stored["url"] == first.url and stored["received_at"] > 0
    # the same payload again (a retry): the first file stays as it was
    assert spool.append(tmp_path / "spool", first) == path
    assert json.loads(path.read_text()) == stored
    assert os.listdir(tmp_path / "spool") == [path.name]  # no temporary file left behind
    [(found, again)] = spool.pending(tmp_path / "spool")
    assert found == path and again.recording_sid == first.recording_sid
    with pytest.raises(ValueError):
        spool.append(tmp_path / "spool", payload("CA1", recording_sid="RE../../etc"))


def test_an_unreadable_file_is_set_aside_not_replayed_forever(tmp_path):
    folder = tmp_path / "spool"
    folder.mkdir()
    (folder / ("RE" + "2" * 32 + ".callback.json")).write_text("{not json")
    assert spool.pending(folder) == []
    assert os.listdir(folder) == ["RE" + "2" * 32 + ".callback.json.bad"]


def test_replay_attaches_once_queues_the_fetch_and_removes_the_file(jobs_app, media, twilio_wav,
                                                                    tmp_path):
    url, sid = media.recording(Answer(body=twilio_wav))
    report_id = add_report(jobs_app, audio_state="none")
    call_sid = report_state(jobs_app, report_id)["call_sid"]
    folder = tmp_path / "spool"
    spool.append(folder, payload(call_sid, "action", url, recording_sid=sid))
    spool.append(folder, payload(call_sid, "callback", url, recording_sid=sid))
    with jobs_app.app_context():
        result = replay_spool(folder)
    assert sorted(result.applied) == sorted([f"{sid}.action.json", f"{sid}.callback.json"])
    assert result.fetches == [report_id] and not result.database_down
    assert os.listdir(folder) == []
    row = report_state(jobs_app, report_id)
    assert (row["recording_sid"], row["recording_url"], row["audio_state"]) == (sid, url, "pending")
    # the same payload delivered again later: nothing changes, nothing is queued twice
    spool.append(folder, payload(call_sid, "callback", url, recording_sid=sid))
    with jobs_app.app_context():
        again = replay_spool(folder)
    assert again.fetches == [] and len(again.applied) == 1
    assert queued_fetches(jobs_app) == [report_id]
    run_queue()
    assert report_state(jobs_app, report_id)["audio_state"] == "stored"


def test_an_old_action_does_not_replace_a_recording_made_after_it(jobs_app, tmp_path):
    """Spooled at turn 4; the call went on (turn 7) and the caller recorded again: the spooled
    take only fills an empty slot, as a late status callback would."""
    newer = "RE" + secrets.token_hex(16)
    report_id = add_report(jobs_app, recording_sid=newer, recording_url="https://x/new")
    row = report_state(jobs_app, report_id)
    with jobs_app.app_context():
        db.session.add(Call(call_sid=row["call_sid"], caller="+84912345678", turn=7, state={}))
        db.session.commit()
    spool.append(tmp_path / "s", payload(row["call_sid"], "action", "https://x/old", turn=4))
    with jobs_app.app_context():
        assert replay_spool(tmp_path / "s").fetches == []
    assert report_state(jobs_app, report_id)["recording_sid"] == newer


def test_an_action_for_the_calls_current_turn_is_the_current_take(jobs_app, tmp_path):
    """The database went down as the caller finished a second take: the call is still at that
    turn, so the spooled action replaces the first take, as the action would have."""
    report_id = add_report(jobs_app, recording_sid="RE" + secrets.token_hex(16),
                           recording_url="https://x/first")
    row = report_state(jobs_app, report_id)
    with jobs_app.app_context():
        db.session.add(Call(call_sid=row["call_sid"], caller="+84912345678", turn=5, state={}))
        db.session.commit()
    second = payload(row["call_sid"], "action", "https://x/second", turn=5)
    spool.append(tmp_path / "s", second)
    with jobs_app.app_context():
        assert replay_spool(tmp_path / "s").fetches == [report_id]
    assert report_state(jobs_app, report_id)["recording_sid"] == second.recording_sid


def test_replay_while_the_database_is_still_down_keeps_everything(database_url, tmp_path, media,
                                                                  queue_settings):
    from tests.jobs.conftest import job_settings, make_app

    switch = DatabaseSwitch(database_url)
    try:
        app = make_app(switch.url, tmp_path, **job_settings(tmp_path, media, queue_settings,
                                                             SPOOL_DIR=str(tmp_path / "spool")))
        report_id = add_report(app, audio_state="none")
        call_sid = report_state(app, report_id)["call_sid"]
        for _ in range(2):
            spool.append(app.config["SPOOL_DIR"], payload(call_sid))
        switch.stop()
        with app.app_context():
            result = replay_spool(app.config["SPOOL_DIR"])
        assert result.database_down and result.applied == []
        assert len(os.listdir(app.config["SPOOL_DIR"])) == 2
        switch.resume()
        sweep_task.call_local()  # the sweeper's minute: the replay first
        assert os.listdir(app.config["SPOOL_DIR"]) == []
        assert report_state(app, report_id)["audio_state"] == "pending"
    finally:
        switch.close()


def test_a_payload_for_a_call_the_database_never_saw_is_kept_as_a_report(jobs_app, tmp_path):
    call_sid = "CA" + secrets.token_hex(16)
    spool.append(jobs_app.config["SPOOL_DIR"], payload(call_sid))
    with jobs_app.app_context():
        assert replay_spooled_recordings() != []
        report = db.session.execute(sa.select(Report).where(Report.call_sid == call_sid)).scalar_one()
        assert report.audio_state == "pending"


def test_only_connection_failures_count_as_the_database_being_down():
    import sqlite3

    locked = sa.exc.OperationalError("x", {}, sqlite3.OperationalError("database is locked"))
    schema = sa.exc.OperationalError("x", {}, sqlite3.OperationalError("no such table: calls"))
    unique = sa.exc.IntegrityError("x", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert database_down(locked) and not database_down(schema) and not database_down(unique)
    assert not database_down(ValueError("x"))
