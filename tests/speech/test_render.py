"""speech.render: rendering prompts with the real espeak-ng, the manifest, recordings, pruning."""
from __future__ import annotations

import json

import pytest

from ivr.engine.commands import Prompt
from speech.catalog import AudioCatalog, text_digest
from speech.render import load_manifest, prune_rendered, render_prompts, retain_prompts

from .helpers import make_tone, read_wav, speech_part, wav_format

TEMPO, SLOW_TEMPO, TARGET = 0.9, 0.7, -16.0
PROMPTS = [
    Prompt("common.welcome", "Xin chào bác."),
    Prompt("main_menu.prompt", "Đây là mục chính."),
    Prompt("main_menu.option1", "Để nghe hướng dẫn, bấm phím 1."),
]


def render(prompts, audio_dir, voice, **options):
    return render_prompts(prompts, audio_dir, voice, tempo=TEMPO, slow_tempo=SLOW_TEMPO,
                          target_dbfs=TARGET, progress=False, **options)


def manifest(audio_dir):
    return json.loads((audio_dir / "rendered" / "manifest.json").read_text(encoding="utf-8"))


def entry(audio_dir, prompt_id, variant="normal"):
    return manifest(audio_dir)["prompts"][prompt_id][variant]


class FailingFor:
    """A voice that fails for one text and speaks every other with espeak-ng."""

    def __init__(self, voice, bad_text):
        self.voice, self.bad_text, self.name = voice, bad_text, voice.name

    def synthesize(self, text):
        if text == self.bad_text:
            raise RuntimeError("voice service said no")
        return self.voice.synthesize(text)


def test_renders_two_telephone_files_per_prompt_and_a_manifest(espeak, tmp_path):
    report = render(PROMPTS, tmp_path, espeak)

    assert (report.rendered, report.skipped, report.failed) == (6, 0, 0)
    data = manifest(tmp_path)
    assert data["version"] == 1
    assert set(data["prompts"]) == {p.id for p in PROMPTS}
    for prompt in PROMPTS:
        for variant in ("normal", "slow"):
            item = data["prompts"][prompt.id][variant]
            path = tmp_path / "rendered" / item["file"]
            assert item["file"].startswith(f"{prompt.id}.{variant}.") and item["file"].endswith(".wav")
            assert item["text_sha1"] == text_digest(prompt.text)
            assert item["source"] == "espeak-ng-vi"
            assert wav_format(path) == (8000, 1, 2)
            assert item["seconds"] == pytest.approx(read_wav(path).duration_seconds, abs=0.001)


def test_slow_variant_is_longer_by_the_tempo_ratio(espeak, tmp_path):
    prompt = Prompt("lesson.step1", "Bác mở ứng dụng VNeID, rồi bấm vào ô đăng nhập.")
    render([prompt], tmp_path, espeak)
    normal = read_wav(tmp_path / "rendered" / entry(tmp_path, prompt.id, "normal")["file"])
    slow = read_wav(tmp_path / "rendered" / entry(tmp_path, prompt.id, "slow")["file"])

    ratio = speech_part(slow).duration_seconds / speech_part(normal).duration_seconds
    assert ratio == pytest.approx(TEMPO / SLOW_TEMPO, rel=0.08)


def test_second_run_skips_everything(espeak, tmp_path):
    render(PROMPTS, tmp_path, espeak)
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / "rendered").glob("*.wav")}

    report = render(PROMPTS, tmp_path, espeak)

    assert (report.rendered, report.skipped, report.failed) == (0, 6, 0)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "rendered").glob("*.wav")} == files


def test_force_renders_everything_again(espeak, tmp_path):
    render(PROMPTS, tmp_path, espeak)
    assert render(PROMPTS, tmp_path, espeak, force=True).rendered == 6


def test_changing_one_text_re_renders_only_that_prompt(espeak, tmp_path):
    render(PROMPTS, tmp_path, espeak)
    before = manifest(tmp_path)["prompts"]
    edited = [PROMPTS[0], Prompt("main_menu.prompt", "Bác đang ở mục chính."), PROMPTS[2]]

    report = render(edited, tmp_path, espeak)

    assert (report.rendered, report.skipped) == (2, 4)
    after = manifest(tmp_path)["prompts"]
    assert after["main_menu.prompt"]["normal"]["file"] != before["main_menu.prompt"]["normal"]["file"]
    assert after["common.welcome"] == before["common.welcome"]


def test_catalog_finds_current_audio_and_nothing_for_edited_text(espeak, tmp_path):
    render(PROMPTS, tmp_path, espeak)
    catalog = AudioCatalog(tmp_path, recheck_seconds=0)
    welcome = PROMPTS[0]

    assert catalog.filename(welcome) == entry(tmp_path, welcome.id)["file"]
    slow = Prompt(welcome.id, welcome.text, slow=True)
    assert catalog.filename(slow) == entry(tmp_path, welcome.id, "slow")["file"]
    assert catalog.filename(Prompt(welcome.id, "Chào bác, chúc bác một ngày tốt lành.")) is None
    assert catalog.missing(PROMPTS) == []


