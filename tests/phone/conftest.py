"""Fixtures for the browser phone's tests: Debian's chromium with a fake microphone playing a WAV
file, a stand-in of the hotline's stream (a WebSocket server that records what the page sends
and sends what a test tells it), and audio helpers.

Chromium's fake capture devices (https://webrtc.org/getting-started/testing#chromium-flags):
``--use-fake-device-for-media-stream`` replaces the microphone, ``--use-file-for-fake-audio-capture``
makes it play a WAV file in a loop, ``--use-fake-ui-for-media-stream`` grants the permission.

Playwright is started per test module here (not per session as in tests/review/conftest.py): the
fake microphone's file is fixed when chromium starts, and a second ``sync_playwright()`` may not
run while another is open: tests/phone runs before tests/review (pytest's directory order), whose
session-wide instance starts after this one has stopped.
"""
from __future__ import annotations

import json
import math
import socket
import struct
import threading
import time
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ivr.models import db
from tests.conftest import make_app
from tests.review.conftest import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 390, "height": 844}
FAKE_MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                   "--autoplay-policy=no-user-gesture-required"]
TONE_HZ = 440


def write_tone(path: Path, hz: float = TONE_HZ, seconds: float = 2.0, rate: int = 48000,
               amplitude: float = 0.5) -> Path:
    """A 16-bit mono WAV of a sine tone: ``hz`` Hz, ``seconds`` long, at ``rate`` Hz."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"".join(struct.pack("<h", round(amplitude * 32767 * math.sin(
            2 * math.pi * hz * n / rate))) for n in range(int(seconds * rate))))
    return path


@pytest.fixture(scope="module")
def playwright_driver():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: .venv/bin/pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        yield playwright


@contextmanager
def chromium_hearing(playwright, wav: Path) -> Iterator[object]:
    """Chromium whose microphone plays ``wav`` in a loop."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, *FAKE_MEDIA_ARGS, f"--use-file-for-fake-audio-capture={wav}"])
    try:
        yield browser
    finally:
        browser.close()


@contextmanager
def phone_page(browser, viewport=PHONE, allowed_console_errors: tuple[str, ...] = ()):
    """A page in a fresh context; on exit, fails on any script error or console error (except
    those containing one of ``allowed_console_errors``)."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: errors.append(f"console: {message.text}")
            if message.type == "error" and not any(a in message.text for a in allowed_console_errors)
            else None)
    try:
        yield page
    finally:
        context.close()
    assert errors == [], errors


def ending_websockets(app):
    """``app`` as a WSGI callable for :func:`tests.serving.served` that ends each WebSocket's TCP
    connection once flask-sock has finished with it.

    flask-sock runs the whole WebSocket inside the request and sends its close frame; under
    werkzeug's development server it then hands werkzeug an empty 200 response, which werkzeug
    writes on the same socket (flask_sock ``WebSocketResponse``, mode ``werkzeug``), and chromium
    reports those bytes as a broken frame ("Invalid frame header", a console error). Shutting the
    socket first makes werkzeug's write fail as a dropped connection, which it ignores. gunicorn,
    which runs the stream process in production, gets no such response (flask-sock raises
    ``StopIteration`` there)."""
    def wsgi(environ, start_response):
        statuses = []

        def remember(status, headers, exc_info=None):
            statuses.append(status)
            return start_response(status, headers, exc_info)

        response = app(environ, remember)
        upgraded = environ.get("HTTP_UPGRADE", "").lower() == "websocket" and \
            statuses[-1:] == ["200 OK"] and "werkzeug.socket" in environ
        if upgraded:
            try:
                environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        return response
    return wsgi


class FakeHotline:
    """A WebSocket server standing in for ``/phone/stream``: records every message the page sends
    (parsed JSON, with the arrival time) and sends what the test asks. One call at a time."""

    def __init__(self):
        from websockets.sync.server import serve

        self.received: list[dict] = []
        self.times: list[float] = []
        self.connection = None
        self.connected = threading.Event()
        self.closed = threading.Event()
        self._lock = threading.Lock()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/phone/stream"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _handle(self, connection):
        self.connection = connection
        self.connected.set()
        try:
            for text in connection:
                with self._lock:
                    self.received.append(json.loads(text))
                    self.times.append(time.monotonic())
        except Exception:  # noqa: BLE001 (a dropped connection ends the call like a close)
            pass
        finally:
            self.closed.set()

    def send(self, message: dict) -> None:
        self.connection.send(json.dumps(message))

    def hang_up(self) -> None:
        """Close the WebSocket properly (close frame, code 1000), as the hotline does at the end."""
        self.connection.close()

    def drop(self) -> None:
        """Cut the TCP connection without a close frame, as a failing network does."""
        self.connection.socket.shutdown(socket.SHUT_RDWR)

    def events(self, name: str | None = None) -> list[dict]:
        with self._lock:
            return [m for m in self.received if name is None or m.get("event") == name]

    def first_time(self, predicate) -> float | None:
        """When the first message matching ``predicate`` arrived (``time.monotonic()``)."""
        with self._lock:
            return next((t for m, t in zip(self.received, self.times) if predicate(m)), None)

    def wait_for(self, predicate, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = next((m for m in self.received if predicate(m)), None)
            if found is not None:
                return found
            time.sleep(0.02)
        raise AssertionError(f"no such message within {timeout} s; got events "
                             f"{[m.get('event') for m in self.events()][-20:]}")

    def shutdown(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def hotline() -> Iterator[FakeHotline]:
    fake = FakeHotline()
    yield fake
    fake.shutdown()




@pytest.fixture
def sqlite_apps(tmp_path):
    """``sqlite_apps(**settings)``: a new testing app on its own SQLite file in ``tmp_path``;
    every app made is disposed of afterwards."""
    apps = []

    def build(**overrides):
        app = make_app(f"sqlite:///{tmp_path / f'phone{len(apps)}.sqlite3'}", tmp_path, **overrides)
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()
