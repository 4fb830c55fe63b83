"""Every entry point says a bad setting, or a database it cannot reach, in one line and exits
non-zero: the ``flask`` commands (``flask db upgrade`` included), gunicorn with gunicorn.conf.py,
``huey_consumer worker.huey``. And what each prints when it starts: gunicorn opens no shared control
socket, huey_consumer writes each line once, the start-up summary says the speech input once."""
from __future__ import annotations

import logging
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from ivr import cli_errors

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Settings a developer's shell may hold; each process below gets only what its test sets.
_SCRUBBED = ("LOG_", "HOTLINE_", "PYTEST", "DATABASE_URL", "REDIS_URL", "JOBS_", "TWILIO_", "SAY_",
             "TRUSTED_", "RESUME_", "WEB_CONCURRENCY", "VOSK_", "SPEECH_", "ALLOW_SQLITE")


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    env.update(HOTLINE_ENV="testing", DATABASE_URL=f"sqlite:///{tmp_path / 'hotline.sqlite3'}",
               AUDIO_DIR=str(tmp_path / "audio"), JOBS_DB=str(tmp_path / "jobs.sqlite3"),
               RECORDINGS_DIR=str(tmp_path / "recordings"))
    env.update(settings)
    return env


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _one_error_line(result: subprocess.CompletedProcess) -> str:
    """The process failed with status 1 and printed exactly one line, ``Error: ...``."""
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 1, output
    assert "Traceback" not in output and len(output.splitlines()) == 1, output
    assert output.startswith("Error: "), output
    return output


# -- the flask commands --------------------------------------------------------------------------

BAD_SETTINGS = [
    ({"TRUSTED_PROXY_COUNT": "abc"}, "Error: TRUSTED_PROXY_COUNT must be a whole number, found 'abc'"),
    ({"RESUME_WITHIN_DAYS": "-3"}, "Error: RESUME_WITHIN_DAYS must be at least 1, found '-3'"),
    ({"SAY_VOICE": "Polly.Joanna"}, "Error: SAY_VOICE must be one of Twilio's Vietnamese voices"),
    ({"LOG_LEVEL": "LOUD"}, "Error: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, "
                            "found 'LOUD'"),
    ({"HOTLINE_ENV": "staging"}, "Error: HOTLINE_ENV must be one of development, production, testing"),
    ({"HOTLINE_ENV": "production"}, "Error: production needs TWILIO_AUTH_TOKEN, SECRET_KEY, "
                                    "PUBLIC_BASE_URL"),
    ({"ALLOW_SQLITE_IN_PRODUCTION": "sure", "HOTLINE_ENV": "production"},
     "Error: ALLOW_SQLITE_IN_PRODUCTION must be one of 1, true, yes, on or 0, false, no, off"),
]


@pytest.mark.parametrize("settings, message", BAD_SETTINGS)
def test_a_bad_setting_ends_a_flask_command_in_one_line(tmp_path, settings, message):
    output = _one_error_line(_run([str(BIN / "flask"), "routes"], _env(tmp_path, **settings)))
    assert output.startswith(message)


@pytest.mark.parametrize("command", [["db", "upgrade"], ["jobs", "worker"], ["reports", "list"]])
def test_every_command_says_it_the_same_way(tmp_path, command):
    result = _run([str(BIN / "flask"), *command], _env(tmp_path, TRUSTED_PROXY_COUNT="abc"))
    assert _one_error_line(result) == "Error: TRUSTED_PROXY_COUNT must be a whole number, found 'abc'"


# -- an unreachable database -----------------------------------------------------------------------

def _refused_url() -> str:
    return f"postgresql://hotline:s3cret@127.0.0.1:{_free_port()}/hotline"  # nothing listens there