def test_a_failing_prompt_is_reported_and_the_others_render(espeak, tmp_path):
    report = render(PROMPTS, tmp_path, FailingFor(espeak, PROMPTS[1].text))

    assert (report.rendered, report.failed) == (4, 2)
    assert {(f.prompt_id, f.variant) for f in report.failures} == {
        ("main_menu.prompt", "normal"), ("main_menu.prompt", "slow")}
    assert all("voice service said no" in f.message for f in report.failures)
    assert set(manifest(tmp_path)["prompts"]) == {"common.welcome", "main_menu.option1"}
    # The next run renders only what failed.
    retry = render(PROMPTS, tmp_path, espeak)
    assert (retry.rendered, retry.skipped, retry.failed) == (2, 4, 0)


def test_a_recording_overrides_the_voice_and_becomes_8khz(espeak, tmp_path):
    (tmp_path / "recorded").mkdir()
    make_tone(tmp_path / "recorded" / "common.welcome.wav", seconds=1.2, rate=44100, channels=2)

    report = render(PROMPTS, tmp_path, espeak)

    assert report.failed == 0
    normal, slow = entry(tmp_path, "common.welcome"), entry(tmp_path, "common.welcome", "slow")
    assert normal["source"] == slow["source"] == "recorded"
    assert entry(tmp_path, "main_menu.prompt")["source"] == "espeak-ng-vi"
    normal_audio = read_wav(tmp_path / "rendered" / normal["file"])
    assert wav_format(tmp_path / "rendered" / normal["file"]) == (8000, 1, 2)
    # A person's pace is kept for "normal"; "slow" slows it by the same ratio as the voice.
    assert speech_part(normal_audio).duration_seconds == pytest.approx(1.2, abs=0.1)
    slow_audio = read_wav(tmp_path / "rendered" / slow["file"])
    assert speech_part(slow_audio).duration_seconds == pytest.approx(1.2 * TEMPO / SLOW_TEMPO, abs=0.12)


def test_a_new_recording_re_renders_that_prompt(espeak, tmp_path):
    (tmp_path / "recorded").mkdir()
    recording = make_tone(tmp_path / "recorded" / "common.welcome.wav", seconds=1.0)
    render(PROMPTS, tmp_path, espeak)
    first = entry(tmp_path, "common.welcome")["file"]

    make_tone(recording, seconds=2.0)
    report = render(PROMPTS, tmp_path, espeak)

    assert (report.rendered, report.skipped) == (2, 4)
    assert entry(tmp_path, "common.welcome")["file"] != first
    assert entry(tmp_path, "common.welcome")["seconds"] == pytest.approx(2.3, abs=0.1)


def test_an_undecodable_recording_fails_only_its_prompt(espeak, tmp_path):
    (tmp_path / "recorded").mkdir()
    (tmp_path / "recorded" / "main_menu.prompt.wav").write_bytes(b"not audio at all" * 100)

    report = render(PROMPTS, tmp_path, espeak)

    assert (report.rendered, report.failed) == (4, 2)
    assert "ffmpeg" in report.failures[0].message


def test_runs_merge_into_one_manifest(espeak, tmp_path):
    render(PROMPTS[:1], tmp_path, espeak)
    render(PROMPTS[1:2], tmp_path, espeak)
    assert set(manifest(tmp_path)["prompts"]) == {"common.welcome", "main_menu.prompt"}


def test_a_lost_manifest_is_rebuilt_from_the_files_without_rendering(espeak, tmp_path):
    render(PROMPTS, tmp_path, espeak)
    expected = manifest(tmp_path)
    (tmp_path / "rendered" / "manifest.json").write_text("{ half a manifest", encoding="utf-8")

    report = render(PROMPTS, tmp_path, espeak)

    assert (report.rendered, report.skipped) == (0, 6)
    assert manifest(tmp_path) == expected


def test_prune_removes_files_of_old_texts_and_dropped_prompts(espeak, tmp_path):
    render(PROMPTS, tmp_path, espeak)
    old = entry(tmp_path, "main_menu.prompt")["file"]
    current = [PROMPTS[0], Prompt("main_menu.prompt", "Bác đang ở mục chính.")]
    report = render(current, tmp_path, espeak)

    kept = retain_prompts(report.manifest, [p.id for p in current])
    removed = {p.name for p in prune_rendered(tmp_path, kept)}

    assert old in removed
    assert entry(tmp_path, "main_menu.option1")["file"] in removed
    assert len(removed) == 4
    remaining = {p.name for p in (tmp_path / "rendered").glob("*.wav")}
    assert remaining == {e["file"] for v in kept["prompts"].values() for e in v.values()}
    assert (tmp_path / "rendered" / "manifest.json").is_file()


def test_an_id_that_is_not_a_file_name_fails_without_writing(espeak, tmp_path):
    report = render([Prompt("../escape", "Xin chào.")], tmp_path, espeak)
    assert report.failed == 2
    assert list(tmp_path.rglob("*.wav")) == []


def test_load_manifest_of_an_empty_folder(tmp_path):
    assert load_manifest(tmp_path) == {"version": 1, "prompts": {}}
