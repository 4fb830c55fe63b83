"""Downloading recording media from Twilio: the checks, the streaming download, the errors.

Twilio's recording callbacks carry a ``RecordingUrl``; adding ``.wav`` asks for WAV (the default
format), and an account may require HTTP Basic auth with its account SID and auth token on media
URLs (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file ,
https://www.twilio.com/docs/voice/twiml/record#attributes-recording-status-callback). Right after a
recording ends its media can answer 404 for a moment, so a 404 counts as worth retrying.

Credentials go only to an origin listed in ``RECORDING_ORIGINS`` (:func:`media_url`), and only a 200
with WAV audio, by Content-Type and by its RIFF/WAVE header, is accepted. Two users: the report
fetch job (``jobs.fetch``: :func:`download`, a file on disk within a lease's deadline) and the
speech webhook (:func:`fetch_utterance`: a short answer in memory, the caller waiting).

Exceptions::

    FetchError                 one attempt failed; ``str(error)`` says why (no credentials in it)
    ├── TransientFetchError    may work soon: 404, 5xx, timeout, a body that is not WAV audio
    └── PermanentFetchError    will not work by retrying soon: 401/403, URL outside RECORDING_ORIGINS
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit, urlunsplit

import requests

log = logging.getLogger(__name__)

AUDIO_TYPES = frozenset({"audio/wav", "audio/x-wav", "audio/wave"})
MAX_BYTES = 256 * 1024 * 1024  # > 2 h of 16-bit 8 kHz audio even in two channels
CONNECT_TIMEOUT = 10.0  # seconds to open the connection to Twilio
CHUNK_BYTES = 64 * 1024
FETCH_BUDGET = 2.0  # seconds for a spoken answer's whole fetch, retries included
RETRY_PAUSE = 0.2  # seconds between tries after a 404


class FetchError(Exception):
    """One fetch attempt failed; ``str(error)`` says why (no credentials in it)."""


class TransientFetchError(FetchError):
    """The attempt may succeed if repeated soon."""


class PermanentFetchError(FetchError):
    """Repeating the attempt soon will not help; the sweeper tries again much later."""


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


def fetch_utterance(recording_url: str, config: Mapping[str, Any]) -> bytes | None:
    """Return the WAV bytes of a caller's short spoken answer, or ``None`` if they could not be had
    within :data:`FETCH_BUDGET` seconds (a 404 is retried every :data:`RETRY_PAUSE` seconds).

    ``config``: the app's settings (``RECORDING_ORIGINS``, Twilio credentials). Never raises for a
    failed fetch: it is logged, and the caller is asked again.
    """
    deadline = time.monotonic() + FETCH_BUDGET
    try:
        url = media_url(recording_url, allowed_origins(config["RECORDING_ORIGINS"]))
        while True:
            left = deadline - time.monotonic()
            response = requests.get(url, auth=twilio_auth(config), timeout=max(left, 0.1))
            if response.status_code == 404 and left > RETRY_PAUSE:
                time.sleep(RETRY_PAUSE)
                continue
            check_response(response)
            if not is_wav_header(response.content[:12]):
                raise FetchError("the body is not a WAV file")
            return response.content
    except (FetchError, requests.RequestException) as error:
        log.warning("spoken answer not fetched from %s: %s", recording_url, error)
        return None


__all__ = ["FetchError", "TransientFetchError", "PermanentFetchError", "allowed_origins",
           "media_url", "twilio_auth", "download", "check_response", "is_wav_header",
           "fetch_utterance", "AUDIO_TYPES"]
