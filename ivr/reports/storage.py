"""Where a report's recording lives on disk, how it is written, and how it is deleted.

One rule for every side (the fetch job writes, the dashboard streams, retention, withdrawal and a
new recording delete): the file is ``RECORDINGS_DIR / <bare file name>``. The name is made from
the report id and Twilio's RecordingSid only (:func:`recording_file_name`), ``Report.audio_path``
stores that bare name, and reading it back keeps only its last part and checks that the resolved
path (``..`` and symlinks followed) is still inside the folder, so neither a request nor a bad row
can reach another file. Stored recordings are 16-bit PCM WAV, 8 kHz mono (:func:`convert_to_pcm`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from flask import current_app

from ivr.models import Report, VisitRequest
from speech.telephone import SAMPLE_RATE, load_audio, write_wav_atomic

from .lifecycle import AUDIO_HELD

# Twilio's RecordingSid: "RE" and 32 hex digits
# (https://www.twilio.com/docs/voice/api/recording#recording-properties).
_RECORDING_SID = re.compile(r"RE[0-9a-fA-F]{32}\Z")

# The tables that hold a caller's recording, by kind: their recording columns have the same names
# (``recording_sid``, ``recording_url``, ``audio_state``, ``audio_path``, ``audio_attempts``,
# ``audio_lease_until``, ``transcript``…), so one fetch, transcription, sweep and deletion serve
# both. ``visit``: a home visit request (issue 12, item 7).
RECORDING_KINDS: dict[str, type] = {"report": Report, "visit": VisitRequest}


def recording_model(kind: str) -> type:
    """The table whose rows hold recordings of ``kind`` (:data:`RECORDING_KINDS`).

    Raises ``ValueError`` for an unknown kind (a queued task from a bad payload, not a caller's)."""
    try:
        return RECORDING_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown recording kind {kind!r}") from None


def recordings_dir() -> Path:
    """The app's ``RECORDINGS_DIR`` (default ``<instance>/recordings``), needs an app context.

    A relative setting is taken from the working directory, for the worker and the web server alike.
    """
    configured = current_app.config.get("RECORDINGS_DIR") or \
        os.path.join(current_app.instance_path, "recordings")
    return Path(configured)


def recording_file_name(report_id: int, recording_sid: str | None, kind: str = "report") -> str:
    """Return ``report-<id>-<RecordingSid>.wav``, or ``report-<id>.wav`` if the SID is malformed
    (``visit-…`` for a visit request's recording, ``kind="visit"``).

    Only the kind (one of :data:`RECORDING_KINDS`), the row id and a well-formed Twilio SID
    (``RE`` + 32 hex digits) go into the name, so nothing a caller or a request controls can
    choose a path.
    """
    recording_model(kind)
    if recording_sid and _RECORDING_SID.match(recording_sid):
        return f"{kind}-{int(report_id)}-{recording_sid}.wav"
    return f"{kind}-{int(report_id)}.wav"


def audio_file(audio_path: str | None, folder: str | Path | None = None) -> Path | None:
    """Return the file ``audio_path`` (a ``Report.audio_path``) names inside ``folder``, or ``None``.

    Only the last part of ``audio_path`` is used; ``None`` when that is empty, or when the real
    path (symlinks and ``..`` resolved) is not a file name directly inside the real ``folder``.
    ``folder`` defaults to :func:`recordings_dir`. The file need not exist.
    """
    name = PurePosixPath(audio_path or "").name
    if name in ("", ".", ".."):
        return None
    root = os.path.realpath(folder if folder is not None else recordings_dir())
    candidate = os.path.realpath(os.path.join(root, name))
    if os.path.dirname(candidate) != root:
        return None
    return Path(candidate)


def stored_recording(report: Report, folder: str | Path | None = None) -> Path | None:
    """Return the path of ``report``'s stored WAV, or ``None`` unless its audio is ``stored``.

    The rule is :func:`audio_file`'s; the file may be missing (callers that serve it check).
    """
    if report.audio_state != "stored" or not report.audio_path:
        return None
    return audio_file(report.audio_path, folder)


def delete_audio(report: Report, folder: str | Path | None = None) -> None:
    """Forget ``report``'s recording and remove its file (not committed).

    The row first: ``audio_state`` becomes ``deleted`` if a recording existed (``AUDIO_HELD``),
    ``audio_path`` empty; then the file is removed (a missing file is fine). Raises ``OSError``
    when the file exists but cannot be removed, with the row already changed: a caller that must
    not lose track of the file rolls back (retention), one that must go on logs it (withdrawal).
    """
    path = audio_file(report.audio_path, folder) if report.audio_path else None
    if report.audio_state in AUDIO_HELD:
        report.audio_state = "deleted"
    report.audio_path = None
    if path is not None:
        path.unlink(missing_ok=True)


def convert_to_pcm(source: Path, dest: Path) -> float:
    """Write ``source`` (any WAV: PCM, μ-law, one or two channels) as 16-bit PCM, 8 kHz mono.

    Twilio records at the phone network's 8 kHz, so nothing is lost; two channels are mixed.
    The recording is evidence: it is not levelled or trimmed. ``dest`` is replaced atomically.
    Returns the length in seconds. Raises ``speech.telephone.AudioError`` when ffmpeg cannot
    decode it.
    """
    audio = load_audio(source, sample_rate=SAMPLE_RATE)
    write_wav_atomic(audio, dest)
    return audio.duration_seconds


__all__ = ["RECORDING_KINDS", "recording_model", "recordings_dir", "recording_file_name", "audio_file", "stored_recording", "delete_audio",
           "convert_to_pcm"]
