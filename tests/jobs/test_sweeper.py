"""The sweeper: stuck, lost and failed fetches go back to the queue; a killed worker loses nothing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from ivr.models import AuditEntry, Report, db, utcnow
from jobs import enqueue_fetch_recording
from jobs.sweeper import (apply_retention, maintenance_task, remove_partial_downloads,
                          sweep_recordings)
from tests.jobs.conftest import (ROOT, Answer, add_report, days_ago, job_settings, make_app,
                                 report_state, run_queue, wait_for)


def queued_fetches(app) -> list[tuple]:
    """``(report_id, until)`` of every fetch task waiting in the queue."""
    queue = app.extensions["hotline.jobs"]
    return [tuple(task.args) for task in queue.pending() if task.name == "fetch_recording"]


def test_failed_fetch_is_requeued_by_the_sweeper_for_one_more_attempt(jobs_app, media):
    url, sid = media.recording(Answer(500, "text/plain", b"oops"))
    report_id = add_report(jobs_app, recording_url=url, recording_sid=sid)
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)
    run_queue()
    assert report_state(jobs_app, report_id)["audio_state"] == "failed"
    with jobs_app.app_context():
        assert sweep_recordings().failed == []  # its retry time has not come yet
        later = utcnow() + timedelta(seconds=jobs_app.config["FETCH_FAILED_RETRY_SECONDS"] + 1)
        assert sweep_recordings(now=later).failed == [report_id]
        assert sweep_recordings(now=later).failed == []  # taken: not queued twice
    assert queued_fetches(jobs_app) == [(report_id, 4)]
    assert run_queue() == 1  # the slow lane: one attempt, no quick retries
    row = report_state(jobs_app, report_id)
    assert (row["audio_state"], row["audio_attempts"], media.count(url)) == ("failed", 4, 4)
    assert row["recording_url"] == url


def test_the_sweeper_gives_up_after_the_attempt_limit(jobs_app, media):
    limit = jobs_app.config["FETCH_GIVE_UP_ATTEMPTS"]
    report_id = add_report(jobs_app, recording_url=media.origin + "/x", audio_state="failed",
                           audio_attempts=limit, audio_lease_until=days_ago(1))
    almost = add_report(jobs_app, recording_url=media.origin + "/y", audio_state="failed",
                        audio_attempts=limit - 1, audio_lease_until=days_ago(1))
    with jobs_app.app_context():
        assert sweep_recordings().failed == [almost]
    assert report_state(jobs_app, report_id)["audio_state"] == "failed"


def test_a_pending_report_whose_enqueue_was_lost_is_queued(jobs_app, media, twilio_wav):
    url, sid = media.recording(Answer(body=twilio_wav))
    lost = add_report(jobs_app, recording_url=url, recording_sid=sid, updated_at=days_ago(1))
    fresh = add_report(jobs_app, recording_url=url, recording_sid=None)
    with jobs_app.app_context():
        result = sweep_recordings()
    assert (result.stale, result.expired, result.failed) == ([lost], [], [])
    assert queued_fetches(jobs_app) == [(lost, None)]
    run_queue()
    assert report_state(jobs_app, lost)["audio_state"] == "stored"
    assert report_state(jobs_app, fresh)["audio_state"] == "pending"  # the webhook queued it itself


def test_sweep_command_prints_what_it_did(jobs_app, media):
    report_id = add_report(jobs_app, recording_url=media.origin + "/x", audio_state="fetching",
                           audio_attempts=1, audio_lease_until=days_ago(0.01))
    result = jobs_app.test_cli_runner().invoke(args=["jobs", "sweep", "--json"])
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert outcome["requeued"] == {"expired": [report_id], "stale": [], "failed": []}
    assert outcome["retention_deleted"] == [] and outcome["partials_removed"] == 0
    row = report_state(jobs_app, report_id)
    assert row["audio_state"] == "pending" and "lease expired" in row["audio_error"]


# -- a worker killed in the middle of a fetch --------------------------------------------------------

def _worker(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _worker_env(app, database_url: str) -> dict:
    """The environment of a worker process configured like ``app`` (settings are read from it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "REDIS", "JOBS"))}
    names = ("RECORDINGS_DIR", "RECORDING_ORIGINS", "TWILIO_ACCOUNT_SID", "FETCH_MAX_ATTEMPTS",
             "FETCH_RETRY_DELAY", "FETCH_TIMEOUT", "FETCH_LEASE_SECONDS", "JOBS_DB",
             "JOBS_QUEUE_NAME", "REDIS_URL", "AUDIO_DIR")
    env.update({name: str(app.config[name]) for name in names if app.config.get(name)})
    env.update(HOTLINE_ENV="testing", DATABASE_URL=database_url)
    return env


