"""config/logging.py: one configuration for every process; text or JSON lines with time, level,
logger, message and the ``extra=`` fields; LOG_LEVEL and LOG_FORMAT checked by name."""
import json
import logging
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from config import ConfigError
from config.logging import configure_logging, logging_config

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"call_sid": "CA" + "0" * 32, "route": "voice.incoming", "node": "main_menu",
          "status": 200, "ms": 4.2}


@pytest.fixture
def fresh_logging():
    """Let a test configure logging for real, then give pytest its loggers back."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    others = {name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level,
                     logging.getLogger(name).propagate)
              for name in ("gunicorn.error", "gunicorn.access", "alembic")}
    yield
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    for name, (handlers, level, propagate) in others.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def _emit():
    log = logging.getLogger("hotline.webhook")
    log.info("answered", extra=FIELDS)
    log.debug("not shown at INFO")
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("failed; answered with the apology", extra=FIELDS)


def test_json_lines_parse_and_carry_the_fields(fresh_logging, capsys):
    assert configure_logging("INFO", "json") is True
    _emit()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    answered, failed = (json.loads(line) for line in lines)
    assert {k: answered[k] for k in ("level", "logger", "message")} == \
        {"level": "INFO", "logger": "hotline.webhook", "message": "answered"}
    assert {k: answered[k] for k in FIELDS} == FIELDS and "traceback" not in answered
    moment = datetime.fromisoformat(answered["time"])
    assert answered["time"].endswith("Z") and moment.utcoffset().total_seconds() == 0
    assert abs((datetime.now(timezone.utc) - moment).total_seconds()) < 60
    assert failed["level"] == "ERROR" and "ZeroDivisionError" in failed["traceback"]


def test_text_lines_have_time_level_logger_message_and_fields(fresh_logging, capsys):
    configure_logging("INFO", "text")
    _emit()
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO \[\d+\] hotline\.webhook: answered "
        r"call_sid=CA0{32} route=voice\.incoming node=main_menu status=200 ms=4\.2", first), first
    failed = err.splitlines()[1]  # the fields, then the traceback on the lines below
    assert " ERROR [" in failed and failed.endswith("status=200 ms=4.2")
    assert err.splitlines()[2] == "Traceback (most recent call last):" and "ZeroDivisionError" in err
    assert "not shown" not in err


def test_log_level_and_format_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    config = logging_config()
    assert config["root"]["level"] == "DEBUG" and "alembic" not in config["loggers"]
    assert config["formatters"]["hotline"]["()"].__name__ == "JsonFormatter"
    assert config["loggers"]["gunicorn.error"] == {"level": "DEBUG", "handlers": [], "propagate": True}
    monkeypatch.delenv("LOG_LEVEL")
    assert logging_config(default_level="WARNING")["root"]["level"] == "WARNING"
    assert logging_config("error")["loggers"]["alembic"] == {"level": "WARNING"}


@pytest.mark.parametrize("name, value", [("LOG_LEVEL", "LOUD"), ("LOG_FORMAT", "xml")])
def test_unknown_log_settings_are_refused_by_name(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"{name} must be one of .*, found '{value}'"):
        logging_config()


def test_an_already_configured_process_is_left_alone():
    root = logging.getLogger()
    before = root.handlers[:]
    assert before  # pytest's own capture handlers
    assert configure_logging(default_level="WARNING", force=False) is False
    assert root.handlers == before


def _flask(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LOG_", "HOTLINE_", "PYTEST"))}
    clean.update(HOTLINE_ENV="testing", DATABASE_URL=f"sqlite:///{tmp_path / 'h.sqlite3'}",
                 AUDIO_DIR=str(tmp_path / "audio"), JOBS_DB=str(tmp_path / "jobs.sqlite3"), **env)
    return subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "app", "routes"],
                          cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_a_flask_command_keeps_the_summary_for_log_level_info(tmp_path):
    quiet = _flask(tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert "voice.incoming" in quiet.stdout and "hotline" not in quiet.stderr
    told = _flask(tmp_path, LOG_LEVEL="INFO")
    assert re.search(r"Z INFO \[\d+\] hotline: Công Dân Số hotline: testing mode, database sqlite",
                     told.stderr), told.stderr
