"""Where log lines go and what they look like: one :func:`logging.config.dictConfig` for every process.

- ``LOG_LEVEL`` (``DEBUG``, ``INFO``, ``WARNING``, ``ERROR``; default ``INFO``) sets the level;
- ``LOG_FORMAT`` is ``text`` (default: ``<time> <LEVEL> [<pid>] <logger>: <message> key=value …``)
  or ``json`` (one JSON object per line: ``time``, ``level``, ``logger``, ``message``, the
  fields passed as ``extra=`` such as ``call_sid``, ``route``, ``node``, ``status``, ``ms``, and
  ``traceback`` for an exception).

Times are ISO 8601 in UTC with milliseconds (``2026-12-01T09:30:00.123Z``). Every line goes to
standard error through one handler on the root logger; gunicorn's own loggers (``gunicorn.error``,
``gunicorn.access``) are routed through it too, so a server's output reads as one log.

Who calls what:

- the web server: ``gunicorn.conf.py`` hands :func:`logging_config` to gunicorn (``logconfig_dict``);
- the job worker: ``flask jobs worker`` calls :func:`configure_logging`;
- any other process that builds the app (the ``flask`` commands, scripts): ``create_app`` calls
  :func:`configure_logging` with ``default_level="WARNING"`` and ``force=False``, so a command
  shows warnings with their time and level but not the start-up summary, and a host that has
  configured logging already (gunicorn, pytest's log capture) is left alone, as
  :func:`logging.basicConfig` does.

Source: Python's logging configuration dictionary schema,
https://docs.python.org/3/library/logging.config.html#logging-config-dictschema
"""
from __future__ import annotations

import json
import logging
import logging.config
import os
from datetime import datetime, timezone
from typing import Any

from config import ConfigError

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"
# Loggers other processes configure for themselves; routed through our handler instead.
SERVER_LOGGERS = ("gunicorn.error", "gunicorn.access")
# Libraries whose INFO lines say nothing about the hotline (alembic lists its plugins on import).
QUIET_LOGGERS = ("alembic",)
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _utc_iso(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a caller passed with ``extra=`` (``{"call_sid": "CA…", "ms": 12.3}``), in order."""
    return {k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS and not k.startswith("_")}


class TextFormatter(logging.Formatter):
    """``2026-12-01T09:30:00.123Z INFO [4242] hotline: message key=value …`` (UTC, milliseconds).

    The ``extra=`` fields follow the message as ``key=value``, before any traceback.
    """

    def __init__(self, fmt: str = TEXT_FORMAT, datefmt: str | None = None):
        super().__init__(fmt, datefmt)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _utc_iso(record)

    def formatMessage(self, record: logging.LogRecord) -> str:  # the line before any traceback
        pairs = "".join(f" {key}={'-' if value is None else value}"
                        for key, value in extra_fields(record).items())
        return super().formatMessage(record) + pairs


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time``, ``level``, ``logger``, ``message``, the ``extra=``
    fields, and ``traceback`` (a string) when the record carries an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"time": _utc_iso(record), "level": record.levelname,
                                "logger": record.name, "message": record.getMessage(),
                                "pid": record.process}
        line.update(extra_fields(record))
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["traceback"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _choice(name: str, value: str | None, default: str, allowed: tuple[str, ...], upper: bool) -> str:
    raw = value if value not in (None, "") else (os.environ.get(name) or default)
    chosen = raw.strip().upper() if upper else raw.strip().lower()
    if chosen not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}, found {raw!r}")
    return chosen


def logging_config(level: str | None = None, fmt: str | None = None,
                   default_level: str = "INFO") -> dict[str, Any]:
    """Return the :func:`logging.config.dictConfig` dictionary for ``level`` and ``fmt``.

    ``level`` defaults to ``$LOG_LEVEL``, else ``default_level``; ``fmt`` to ``$LOG_FORMAT``, else
    ``text``. Raises :class:`ConfigError` naming the variable for an unknown value.
    """
    level = _choice("LOG_LEVEL", level, default_level, LEVELS, upper=True)
    fmt = _choice("LOG_FORMAT", fmt, "text", FORMATS, upper=False)
    formatter = {"()": TextFormatter} if fmt == "text" else {"()": JsonFormatter}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"hotline": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "hotline",
                                "stream": "ext://sys.stderr"}},
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {**{name: {"level": level, "handlers": [], "propagate": True}
                       for name in SERVER_LOGGERS},
                    **{name: {"level": "WARNING"} for name in QUIET_LOGGERS if level != "DEBUG"}},
    }


def configure_logging(level: str | None = None, fmt: str | None = None, *,
                      default_level: str = "INFO", force: bool = True) -> bool:
    """Configure the root logger (see the module docstring); return True if it did.

    With ``force=False`` nothing happens when the root logger has handlers already (like
    :func:`logging.basicConfig`): gunicorn configured it, or pytest is capturing logs.
    Raises :class:`ConfigError` for an unknown ``LOG_LEVEL`` or ``LOG_FORMAT``.
    """
    if not force and logging.getLogger().handlers:
        return False
    logging.config.dictConfig(logging_config(level, fmt, default_level))
    return True


__all__ = ["configure_logging", "logging_config", "JsonFormatter", "TextFormatter", "extra_fields"]