def test_a_worker_killed_mid_fetch_loses_nothing(database_url, tmp_path, media, queue_settings,
                                                 twilio_wav):
    settings = job_settings(tmp_path, media, queue_settings, FETCH_LEASE_SECONDS=2.0)
    app = make_app(database_url, tmp_path, **settings)
    url, sid = media.recording(Answer(body=twilio_wav, hang=True), Answer(body=twilio_wav))
    report_id = add_report(app, recording_url=url, recording_sid=sid)
    with app.app_context():
        enqueue_fetch_recording(report_id)
    env, log = _worker_env(app, database_url), tmp_path / "workers.log"
    bin_dir = Path(sys.executable).parent
    first = _worker([str(bin_dir / "huey_consumer"), "worker.huey", "-w", "1", "-n", "-m", "0.2"],
                    env, log)
    try:
        wait_for(lambda: media.count(url) == 1, what=f"the first worker's request ({log})")
        assert report_state(app, report_id)["audio_state"] == "fetching"
        first.kill()  # SIGKILL: no clean-up of any kind
        first.wait(10)
        wait_for(lambda: _lease_over(app, report_id), timeout=10, what="the lease to end")
        with app.app_context():
            assert sweep_recordings().expired == [report_id]
        second = _worker([str(bin_dir / "flask"), "--app", "app", "jobs", "worker", "-w", "1",
                          "--no-periodic"], env, log)
        try:
            wait_for(lambda: report_state(app, report_id)["audio_state"] == "stored",
                     what=f"the second worker to store it ({log})")
        finally:
            second.terminate()
            second.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    row = report_state(app, report_id)
    assert (row["audio_attempts"], media.count(url)) == (2, 2)
    stored = Path(settings["RECORDINGS_DIR"]) / row["audio_path"]
    assert stored.read_bytes()[:4] == b"RIFF"
    partial = [name for name in os.listdir(stored.parent) if name != stored.name]
    assert len(partial) == 1 and partial[0].startswith(f".report-{report_id}.")  # the killed one's
    with app.app_context():
        assert remove_partial_downloads() == 0  # young: it might belong to a live worker
        assert remove_partial_downloads(now=time.time() + 7200) == 1
    assert os.listdir(stored.parent) == [stored.name]


def _lease_over(app, report_id: int) -> bool:
    with app.app_context():
        query = sa.select(sa.func.count()).select_from(Report).where(
            Report.id == report_id, Report.audio_lease_until < utcnow())
        return db.session.execute(query).scalar_one() == 1


# -- retention -----------------------------------------------------------------------------------

def _stored(app, name: str, **values) -> int:
    folder = Path(app.config["RECORDINGS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"RIFF....WAVE")
    return add_report(app, audio_state="stored", audio_path=name, transcript="lời kể", **values)


def test_retention_deletes_only_old_reviewed_audio_and_audits_it(jobs_app):
    # Unreviewed reports have their own, longer period (REPORT_AUDIO_DAYS, 90): tests/privacy.
    folder = Path(jobs_app.config["RECORDINGS_DIR"])
    old_confirmed = _stored(jobs_app, "a.wav", status="confirmed", reviewed_at=days_ago(31))
    old_not_scam = _stored(jobs_app, "b.wav", status="not_scam", reviewed_at=days_ago(45))
    recent = _stored(jobs_app, "c.wav", status="escalated", reviewed_at=days_ago(29))
    unreviewed = _stored(jobs_app, "d.wav", status="new", created_at=days_ago(89))
    in_review = _stored(jobs_app, "e.wav", status="in_review", reviewed_at=days_ago(60))
    with jobs_app.app_context():
        jobs_app.extensions["hotline.jobs"].enqueue(maintenance_task.s())
    assert run_queue() == 1
    assert sorted(p.name for p in folder.iterdir()) == ["c.wav", "d.wav", "e.wav"]
    for report_id in (old_confirmed, old_not_scam):
        row = report_state(jobs_app, report_id)
        assert (row["audio_state"], row["audio_path"], row["transcript"]) == ("deleted", None, None)
    for report_id in (recent, unreviewed, in_review):
        row = report_state(jobs_app, report_id)
        assert (row["audio_state"], row["transcript"]) == ("stored", "lời kể")
    with jobs_app.app_context():
        entries = db.session.execute(sa.select(AuditEntry).where(AuditEntry.target.like("report:%"))
                                     .order_by(AuditEntry.id)).scalars().all()
        assert [(e.action, e.target, e.actor) for e in entries] == [
            ("retention_delete", f"report:{old_confirmed}", "system"),
            ("retention_delete", f"report:{old_not_scam}", "system")]
        assert entries[0].detail["file"] == "a.wav" and entries[0].detail["retention_days"] == 30
        assert apply_retention() == []  # nothing left to do, nothing audited twice


def test_retention_days_come_from_the_settings(database_url, tmp_path, media, queue_settings):
    app = make_app(database_url, tmp_path, **job_settings(tmp_path, media, queue_settings,
                                                          RETENTION_DAYS=7))
    week_old = _stored(app, "a.wav", status="follow_up", reviewed_at=days_ago(8))
    with app.app_context():
        assert apply_retention() == [week_old]
