"""Twilio Media Streams messages: parse what Twilio sends, build what we send. Pure: no I/O.

A bidirectional stream (``<Connect><Stream>``) is one WebSocket of JSON **text** messages
(https://www.twilio.com/docs/voice/media-streams/websocket-messages):

- Twilio → us: ``connected``, then ``start`` (once: ``streamSid``, ``callSid``,
  ``customParameters`` from ``<Parameter>``, ``mediaFormat``), then ``media`` (base64 μ-law,
  8 kHz mono; 20 ms = 160 bytes a frame on the phone network), ``dtmf`` (a key), ``mark`` (our
  label, echoed when the audio sent before it has played or was cleared), and ``stop`` last.
  ``sequenceNumber``, ``chunk`` and ``timestamp`` (ms since the stream started) are JSON strings.
- us → Twilio: ``media`` (base64 μ-law, no WAV header), ``mark`` and ``clear`` (drop the audio
  queued and not yet played, e.g. when the caller barges in). Anything else is Twilio error
  31951 (https://www.twilio.com/docs/api/errors/31951).

:func:`parse_message` turns one incoming message into a frozen event (:class:`Connected`,
:class:`Start`, :class:`Media`, :class:`Dtmf`, :class:`Mark`, :class:`Stop`); a
:class:`StreamSession` also checks their order. Bad input of every kind (not text, over
:data:`MAX_MESSAGE_CHARS`, not JSON, nested too deep, unknown event, missing or mistyped field,
bad base64, a payload over :data:`MAX_PAYLOAD_BYTES`, ``media`` before ``start``) raises
:class:`StreamProtocolError` and nothing else, so the stream handler can log and ignore it or
close the stream cleanly. Unknown keys are ignored: Twilio adds fields without notice.

:func:`media_message`, :func:`mark_message`, :func:`clear_message` build outgoing messages;
:func:`wav_to_frames` turns a rendered prompt (8 kHz 16-bit PCM WAV, ``speech.telephone``) into
20 ms μ-law frames for :func:`media_message`.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Union

from speech.audio_input import read_wav
from speech.g711 import SILENCE_BYTE, pcm16_to_ulaw

SAMPLE_RATE = 8000  # Hz: Twilio streams audio/x-mulaw at 8000 Hz, mono
FRAME_MS = 20  # one telephony frame
FRAME_BYTES = SAMPLE_RATE * FRAME_MS // 1000  # 160 μ-law bytes, one per sample
MAX_MESSAGE_CHARS = 64 * 1024  # one 20 ms media message is about 400 characters
MAX_PAYLOAD_BYTES = SAMPLE_RATE  # 1 s of μ-law: Twilio sends 160 bytes; a larger chunk is fine
ENCODING = "audio/x-mulaw"
DTMF_DIGITS = frozenset("0123456789*#")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


class StreamProtocolError(ValueError):
    """A message we cannot accept; the message says which and why (safe to log: no payload)."""


@dataclass(frozen=True)
class MediaFormat:
    """``start.mediaFormat``: ``encoding`` (``audio/x-mulaw``), ``sample_rate`` Hz, ``channels``."""

    encoding: str
    sample_rate: int
    channels: int


@dataclass(frozen=True)
class Connected:
    """The first message: the protocol (``Call``) and its version (``1.0.0``)."""

    protocol: str
    version: str
    event: str = field(default="connected", init=False)


@dataclass(frozen=True)
class Start:
    """The stream's metadata, sent once. ``tracks``: e.g. ``("inbound",)``; ``custom_parameters``:
    the ``<Parameter>`` names and values, strings (read-only)."""

    stream_sid: str
    account_sid: str
    call_sid: str
    tracks: tuple[str, ...]
    custom_parameters: Mapping[str, str]
    media_format: MediaFormat
    sequence_number: int | None = None
    event: str = field(default="start", init=False)


@dataclass(frozen=True)
class Media:
    """One chunk of audio: ``payload`` raw μ-law bytes (decoded from base64), ``track``
    (``inbound``/``outbound``), ``chunk`` (1, 2, …), ``timestamp_ms`` since the stream started."""

    stream_sid: str
    track: str
    chunk: int
    timestamp_ms: int
    payload: bytes = field(repr=False)
    sequence_number: int | None = None
    event: str = field(default="media", init=False)


@dataclass(frozen=True)
class Dtmf:
    """A key pressed: ``digit`` one of ``0-9 * #``; ``track`` ``inbound_track``."""

    stream_sid: str
    digit: str
    track: str = "inbound_track"
    sequence_number: int | None = None
    event: str = field(default="dtmf", init=False)


