"""Fetch a report's recording from Twilio, convert it to 16-bit PCM WAV (8 kHz mono) and store it.

Twilio facts (``shared/domain/twilio.md``): the recording callbacks carry ``RecordingUrl``,
``RecordingSid`` and ``RecordingDuration`` (A3, A4); the media is WAV unless the URL asks for
another format, and media URLs may require HTTP Basic auth with the account SID and auth token
(B, ``<Record>``). Right after the callback the media can answer 404 for a moment (issue 3).

One attempt (:func:`fetch_once`)::

    claim ──> download (Basic auth, checks) ──> convert (ffmpeg) ──> store (fenced) ──> transcription
      │ the row goes pending | failed | fetching with an expired lease ──> fetching,
      │ audio_attempts + 1, audio_lease_until = now + FETCH_LEASE_SECONDS
      └ not claimable (stored, deleted, held by a live worker, round used up): nothing to do

``audio_attempts`` after the claim is the attempt's number, and every later write checks it
(fencing): a worker that outlived its lease cannot overwrite the work of the one that took over.
A *round* of attempts ends at attempt ``until``: the first task of a round (``until=None``, which
only claims a ``pending`` row or an expired lease) sets it ``FETCH_MAX_ATTEMPTS`` past the attempts
so far; each retry is a new task carrying it, scheduled ``FETCH_RETRY_DELAY`` seconds later and
doubling. When the round is used up, or retrying soon cannot help (credentials refused), the
report becomes ``failed`` with ``audio_error`` and keeps its remote URL; ``jobs.sweeper`` tries
again later. Files are named by report id and RecordingSid only (:func:`recording_file_name`);
``audio_path`` holds the file name, relative to ``RECORDINGS_DIR``.

Exceptions::

    FetchError                 one attempt failed; the message is stored in ``audio_error``
    ├── TransientFetchError    may work soon: 404, 5xx, timeout, a body that is not WAV audio
    └── PermanentFetchError    will not work by retrying soon: 401/403, URL outside RECORDING_ORIGINS
"""
from __future__ import annotations

import importlib
import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit, urlunsplit

import requests
import sqlalchemy as sa
from flask import current_app

from ivr.models import Report, db, utcnow
from speech.telephone import SAMPLE_RATE, AudioError, load_audio, write_wav_atomic

from .queue import QUEUE_ERRORS, huey, task_context

log = logging.getLogger("hotline.jobs")

AUDIO_TYPES = frozenset({"audio/wav", "audio/x-wav", "audio/wave"})
MAX_BYTES = 256 * 1024 * 1024  # > 2 h of 16-bit 8 kHz audio even in two channels
CONNECT_TIMEOUT = 10.0  # seconds to open the connection to Twilio
CHUNK_BYTES = 64 * 1024
MAX_RETRY_DELAY = 3600.0  # seconds; the doubling stops here
ERROR_LENGTH = 300  # Report.audio_error is String(300)
_RECORDING_SID = re.compile(r"RE[0-9a-fA-F]{32}\Z")  # "RE" + 32 hex digits
# The transcription function; issue 4 provides it. Contract: transcribe(wav_path: Path,
# model_path: str) -> (text: str, words: list of {"word", "start", "end", "conf"}).
TRANSCRIBE_HOOK = "speech.transcribe:transcribe"


class FetchError(Exception):
    """One fetch attempt failed; ``str(error)`` says why (no credentials in it)."""


class TransientFetchError(FetchError):
    """The attempt may succeed if repeated soon."""


class PermanentFetchError(FetchError):
    """Repeating the attempt soon will not help; the sweeper tries again much later."""


@dataclass(frozen=True)
class Claim:
    """A fetch attempt this worker holds. ``attempt`` is also the fencing token."""

    report_id: int
    attempt: int
    until: int
    url: str | None
    recording_sid: str | None


# -- the tasks -------------------------------------------------------------------------------------

@huey.task(retries=2, retry_delay=30)
def fetch_recording(report_id: int, until: int | None = None) -> None:
    """Huey task: one attempt at fetching ``report_id``'s recording (see the module docstring).

    Huey's own retries cover failures outside an attempt, such as the database being unreachable
    before the claim; failures inside one are handled by :func:`fetch_once`.
    """
    with task_context():
        fetch_once(report_id, until)


