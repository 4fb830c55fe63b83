"""Shared fixtures: the app on a real database (SQLite and PostgreSQL), and simulated signed calls.

PostgreSQL runs at 127.0.0.1:5432 (``TEST_POSTGRES_URL`` overrides). Each test gets its own schema,
migrated with Alembic. When PostgreSQL is unreachable the PostgreSQL variants are skipped, unless
``REQUIRE_POSTGRES=1`` (set by ``.ci/run``), which makes that a failure.
"""
from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from config import TestingConfig
from ivr.models import db
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent


def _postgres_reachable() -> bool:
    url = sa.engine.make_url(POSTGRES_URL)
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """Tests never inherit deployment settings from the developer's shell."""
    for name in ("HOTLINE_ENV", "DATABASE_URL", "PUBLIC_BASE_URL", "TWILIO_AUTH_TOKEN", "SECRET_KEY",
                 "GATHER_TIMEOUT", "VOLUNTEER_LINE", "HOTLINE_NUMBER", "DIAL_TIMEOUT", "SHIFT_MAX_HOURS",
                 "CALLBACK_MAX_ATTEMPTS", "CALLBACK_RETRY_MINUTES", "CALLING_HOURS",
                 "MISSED_CALL_CALLBACK", "MISSED_CALL_PER_DAY", "TRUSTED_PROXY_COUNT", "AUDIO_DIR", "TTS_ENGINE",
                 "REDIS_URL", "JOBS_DB", "JOBS_QUEUE_NAME", "RECORDINGS_DIR", "VOSK_MODEL_PATH",
                 "SPEECH_INPUT", "STREAM_BASE_URL", "PHONE_PAGE", "TWILIO_ACCOUNT_SID", "SAY_VOICE", "RESUME_WITHIN_DAYS",
                 "ALLOW_SQLITE_IN_PRODUCTION", "LOG_LEVEL", "LOG_FORMAT", "TWILIO_API_BASE_URL", "HTTPS_REDIRECT", "HSTS_SECONDS",
                 "REVIEW_LOGIN_LIMIT", "REVIEW_LOGIN_IP_LIMIT", "RATELIMIT_STORAGE_URI",
                 "RETENTION_DAYS", "REPORT_AUDIO_DAYS", "CALLER_NUMBER_DAYS",
                 "WITHDRAW_ATTEMPTS_PER_CALL", "WITHDRAW_ATTEMPTS_PER_DAY", "TWILIO_DELETE_ATTEMPTS",
                 "TWILIO_DELETE_RETRY_DELAY", "FETCH_DEADLINE",
                 "SPOOL_DIR", "RECONCILE_GRACE_SECONDS", "RECONCILE_WINDOW_HOURS", "RECONCILE_BATCH",
                 "REVIEW_OVERDUE_HOURS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def shipped_audio(tmp_path_factory):
    """Every prompt of the shipped flow rendered once per test session by espeak-ng, with the
    settings' default tempos and level (as ``flask prompts render`` does; about 90 s): (audio
    dir, flow). Shared by the audio scenarios and the run-script tests, which find it up to date."""
    from app import flow_variables
    from ivr.engine import load_flow
    from speech.render import render_prompts
    from speech.tts import choose_synthesizer

    audio_dir = tmp_path_factory.mktemp("audio")
    # The texts a test app (no VOLUNTEER_LINE) says, so its flow is rendered whole.
    flow = load_flow(ROOT / "prompts", flow_variables({}))
    report = render_prompts(flow.prompts(), audio_dir, choose_synthesizer("espeak"), tempo=0.9,
                            slow_tempo=0.7, target_dbfs=-16.0, progress=False)
    assert report.failures == [] and report.rendered == 2 * len(flow.prompts())
    return audio_dir, flow


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hotline.sqlite3'}"
        return
    if not _postgres_reachable():
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but unreachable at {POSTGRES_URL}")
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432")
    schema = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.engine.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def make_app(database_url: str, tmp_path: Path, **overrides):
    """Create a testing app on ``database_url`` with its schema migrated by Alembic."""
    # Everything a test writes stays in its tmp_path: audio, the job queue, recordings.
    settings = {"SQLALCHEMY_DATABASE_URI": database_url, "AUDIO_DIR": str(tmp_path / "audio"),
                "JOBS_DB": str(tmp_path / "jobs.sqlite3"),
                "RECORDINGS_DIR": str(tmp_path / "recordings"), "SPOOL_DIR": str(tmp_path / "spool"),
                "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": sa.pool.NullPool}, **overrides}
    app = create_app(settings, env_name="testing")
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def flow(app):
    return app.extensions["hotline.flow"]


@pytest.fixture
def call(app):
    """Factory of simulated calls whose webhooks are signed with the test auth token."""

    def place(caller: str = "+84912345678", **kwargs) -> CallSimulator:
        return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                             caller=caller, describe=prompt_describer(app.extensions["hotline.flow"]),
                             **kwargs)

    return place


@pytest.fixture
def twilio_api():
    """A running local stand-in of Twilio's REST API (:mod:`tests.twilio_api`) for the test account."""
    from tests.twilio_api import ACCOUNT_SID, TwilioApi, running

    with running(TwilioApi(ACCOUNT_SID, TestingConfig.TEST_AUTH_TOKEN)) as api:
        yield api

