"""Fixtures for the audio tests, which run the real espeak-ng and ffmpeg."""
from __future__ import annotations

import shutil
import warnings

import pytest

with warnings.catch_warnings():
    # pydub 0.25.1 imports audioop, deprecated since Python 3.11 (PEP 594). Only that import's
    # warning is silenced; any other warning still fails a run with -W error.
    warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
    import pydub  # noqa: F401

from speech.tts import EspeakSynthesizer  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _audio_tools() -> None:
    missing = [tool for tool in ("ffmpeg", "espeak-ng") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the audio tests need {' and '.join(missing)}: apt-get install -y ffmpeg espeak-ng")


@pytest.fixture(scope="session")
def espeak() -> EspeakSynthesizer:
    return EspeakSynthesizer()