@pytest.mark.parametrize("command", [["db", "upgrade"], ["reports", "list"]])
def test_an_unreachable_database_is_one_line_without_the_password(tmp_path, command):
    url = _refused_url()
    port = sa.make_url(url).port
    output = _one_error_line(_run([str(BIN / "flask"), *command], _env(tmp_path, DATABASE_URL=url)))
    assert output == (f"Error: cannot reach the database at postgresql+psycopg://hotline:***@127.0.0.1:"
                      f"{port}/hotline: connection to server at \"127.0.0.1\", port {port} failed: "
                      "Connection refused")
    assert "s3cret" not in output


def test_an_unreachable_database_in_process_names_the_app_url(tmp_path):
    url = _refused_url()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql:", "postgresql+psycopg:"),
                      "AUDIO_DIR": str(tmp_path / "audio"), "JOBS_DB": str(tmp_path / "jobs.sqlite3")},
                     env_name="testing")
    result = app.test_cli_runner().invoke(args=["users", "list"])
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert "Error: cannot reach the database at postgresql+psycopg://hotline:***@127.0.0.1:" in result.output
    assert "Connection refused" in result.output and "flask db upgrade" not in result.output


def _error_of(engine: sa.Engine, statement: str) -> sa.exc.DBAPIError:
    with pytest.raises(sa.exc.DBAPIError) as caught:
        with engine.connect() as connection:
            connection.execute(sa.text(statement))
    engine.dispose()
    return caught.value


def test_a_failed_connection_is_told_apart_from_a_failed_statement(tmp_path):
    refused = _error_of(sa.create_engine(_refused_url().replace("postgresql:", "postgresql+psycopg:")),
                        "SELECT 1")
    unopenable = _error_of(sa.create_engine(f"sqlite:///{tmp_path}/no/such/folder/x.db"), "SELECT 1")
    sqlite = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    missing_table = _error_of(sqlite, "SELECT * FROM reports")
    syntax = _error_of(sqlite, "SELEC 1")
    assert cli_errors.is_connection_failure(refused) and cli_errors.is_connection_failure(unopenable)
    assert not cli_errors.is_connection_failure(missing_table)
    assert cli_errors.is_missing_schema(missing_table)  # still the `flask db upgrade` hint
    assert not cli_errors.is_connection_failure(syntax) and not cli_errors.is_missing_schema(syntax)


# -- gunicorn ------------------------------------------------------------------------------------

def _gunicorn(tmp_path: Path, *extra: str, **settings: str) -> subprocess.CompletedProcess:
    command = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{_free_port()}", *extra, "app:app"]
    return _run(command, _env(tmp_path, **settings))


@pytest.mark.parametrize("settings, message", [
    ({"TRUSTED_PROXY_COUNT": "abc"}, "Error: TRUSTED_PROXY_COUNT must be a whole number, found 'abc'"),
    ({"HOTLINE_ENV": "production"}, "Error: production needs TWILIO_AUTH_TOKEN"),
    ({"LOG_LEVEL": "LOUD"}, "Error: LOG_LEVEL must be one of DEBUG"),
    ({"WEB_CONCURRENCY": "0"}, "Error: WEB_CONCURRENCY must be at least 1, found '0'"),
])
def test_gunicorn_checks_the_settings_once_before_forking_workers(tmp_path, settings, message):
    result = _gunicorn(tmp_path, **settings)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert [line for line in output.splitlines() if line.startswith("Error: ")] == \
        [line for line in output.splitlines() if "Error" in line] and message in output, output
    assert "Traceback" not in output and "Booting worker" not in output, output


def test_a_web_concurrency_that_is_no_number_is_named(monkeypatch):
    # gunicorn 27 itself reads WEB_CONCURRENCY with int() when it is imported, before it reads
    # gunicorn.conf.py (gunicorn/config.py, Workers.default); this checks the file's own reading.
    monkeypatch.setenv("WEB_CONCURRENCY", "abc")
    with pytest.raises(SystemExit) as caught:
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert caught.value.code == "Error: WEB_CONCURRENCY must be a whole number, found 'abc'"


def test_gunicorn_opens_no_control_socket_other_servers_would_share(tmp_path):
    result = _gunicorn(tmp_path, "--print-config")
    assert result.returncode == 0, result.stderr
    settings = dict(line.split("=", 1) for line in result.stdout.splitlines() if " = " in line)
    assert settings["control_socket_disable".ljust(35)].strip() == "True", result.stdout


