"""The protocol client plays the hotline's audio as Twilio does: a mark is echoed once the audio
before it has played (``play_in_real_time``), and a ``clear`` echoes the waiting marks at once."""
from __future__ import annotations

import base64
import json
import queue
import threading
import time

import websocket

from tests.stream_client import SILENCE, StreamClient


class FakeSocket:
    """Stands in for websocket-client's socket: the hotline's messages in, the client's out."""

    def __init__(self):
        self.incoming: queue.Queue = queue.Queue()
        self.sent: list[tuple[float, dict]] = []
        self.changed = threading.Condition()

    def hotline_says(self, event: str, **fields) -> None:
        message = {"event": event, "streamSid": "MZ1", **fields}
        self.incoming.put((websocket.ABNF.OPCODE_TEXT, json.dumps(message).encode()))

    def recv_data(self, control_frame=False):
        return self.incoming.get(timeout=5)

    def send(self, text: str) -> None:
        with self.changed:
            self.sent.append((time.monotonic(), json.loads(text)))
            self.changed.notify_all()

    def close(self, timeout: float | None = None) -> None:
        self.incoming.put((websocket.ABNF.OPCODE_CLOSE, b"\x03\xe8"))

    def shutdown(self) -> None:
        pass

    def echoed(self, timeout: float = 3.0) -> tuple[float, dict]:
        with self.changed:
            self.changed.wait_for(lambda: any(m["event"] == "mark" for _, m in self.sent), timeout)
        return next((at, m) for at, m in self.sent if m["event"] == "mark")


def playing_client() -> tuple[StreamClient, FakeSocket]:
    client = StreamClient("ws://hotline.test/voice/stream", play_in_real_time=True)
    fake = FakeSocket()
    client._ws = fake
    client._reader = threading.Thread(target=client._read, daemon=True)
    client._reader.start()
    return client, fake


def send_audio(fake: FakeSocket, frames: int) -> None:
    payload = base64.b64encode(SILENCE).decode()
    for _ in range(frames):
        fake.hotline_says("media", media={"payload": payload})


def test_a_mark_is_echoed_when_its_audio_has_played():
    client, fake = playing_client()
    began = time.monotonic()
    send_audio(fake, 15)  # 300 ms
    fake.hotline_says("mark", mark={"name": "turn1-1"})
    at, echo = fake.echoed()
    assert echo["mark"] == {"name": "turn1-1"}
    assert 0.28 <= at - began < 1.0
    client.close()


def test_clear_drops_the_audio_and_echoes_the_waiting_mark_at_once():
    client, fake = playing_client()
    send_audio(fake, 250)  # 5 s
    fake.hotline_says("mark", mark={"name": "turn1-1"})
    client.wait_for("mark")
    assert client.playing_until - time.monotonic() > 4
    fake.hotline_says("clear")
    cleared = client.wait_for("clear")
    at, echo = fake.echoed()
    assert echo["mark"]["name"] == "turn1-1" and at - cleared.at < 0.5
    assert client.playing_until <= time.monotonic()
    time.sleep(0.1)
    assert sum(1 for _, m in fake.sent if m["event"] == "mark") == 1  # the timer was cancelled
    client.close()
