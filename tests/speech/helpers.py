"""Helpers for the audio tests: read WAV headers, strip pads, make test audio with ffmpeg."""
from __future__ import annotations

import subprocess
import wave
from pathlib import Path

from pydub import AudioSegment

from speech.telephone import PAD_MS


def wav_format(path: Path) -> tuple[int, int, int]:
    """Return ``(sample rate Hz, channels, bytes per sample)`` read from the WAV header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), wav.getnchannels(), wav.getsampwidth()


def speech_part(segment: AudioSegment) -> AudioSegment:
    """Return ``segment`` without the silence pads ``to_telephone`` adds at both ends."""
    return segment[PAD_MS:len(segment) - PAD_MS]


def make_tone(path: Path, seconds: float, rate: int = 44100, channels: int = 2,
              frequency: int = 300, options: tuple[str, ...] = ()) -> Path:
    """Write a sine tone with ffmpeg, encoded as the extension / ``options`` say; return ``path``."""
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"sine=frequency={frequency}:duration={seconds}",
                    "-ac", str(channels), "-ar", str(rate), *options, str(path)], check=True)
    return path


def read_wav(path: Path) -> AudioSegment:
    """Return the WAV file at ``path`` (opened here: pydub leaves files it opens unclosed)."""
    with open(path, "rb") as handle:
        return AudioSegment.from_file(handle, format="wav")
