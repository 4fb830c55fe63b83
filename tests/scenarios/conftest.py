"""The shipped flow rendered once for every scenario module that measures or plays real audio."""
from pathlib import Path

import pytest

from app import flow_variables
from ivr.engine import load_flow
from speech.render import render_prompts
from speech.tts import choose_synthesizer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def rendered_audio(tmp_path_factory):
    """Render every prompt of the shipped flow once (espeak-ng, about 40 s): (audio dir, flow)."""
    audio_dir = tmp_path_factory.mktemp("audio")
    # The texts a test app (no VOLUNTEER_LINE) says, so its flow is rendered whole.
    flow = load_flow(ROOT / "prompts", flow_variables({}))
    report = render_prompts(flow.prompts(), audio_dir, choose_synthesizer("espeak"), tempo=0.9,
                            slow_tempo=0.7, target_dbfs=-16.0, progress=False)
    assert report.failures == [] and report.rendered == 2 * len(flow.prompts())
    return audio_dir, flow
