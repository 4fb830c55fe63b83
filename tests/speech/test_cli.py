"""``flask prompts render`` (speech.cli.render_command) on a minimal app with a real Flow."""
from __future__ import annotations

import json

import pytest
from flask import Flask

from ivr.engine.commands import Prompt
from ivr.engine.flow import Flow
from speech.cli import render_command

MESSAGES = {"welcome": Prompt("common.welcome", "Xin chào bác."),
            "goodbye": Prompt("common.goodbye", "Chào bác, hẹn gặp lại.")}


def make_app(audio_dir, messages=MESSAGES) -> Flask:
    app = Flask(__name__)
    app.config.update(AUDIO_DIR=str(audio_dir), TTS_ENGINE="espeak", TTS_TEMPO=0.9,
                      TTS_SLOW_TEMPO=0.7, TTS_TARGET_DBFS=-16.0)
    app.extensions["hotline.flow"] = Flow(spec_version=1, start="main_menu", nodes={},
                                          messages=dict(messages))
    return app


def run(app, *args):
    return app.test_cli_runner().invoke(render_command, ["--quiet", *args])


@pytest.fixture
def audio_dir(tmp_path):
    return tmp_path / "audio"


def test_render_prints_a_summary(audio_dir):
    result = run(make_app(audio_dir))

    assert result.exit_code == 0, result.output
    assert "2 prompts with voice espeak-ng-vi: 4 files rendered, 0 up to date, 0 failed" in result.output
    assert str((audio_dir / "rendered").resolve()) in result.output
    assert len(list((audio_dir / "rendered").glob("*.wav"))) == 4


def test_second_render_is_up_to_date(audio_dir):
    run(make_app(audio_dir))
    assert "0 files rendered, 4 up to date" in run(make_app(audio_dir)).output


def test_a_failed_prompt_exits_1_and_is_named(audio_dir):
    (audio_dir / "recorded").mkdir(parents=True)
    (audio_dir / "recorded" / "common.goodbye.wav").write_bytes(b"garbage" * 100)

    result = run(make_app(audio_dir))

    assert result.exit_code == 1
    assert "failed: common.goodbye (normal)" in result.output
    assert "2 files rendered, 0 up to date, 2 failed" in result.output


def test_prune_deletes_files_of_prompts_that_left_the_flow(audio_dir):
    run(make_app(audio_dir))
    result = run(make_app(audio_dir, {"welcome": MESSAGES["welcome"]}), "--prune")

    assert result.exit_code == 0
    assert "pruned 2 unused files" in result.output
    assert sorted(p.name.split(".")[1] for p in (audio_dir / "rendered").glob("*.wav")) == [
        "welcome", "welcome"]
    manifest = json.loads((audio_dir / "rendered" / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["prompts"]) == ["common.welcome"]


def test_engine_option_is_checked(audio_dir):
    result = run(make_app(audio_dir), "--engine", "polly")
    assert result.exit_code == 2
    assert "polly" in result.output
