"""A scam warning's text is rendered (espeak-ng) into the prompt manifest, so the phone plays it."""
from __future__ import annotations

import json
import wave
from pathlib import Path

from ivr.engine import Prompt
from ivr.models import ScamWarning, db
from jobs import enqueue_render_warning
from jobs.sweeper import queue_missing_warning_audio
from speech.catalog import AudioCatalog
from tests.jobs.conftest import run_queue

TEXT = "Cảnh báo: kẻ gian giả danh công an gọi điện yêu cầu chuyển tiền. Đừng chuyển tiền."


def add_warning(app, text: str = TEXT, active: bool = True) -> int:
    with app.app_context():
        warning = ScamWarning(text=text, active=active)
        db.session.add(warning)
        db.session.commit()
        return warning.id


def test_a_warning_is_rendered_into_the_manifest_and_found_by_the_catalog(jobs_app):
    warning_id = add_warning(jobs_app)
    with jobs_app.app_context():
        enqueue_render_warning(warning_id)
    assert run_queue(timeout=60) == 1
    audio_dir = Path(jobs_app.config["AUDIO_DIR"])
    manifest = json.loads((audio_dir / "rendered" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["prompts"][f"warning.{warning_id}"]
    assert set(entry) == {"normal", "slow"} and entry["normal"]["source"] == "espeak-ng-vi"
    assert entry["slow"]["seconds"] > entry["normal"]["seconds"] > 2.0
    catalog = AudioCatalog(audio_dir)
    for slow in (False, True):
        name = catalog.filename(Prompt(id=f"warning.{warning_id}", text=TEXT, slow=slow))
        with wave.open(str(audio_dir / "rendered" / name), "rb") as wav:
            assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (8000, 1, 2)
    assert catalog.filename(Prompt(id=f"warning.{warning_id}", text=TEXT + " Sửa.")) is None


def test_a_retired_warning_is_not_rendered_and_maintenance_finds_missing_audio(jobs_app):
    retired = add_warning(jobs_app, "Cảnh báo cũ.", active=False)
    lost = add_warning(jobs_app)  # its enqueue never happened (queue down at the time)
    with jobs_app.app_context():
        enqueue_render_warning(retired)
        assert run_queue(timeout=60) == 1
        assert not (Path(jobs_app.config["AUDIO_DIR"]) / "rendered" / "manifest.json").exists()
        assert queue_missing_warning_audio() == [lost]
        run_queue(timeout=60)
        assert queue_missing_warning_audio() == []
