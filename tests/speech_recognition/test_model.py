"""speech.model: the model folder, the shared per-process model, and the start-up status line."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from flask import Flask

from config import load_config
from speech import model as model_module
from speech.model import (ModelError, SpeechModel, allows_upsample, configured_model_path,
                          get_model, layout_problems, load_model, model_sample_rate,
                          read_kaldi_conf, speech_status, supports_grammar)


def fake_model_dir(root: Path, mfcc: str = "", graph: tuple[str, ...] = ("HCLr.fst", "Gr.fst"),
                   final_mdl: bytes = b"garbage") -> Path:
    """A folder shaped like a Vosk model (files present, contents not a real model)."""
    for folder in ("am", "conf", "graph"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "am" / "final.mdl").write_bytes(final_mdl)
    (root / "conf" / "model.conf").write_text("--min-active=200\n")
    (root / "conf" / "mfcc.conf").write_text(mfcc)
    for name in graph:
        (root / "graph" / name).write_bytes(b"")
    return root


# -- the folder ------------------------------------------------------------------------------------

@pytest.mark.parametrize("mfcc, rate", [
    ("", 16000),  # Kaldi's default, as in the Korean and Vietnamese small models
    ("--use-energy=false\n--sample-frequency=8000\n", 8000),
    ("--sample-frequency=16000.0  # wideband\n", 16000),
    ("# --sample-frequency=8000\n", 16000),
    ("--sample-frequency=fast\n", 16000),
])
def test_model_sample_rate_comes_from_mfcc_conf(tmp_path, mfcc, rate):
    assert model_sample_rate(fake_model_dir(tmp_path, mfcc)) == rate


def test_allow_upsample_flag(tmp_path, ko_model_path):
    assert allows_upsample(ko_model_path)  # the Korean model's conf/mfcc.conf has it
    assert not allows_upsample(fake_model_dir(tmp_path, "--sample-frequency=16000\n"))
    assert read_kaldi_conf(tmp_path / "nothing.conf") == {}


def test_layout(tmp_path, ko_model_path):
    assert layout_problems(ko_model_path) == [] and supports_grammar(ko_model_path)
    assert layout_problems(tmp_path / "absent") == [f"{tmp_path / 'absent'} is not a directory"]
    partial = tmp_path / "partial"
    partial.mkdir()
    assert layout_problems(partial) == [
        "missing am/final.mdl", "missing conf/model.conf", "missing conf/mfcc.conf",
        "missing graph/HCLr.fst + graph/Gr.fst (or graph/HCLG.fst)"]
    static = fake_model_dir(tmp_path / "static", graph=("HCLG.fst",))
    assert layout_problems(static) == [] and not supports_grammar(static)


# -- status line -----------------------------------------------------------------------------------

def test_speech_status_lines(tmp_path, ko_model_path):
    assert speech_status({}) == "speech: off (no VOSK_MODEL_PATH) — keypad only"
    assert speech_status({"VOSK_MODEL_PATH": str(tmp_path / "gone")}) == \
        f"speech: off (VOSK_MODEL_PATH {tmp_path / 'gone'}: {tmp_path / 'gone'} is not a directory) " \
        "— keypad only"
    assert speech_status({"VOSK_MODEL_PATH": str(ko_model_path)}) == \
        f"speech: Vosk model at {ko_model_path} (16000 Hz)"
    static = fake_model_dir(tmp_path / "static", "--sample-frequency=8000", graph=("HCLG.fst",))
    assert speech_status({"VOSK_MODEL_PATH": str(static)}).endswith("(8000 Hz, no runtime grammars)")


def test_config_settings(tmp_path, monkeypatch, ko_model_path):
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    config = load_config(tmp_path, "testing")
    assert config.VOSK_MODEL_PATH is None
    assert speech_status(config) == "speech: off (no VOSK_MODEL_PATH) — keypad only"
    # vosk-model-small-vn-0.4 from https://alphacephei.com/vosk/models
    assert config.VOSK_MODEL_URL == "https://alphacephei.com/vosk/models/vosk-model-small-vn-0.4.zip"
    assert config.VOSK_MODEL_SIZE == 33_656_337
    assert config.VOSK_MODEL_SHA256 == "efe5c8494212110471a79befc48c79da679e5b1fc52a4ffb500222ff86d622e5"
    monkeypatch.setenv("VOSK_MODEL_PATH", str(ko_model_path))
    assert load_config(tmp_path, "testing").VOSK_MODEL_PATH == str(ko_model_path)


# -- loading ---------------------------------------------------------------------------------------

def test_the_real_model_loads_once_and_is_shared(ko_model, ko_model_path):
    assert get_model(ko_model_path) is ko_model
    assert get_model(str(ko_model_path) + "/") is ko_model  # same folder, same model
    assert (ko_model.sample_rate, ko_model.allows_upsample, ko_model.supports_grammar) == \
        (16000, True, True)
    assert ko_model.knows("네") and not ko_model.knows("không") and not ko_model.has_unk


def test_concurrent_first_use_loads_once(tmp_path, monkeypatch):
    calls = []

    def slow_load(path):
        calls.append(path)
        time.sleep(0.2)
        return SpeechModel(str(path), object(), 16000, True, True)

    monkeypatch.setattr(model_module, "load_model", slow_load)
    monkeypatch.setattr(model_module, "_models", {})  # the fake never reaches the real cache
    results = []
    threads = [threading.Thread(target=lambda: results.append(get_model(tmp_path)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 8 and all(r is results[0] for r in results)


def test_only_the_path_form_of_vosk_model_is_used(tmp_path, monkeypatch):
    # Model(lang=…) / Model(model_name=…) would download (vosk/__init__.py of vosk 0.3.45,
    # https://github.com/alphacep/vosk-api/blob/v0.3.45/python/vosk/__init__.py): only
    # Model("<path>").
    import vosk

    seen = []

    class Recorder:
        def __init__(self, *args, **kwargs):
            seen.append((args, kwargs))

        def vosk_model_find_word(self, word):
            return -1

    monkeypatch.setattr(vosk, "Model", Recorder)
    folder = fake_model_dir(tmp_path)
    load_model(folder)
    assert seen == [((str(folder.resolve()),), {})]


@pytest.mark.parametrize("path", ["", "   ", None])
def test_no_path_is_refused_before_vosk(path):
    with pytest.raises(ModelError, match="no model path"):
        load_model(path)


def test_not_a_model_folder(tmp_path):
    with pytest.raises(ModelError, match="is not a Vosk model: missing am/final.mdl"):
        load_model(tmp_path)


def test_a_corrupt_model_raises_model_error(tmp_path):
    with pytest.raises(ModelError, match="does not load: Failed to create a model"):
        load_model(fake_model_dir(tmp_path))


def test_configured_path_comes_from_the_app_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    with pytest.raises(ModelError, match="keypad only"):
        configured_model_path()
    monkeypatch.setenv("VOSK_MODEL_PATH", "/from/env")
    assert configured_model_path() == "/from/env"
    app = Flask(__name__)
    app.config["VOSK_MODEL_PATH"] = str(tmp_path)
    with app.app_context():
        assert configured_model_path() == str(tmp_path)
