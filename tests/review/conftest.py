"""Fixtures for the review dashboard: the app with its recordings folder under ``tmp_path``, users,
reports, and a small ``Reviewer`` helper so tests read like what a volunteer does.

Passwords are real (scrypt hashes); CSRF is on, and the helper takes each token from a page as a
browser would.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import wave
from datetime import datetime, timedelta, timezone
from itertools import count
from pathlib import Path

import pytest

from ivr.models import Report, ReportConfirmation, User, db
from ivr.review.auth import hash_password
from tests.conftest import make_app

PASSWORDS = {"admin": "admin-password-1", "lan": "volunteer-password-1", "minh": "volunteer-password-2"}
ROLES = {"admin": "admin", "lan": "volunteer", "minh": "volunteer"}
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'type="hidden" name="csrf_token" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')
_sequence = count(1)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SPOKEN = "Tôi nhận được cuộc gọi của người tự xưng là công an, bảo tôi chuyển tiền vào tài khoản."


class WorkLog:
    """An ``ivr.work.WorkQueue`` that only notes what it was asked for (the real queue: tests/jobs)."""

    def __init__(self):
        self.recordings: list[int] = []
        self.warnings: list[int] = []

    def fetch_recording(self, report_id: int) -> None:
        self.recordings.append(report_id)

    def render_warning(self, warning_id: int) -> None:
        self.warnings.append(warning_id)


def write_wav(path: Path, seconds: float = 1.0, rate: int = 8000) -> Path:
    """A silent 16-bit mono PCM WAV of ``seconds`` at ``rate`` Hz (enough for the HTTP tests)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\x00\x00" * int(seconds * rate))
    return path


@functools.cache
def _hash(password: str) -> str:
    # Real scrypt hashes, made once per test session: each takes a noticeable fraction of a second.
    return hash_password(password)


def add_users(app) -> dict[str, int]:
    """Create ``admin`` (admin), ``lan`` and ``minh`` (volunteers); return ``{name: id}``."""
    with app.app_context():
        users = [User(username=name, role=ROLES[name], password_hash=_hash(PASSWORDS[name]))
                 for name in PASSWORDS]
        db.session.add_all(users)
        db.session.commit()
        return {user.username: user.id for user in users}


def add_report(app, **fields) -> int:
    """Insert a report (defaults: a stored recording ``r<n>.wav``, a police impersonator calling
    from 0987 654 321, status ``new``); return its id."""
    n = next(_sequence)
    values = dict(reference=f"R{n:05d}", call_sid=f"CA{n:032d}", caller="+84912345678",
                  reported_number="+84987654321", reported_number_raw="0987654321",
                  number_kind="mobile", claimed_identity="police", money_lost=False,
                  audio_state="stored", audio_path=f"r{n}.wav", recording_seconds=1,
                  recording_url=f"https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE{n}",
                  transcript="Họ nói tôi liên quan đến vụ án và bảo chuyển tiền.", status="new",
                  created_at=datetime.now(timezone.utc) - timedelta(minutes=n))
    values.update(fields)
    with app.app_context():
        report = Report(**values)
        db.session.add(report)
        db.session.commit()
        return report.id


def add_confirmations(app, report_id: int, *user_ids: int, reason: str | None = None) -> None:
    """Record confirmations of a report by ``user_ids`` (issue 11's two-person rule); with
    ``reason``, each is an admin's override."""
    with app.app_context():
        db.session.add_all([ReportConfirmation(report_id=report_id, user_id=user_id,
                                               is_admin_override=reason is not None, reason=reason)
                            for user_id in user_ids])
        db.session.commit()


def csrf_token(html: str) -> str:
    """The CSRF token in a rendered page (every page has one, in the logout form)."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in page"
    return next(group for group in match.groups() if group)


class Reviewer:
    """A browser-like session on the test client: logs in and submits forms with their token."""

    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str | None = None, **kwargs):
        page = self.client.get("/review/login")
        data = {"username": username, "password": PASSWORDS.get(username, "") if password is None
                else password, "csrf_token": csrf_token(page.get_data(as_text=True))}
        return self.client.post("/review/login", data=data, **kwargs)

    def token(self, url: str = "/review/") -> str:
        return csrf_token(self.client.get(url).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, **kwargs):
        """POST ``data`` with a valid CSRF token (taken from the queue page)."""
        return self.client.post(url, data={"csrf_token": self.token(), **(data or {})}, **kwargs)


@pytest.fixture
def app(database_url, tmp_path):
    """The app on SQLite and PostgreSQL, with ``RECORDINGS_DIR`` (and the jobs queue) under
    ``tmp_path``."""
    app = make_app(database_url, tmp_path, RECORDINGS_DIR=str(tmp_path / "recordings"),
                   JOBS_DB=str(tmp_path / "jobs.sqlite3"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def users(app) -> dict[str, int]:
    return add_users(app)


@pytest.fixture
def recordings(app) -> Path:
    return Path(app.config["RECORDINGS_DIR"])


@pytest.fixture
def reviewer(client, users) -> Reviewer:
    return Reviewer(client)


@pytest.fixture
def volunteer(reviewer) -> Reviewer:
    assert reviewer.login("lan").status_code == 302
    return reviewer


@pytest.fixture
def admin(reviewer) -> Reviewer:
    assert reviewer.login("admin").status_code == 302
    return reviewer


# Session fixtures for the browser tests live here, once: a module that imported them would make
# a second session-scoped instance, and a second sync_playwright() in the same thread fails.
@pytest.fixture(scope="session")
def spoken_wav(tmp_path_factory) -> Path:
    """A real recording: Vietnamese speech from espeak-ng, made 8 kHz mono 16-bit by ffmpeg."""
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install it with `apt-get install {tool}`")
    folder = tmp_path_factory.mktemp("wav")
    subprocess.run(["espeak-ng", "-v", "vi", "-w", str(folder / "voice.wav"), SPOKEN], check=True)
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(folder / "voice.wav"),
                    "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le", str(folder / "call.wav")], check=True)
    return folder / "call.wav"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright; a clear failure when it is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: install it with "
                    "`apt-get install chromium` (scripts/test should list it among its Debian packages)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: .venv/bin/pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
