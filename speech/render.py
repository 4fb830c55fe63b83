"""Render prompts to telephone WAV files and record them in the manifest ``speech.catalog`` reads.

Each prompt gets two files in ``<AUDIO_DIR>/rendered/``, ``normal`` and ``slow``, named
``<prompt-id>.<variant>.<key12>.wav``. The key hashes everything that shapes the sound (text,
variant, voice, tempo, loudness, the recording's bytes), so a run re-renders only what changed
and the web server can cache files forever. A human recording at
``<AUDIO_DIR>/recorded/<prompt-id>.wav`` replaces the synthetic voice for that prompt.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
import wave
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from pydub import AudioSegment
from tqdm import tqdm

from .catalog import MANIFEST_NAME, RENDERED_DIR, PromptLike, text_digest
from .telephone import AudioError, load_audio, to_telephone, write_wav_atomic
from .tts import Synthesizer

RECORDED_DIR = "recorded"
RECORDED_SOURCE = "recorded"
VARIANTS = ("normal", "slow")
MANIFEST_VERSION = 1
# Bump when speech.telephone changes what it produces, so every file is rendered again.
PIPELINE_VERSION = 1
_FILE_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")


@dataclass(frozen=True)
class Failure:
    """One file that could not be rendered, and why."""

    prompt_id: str
    variant: str
    message: str

    def __str__(self) -> str:
        return f"{self.prompt_id} ({self.variant}): {self.message}"


@dataclass
class RenderReport:
    """What a run did. Counts are files (two per prompt); ``seconds`` is wall-clock time."""

    voice: str
    folder: Path
    rendered: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass(frozen=True)
class _Job:
    """One file to produce: which prompt, which variant, at what tempo, from which source."""

    prompt: PromptLike
    variant: str
    tempo: float
    source: str  # the synthesizer's name, or "recorded"
    file: str
    text_sha1: str


def render_prompts(prompts: Iterable[PromptLike], audio_dir: str | Path, synthesizer: Synthesizer,
                   tempo: float, slow_tempo: float, target_dbfs: float, force: bool = False,
                   progress: bool = True) -> RenderReport:
    """Render every prompt's ``normal`` (``tempo``) and ``slow`` (``slow_tempo``) variant.

    Tempos are speed factors (< 1 slower); ``target_dbfs`` is the RMS loudness. Files that already
    exist under their content key are skipped unless ``force``. One prompt failing (voice error,
    undecodable recording) is recorded in the report and the run goes on. The manifest is merged
    and written atomically at the end, also when the run is interrupted.
    """
    renderer = _Renderer(Path(audio_dir), synthesizer, tempo, slow_tempo, target_dbfs, force)
    items, started = list(prompts), time.monotonic()
    try:
        for prompt in tqdm(items, disable=not progress, unit="prompt", desc=synthesizer.name):
            renderer.render(prompt)
    finally:
        write_manifest(audio_dir, renderer.report.manifest)
        renderer.report.seconds = time.monotonic() - started
    return renderer.report


class _Renderer:
    """The state of one run: where, with which voice and settings, and the report so far."""

    def __init__(self, audio_dir: Path, synthesizer: Synthesizer, tempo: float, slow_tempo: float,
                 target_dbfs: float, force: bool):
        self.folder = audio_dir / RENDERED_DIR
        self.recorded = audio_dir / RECORDED_DIR
        self.synthesizer = synthesizer
        self.tempo, self.slow_tempo, self.target_dbfs = tempo, slow_tempo, target_dbfs
        self.force = force
        self.report = RenderReport(synthesizer.name, self.folder, manifest=load_manifest(audio_dir))
        self.folder.mkdir(parents=True, exist_ok=True)

    def render(self, prompt: PromptLike) -> None:
        """Render whichever of ``prompt``'s variants are missing; record the outcome."""
        try:
            jobs = self._jobs(prompt)
        except (OSError, ValueError) as exc:
            self.report.failures.extend(Failure(prompt.id, v, str(exc)) for v in VARIANTS)
            return
        pending = [job for job in jobs if self.force or not self._keep(job)]
        if pending:
            self._render_pending(prompt, pending)

    def _jobs(self, prompt: PromptLike) -> list[_Job]:
        if not _FILE_SAFE_ID.match(prompt.id):
            raise ValueError(f"prompt id {prompt.id!r} cannot be used as a file name")
        recording = self.recorded / f"{prompt.id}.wav"
        recorded_sha = file_sha256(recording) if recording.is_file() else None
        if recorded_sha:
            # A person already speaks at a natural pace: play the recording as is, and slow it
            # down for the "slower" variant by the same ratio the synthetic voice uses.
            source, tempos = RECORDED_SOURCE, {"normal": 1.0, "slow": self.slow_tempo / self.tempo}
        else:
            source, tempos = self.synthesizer.name, {"normal": self.tempo, "slow": self.slow_tempo}
        digest = text_digest(prompt.text)
        jobs = []
        for variant, tempo in tempos.items():
            key = render_key(digest, variant, source, tempo, self.target_dbfs, recorded_sha)
            jobs.append(_Job(prompt, variant, tempo, source, file_name(prompt.id, variant, key), digest))
        return jobs

    def _render_pending(self, prompt: PromptLike, pending: list[_Job]) -> None:
        try:
            audio = self._source_audio(prompt, pending[0].source)
        except Exception as exc:  # noqa: BLE001 - voices are pluggable (network, subprocess, ...);
            # whatever one prompt raises is that prompt's failure, and the run goes on.
            self.report.failures.extend(Failure(prompt.id, j.variant, _describe(exc)) for j in pending)
            return
        for job in pending:
            try:
                converted = to_telephone(audio, job.tempo, self.target_dbfs)
                write_wav_atomic(converted, self.folder / job.file)
            except (AudioError, OSError, ValueError) as exc:
                self.report.failures.append(Failure(prompt.id, job.variant, _describe(exc)))
                continue
            self._record(job, converted.duration_seconds)
            self.report.rendered += 1

    def _source_audio(self, prompt: PromptLike, source: str) -> AudioSegment:
        if source == RECORDED_SOURCE:
            return load_audio(self.recorded / f"{prompt.id}.wav")
        return self.synthesizer.synthesize(prompt.text)

    def _keep(self, job: _Job) -> bool:
        """Skip ``job`` if its file exists (re-registering it if the manifest lost it); else False."""
        path = self.folder / job.file
        if not path.is_file():
            return False
        entry = self.report.manifest["prompts"].get(job.prompt.id, {}).get(job.variant)
        if not entry or entry.get("file") != job.file:
            try:
                self._record(job, wav_seconds(path))
            except (OSError, EOFError, wave.Error):
                return False  # unreadable: render it again
        self.report.skipped += 1
        return True

    def _record(self, job: _Job, seconds: float) -> None:
        entries = self.report.manifest["prompts"].setdefault(job.prompt.id, {})
        entries[job.variant] = {"file": job.file, "text_sha1": job.text_sha1, "source": job.source,
                                "seconds": round(seconds, 3)}