@huey.task(retries=2, retry_delay=60)
def transcribe_recording(report_id: int) -> None:
    """Huey task: transcribe a stored recording with the speech model (:func:`transcribe_once`)."""
    with task_context():
        transcribe_once(report_id)


def enqueue_fetch_recording(report_id: int) -> None:
    """Queue a fetch of ``report_id``'s recording. Call after the commit that made it ``pending``.

    Never raises for an unreachable queue: the row stays ``pending`` and the sweeper queues it.
    """
    try:
        fetch_recording(int(report_id))
    except QUEUE_ERRORS as exc:
        log.warning("report %s: could not queue the recording fetch (%s); the sweeper will", report_id,
                    exc)


# -- one attempt -----------------------------------------------------------------------------------

def fetch_once(report_id: int, until: int | None = None) -> str:
    """Make one fetch attempt for ``report_id``; return ``stored``, ``retry``, ``failed`` or ``skipped``.

    Runs in an app context. ``until`` is the last attempt number of the current round (``None``
    starts a round). Errors of the attempt itself are recorded on the report, not raised.
    """
    config = current_app.config
    claim = claim_fetch(report_id, until, config["FETCH_MAX_ATTEMPTS"], config["FETCH_LEASE_SECONDS"])
    if claim is None:
        log.info("report %s: nothing to fetch (already stored, held or not pending)", report_id)
        return "skipped"
    try:
        name, seconds = download_and_convert(claim, config)
    except PermanentFetchError as exc:
        return _give_up(claim, exc, config)
    except TransientFetchError as exc:
        if claim.attempt >= claim.until:
            return _give_up(claim, exc, config)
        return _retry_later(claim, exc, config)
    if not _finish(claim, audio_state="stored", audio_path=name, audio_error=None,
                   audio_lease_until=None,
                   recording_seconds=sa.func.coalesce(Report.recording_seconds, round(seconds))):
        _discard_if_orphaned(claim.report_id, Path(config["RECORDINGS_DIR"]) / name)
        return "skipped"
    log.info("report %s: recording stored as %s (%.1f s, attempt %d)", report_id, name, seconds,
             claim.attempt)
    _queue_transcription(claim.report_id, config)
    return "stored"


def claim_fetch(report_id: int, until: int | None, max_attempts: int,
                lease_seconds: float) -> Claim | None:
    """Atomically take the fetch of ``report_id`` for ``lease_seconds``; ``None`` if not claimable.

    Claimable: ``pending``, or ``fetching`` whose lease expired, or (only with an explicit
    ``until``) ``failed``; and with ``until``, fewer than ``until`` attempts so far.
    """
    now = utcnow()
    expired = sa.and_(Report.audio_state == "fetching", lease_expired(now))
    claimable = [Report.audio_state == "pending", expired]
    query = sa.update(Report).where(Report.id == report_id)
    if until is not None:
        claimable.append(Report.audio_state == "failed")
        query = query.where(Report.audio_attempts < until)
    query = (query.where(sa.or_(*claimable))
             .values(audio_state="fetching", audio_attempts=Report.audio_attempts + 1,
                     audio_lease_until=now + timedelta(seconds=lease_seconds))
             .execution_options(synchronize_session=False))
    if db.session.execute(query).rowcount != 1:
        db.session.rollback()
        return None
    row = db.session.execute(sa.select(Report.audio_attempts, Report.recording_url,
                                       Report.recording_sid).where(Report.id == report_id)).one()
    db.session.commit()  # short transactions: SQLite holds its write lock until here
    last = until if until is not None else row.audio_attempts - 1 + max_attempts
    return Claim(report_id, row.audio_attempts, last, row.recording_url, row.recording_sid)


def lease_expired(now) -> sa.ColumnElement[bool]:
    """SQL condition: the report's lease ended before ``now`` (no lease counts as ended)."""
    return sa.or_(Report.audio_lease_until.is_(None), Report.audio_lease_until < now)


