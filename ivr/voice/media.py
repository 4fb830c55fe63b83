"""Downloading recording media from Twilio: the checks, the streaming download, the errors.

Twilio's recording callbacks carry a ``RecordingUrl``; adding ``.wav`` asks for WAV (the default
format), and an account may require HTTP Basic auth with its account SID and auth token on media
URLs (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file ,
https://www.twilio.com/docs/voice/twiml/record#attributes-recording-status-callback). Right after a
recording ends its media can answer 404 for a moment, so a 404 counts as worth retrying.

Credentials go only to an origin listed in ``RECORDING_ORIGINS`` (:func:`media_url`), and only a 200
with WAV audio, by Content-Type and by its RIFF/WAVE header, is accepted. Two users: the report
fetch job (``jobs.fetch``: :func:`download`, a file on disk) and the speech webhook
(:func:`fetch_utterance`: a short answer in memory, the caller waiting).

Every download has a *total* deadline, connect, headers and body together, kept even when the
server trickles bytes or stops sending after its headers (``ivr.voice.http_deadline``: requests'
own timeouts are per read). Messages a volunteer may read on the report (``audio_error``) for
the failures that are ours to explain, a deadline and a full disk, are in Vietnamese.

Exceptions::

    FetchError                 one attempt failed; ``str(error)`` says why (no credentials in it)
    ├── TransientFetchError    may work soon: 404, 5xx, a body that is not WAV audio, and
    │   ├── DeadlineExceeded   the total deadline passed (a slow or stalled server)
    │   └── DiskError          the partial download could not be written (disk full, …)
    └── PermanentFetchError    will not work by retrying soon: 401/403, URL outside RECORDING_ORIGINS
"""
from __future__ import annotations

import errno
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping
from urllib.parse import urlsplit, urlunsplit

import requests

from .http_deadline import Deadline, deadline_session

log = logging.getLogger(__name__)

AUDIO_TYPES = frozenset({"audio/wav", "audio/x-wav", "audio/wave"})
MAX_BYTES = 256 * 1024 * 1024  # > 2 h of 16-bit 8 kHz audio even in two channels
# A spoken answer lasts at most SPEECH_MAX_SECONDS (6 s by default): 16 MiB is over 15 minutes of
# two-channel 16-bit 8 kHz audio, far more than any answer, and bounds the webhook's memory.
MAX_UTTERANCE_BYTES = 16 * 1024 * 1024
CONNECT_TIMEOUT = 10.0  # seconds to open the connection to Twilio (never more than the time left)
CHUNK_BYTES = 64 * 1024
FETCH_BUDGET = 2.0  # seconds for a spoken answer's whole fetch, retries included
RETRY_PAUSE = 0.2  # seconds between tries after a 404


class FetchError(Exception):
    """One fetch attempt failed; ``str(error)`` says why (no credentials in it)."""


class TransientFetchError(FetchError):
    """The attempt may succeed if repeated soon."""


class PermanentFetchError(FetchError):
    """Repeating the attempt soon will not help; the sweeper tries again much later."""


class DeadlineExceeded(TransientFetchError):
    """The download's total deadline passed before it ended: the server is slow or stalled."""

    def __init__(self, seconds: float):
        super().__init__(f"Tải bản ghi quá thời hạn {round(max(seconds, 0.0), 1):g} giây: máy chủ "
                         "gửi quá chậm hoặc ngừng gửi (download deadline exceeded)")


class DiskError(TransientFetchError):
    """The download could not be written to disk (full, read-only, …); may work once freed."""

    def __init__(self, error: OSError):
        what = "Ổ đĩa lưu bản ghi đã đầy" if error.errno == errno.ENOSPC else \
            "Không ghi được bản ghi vào ổ đĩa"
        detail = f"[Errno {error.errno}] {error.strerror}" if error.strerror else str(error)
        super().__init__(f"{what}; sẽ thử lại sau ({detail})")


def allowed_origins(setting: str) -> frozenset[str]:
    """Parse ``RECORDING_ORIGINS`` (comma-separated ``scheme://host[:port]``) into a set."""
    return frozenset(item.strip().rstrip("/").lower() for item in setting.split(",") if item.strip())


def media_url(recording_url: str | None, origins: frozenset[str]) -> str:
    """Return the URL to download: ``RecordingUrl`` + ``.wav`` (WAV is Twilio's default format).

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
    do not require authentication on media URLs
    (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file).
    """
    sid, token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    return (sid, token) if sid and token else None


def download(url: str, dest: Path, auth: tuple[str, str] | None, timeout: float,
             deadline: float, total: float | None = None) -> None:
    """Stream ``url`` into ``dest``; accept only HTTP 200 with WAV audio (type and RIFF/WAVE header).

    ``timeout``: seconds without data (per read); ``deadline``: the ``time.monotonic()`` value by
    which the whole download (connect, headers, body) has ended, however the server sends;
    ``total``: the limit in seconds that the error names (default: the time left at the start).
    Redirects are followed; requests drops the Authorization header when the host changes.
    Raises :class:`DeadlineExceeded`, :class:`DiskError` (``dest`` could not be written), another
    :class:`TransientFetchError` or :class:`PermanentFetchError`.
    """
    with Deadline(deadline - time.monotonic(), total) as limit:
        with _get(url, auth, timeout, limit) as response:
            check_response(response)
            _save_body(response, dest)