def render_key(text_sha1: str, variant: str, voice: str, tempo: float, target_dbfs: float,
               recorded_sha256: str | None = None) -> str:
    """Return the 12-hex-digit SHA-256 key of everything that shapes a rendered file."""
    material = [PIPELINE_VERSION, text_sha1, variant, voice, round(tempo, 4), round(target_dbfs, 2),
                recorded_sha256]
    return hashlib.sha256(json.dumps(material).encode("utf-8")).hexdigest()[:12]


def file_name(prompt_id: str, variant: str, key: str) -> str:
    """Return ``<prompt_id>.<variant>.<key>.wav``."""
    return f"{prompt_id}.{variant}.{key}.wav"


def file_sha256(path: Path) -> str:
    """Return the SHA-256 hex digest of the file at ``path``; raises ``OSError``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def wav_seconds(path: Path) -> float:
    """Return the duration in seconds of the PCM WAV file at ``path``."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def load_manifest(audio_dir: str | Path) -> dict:
    """Return the manifest at ``<audio_dir>/rendered/manifest.json``; an empty one if absent or
    unreadable (its files are then re-registered as they are found)."""
    path = Path(audio_dir) / RENDERED_DIR / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("prompts"), dict):
        return {"version": MANIFEST_VERSION, "prompts": {}}
    return data


def write_manifest(audio_dir: str | Path, manifest: dict) -> Path:
    """Write ``manifest`` atomically (temporary file, then ``os.replace``); return its path."""
    path = Path(audio_dir) / RENDERED_DIR / MANIFEST_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{MANIFEST_NAME}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # the web server may run as another user
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def retain_prompts(manifest: dict, prompt_ids: Iterable[str]) -> dict:
    """Return a copy of ``manifest`` holding only the entries of ``prompt_ids``."""
    keep = set(prompt_ids)
    prompts = {pid: variants for pid, variants in manifest.get("prompts", {}).items() if pid in keep}
    return {**manifest, "prompts": prompts}


def prune_rendered(audio_dir: str | Path, manifest: dict) -> list[Path]:
    """Delete the ``.wav`` files in ``<audio_dir>/rendered/`` that ``manifest`` does not reference.

    Returns the deleted paths. Other files (the manifest, temporary files) are left alone.
    """
    referenced = {entry.get("file") for variants in manifest.get("prompts", {}).values()
                  for entry in variants.values()}
    removed = []
    for path in sorted((Path(audio_dir) / RENDERED_DIR).glob("*.wav")):
        if path.name not in referenced:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


LOCK_NAME = ".manifest.lock"


@contextmanager
def manifest_lock(audio_dir: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<audio_dir>/rendered/.manifest.lock`` (blocks until free).

    Every render run rewrites the whole manifest, so renders that may run at once (a warning's job,
    ``flask official render``) hold it (``flock``; one machine, or a shared file system that
    supports it). Moved here from ``jobs.warnings`` so the CLI need not import the jobs.
    """
    folder = Path(audio_dir) / RENDERED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


__all__ = ["manifest_lock", "render_prompts", "RenderReport", "Failure", "prune_rendered", "retain_prompts",
           "load_manifest", "write_manifest", "render_key", "file_name", "RECORDED_DIR", "VARIANTS"]