def download_and_convert(claim: Claim, config: Mapping[str, Any]) -> tuple[str, float]:
    """Download the claim's media and store it converted; return ``(file name, seconds)``.

    Raises :class:`FetchError`. The download goes to a hidden temporary file in
    ``RECORDINGS_DIR``, removed in every case; the result replaces its file atomically.
    """
    folder = Path(config["RECORDINGS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    url = media_url(claim.url, allowed_origins(config["RECORDING_ORIGINS"]))
    # Leave a fifth of the lease for the conversion, so a slow download gives up before a second
    # worker is handed the same report.
    deadline = time.monotonic() + 0.8 * float(config["FETCH_LEASE_SECONDS"])
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".report-{claim.report_id}.", suffix=".download")
    os.close(fd)
    try:
        download(url, Path(temp), twilio_auth(config), float(config["FETCH_TIMEOUT"]), deadline)
        name = recording_file_name(claim.report_id, claim.recording_sid)
        return name, convert_to_pcm(Path(temp), folder / name)
    finally:
        Path(temp).unlink(missing_ok=True)


# -- HTTP ------------------------------------------------------------------------------------------

def allowed_origins(setting: str) -> frozenset[str]:
    """Parse ``RECORDING_ORIGINS`` (comma-separated ``scheme://host[:port]``) into a set."""
    return frozenset(item.strip().rstrip("/").lower() for item in setting.split(",") if item.strip())


def media_url(recording_url: str | None, origins: frozenset[str]) -> str:
    """Return the URL to download: ``RecordingUrl`` + ``.wav`` (twilio.md B: WAV is the default).

    Raises :class:`PermanentFetchError` when there is no URL, or its origin is not in ``origins``
    (credentials are only ever sent there), or it carries a user name or password.
    """
    if not recording_url:
        raise PermanentFetchError("the report has no RecordingUrl")
    parts = urlsplit(recording_url)
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    if parts.username or parts.password or origin not in origins:
        raise PermanentFetchError(f"recording URL origin {origin!r} is not in RECORDING_ORIGINS")
    if parts.path.endswith(".wav"):
        return recording_url
    return urlunsplit(parts._replace(path=parts.path + ".wav"))


def twilio_auth(config: Mapping[str, Any]) -> tuple[str, str] | None:
    """Return ``(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)`` for HTTP Basic auth, or ``None`` if unset.

    Without an account SID the request goes without credentials, which works for accounts that
    do not require authentication on media URLs (twilio.md B, ``<Record>``).
    """
    sid, token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    return (sid, token) if sid and token else None


def download(url: str, dest: Path, auth: tuple[str, str] | None, timeout: float,
             deadline: float) -> None:
    """Stream ``url`` into ``dest``; accept only HTTP 200 with WAV audio (type and RIFF/WAVE header).

    ``timeout``: seconds without data; ``deadline``: ``time.monotonic()`` value to give up at.
    Redirects are followed; requests drops the Authorization header when the host changes.
    Raises :class:`TransientFetchError` or :class:`PermanentFetchError`.
    """
    try:
        with requests.get(url, auth=auth, stream=True, timeout=(CONNECT_TIMEOUT, timeout)) as response:
            check_response(response)
            _save_body(response, dest, deadline)
    except requests.RequestException as exc:
        raise TransientFetchError(f"download failed: {type(exc).__name__}: {exc}") from exc


def check_response(response: requests.Response) -> None:
    """Raise unless ``response`` is a 200 with a WAV Content-Type (audio/wav, audio/x-wav, audio/wave).

    401/403 mean the credentials were refused: :class:`PermanentFetchError`. Any other status,
    including Twilio's brief 404 after the callback, is a :class:`TransientFetchError`.
    """
    status = response.status_code
    if status in (401, 403):
        raise PermanentFetchError(f"HTTP {status}: Twilio refused the credentials "
                                  "(check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)")
    if status != 200:
        raise TransientFetchError(f"HTTP {status} from the media URL")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in AUDIO_TYPES:
        raise TransientFetchError(f"not WAV audio: Content-Type {content_type or 'missing'!r}")


def _save_body(response: requests.Response, dest: Path, deadline: float) -> None:
    head, size = b"", 0
    with open(dest, "wb") as out:
        for chunk in response.iter_content(CHUNK_BYTES):
            if len(head) < 12:
                head += chunk[:12 - len(head)]
                if len(head) == 12 and not is_wav_header(head):
                    raise TransientFetchError("not WAV audio: no RIFF/WAVE header")
            size += len(chunk)
            if size > MAX_BYTES:
                raise PermanentFetchError(f"recording larger than {MAX_BYTES // 2**20} MiB")
            if time.monotonic() > deadline:
                raise TransientFetchError("download too slow: gave up before the lease ends")
            out.write(chunk)
    if not is_wav_header(head):
        raise TransientFetchError("not WAV audio: no RIFF/WAVE header")


def is_wav_header(head: bytes) -> bool:
    """True if ``head`` (a file's first 12 bytes) is a RIFF container of WAVE data."""
    return len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE"


# -- files -----------------------------------------------------------------------------------------

def recording_file_name(report_id: int, recording_sid: str | None) -> str:
    """Return ``report-<id>-<RecordingSid>.wav``, or ``report-<id>.wav`` if the SID is malformed.

    Only the report id and a well-formed Twilio SID (``RE`` + 32 hex digits) go into the name, so
    nothing a caller or a request controls can choose a path.
    """
    if recording_sid and _RECORDING_SID.match(recording_sid):
        return f"report-{int(report_id)}-{recording_sid}.wav"
    return f"report-{int(report_id)}.wav"


def convert_to_pcm(source: Path, dest: Path) -> float:
    """Write ``source`` (any WAV: PCM, μ-law, one or two channels) as 16-bit PCM, 8 kHz mono.

    Twilio records at the phone network's 8 kHz, so nothing is lost; two channels are mixed.
    The recording is evidence: it is not levelled or trimmed. Returns its length in seconds.
    Raises :class:`TransientFetchError` when ffmpeg cannot decode it.
    """
    try:
        audio = load_audio(source, sample_rate=SAMPLE_RATE)
    except AudioError as exc:
        raise TransientFetchError(f"undecodable audio: {exc}") from exc
    write_wav_atomic(audio, dest)
    return audio.duration_seconds


def stored_audio_path(report: Report, recordings_dir: str | Path | None = None) -> Path | None:
    """Return the stored WAV file of ``report``, or ``None`` unless its audio is ``stored``.

    ``recordings_dir`` defaults to the app's ``RECORDINGS_DIR``. Only the file name part of
    ``audio_path`` is used, so the path never leads out of that folder.
    """
    if report.audio_state != "stored" or not report.audio_path:
        return None
    folder = Path(recordings_dir or current_app.config["RECORDINGS_DIR"])
    return folder / Path(report.audio_path).name


# -- outcomes --------------------------------------------------------------------------------------

def _finish(claim: Claim, **values: Any) -> bool:
    """Write ``values`` if this worker still holds the claim; commit. Fenced by the attempt number
    and the RecordingSid (the caller may have recorded again, which resets the attempts)."""
    query = (sa.update(Report)
             .where(Report.id == claim.report_id, Report.audio_state == "fetching",
                    Report.audio_attempts == claim.attempt,
                    Report.recording_sid.is_not_distinct_from(claim.recording_sid))
             .values(**values).execution_options(synchronize_session=False))
    done = db.session.execute(query).rowcount == 1
    db.session.commit()
    return done


def _give_up(claim: Claim, error: FetchError, config: Mapping[str, Any]) -> str:
    retry_at = utcnow() + timedelta(seconds=float(config["FETCH_FAILED_RETRY_SECONDS"]))
    _finish(claim, audio_state="failed", audio_error=_clip(error), audio_lease_until=retry_at)
    log.warning("report %s: recording fetch failed (attempt %d): %s; the sweeper retries later",
                claim.report_id, claim.attempt, error)
    return "failed"


def _retry_later(claim: Claim, error: FetchError, config: Mapping[str, Any]) -> str:
    delay = retry_delay(float(config["FETCH_RETRY_DELAY"]), int(config["FETCH_MAX_ATTEMPTS"]), claim)
    # The lease now covers the wait too, so the sweeper leaves the scheduled retry alone.
    hold = timedelta(seconds=delay + float(config["FETCH_LEASE_SECONDS"]))
    if not _finish(claim, audio_state="pending", audio_error=_clip(error),
                   audio_lease_until=utcnow() + hold):
        return "skipped"
    log.info("report %s: attempt %d failed (%s); retry in %.1f s", claim.report_id, claim.attempt,
             error, delay)
    try:
        fetch_recording.schedule(args=(claim.report_id, claim.until), delay=delay)
    except QUEUE_ERRORS as exc:
        log.warning("report %s: could not schedule the retry (%s); the sweeper will", claim.report_id,
                    exc)
    return "retry"


def retry_delay(base: float, max_attempts: int, claim: Claim) -> float:
    """Seconds before the next attempt: ``base``, doubled for each earlier attempt of the round."""
    in_round = max(1, claim.attempt - (claim.until - max_attempts))
    return min(base * 2 ** (in_round - 1), MAX_RETRY_DELAY)


def _discard_if_orphaned(report_id: int, path: Path) -> None:
    """Remove a file written by a worker that lost its claim, unless another worker owns it now.

    Kept while the report is ``fetching`` (the new holder is about to replace it) or ``stored``
    (it is the stored file); removed otherwise, e.g. when the report was withdrawn meanwhile.
    """
    state = db.session.execute(sa.select(Report.audio_state)
                               .where(Report.id == report_id)).scalar_one_or_none()
    db.session.commit()
    if state not in ("fetching", "stored"):
        path.unlink(missing_ok=True)


def _clip(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= ERROR_LENGTH else text[:ERROR_LENGTH - 1] + "…"


# -- transcription ---------------------------------------------------------------------------------

def _queue_transcription(report_id: int, config: Mapping[str, Any]) -> None:
    """Queue the transcription of a stored recording when a speech model is configured."""
    if not config.get("VOSK_MODEL_PATH"):
        return  # no model configured: transcription is off, quietly
    try:
        transcribe_recording(report_id)
    except QUEUE_ERRORS as exc:
        log.warning("report %s: could not queue the transcription (%s)", report_id, exc)


def transcription_hook(spec: str) -> Callable[..., tuple[str, list]] | None:
    """Return the function named by ``spec`` (``"module:function"``), or ``None`` if it is absent.

    Only the module itself being absent counts as absent (``speech.transcribe`` arrives with
    issue 4); a dependency missing *inside* it is a real error and is raised.
    """
    module_name, _, function_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            return None
        raise
    return getattr(module, function_name, None)


def transcribe_once(report_id: int) -> bool:
    """Transcribe ``report_id``'s stored recording; return False (quietly) when there is nothing to do.

    Nothing to do: no ``VOSK_MODEL_PATH``, no transcription function (see :data:`TRANSCRIBE_HOOK`),
    or no stored audio. The model runs outside any database transaction. Errors of the model
    are raised, so Huey retries.
    """
    config = current_app.config
    model = config.get("VOSK_MODEL_PATH")
    hook = transcription_hook(config.get("TRANSCRIBE_HOOK", TRANSCRIBE_HOOK)) if model else None
    report = db.session.get(Report, report_id) if hook else None
    path = stored_audio_path(report) if report else None
    name = report.audio_path if path else None
    db.session.commit()
    if path is None:
        log.info("report %s: no transcription (no model, no transcriber or no stored audio)", report_id)
        return False
    try:
        text, words = hook(path, model)
    except ValueError as error:  # speech.audio_input.AudioInputError: retrying cannot help
        log.warning("report %s: the stored audio cannot be transcribed: %s", report_id, error)
        return False
    query = (sa.update(Report).where(Report.id == report_id, Report.audio_state == "stored",
                                     Report.audio_path == name)
             .values(transcript=text, transcript_words=list(words))
             .execution_options(synchronize_session=False))
    db.session.execute(query)
    db.session.commit()
    return True


__all__ = ["fetch_recording", "transcribe_recording", "enqueue_fetch_recording", "fetch_once",
           "claim_fetch", "lease_expired", "download", "check_response", "media_url", "allowed_origins",
           "recording_file_name", "convert_to_pcm", "stored_audio_path", "transcription_hook",
           "transcribe_once", "retry_delay", "FetchError", "TransientFetchError",
           "PermanentFetchError", "TRANSCRIBE_HOOK", "AUDIO_TYPES"]
