"""Nothing lost when a server blinks (issue 10): the database stops for 5 s around the end of ten
recordings; a worker is killed and Redis stops mid-run. Every report ends with its audio.

The database is stopped by the test itself (:class:`tests.outage.DatabaseSwitch`: PostgreSQL
behind a TCP proxy that refuses and cuts connections; SQLite by moving its folder aside); Redis
is a private ``redis-server`` killed and started again empty. Twilio is the local stand-in of
its REST API and media (:mod:`tests.twilio_api`).
"""
from __future__ import annotations

import os
import re
import secrets
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.models import Report, db
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from tests.jobs.conftest import Answer, job_settings, make_app, run_queue, wait_for
from tests.jobs.test_sweeper import _worker, _worker_env
from tests.outage import DatabaseSwitch, PrivateRedis
from tests.twilio_api import ACCOUNT_SID

CALLS = 10
OUTAGE_SECONDS = 5.0


def simulator(app, caller: str) -> CallSimulator:
    return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         caller=caller, describe=prompt_describer(app.extensions["hotline.flow"]))


def to_beep(app, n: int) -> CallSimulator:
    """A caller walked from the main menu to the report's beep (3: report, 2: no money lost)."""
    call = simulator(app, f"+849120000{n:02d}")
    call.start()
    call.press("3")
    assert call.press("2").record_action
    return call


def audio_kept(app) -> dict[str, tuple[str, bool]]:
    """CallSid → (audio_state, file on disk) of every report."""
    folder = Path(app.config["RECORDINGS_DIR"])
    with app.app_context():
        rows = db.session.execute(sa.select(Report.call_sid, Report.audio_state,
                                            Report.audio_path)).all()
    return {sid: (state, bool(path) and (folder / path).is_file()) for sid, state, path in rows}


def said_digits(heard) -> str:
    return "".join(m.group(1) for pid in heard.prompt_ids
                   if pid and (m := re.fullmatch(r"common\.digit_(\d)", pid)))


