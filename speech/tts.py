"""The voices: text in, a pydub ``AudioSegment`` out (any rate; ``speech.telephone`` converts it).

Exceptions::

    TtsError               anything this module raises on purpose
    ├── TtsUnavailable     the engine cannot run at all (not installed); the message says the fix
    └── SynthesisFailed    one text could not be spoken (network error, engine error, no audio)

Two engines:

- :class:`GttsSynthesizer`: Google Translate's speech endpoint through gTTS
  (https://gtts.readthedocs.io/), MP3 at 24 kHz; needs internet, the better Vietnamese voice.
- :class:`EspeakSynthesizer`: eSpeak NG (https://github.com/espeak-ng/espeak-ng), offline,
  robotic but always available; WAV at 22 050 Hz.

:func:`choose_synthesizer` picks one per render run (``TTS_ENGINE``: ``auto``, ``gtts``, ``espeak``).
"""
from __future__ import annotations

import io
import shutil
import socket
import subprocess
import threading
from typing import Protocol

from gtts import gTTS, gTTSError
from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError

GOOGLE_TTS_HOST = "translate.google.com"  # the host gTTS posts to (gtts.utils._translate_url, tld "com")
GOOGLE_TTS_PORT = 443
ENGINES = ("auto", "gtts", "espeak")


class TtsError(RuntimeError):
    """Base class of this module's errors."""


class TtsUnavailable(TtsError):
    """The requested engine cannot run here; the message names the fix."""


class SynthesisFailed(TtsError):
    """One text could not be synthesised; the message says why."""


class Synthesizer(Protocol):
    """A voice. ``name`` identifies it in render cache keys (e.g. ``"espeak-ng-vi"``)."""

    name: str

    def synthesize(self, text: str) -> AudioSegment:
        """Return ``text`` spoken, at the engine's own rate; raise :class:`SynthesisFailed`."""
        ...


class GttsSynthesizer:
    """Google Translate TTS via gTTS. ``timeout`` is seconds per HTTP request (gTTS splits texts
    longer than 100 characters into several requests and the MP3 parts are concatenated)."""

    def __init__(self, lang: str = "vi", tld: str = "com", timeout: float = 20.0):
        self.lang = lang
        self.tld = tld
        self.timeout = timeout
        self.name = f"gtts-{lang}" if tld == "com" else f"gtts-{lang}-{tld}"

    def synthesize(self, text: str) -> AudioSegment:
        """Return ``text`` spoken (mono MP3 decoded by ffmpeg); raise :class:`SynthesisFailed`."""
        mp3 = io.BytesIO()
        try:
            gTTS(text, lang=self.lang, tld=self.tld, timeout=self.timeout).write_to_fp(mp3)
        except (gTTSError, AssertionError) as exc:  # gTTS asserts on empty text
            raise SynthesisFailed(f"gTTS: {exc}") from exc
        if not mp3.getbuffer().nbytes:
            raise SynthesisFailed("gTTS returned no audio")
        mp3.seek(0)
        try:
            return AudioSegment.from_file(mp3, format="mp3")
        except CouldntDecodeError as exc:
            raise SynthesisFailed(f"gTTS audio could not be decoded: {exc}") from exc


class EspeakSynthesizer:
    """eSpeak NG run as a subprocess. Raises :class:`TtsUnavailable` if it is not installed.

    ``voice`` is an eSpeak voice (``vi`` northern, ``vi-vn-x-south`` southern); ``timeout`` is
    seconds per text.
    """

    def __init__(self, voice: str = "vi", executable: str = "espeak-ng", timeout: float = 60.0):
        path = shutil.which(executable)
        if path is None:
            raise TtsUnavailable(f"{executable} is not installed: apt-get install espeak-ng")
        self.executable = path
        self.voice = voice
        self.timeout = timeout
        self.name = f"espeak-ng-{voice}"

    def synthesize(self, text: str) -> AudioSegment:
        """Return ``text`` spoken (16-bit mono WAV); raise :class:`SynthesisFailed`."""
        if not text.strip():
            raise SynthesisFailed("no text to speak")
        # Text goes in on stdin, so a prompt starting with "-" is never read as an option;
        # -b 1 says the input is UTF-8 whatever the locale.
        command = [self.executable, "-v", self.voice, "-b", "1", "--stdout", "--stdin"]
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True,
                                  timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise SynthesisFailed(f"espeak-ng took longer than {self.timeout:g} s") from exc
        if done.returncode != 0 or len(done.stdout) <= 44:  # 44 bytes: a WAV header, no samples
            detail = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
            raise SynthesisFailed(f"espeak-ng: {detail}")
        # espeak-ng streams a header with placeholder sizes; pydub's WAV reader slices the data
        # chunk to what is actually there, so no ffmpeg round trip is needed.
        return AudioSegment.from_file(io.BytesIO(done.stdout), format="wav")


def host_reachable(host: str, port: int, timeout: float) -> bool:
    """Return whether a TCP connection to ``host:port`` opens within ``timeout`` seconds.

    DNS lookup has no timeout of its own, so the attempt runs in a daemon thread and is abandoned
    when the time is up.
    """
    result: list[bool] = []

    def attempt() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    worker = threading.Thread(target=attempt, daemon=True, name="tts-probe")
    worker.start()
    worker.join(timeout)
    return bool(result and result[0])


def choose_synthesizer(engine: str, probe_timeout: float = 3.0, probe_host: str = GOOGLE_TTS_HOST,
                       probe_port: int = GOOGLE_TTS_PORT) -> Synthesizer:
    """Return the voice for ``engine``: ``"gtts"``, ``"espeak"``, or ``"auto"``.

    ``auto`` probes ``probe_host:probe_port`` once (at most ``probe_timeout`` seconds) and uses
    gTTS when it answers, else eSpeak NG. Raises ``ValueError`` for an unknown engine and
    :class:`TtsUnavailable` when the chosen engine is not installed.
    """
    if engine not in ENGINES:
        raise ValueError(f"TTS engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "gtts":
        return GttsSynthesizer()
    if engine == "auto" and host_reachable(probe_host, probe_port, probe_timeout):
        return GttsSynthesizer()
    try:
        return EspeakSynthesizer()
    except TtsUnavailable as exc:
        if engine == "auto":
            raise TtsUnavailable(f"{probe_host} is unreachable and {exc}") from exc
        raise


__all__ = ["Synthesizer", "GttsSynthesizer", "EspeakSynthesizer", "choose_synthesizer",
           "host_reachable", "TtsError", "TtsUnavailable", "SynthesisFailed"]
