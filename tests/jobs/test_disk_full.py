"""A full disk during a recording fetch (issue 10): the report says so, and the fetch is retried.

The disk is really full, not mocked: a real worker process runs in its own mount namespace
(``unshare``, as an unprivileged user namespace where the kernel allows one, or as root) with a
small tmpfs over ``RECORDINGS_DIR``, mostly taken by a filler file. Only that worker sees the small
disk; the test reaches it through ``/proc/<pid>/root`` to free the space. Where the machine allows
no mount namespace the test is skipped, and says why.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobs import enqueue_fetch_recording
from tests.jobs.conftest import (ROOT, Answer, add_report, job_settings, make_app, make_wav,
                                 report_state, wait_for)

DISK = "512k"  # the worker's RECORDINGS_DIR
FILLER_BYTES = 450 * 1024  # leaves ~60 KiB: too little for a 10 s recording (160 KB), enough once freed
FULL = "Ổ đĩa lưu bản ghi đã đầy"
MOUNT = 'mount -t tmpfs -o size="$1" tmpfs "$2" && head -c "$3" /dev/zero > "$2/filler"'


def _namespace_prefix(folder: Path) -> list[str]:
    """``unshare`` arguments that give a command its own mount namespace, or skip the test."""
    if shutil.which("unshare") is None:  # scripts/test installs util-linux
        _unavailable("no unshare(1) here: cannot give the worker a small disk of its own")
    for prefix in (["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]):
        probe = subprocess.run([*prefix, "sh", "-c", MOUNT, "sh", "64k", str(folder), "0"],
                               capture_output=True, text=True)
        if probe.returncode == 0:
            return prefix
    _unavailable(f"no mount namespace allowed here ({probe.stderr.strip()})")


def _unavailable(why: str) -> None:
    """Under CI (``CI`` set, as .ci/run runs) a missing tool is a failure, elsewhere a skip."""
    (pytest.fail if os.environ.get("CI") else pytest.skip)(why)


def _worker_env(app, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "REDIS", "JOBS"))}
    names = ("RECORDINGS_DIR", "RECORDING_ORIGINS", "TWILIO_ACCOUNT_SID", "FETCH_MAX_ATTEMPTS",
             "FETCH_RETRY_DELAY", "FETCH_TIMEOUT", "FETCH_LEASE_SECONDS", "FETCH_DEADLINE",
             "JOBS_DB", "JOBS_QUEUE_NAME", "REDIS_URL", "AUDIO_DIR")
    env.update({name: str(app.config[name]) for name in names if app.config.get(name)})
    env.update(HOTLINE_ENV="testing", DATABASE_URL=database_url)
    return env


def test_a_full_disk_is_shown_on_the_report_and_the_fetch_is_retried(database_url, tmp_path, media,
                                                                     queue_settings):
    folder = tmp_path / "recordings"
    folder.mkdir()
    prefix = _namespace_prefix(folder)
    settings = job_settings(tmp_path, media, queue_settings, FETCH_RETRY_DELAY=2.0,
                            FETCH_MAX_ATTEMPTS=5)
    app = make_app(database_url, tmp_path, **settings)
    url, sid = media.recording(Answer(body=make_wav(tmp_path / "long.wav", 10.0)))
    report_id = add_report(app, recording_url=url, recording_sid=sid)
    flask = str(Path(sys.executable).parent / "flask")
    command = [*prefix, "sh", "-c", MOUNT + ' && exec "$4" --app app jobs worker -w 1 --no-periodic',
               "sh", DISK, str(folder), str(FILLER_BYTES), flask]
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=_worker_env(app, database_url), stdout=out,
                                  stderr=subprocess.STDOUT)
    seen = Path(f"/proc/{worker.pid}/root") / folder.relative_to("/")  # the worker's own view
    try:
        with app.app_context():
            enqueue_fetch_recording(report_id)
        wait_for(lambda: FULL in (report_state(app, report_id)["audio_error"] or ""), timeout=30,
                 what=f"the disk-full error on the report ({log})")
        row = report_state(app, report_id)
        assert row["audio_state"] == "pending" and row["audio_path"] is None  # a retry is due
        assert "No space left on device" in row["audio_error"]
        wait_for(lambda: media.count(url) >= 2, timeout=20, what=f"the retry ({log})")
        wait_for(lambda: report_state(app, report_id)["audio_attempts"] >= 2, timeout=10,
                 what="the retry's outcome")
        assert FULL in report_state(app, report_id)["audio_error"]
        (seen / "filler").unlink()  # the operator frees the disk
        wait_for(lambda: report_state(app, report_id)["audio_state"] == "stored", timeout=30,
                 what=f"the recording stored once there is room ({log})")
        row = report_state(app, report_id)
        assert row["audio_error"] is None and row["audio_attempts"] == media.count(url) >= 3
        assert sorted(p.name for p in seen.iterdir()) == [row["audio_path"]]  # no partial left
        assert (seen / row["audio_path"]).read_bytes()[:4] == b"RIFF"
    finally:
        worker.terminate()
        worker.wait(10)
