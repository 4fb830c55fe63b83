"""A durable local spool for Twilio's payloads the database could not take: recordings, and the
end of a call.

When the ``<Record>`` action, the recording status callback or the call's final status callback
arrives while the database is down, the webhook keeps what Twilio told it here and answers 2xx;
:mod:`ivr.replay` applies the spool once the database is back (the final status gives the report
what the caller keyed after the recording: without it, a hang-up during an outage would lose the
scammer's number). Twilio does not retry a failed status callback by default
(https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides), so without the spool
the recording would be known to nobody but Twilio.

One JSON file per payload in the folder (``SPOOL_DIR``), named ``<RecordingSid>.<kind>.json``
(``<CallSid>.ended.json`` for a call's end): it
is written to a hidden temporary name, flushed and fsynced, renamed into place (atomic on POSIX)
and the folder is fsynced, so a crash leaves the whole payload or nothing, and the same payload
spooled twice is one file. No database, no Flask: files only.
"""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

KINDS = ("action", "callback", "ended")  # the <Record> action; the recording status callback;
# the call's final status callback
_NAME = re.compile(r"(RE[0-9a-f]{32})\.(action|callback)\.json|(CA[0-9a-f]{32})\.ended\.json")


@dataclass(frozen=True)
class SpooledRecording:
    """What Twilio told us about one recording (fields of
    https://www.twilio.com/docs/voice/twiml/record#attributes-recording-status-callback ).

    ``kind``: ``action`` or ``callback``; ``seconds``: ``RecordingDuration`` (``None`` if absent);
    ``status``: ``RecordingStatus`` (the action counts as ``completed``); ``turn``: the action
    URL's turn number (``None`` for a callback); ``received_at``: Unix time (s) it was spooled.
    """

    kind: str
    call_sid: str
    recording_sid: str
    url: str
    seconds: int | None
    status: str
    turn: int | None = None
    received_at: float = 0.0
    keeps: str = "report"  # what it belongs to: a report or a home visit request (issue 12)

    @property
    def file_name(self) -> str:
        """``<RecordingSid>.<kind>.json``."""
        return f"{self.recording_sid}.{self.kind}.json"


@dataclass(frozen=True)
class SpooledCallEnd:
    """A call's final status callback (https://www.twilio.com/docs/voice/api/call-resource#statuscallback):
    ``status`` (``completed``, ``busy``, ``failed``, ``no-answer``, ``canceled``), ``seconds``
    (``CallDuration``, ``None`` if absent), ``received_at``: Unix time (s) it was spooled."""

    call_sid: str
    status: str
    seconds: int | None
    kind: str = "ended"
    received_at: float = 0.0

    @property
    def file_name(self) -> str:
        """``<CallSid>.ended.json``."""
        return f"{self.call_sid}.ended.json"


Payload = SpooledRecording | SpooledCallEnd


def append(folder: str | Path, payload: Payload) -> Path:
    """Write ``payload`` durably into ``folder`` (created if missing); return its file.

    A payload already spooled under the same name is kept as it is (a retry spools it again).
    Raises ``ValueError`` for an unknown kind or a malformed RecordingSid, ``OSError`` when the disk
    refuses (then nothing is left behind but, at worst, a hidden temporary file).
    """
    if payload.kind not in KINDS or not _NAME.fullmatch(payload.file_name):
        raise ValueError(f"not a spoolable payload: {payload.file_name!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / payload.file_name
    if target.exists():
        return target
    stamped = payload if payload.received_at else _stamped(payload)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".spool-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(stamped), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return target


def pending(folder: str | Path, limit: int = 100) -> list[tuple[Path, Payload]]:
    """Up to ``limit`` spooled payloads, oldest first, with their files. A file that cannot be read
    as a payload is renamed ``*.bad`` (kept for the operator) and logged."""
    found = []
    for path in _files(folder):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            kind = SpooledCallEnd if data.get("kind") == "ended" else SpooledRecording
            payload = kind(**data)
        except FileNotFoundError:
            continue  # applied and removed by another process meanwhile
        except (OSError, ValueError, TypeError) as exc:
            log.error("spool: unreadable payload %s (%s); renamed .bad", path, exc)
            path.replace(path.with_name(path.name + ".bad"))
            continue
        found.append((path, payload))
    found.sort(key=lambda item: (item[1].received_at, item[0].name))
    return found[:limit]


def has_pending(folder: str | Path) -> bool:
    """True if ``folder`` holds at least one spooled payload (a directory listing, no reads)."""
    return next(iter(_files(folder)), None) is not None


def remove(path: Path) -> None:
    """Remove an applied payload (already gone is fine: another replayer applied it too)."""
    path.unlink(missing_ok=True)


def _files(folder: str | Path):
    try:
        with os.scandir(folder) as entries:
            return [Path(e.path) for e in entries if e.is_file() and _NAME.fullmatch(e.name)]
    except FileNotFoundError:
        return []


def _stamped(payload: Payload) -> Payload:
    return type(payload)(**{**asdict(payload), "received_at": time.time()})


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX: the directory entry lives in the folder)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["SpooledRecording", "SpooledCallEnd", "Payload", "append", "pending", "has_pending", "remove", "KINDS"]