@dataclass(frozen=True)
class Mark:
    """Our mark ``name`` echoed: the audio sent before it has played (or was cleared)."""

    stream_sid: str
    name: str
    sequence_number: int | None = None
    event: str = field(default="mark", init=False)


@dataclass(frozen=True)
class Stop:
    """The stream ended (the caller hung up, or the stream was stopped)."""

    stream_sid: str
    account_sid: str
    call_sid: str
    sequence_number: int | None = None
    event: str = field(default="stop", init=False)


Event = Union[Connected, Start, Media, Dtmf, Mark, Stop]


# -- parsing ---------------------------------------------------------------------------------------

def parse_message(text: Any) -> Event:
    """One incoming WebSocket message (a ``str``) as an event.

    Raises :class:`StreamProtocolError` for a binary frame (Twilio sends text: its error 31950),
    a message over :data:`MAX_MESSAGE_CHARS`, anything that is not a JSON object, an unknown
    ``event``, a missing or mistyped field, a bad base64 payload or one over
    :data:`MAX_PAYLOAD_BYTES`. Never raises anything else.
    """
    if not isinstance(text, str):
        raise StreamProtocolError(f"expected a text message, got {type(text).__name__}")
    if len(text) > MAX_MESSAGE_CHARS:
        raise StreamProtocolError(f"message of {len(text):,} characters, over the "
                                  f"{MAX_MESSAGE_CHARS:,} limit")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise StreamProtocolError(f"not JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise StreamProtocolError(f"expected a JSON object, got {type(data).__name__}")
    event = data.get("event")
    parser = _PARSERS.get(event) if isinstance(event, str) else None
    if parser is None:
        raise StreamProtocolError(f"unknown event {str(event)[:40]!r}")
    return parser(data)


def _parse_connected(data: dict) -> Connected:
    return Connected(_text(data, "protocol", "connected"), _text(data, "version", "connected"))


def _parse_start(data: dict) -> Start:
    start = _object(data, "start")
    fmt = _object(start, "mediaFormat", "start")
    media_format = MediaFormat(_text(fmt, "encoding", "start.mediaFormat"),
                               _number(fmt, "sampleRate", "start.mediaFormat"),
                               _number(fmt, "channels", "start.mediaFormat"))
    tracks = start.get("tracks", [])
    if not isinstance(tracks, list) or not all(isinstance(t, str) for t in tracks):
        raise StreamProtocolError("start.tracks must be a list of strings")
    params = start.get("customParameters") or {}
    if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
        raise StreamProtocolError("start.customParameters must map names to strings")
    return Start(_text(start, "streamSid", "start"), _text(start, "accountSid", "start"),
                 _text(start, "callSid", "start"), tuple(tracks), MappingProxyType(dict(params)),
                 media_format,
                 _sequence(data))


def _parse_media(data: dict) -> Media:
    media = _object(data, "media")
    return Media(_text(data, "streamSid", "media"), _optional_text(media, "track", "inbound"),
                 _number(media, "chunk", "media"), _number(media, "timestamp", "media"),
                 decode_payload(_text(media, "payload", "media")), _sequence(data))


def _parse_dtmf(data: dict) -> Dtmf:
    dtmf = _object(data, "dtmf")
    digit = _text(dtmf, "digit", "dtmf")
    if digit not in DTMF_DIGITS:
        raise StreamProtocolError(f"dtmf.digit {digit[:8]!r} is not one of 0-9, * or #")
    return Dtmf(_text(data, "streamSid", "dtmf"), digit,
                _optional_text(dtmf, "track", "inbound_track"), _sequence(data))


def _parse_mark(data: dict) -> Mark:
    return Mark(_text(data, "streamSid", "mark"), _text(_object(data, "mark"), "name", "mark"),
                _sequence(data))


def _parse_stop(data: dict) -> Stop:
    stop = data.get("stop") if isinstance(data.get("stop"), dict) else {}
    return Stop(_text(data, "streamSid", "stop"), _optional_text(stop, "accountSid", ""),
                _optional_text(stop, "callSid", ""), _sequence(data))


_PARSERS = {"connected": _parse_connected, "start": _parse_start, "media": _parse_media,
            "dtmf": _parse_dtmf, "mark": _parse_mark, "stop": _parse_stop}


def _object(data: dict, key: str, where: str = "") -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise StreamProtocolError(f"{where + '.' if where else ''}{key} must be an object")
    return value


def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise StreamProtocolError(f"{where}: {key} must be a non-empty string")
    return value


def _optional_text(data: dict, key: str, default: str) -> str:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise StreamProtocolError(f"{key} must be a string")
    return value


def _number(data: dict, key: str, where: str) -> int:
    """A whole number ≥ 0 sent as a JSON string of digits (Twilio's form) or as a JSON integer."""
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    raise StreamProtocolError(f"{where}: {key} must be a whole number, not {str(value)[:20]!r}")


def _sequence(data: dict) -> int | None:
    return _number(data, "sequenceNumber", "message") if "sequenceNumber" in data else None


def decode_payload(payload: str) -> bytes:
    """Base64 ``payload`` → μ-law bytes. Raises :class:`StreamProtocolError` for bad base64, an
    empty payload, or more than :data:`MAX_PAYLOAD_BYTES`; any byte count is otherwise fine."""
    if len(payload) > (MAX_PAYLOAD_BYTES + 2) // 3 * 4:
        raise StreamProtocolError(f"media payload over {MAX_PAYLOAD_BYTES:,} bytes")
    if len(payload) % 4 or not _BASE64.fullmatch(payload):
        raise StreamProtocolError("media payload is not valid base64")
    try:
        audio = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise StreamProtocolError("media payload is not valid base64") from None
    if not audio or len(audio) > MAX_PAYLOAD_BYTES:
        raise StreamProtocolError(f"media payload of {len(audio):,} bytes (1 to "
                                  f"{MAX_PAYLOAD_BYTES:,} accepted)")
    return audio


# -- order -----------------------------------------------------------------------------------------

class StreamSession:
    """The order of one stream's messages: ``connected`` (optional), ``start`` once, then
    ``media``/``dtmf``/``mark`` with the same ``streamSid``, then ``stop``; nothing after it.

    ``receive(text)`` parses and checks one message and returns its event; a message out of order
    raises :class:`StreamProtocolError` and leaves the session as it was, so the handler may ignore
    it and go on. ``start`` must announce :data:`ENCODING` at :data:`SAMPLE_RATE` Hz, mono.
    Not thread-safe: one session per WebSocket, used by its receive loop.
    """

    def __init__(self) -> None:
        self.start: Start | None = None
        self.stopped = False

    @property
    def stream_sid(self) -> str | None:
        return self.start.stream_sid if self.start else None

    def receive(self, text: Any) -> Event:
        """:func:`parse_message` ``text`` and check it against the stream so far."""
        event = parse_message(text)
        self.check(event)
        return event

    def check(self, event: Event) -> None:
        """Accept ``event`` or raise :class:`StreamProtocolError`."""
        if self.stopped:
            raise StreamProtocolError(f"{event.event} after stop")
        if isinstance(event, Connected):
            if self.start is not None:
                raise StreamProtocolError("connected after start")
            return
        if isinstance(event, Start):
            if self.start is not None:
                raise StreamProtocolError("a second start")
            _check_format(event.media_format)
            self.start = event
            return
        if self.start is None:
            raise StreamProtocolError(f"{event.event} before start")
        if event.stream_sid != self.start.stream_sid:
            raise StreamProtocolError(f"{event.event} for another stream")
        if isinstance(event, Stop):
            self.stopped = True


def _check_format(fmt: MediaFormat) -> None:
    if (fmt.encoding, fmt.sample_rate, fmt.channels) != (ENCODING, SAMPLE_RATE, 1):
        raise StreamProtocolError(f"unsupported media format {fmt.encoding} {fmt.sample_rate} Hz "
                                  f"×{fmt.channels}; expected {ENCODING} {SAMPLE_RATE} Hz mono")


# -- building --------------------------------------------------------------------------------------

def media_message(stream_sid: str, mulaw: bytes) -> str:
    """A ``media`` message playing ``mulaw`` (raw 8 kHz μ-law bytes, no header) to the caller.

    Raises :class:`StreamProtocolError` for an empty ``stream_sid`` or no audio.
    """
    _check_sid(stream_sid)
    if not isinstance(mulaw, (bytes, bytearray)) or not mulaw:
        raise StreamProtocolError("a media message needs μ-law bytes")
    payload = base64.b64encode(bytes(mulaw)).decode("ascii")
    return json.dumps({"event": "media", "streamSid": stream_sid, "media": {"payload": payload}})


def mark_message(stream_sid: str, name: str) -> str:
    """A ``mark`` message: Twilio echoes a ``mark`` ``name`` when the audio before it has played."""
    _check_sid(stream_sid)
    if not isinstance(name, str) or not name:
        raise StreamProtocolError("a mark needs a non-empty name")
    return json.dumps({"event": "mark", "streamSid": stream_sid, "mark": {"name": name}},
                      ensure_ascii=False)


def clear_message(stream_sid: str) -> str:
    """A ``clear`` message: drop the audio queued for the caller and not yet played."""
    _check_sid(stream_sid)
    return json.dumps({"event": "clear", "streamSid": stream_sid})


def _check_sid(stream_sid: Any) -> None:
    if not isinstance(stream_sid, str) or not stream_sid:
        raise StreamProtocolError("a message to Twilio needs the streamSid")


def wav_to_frames(source: str | Path | bytes, frame_bytes: int = FRAME_BYTES) -> list[bytes]:
    """An 8 kHz WAV (16-bit PCM, as ``speech.telephone`` renders prompts, or 8-bit μ-law) as μ-law
    frames of ``frame_bytes`` (default 160 = 20 ms); the last frame is padded with μ-law silence
    (0xFF), so every frame has the same length.

    Raises :class:`StreamProtocolError` for another rate, and ``speech.audio_input.AudioInputError``
    for a file that is not usable WAV (both are ``ValueError``).
    """
    audio = read_wav(source)
    if audio.rate != SAMPLE_RATE:
        raise StreamProtocolError(f"a {audio.rate} Hz WAV: Media Streams carry {SAMPLE_RATE} Hz "
                                  "(render prompts with speech.telephone)")
    mulaw = pcm16_to_ulaw(audio.pcm)
    mulaw += bytes([SILENCE_BYTE]) * (-len(mulaw) % frame_bytes)
    return [mulaw[i:i + frame_bytes] for i in range(0, len(mulaw), frame_bytes)]


__all__ = ["StreamProtocolError", "StreamSession", "parse_message", "decode_payload",
           "media_message", "mark_message", "clear_message", "wav_to_frames", "Event",
           "Connected", "Start", "Media", "Dtmf", "Mark", "Stop", "MediaFormat",
           "FRAME_BYTES", "FRAME_MS", "SAMPLE_RATE", "MAX_MESSAGE_CHARS", "MAX_PAYLOAD_BYTES"]