@contextmanager
def _get(url: str, auth: tuple[str, str] | None, timeout: float,
         limit: Deadline) -> Iterator[requests.Response]:
    """A streamed GET of ``url`` inside ``limit``; network errors become :class:`FetchError`,
    and anything that ends after the deadline becomes :class:`DeadlineExceeded`."""
    if limit.expired():
        raise DeadlineExceeded(limit.total)
    left = limit.left()
    try:
        with deadline_session() as session, \
                session.get(url, auth=auth, stream=True,
                            timeout=(min(CONNECT_TIMEOUT, left), min(timeout, left))) as response:
            yield response
    except FetchError:
        if limit.expired():
            raise DeadlineExceeded(limit.total) from None
        raise
    except (requests.RequestException, OSError) as exc:  # a cut or failed connection
        if limit.expired():
            raise DeadlineExceeded(limit.total) from exc
        raise TransientFetchError(f"download failed: {type(exc).__name__}: {exc}") from exc
    if limit.expired():  # a body cut by the watchdog can look complete: never accept it
        raise DeadlineExceeded(limit.total)


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


def _save_body(response: requests.Response, dest: Path) -> None:
    """Write the body to ``dest``, checking its WAV header and size as it comes.

    Unbuffered, so that a write the disk refuses fails here, as :class:`DiskError`, and not
    later when a buffer is flushed on close."""
    head, size = b"", 0
    try:
        out = open(dest, "wb", buffering=0)
    except OSError as exc:
        raise DiskError(exc) from exc
    with out:
        for chunk in response.iter_content(CHUNK_BYTES):
            head, size = _checked(head, size, chunk, MAX_BYTES)
            _write(out, chunk)
    if not is_wav_header(head):
        raise TransientFetchError("not WAV audio: no RIFF/WAVE header")


def _write(out, data: bytes) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[out.write(view):]  # a raw write may take only part of the bytes
    except OSError as exc:
        raise DiskError(exc) from exc


def _checked(head: bytes, size: int, chunk: bytes, limit: int) -> tuple[bytes, int]:
    """The first 12 bytes and the size so far with ``chunk``; raises when the header is not
    RIFF/WAVE or the body grows past ``limit`` bytes."""
    if len(head) < 12:
        head += chunk[:12 - len(head)]
        if len(head) == 12 and not is_wav_header(head):
            raise TransientFetchError("not WAV audio: no RIFF/WAVE header")
    size += len(chunk)
    if size > limit:
        raise PermanentFetchError(f"recording larger than {limit // 2**20} MiB")
    return head, size


def is_wav_header(head: bytes) -> bool:
    """True if ``head`` (a file's first 12 bytes) is a RIFF container of WAVE data."""
    return len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE"


def fetch_utterance(recording_url: str, config: Mapping[str, Any]) -> bytes | None:
    """Return the WAV bytes of a caller's short spoken answer, or ``None`` if they could not be had
    within :data:`FETCH_BUDGET` seconds in all (a 404 is retried every :data:`RETRY_PAUSE` seconds).

    The budget is total: connect, headers and body of every try, however slowly the server sends
    (a server that hangs or trickles is cut at the budget). ``config``: the app's settings
    (``RECORDING_ORIGINS``, Twilio credentials). Never raises for a failed fetch: it is logged,
    and the caller is asked again.
    """
    try:
        url = media_url(recording_url, allowed_origins(config["RECORDING_ORIGINS"]))
        with Deadline(FETCH_BUDGET) as limit:
            return _utterance(url, twilio_auth(config), limit)
    except FetchError as error:
        log.warning("spoken answer not fetched from %s: %s", recording_url, error)
        return None


def _utterance(url: str, auth: tuple[str, str] | None, limit: Deadline) -> bytes:
    while True:
        with _get(url, auth, FETCH_BUDGET, limit) as response:
            if response.status_code != 404 or limit.left() <= RETRY_PAUSE:
                check_response(response)
                body = _read_body(response)
                break
        time.sleep(RETRY_PAUSE)
    if not is_wav_header(body[:12]):
        raise TransientFetchError("not WAV audio: no RIFF/WAVE header")
    return body


def _read_body(response: requests.Response) -> bytes:
    head, size, chunks = b"", 0, []
    for chunk in response.iter_content(CHUNK_BYTES):
        head, size = _checked(head, size, chunk, MAX_UTTERANCE_BYTES)
        chunks.append(chunk)
    return b"".join(chunks)


__all__ = ["FetchError", "TransientFetchError", "PermanentFetchError", "DeadlineExceeded",
           "DiskError", "allowed_origins",
           "media_url", "twilio_auth", "download", "check_response", "is_wav_header",
           "fetch_utterance", "AUDIO_TYPES"]