# -- huey_consumer worker.huey -----------------------------------------------------------------------

def test_huey_consumer_says_a_bad_setting_in_one_line(tmp_path):
    result = _run([str(BIN / "huey_consumer"), "worker.huey"], _env(tmp_path, SAY_VOICE="alice"))
    assert _one_error_line(result).startswith("Error: SAY_VOICE must be one of Twilio's Vietnamese")


def test_huey_consumer_on_an_unmigrated_database_says_to_run_flask_db_upgrade(tmp_path):
    result = _run([str(BIN / "huey_consumer"), "worker.huey"], _env(tmp_path))
    output = (result.stdout + result.stderr).strip()
    # The start-up summary comes first (the app was built); then one line, and no traceback.
    assert result.returncode == 1 and "Traceback" not in output, output
    assert output.splitlines()[-1].startswith("Error: the database has no tables yet"), output
    assert "run `flask db upgrade` first" in output


def test_huey_consumer_writes_each_line_once_in_the_project_format(tmp_path):
    migrated = _run([str(BIN / "flask"), "--app", "app", "db", "upgrade"], _env(tmp_path))
    assert migrated.returncode == 0, migrated.stderr
    log = tmp_path / "worker.log"
    with open(log, "wb") as sink:
        worker = subprocess.Popen([str(BIN / "huey_consumer"), "worker.huey", "-w", "2", "-n"],
                                  cwd=ROOT, env=_env(tmp_path), stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "The following commands are available" not in log.read_text():
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGINT)  # huey: finish running jobs and stop
        worker.wait(timeout=30)
    lines = log.read_text().splitlines()
    started = [line for line in lines if "Huey consumer started with 2 thread" in line]
    assert len(started) == 1, "\n".join(lines)
    assert " INFO [" in started[0] and " huey.consumer: " in started[0]  # config/logging.py's format
    assert len([line for line in lines if "Periodic tasks are disabled" in line]) == 1
    assert not any(line.startswith("[") for line in lines), "\n".join(lines)  # Huey's own format


# -- the start-up summary --------------------------------------------------------------------------

def _summary(tmp_path: Path, caplog, env_name: str = "testing", **overrides) -> list[str]:
    caplog.set_level(logging.INFO, logger="hotline")
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'h.sqlite3'}",
                "AUDIO_DIR": str(tmp_path / "audio"), "JOBS_DB": str(tmp_path / "jobs.sqlite3"),
                **overrides}, env_name=env_name)
    return [(record.levelname, record.getMessage()) for record in caplog.records
            if record.name == "hotline"]


@pytest.mark.parametrize("overrides, line", [
    ({}, "speech input: off (no VOSK_MODEL_PATH) — keypad only"),
    ({"SPEECH_INPUT": "off"}, "speech input: off (SPEECH_INPUT=off) — keypad only"),
    ({"SPEECH_INPUT": "twilio"}, "speech input: Twilio's speech recognition (SPEECH_INPUT=twilio)"),
])
def test_the_summary_says_the_speech_input_once(tmp_path, caplog, overrides, line):
    messages = [message for _, message in _summary(tmp_path, caplog, **overrides)]
    assert [message for message in messages if "speech" in message] == [line]


def test_the_summary_warns_when_production_has_no_account_sid(tmp_path, caplog, monkeypatch):
    for name, value in {"TWILIO_AUTH_TOKEN": "t", "SECRET_KEY": "s", "ALLOW_SQLITE_IN_PRODUCTION": "yes",
                        "PUBLIC_BASE_URL": "https://hotline.example.vn"}.items():
        monkeypatch.setenv(name, value)
    warnings = [message for level, message in _summary(tmp_path, caplog, "production")
                if level == "WARNING"]
    assert len(warnings) == 1 and warnings[0].startswith("TWILIO_ACCOUNT_SID is not set")
