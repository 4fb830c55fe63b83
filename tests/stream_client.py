"""A client that speaks Twilio's side of a bidirectional Media Stream: for the protocol tests,
``benchmarks/run-stream`` and anyone checking a deployed stream process by hand (it needs
``websocket-client``, from requirements-dev.txt). A stand-in for Twilio, like tests/twilio_api.py.

It does what Twilio does (https://www.twilio.com/docs/voice/media-streams/websocket-messages):
opens the WebSocket with ``X-Twilio-Signature`` over the ``wss://`` URL (twilio-python's
``RequestValidator.compute_signature``), sends ``connected`` and ``start`` (with the
``<Parameter>``s as ``customParameters``), then the caller's audio as 20 ms ``media`` frames,
``dtmf`` keys and ``stop``; it echoes each ``mark`` once the audio before it has "played" (at
once, or paced in real time with ``play_in_real_time``) and drops queued audio on ``clear``,
as Twilio does. Everything received is kept in :attr:`StreamClient.received`, with the time it
arrived.
"""
from __future__ import annotations

import base64
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field

import websocket  # websocket-client
from twilio.request_validator import RequestValidator

FRAME_BYTES = 160  # 20 ms of 8 kHz μ-law
FRAME_SECONDS = 0.02
SILENCE = b"\xff" * FRAME_BYTES


@dataclass
class Received:
    """One message from the hotline, parsed, with ``at`` (``time.monotonic()``)."""

    event: str
    data: dict
    at: float


