"""Fixtures for the job tests: real queues (SQLite file, Redis), a real database, and a local HTTP
server that stands in for Twilio's media URL and checks HTTP Basic auth.

Redis runs at 127.0.0.1:6379 (``TEST_REDIS_URL`` overrides); each test gets its own queue name,
flushed afterwards. When Redis is unreachable the Redis variants are skipped, unless
``REQUIRE_REDIS=1``, which makes that a failure.
"""
from __future__ import annotations

import base64
import logging
import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.models import Report, db, utcnow
from jobs.queue import QueueSettings, close_storage, huey, open_storage
from tests.conftest import make_app as make_migrated_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = TestingConfig.TEST_AUTH_TOKEN
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True, scope="session")
def _audio_tools() -> None:
    missing = [tool for tool in ("ffmpeg", "espeak-ng") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the job tests need {' and '.join(missing)}: apt-get install -y ffmpeg espeak-ng")


@pytest.fixture(autouse=True)
def _clean_jobs_env(monkeypatch):
    """The queue and recordings settings of the developer's shell never reach a test."""
    for name in ("REDIS_URL", "JOBS_DB", "JOBS_QUEUE_NAME", "RECORDINGS_DIR", "RECORDING_ORIGINS",
                 "TWILIO_ACCOUNT_SID", "VOSK_MODEL_PATH", "RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _no_task_errors(caplog):
    """A task that raises is logged by Huey, not raised: fail the test on such a log line."""
    caplog.set_level(logging.INFO)
    yield
    errors = [r for r in caplog.get_records("call")
              if r.name.startswith("huey") and r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


def _redis_reachable() -> bool:
    url = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_settings(request, tmp_path):
    """Settings for a fresh queue: a SQLite file, or a uniquely named queue in Redis (flushed after)."""
    if request.param == "sqlite-queue":
        yield {"JOBS_DB": str(tmp_path / "jobs.sqlite3"), "JOBS_QUEUE_NAME": "hotline-test"}
        return
    if not _redis_reachable():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis required but unreachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    name = f"test-{secrets.token_hex(6)}"
    yield {"REDIS_URL": REDIS_URL, "JOBS_QUEUE_NAME": name, "JOBS_DB": str(tmp_path / "unused.db")}
    storage = open_storage(QueueSettings(name, REDIS_URL, ""))
    storage.flush_all()
    close_storage(storage)


# -- the stand-in for Twilio's media URL ------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """One scripted answer: HTTP ``status``, ``content_type`` and ``body``.

    Slow servers: ``hang`` waits before the headers, ``hang_after_headers`` after them (the body
    never comes), each until the server's ``release`` event is set or the client goes away;
    ``trickle`` sends the body one byte every ``trickle`` seconds (``Content-Length`` is the
    whole body's), ``trickle_headers`` the status line and headers so, and both stop early when
    released or when the client goes away.
    """

    status: int = 200
    content_type: str = "audio/x-wav"
    body: bytes = b""
    hang: bool = False
    hang_after_headers: bool = False
    trickle: float = 0.0
    trickle_headers: float = 0.0


@dataclass
class MediaServer:
    """Answers ``GET <path>.wav`` from a script per recording, after checking HTTP Basic auth.

    Wrong or missing credentials get 401 with a JSON body, as Twilio does. ``hits[path]`` counts
    the authorised requests per path; the last answer of a script repeats forever. Each request
    to a scripted path is also timed, from its arrival until the server is done with it (sent,
    or the client went away): ``spans(url)``, and ``overlaps(url)`` for two at once.
    """

    username: str
    password: str
    origin: str = ""
    scripts: dict[str, list[Answer]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    times: dict[str, list[list[float]]] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def recording(self, *answers: Answer) -> tuple[str, str]:
        """Script a new recording; return ``(RecordingUrl, RecordingSid)`` as Twilio would send."""
        sid = "RE" + secrets.token_hex(16)
        path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{sid}"
        self.scripts[path + ".wav"] = list(answers)
        return self.origin + path, sid

    def count(self, recording_url: str) -> int:
        return self.hits.get(urlsplit(recording_url).path + ".wav", 0)

    def spans(self, recording_url: str) -> list[tuple[float, float | None]]:
        """``(start, end)`` in ``time.monotonic()`` seconds of each request for the recording,
        in arrival order; ``end`` is ``None`` while the server is still answering it."""
        with self.lock:
            return [tuple(span) for span in self.times.get(urlsplit(recording_url).path + ".wav", [])]

    def overlaps(self, recording_url: str, tolerance: float = 0.05) -> int:
        """How many requests for the recording began while an earlier one was still going (by
        more than ``tolerance`` s: the server learns of a closed connection a moment late)."""
        spans = self.spans(recording_url)
        return sum(1 for i, (start, _) in enumerate(spans)
                   if any(end is None or end - tolerance > start for _, end in spans[:i]))

    def opened(self, path: str) -> list[float] | None:
        with self.lock:
            if path not in self.scripts:
                return None
            span = [time.monotonic(), None]
            self.times.setdefault(path, []).append(span)
            return span

    def answer(self, path: str, authorization: str | None) -> Answer:
        expected = "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        if authorization != expected:
            return Answer(401, "application/json", b'{"code": 20003, "message": "Authenticate"}')
        with self.lock:
            script = self.scripts.get(path)
            if not script:
                return Answer(404, "application/json", b'{"code": 20404}')
            self.hits[path] = self.hits.get(path, 0) + 1
            return script.pop(0) if len(script) > 1 else script[0]


def _handler(server: MediaServer):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            answer = server.answer(self.path, self.headers.get("Authorization"))
            span = server.opened(self.path) if answer.status != 401 else None
            try:
                self._send(answer)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the worker that asked was killed, or gave up, meanwhile
            finally:
                if span is not None:
                    span[1] = time.monotonic()

        def _send(self, answer: Answer) -> None:
            if answer.hang:
                self._wait()
            head = (f"HTTP/1.1 {answer.status} Scripted\r\nContent-Type: {answer.content_type}\r\n"
                    f"Content-Length: {len(answer.body)}\r\nConnection: close\r\n\r\n").encode()
            if not answer.trickle_headers:
                self.wfile.write(head)
            elif not self._trickle(head, answer.trickle_headers):
                return
            if answer.hang_after_headers:
                self.wfile.flush()
                self._wait()
            elif answer.trickle:
                self._trickle(answer.body, answer.trickle)
            else:
                self.wfile.write(answer.body)

        def _trickle(self, data: bytes, pause: float) -> bool:
            """Send ``data`` a byte every ``pause`` s; False if stopped (released, client gone)."""
            for index in range(len(data)):
                if self._wait(pause):
                    return False
                self.wfile.write(data[index:index + 1])
                self.wfile.flush()
            return True

        def _wait(self, seconds: float = 60.0) -> bool:
            """Wait ``seconds`` or until released or the client has gone; True if it has gone
            or the server was released (stop sending)."""
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                if server.release.is_set() or self._client_gone(min(0.02, end - time.monotonic())):
                    return True
            return server.release.is_set()

        def _client_gone(self, wait: float) -> bool:
            """True once the client has closed its end; waits up to ``wait`` s for news of it."""
            readable, _, _ = select.select([self.connection], [], [], max(wait, 0))
            if not readable:
                return False
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def media():
    """A running :class:`MediaServer` on 127.0.0.1 expecting the test account's credentials."""
    server = MediaServer(ACCOUNT_SID, AUTH_TOKEN)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    # A short poll interval: shutdown() waits for one, and every test stops a server.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    httpd.shutdown()
    httpd.server_close()


# -- audio ------------------------------------------------------------------------------------------

def make_wav(path: Path, seconds: float, rate: int = 8000, channels: int = 1,
             codec: str = "pcm_s16le") -> bytes:
    """Write a spoken-band tone as WAV with ffmpeg (Twilio records 8 kHz PCM); return its bytes."""
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"sine=frequency=440:duration={seconds}", "-ac", str(channels),
                    "-ar", str(rate), "-c:a", codec, str(path)], check=True)
    return path.read_bytes()


@pytest.fixture(scope="session")
def twilio_wav(tmp_path_factory) -> bytes:
    """Three seconds of 8 kHz mono 16-bit PCM WAV, as Twilio's media URL serves it."""
    return make_wav(tmp_path_factory.mktemp("audio") / "recording.wav", 3.0)


# -- the app, reports and the queue -----------------------------------------------------------------

def job_settings(tmp_path: Path, media: MediaServer, queue_settings: dict, **overrides) -> dict:
    """App settings for job tests: short retry delays, the media server's origin, tmp folders."""
    return {"RECORDINGS_DIR": str(tmp_path / "recordings"), "RECORDING_ORIGINS": media.origin,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "FETCH_MAX_ATTEMPTS": 3, "FETCH_RETRY_DELAY": 0.05,
            "FETCH_TIMEOUT": 5.0, "FETCH_LEASE_SECONDS": 30.0, "FETCH_DEADLINE": 10.0,
            **queue_settings, **overrides}


def make_app(database_url: str, tmp_path: Path, **settings):
    """``tests.conftest.make_app``, with the logging set-up of the test process kept as it was.

    Alembic's ``fileConfig`` (migrations/env.py) replaces the root handlers (pytest's capture
    among them) and disables every logger that exists when it runs, which would hide the jobs'
    and Huey's log lines from the tests that check them.
    """
    handlers, level = logging.root.handlers[:], logging.root.level
    app = make_migrated_app(database_url, tmp_path, **settings)
    logging.root.handlers[:], logging.root.level = handlers, level
    for name, logger in logging.root.manager.loggerDict.items():
        if isinstance(logger, logging.Logger) and name.split(".")[0] in ("hotline", "huey"):
            logger.disabled = False
    return app


@pytest.fixture
def jobs_app(database_url, tmp_path, media, queue_settings):
    """A migrated testing app on a real database whose jobs go through a real queue."""
    app = make_app(database_url, tmp_path, **job_settings(tmp_path, media, queue_settings))
    yield app
    with app.app_context():
        db.engine.dispose()


def add_report(app, **values) -> int:
    """Insert a report row directly (as the webhooks will) and return its id."""
    defaults = {"reference": secrets.token_hex(3), "call_sid": "CA" + secrets.token_hex(16),
                "caller": "+84912345678", "audio_state": "pending", "status": "new"}
    with app.app_context():
        report = Report(**{**defaults, **values})
        db.session.add(report)
        db.session.commit()
        return report.id


def report_state(app, report_id: int) -> dict:
    """Return the report's columns as a dict, read in a fresh app context."""
    with app.app_context():
        report = db.session.get(Report, report_id)
        return {c.key: getattr(report, c.key) for c in sa.inspect(Report).mapper.column_attrs}


def run_queue(timeout: float = 20.0) -> int:
    """Run queued and due scheduled tasks in this thread, as a consumer would, until none are left.

    Returns how many tasks ran (not counting moves to the schedule). Raises ``AssertionError`` if the queue is not idle in time.
    """
    ran, deadline = 0, time.monotonic() + timeout
    while True:
        for task in huey.read_schedule():
            huey.enqueue(task)
        # Look first: Redis workers dequeue with a blocking read that would wait a second.
        task = huey.dequeue() if huey.pending_count() else None
        if task is not None:
            ran += huey.ready_to_run(task)  # a task due later only moves to the schedule
            huey.execute(task)
            continue
        if huey.scheduled_count() == 0:
            return ran
        if time.monotonic() > deadline:
            raise AssertionError(f"queue not idle after {timeout} s")
        time.sleep(0.02)


def wait_for(condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
    """Poll ``condition`` every 50 ms until it holds; ``AssertionError`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def consumer_thread():
    """Start an in-process Huey consumer (real worker threads); stopped and cleaned up afterwards."""
    started = []
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}

    def start(workers: int = 2):
        consumer = huey.create_consumer(workers=workers, periodic=False, initial_delay=0.01,
                                        max_delay=0.05, check_worker_health=False)
        consumer.start()
        started.append(consumer)
        return consumer

    yield start
    for consumer in started:
        consumer.stop(graceful=True)
    for signum, handler in saved.items():
        signal.signal(signum, handler)  # consumer.start() installs its own


def days_ago(days: float) -> datetime:
    return utcnow() - timedelta(days=days)
