"""Fixtures for the audio tests: real espeak-ng and ffmpeg, WAV inspection helpers."""
from __future__ import annotations

import shutil
import subprocess
import wave
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # pydub 0.25.1 imports audioop, deprecated since Python 3.11 (PEP 594). Only that import's
    # warning is silenced; any other warning still fails a run with -W error.
    warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
    import pydub  # noqa: F401

from pydub import AudioSegment  # noqa: E402

from speech.telephone import PAD_MS  # noqa: E402
from speech.tts import EspeakSynthesizer  # noqa: E402

if not (shutil.which("ffmpeg") and shutil.which("espeak-ng")):
    pytest.exit("the audio tests need ffmpeg and espeak-ng: apt-get install -y ffmpeg espeak-ng",
                returncode=4)


@pytest.fixture(scope="session")
def espeak() -> EspeakSynthesizer:
    return EspeakSynthesizer()


def wav_format(path: Path) -> tuple[int, int, int]:
    """Return ``(sample rate Hz, channels, bytes per sample)`` read from the WAV header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), wav.getnchannels(), wav.getsampwidth()


def speech_part(segment: AudioSegment) -> AudioSegment:
    """Return ``segment`` without the silence pads ``to_telephone`` adds at both ends."""
    return segment[PAD_MS:len(segment) - PAD_MS]


def make_audio_file(path: Path, seconds: float, rate: int = 44100, channels: int = 2,
                    frequency: int = 300, extra: tuple[str, ...] = ()) -> Path:
    """Write a tone with ffmpeg (any format its extension / ``extra`` options say); return ``path``."""
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"sine=frequency={frequency}:duration={seconds}",
                    "-ac", str(channels), "-ar", str(rate), *extra, str(path)], check=True)
    return path