@dataclass
class StreamClient:
    """One stream to ``url`` (``ws://`` or ``wss://``). ``auth_token`` signs the upgrade (``None``:
    unsigned, for the browser phone's route or a test of refusal). ``echo_marks``: answer each
    ``mark`` as Twilio does when its audio has played: immediately, or with ``play_in_real_time``
    once the audio received before it would have played at 20 ms a frame (from its arrival, one
    prompt after the other); a ``clear`` drops what is still to play and echoes the marks still
    waiting at once, as Twilio does."""

    url: str
    auth_token: str | None = None
    echo_marks: bool = True
    play_in_real_time: bool = False
    received: list[Received] = field(default_factory=list)
    stream_sid: str = field(default_factory=lambda: "MZ" + secrets.token_hex(16))

    def __post_init__(self) -> None:
        self._ws: websocket.WebSocket | None = None
        self._sequence = itertools.count(1)  # next() is atomic: marks are echoed from timers
        self._chunk = 0
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None
        self.closed = threading.Event()
        self.close_status: int | None = None
        self._changed = threading.Condition()
        self._play_lock = threading.Lock()
        self._playing_until = 0.0  # time.monotonic() when the audio received so far has played
        self._marks_due: dict[str, threading.Timer] = {}

    # -- connection --------------------------------------------------------------------------------

    def connect(self, timeout: float = 10.0, headers: dict | None = None, sockopt: tuple = (),
                read: bool = True) -> "StreamClient":
        """Open the WebSocket (signed when ``auth_token`` is set). ``sockopt``: socket options
        ``(level, name, value)`` set before connecting; ``read=False``: never read what the
        hotline sends (a caller whose network stalled). Raises
        ``websocket.WebSocketBadStatusException`` when the server refuses the upgrade (403)."""
        header = dict(headers or {})
        if self.auth_token:
            header["X-Twilio-Signature"] = RequestValidator(self.auth_token).compute_signature(self.url, {})
        self._ws = websocket.create_connection(self.url, timeout=timeout, header=header,
                                               sockopt=sockopt)
        # ``timeout`` is for the handshake: the hotline may rightly send nothing for longer (a
        # caller thinking after a prompt), and a read timeout would end the reader thread.
        self._ws.settimeout(None)
        if read:
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()
        return self

    def close(self) -> None:
        """Close the WebSocket (a close frame if it is still open) and its socket."""
        if self._ws is not None:
            try:
                self._ws.close(timeout=1)
            except (OSError, websocket.WebSocketException):
                pass
            finally:
                self._ws.shutdown()  # close() leaves the socket open once the server closed first
        if self._reader is not None:
            self._reader.join(timeout=5)

    def __enter__(self) -> "StreamClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _read(self) -> None:
        ws = self._ws
        try:
            while True:
                opcode, data = ws.recv_data(control_frame=False)
                if opcode == websocket.ABNF.OPCODE_CLOSE:
                    if len(data) >= 2:
                        self.close_status = int.from_bytes(data[:2], "big")
                    break
                message = json.loads(data.decode("utf-8"))
                item = Received(message.get("event", ""), message, time.monotonic())
                if self.play_in_real_time:
                    self._play(item)
                with self._changed:
                    self.received.append(item)
                    self._changed.notify_all()
                if item.event == "mark" and self.echo_marks:
                    self._mark_played(message["mark"], item.at)
        except (OSError, websocket.WebSocketException, ValueError):
            pass
        finally:
            self.closed.set()
            with self._changed:
                self._changed.notify_all()

    # -- playing (what Twilio does with the hotline's audio) ---------------------------------------

    @property
    def playing_until(self) -> float:
        """``time.monotonic()`` when the audio received so far has played (``play_in_real_time``;
        in the past when nothing is playing)."""
        with self._play_lock:
            return self._playing_until

    def _play(self, item: Received) -> None:
        with self._play_lock:
            if item.event == "media":
                self._playing_until = max(self._playing_until, item.at) + FRAME_SECONDS
            elif item.event == "clear":
                self._playing_until = item.at
                dropped, self._marks_due = list(self._marks_due.items()), {}
                for name, timer in dropped:
                    timer.cancel()
        if item.event == "clear" and self.echo_marks:
            for name, _ in dropped:
                self._echo_mark(name)

    def _mark_played(self, mark: dict, at: float) -> None:
        """Echo ``mark`` now, or (``play_in_real_time``) when the audio before it has played."""
        with self._play_lock:
            delay = self._playing_until - at if self.play_in_real_time else 0.0
            if delay > 0:
                timer = threading.Timer(delay, self._mark_due, (mark,))
                timer.daemon = True
                self._marks_due[mark.get("name", "")] = timer
                timer.start()
                return
        self._echo_mark(mark)

    def _mark_due(self, mark: dict) -> None:
        with self._play_lock:
            if self._marks_due.pop(mark.get("name", ""), None) is None:
                return  # a clear echoed it already
        self._echo_mark(mark)

    def _echo_mark(self, mark) -> None:
        mark = mark if isinstance(mark, dict) else {"name": mark}
        try:
            self.send({"event": "mark", "streamSid": self.stream_sid,
                       "sequenceNumber": self._next(), "mark": mark})
        except (OSError, websocket.WebSocketException):
            pass  # the stream closed while the audio "played"

    # -- sending -----------------------------------------------------------------------------------

    def _next(self) -> str:
        return str(next(self._sequence))

    def send(self, message: dict | str) -> None:
        """Send one message (a dict as JSON, or raw text as given)."""
        text = message if isinstance(message, str) else json.dumps(message)
        with self._lock:
            self._ws.send(text)

    def start(self, call_sid: str, turn: int = 0, caller: str = "+84912345678",
              account_sid: str = "AC" + "0" * 32) -> None:
        """``connected`` then ``start`` with the ``<Parameter>``s ``callSid``, ``turn``, ``caller``."""
        self.send({"event": "connected", "protocol": "Call", "version": "1.0.0"})
        params = {"callSid": call_sid, "turn": str(turn)}
        if caller:
            params["caller"] = caller
        self.send({"event": "start", "sequenceNumber": self._next(), "streamSid": self.stream_sid,
                   "start": {"streamSid": self.stream_sid, "accountSid": account_sid,
                             "callSid": call_sid, "tracks": ["inbound"], "customParameters": params,
                             "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000,
                                             "channels": 1}}})

    def media(self, mulaw: bytes, real_time: bool = False) -> float:
        """Send ``mulaw`` as 20 ms frames (the last padded with silence); with ``real_time`` one
        frame every 20 ms, as a phone line does. Returns ``time.monotonic()`` after the last."""
        started = time.monotonic()
        for index in range(0, len(mulaw), FRAME_BYTES):
            frame = mulaw[index:index + FRAME_BYTES].ljust(FRAME_BYTES, b"\xff")
            self._chunk += 1
            self.send({"event": "media", "sequenceNumber": self._next(), "streamSid": self.stream_sid,
                       "media": {"track": "inbound", "chunk": str(self._chunk),
                                 "timestamp": str(self._chunk * 20),
                                 "payload": base64.b64encode(frame).decode("ascii")}})
            if real_time:
                delay = started + (index // FRAME_BYTES + 1) * FRAME_SECONDS - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        return time.monotonic()

    def silence(self, seconds: float, real_time: bool = False) -> float:
        """``seconds`` of μ-law silence as frames."""
        return self.media(SILENCE * max(1, round(seconds / FRAME_SECONDS)), real_time)

    def dtmf(self, digit: str) -> None:
        """A key pressed (``0``-``9``, ``*``, ``#``), as Twilio's ``dtmf`` message."""
        self.send({"event": "dtmf", "streamSid": self.stream_sid, "sequenceNumber": self._next(),
                   "dtmf": {"track": "inbound_track", "digit": digit}})

    def stop(self, call_sid: str = "") -> None:
        """Twilio's ``stop``: the caller hung up (or the stream was stopped)."""
        self.send({"event": "stop", "sequenceNumber": self._next(), "streamSid": self.stream_sid,
                   "stop": {"accountSid": "AC" + "0" * 32, "callSid": call_sid}})

    # -- waiting -----------------------------------------------------------------------------------

    def count(self, event: str) -> int:
        """How many ``event`` messages were received so far."""
        with self._changed:
            return sum(1 for item in self.received if item.event == event)

    def wait_for(self, event: str, after: int = 0, timeout: float = 10.0) -> Received:
        """The first ``event`` message at index ``after`` or later in :attr:`received`; raises
        ``TimeoutError`` when none comes within ``timeout`` seconds (or the stream closed)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for item in self.received[after:]:
                    if item.event == event:
                        return item
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed.is_set():
                    raise TimeoutError(f"no {event!r} message within {timeout} s "
                                       f"({len(self.received)} received, closed={self.closed.is_set()})")
                self._changed.wait(remaining)

    def wait_closed(self, timeout: float = 10.0) -> bool:
        """True once the server closed the WebSocket (within ``timeout`` seconds)."""
        return self.closed.wait(timeout)

    def audio_after(self, index: int) -> bytes:
        """The μ-law audio of every ``media`` message from index ``index`` on."""
        with self._changed:
            return b"".join(base64.b64decode(item.data["media"]["payload"])
                            for item in self.received[index:] if item.event == "media")
