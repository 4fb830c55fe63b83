"""Stands in for ``speech.transcribe.transcribe`` (issue 4) in the hook test: reports what it got."""
from __future__ import annotations

import wave
from pathlib import Path


def transcribe(path: Path, model_path: str) -> tuple[str, list[dict]]:
    """Return ``("<frames> frames, model <model_path>", [one word])`` for the WAV at ``path``."""
    with wave.open(str(path), "rb") as wav:
        frames = wav.getnframes()
    return f"{frames} frames, model {model_path}", [{"word": "xin", "start": 0.0, "end": 0.4,
                                                      "conf": 1.0}]