def test_ten_recordings_ending_in_a_5_s_database_outage_all_end_with_their_audio(
        database_url, tmp_path, twilio_api, twilio_wav):
    switch = DatabaseSwitch(database_url)
    settings = {"RECORDINGS_DIR": str(tmp_path / "recordings"), "SPOOL_DIR": str(tmp_path / "spool"),
                "RECORDING_ORIGINS": twilio_api.origin, "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                "TWILIO_API_BASE_URL": twilio_api.origin, "FETCH_MAX_ATTEMPTS": 3,
                "FETCH_RETRY_DELAY": 0.05, "FETCH_TIMEOUT": 5.0, "FETCH_LEASE_SECONDS": 30.0,
                "JOBS_DB": str(tmp_path / "jobs.sqlite3"), "JOBS_QUEUE_NAME": "outage"}
    try:
        app = make_app(switch.url, tmp_path, **settings)
        calls = [to_beep(app, n) for n in range(CALLS)]
        recordings = [twilio_api.add_recording(c.call_sid, twilio_wav) for c in calls]
        switch.stop()
        stopped = time.monotonic()
        answers, callbacks = [], []
        for n, (call, rec) in enumerate(zip(calls, recordings)):
            # Half the callers end with '#' and wait on the line; half hang up at the end.
            ended_by = "#" if n < CALLS // 2 else "hangup"
            answers.append(call.record(twilio_api.url(rec), rec.sid, 3, digits=ended_by))
            callbacks.append(call.recording_status(rec.sid, twilio_api.url(rec), 3))
        waiting = [c for c in calls[:CALLS // 2] if c.last.no_input]
        second = [c.silence() for c in waiting]  # Twilio follows the redirect: still down
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
        switch.resume()
        back = [c.silence() for c in waiting if c.last.no_input]
        for call in calls[CALLS // 2:]:
            call.hang_up()
        result = app.test_cli_runner().invoke(args=["jobs", "sweep"])  # the minute's sweep
        assert result.exit_code == 0, result.output
        run_queue()
        kept = audio_kept(app)
        survived = sum(kept.get(c.call_sid) == ("stored", True) for c in calls)
        assert survived == CALLS, f"{survived} of {CALLS} reports kept their audio: {kept}"
        # Twilio heard success every time; no callback was answered 5xx.
        assert callbacks == [204] * CALLS
        assert all(a.status == 200 for a in answers + second + back)
        # The callers on the line heard "please wait", then, the database back, the review question
        # of their recording: the call went on where it was, and ends with the reference.
        flow = app.extensions["hotline.flow"]
        assert all(a.prompts[0].text == flow.message("db_wait_recording").text
                   for a in answers[:CALLS // 2])
        assert all(s.prompts[0].text == flow.message("db_still_waiting").text for s in second)
        assert len(back) == CALLS // 2
        assert all(b.node == "report_record" and "report_record.review" in b.prompt_ids for b in back)
        with app.app_context():
            references = dict(db.session.execute(sa.select(Report.call_sid, Report.reference)).all())
        for call in waiting:
            call.press("1")  # keep the story
            call.press("#")  # no number remembered
            thanks = call.press("1")
            assert said_digits(thanks) == references[call.call_sid] * 2
    finally:
        switch.close()


def test_a_killed_worker_a_redis_that_stops_and_a_database_blink_mid_run_lose_nothing(
        database_url, tmp_path, media, twilio_wav):
    redis = PrivateRedis(tmp_path)
    if redis.binary is None:  # scripts/test installs it; only a hand-made environment lacks it
        (pytest.fail if os.environ.get("CI") else pytest.skip)("redis-server is not installed")
    redis.start()
    switch = DatabaseSwitch(database_url)
    queue = {"REDIS_URL": redis.url, "JOBS_QUEUE_NAME": f"outage-{secrets.token_hex(4)}",
             "JOBS_DB": str(tmp_path / "unused.db")}
    settings = job_settings(tmp_path, media, queue, FETCH_LEASE_SECONDS=2.0,
                            SPOOL_DIR=str(tmp_path / "spool"))
    workers = []
    try:
        app = make_app(switch.url, tmp_path, **settings)
        env, log = _worker_env(app, switch.url), tmp_path / "workers.log"
        env["SPOOL_DIR"] = settings["SPOOL_DIR"]
        bin_dir = Path(sys.executable).parent

        urls = []

        def report_by_phone(n: int, *answers: Answer) -> int:
            url, sid = media.recording(*answers)
            urls.append(url)
            call = to_beep(app, n)
            call.record(url, sid, 3, digits="hangup")
            return call.recording_status(sid, url, 3)

        # Two downloads that hang until the worker is killed, three normal ones.
        hanging = [Answer(body=twilio_wav, hang=True), Answer(body=twilio_wav)]
        assert [report_by_phone(n, *hanging) for n in range(2)] == [204, 204]
        assert [report_by_phone(n, Answer(body=twilio_wav)) for n in range(2, 5)] == [204] * 3
        workers.append(_worker([str(bin_dir / "huey_consumer"), "worker.huey", "-w", "2", "-n",
                                "-m", "0.2"], env, log))
        wait_for(lambda: [media.count(u) for u in urls] == [1, 1, 0, 0, 0],
                 what=f"the worker's two threads in the hanging downloads ({log})")
        redis.kill()  # the queue and everything in it is gone
        workers[0].kill()  # SIGKILL, mid-download
        workers[0].wait(10)
        # Three recordings end while Redis is down, two more then while the database is down too.
        assert [report_by_phone(n, Answer(body=twilio_wav)) for n in range(5, 8)] == [204] * 3
        calls = [to_beep(app, n) for n in range(8, 10)]
        switch.stop()
        for call in calls:
            url, sid = media.recording(Answer(body=twilio_wav))
            call.record(url, sid, 3, digits="hangup")
            assert call.recording_status(sid, url, 3) == 204
        time.sleep(OUTAGE_SECONDS)
        switch.resume()
        redis.start()  # empty
        workers.append(_worker([str(bin_dir / "flask"), "--app", "app", "jobs", "worker", "-w", "2",
                                "--no-periodic"], env, log))
        time.sleep(2.1)  # the killed worker's leases end; lost enqueues become stale (one lease)
        result = app.test_cli_runner().invoke(args=["jobs", "sweep"])  # the minute's sweep
        assert result.exit_code == 0, result.output
        wait_for(lambda: _report_ids(app, "stored") == _report_ids(app),
                 what=f"every report stored ({log})")
        kept = audio_kept(app)
    finally:
        for process in workers:
            if process.poll() is None:
                process.terminate()
                process.wait(10)
        redis.kill()
        switch.close()
    assert len(kept) == CALLS and set(kept.values()) == {("stored", True)}


def _report_ids(app, state: str | None = None) -> list[int]:
    with app.app_context():
        query = sa.select(Report.id).order_by(Report.id)
        if state:
            query = query.where(Report.audio_state == state)
        return list(db.session.execute(query).scalars())
