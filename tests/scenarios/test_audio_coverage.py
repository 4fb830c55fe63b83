"""The shipped flow, rendered for real (espeak-ng, ffmpeg): every prompt has an 8 kHz mono 16-bit WAV
in both variants, measured lengths pass the lint, and a call plays files the server really serves."""
import wave

from ivr.engine.lint import lint_flow
from speech.catalog import AudioCatalog
from config import TestingConfig
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from tests.conftest import make_app


def test_every_prompt_has_telephone_wav_in_both_variants(rendered_audio):
    audio_dir, flow = rendered_audio
    catalog = AudioCatalog(audio_dir)
    for prompt in flow.prompts():
        for variant in (prompt, type(prompt)(prompt.id, prompt.text, slow=True)):
            name = catalog.filename(variant)
            assert name is not None, variant
            with wave.open(str(audio_dir / "rendered" / name)) as handle:
                assert (handle.getframerate(), handle.getnchannels(), handle.getsampwidth()) == (8000, 1, 2)
                assert handle.getnframes() > 8000 * 0.3  # at least 0.3 s of audio


def test_measured_lengths_pass_the_lint(rendered_audio):
    audio_dir, flow = rendered_audio
    measured = AudioCatalog(audio_dir).durations(flow.prompts())
    assert len(measured) == len(flow.prompts())
    assert lint_flow(flow, measured) == []


def test_a_call_plays_rendered_files_that_the_server_serves(rendered_audio, tmp_path):
    audio_dir, _ = rendered_audio
    app = make_app(f"sqlite:///{tmp_path / 'audio-call.sqlite3'}", tmp_path, AUDIO_DIR=str(audio_dir))
    simulator = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                              describe=prompt_describer(app.extensions["hotline.flow"]))
    heard = simulator.start()
    assert "<Say" not in heard.twiml and heard.prompts
    client = app.test_client()
    for prompt in heard.prompts + simulator.press("1").prompts + simulator.press("1").prompts:
        assert prompt.audio and prompt.prompt_id and prompt.text
        with client.get(prompt.audio) as response:
            assert response.status_code == 200 and response.mimetype == "audio/wav"
            assert response.data[:4] == b"RIFF"
