"""Telephone audio: any speech ``AudioSegment`` → 8 kHz mono 16-bit PCM, levelled and trimmed.

Twilio ``<Play>`` accepts WAV and transcodes to the 8 kHz G.711 of the phone network
(https://www.twilio.com/docs/voice/twiml/play); rendering at 8 kHz ourselves means we hear what
the caller hears and the files stay small. ffmpeg does the signal work that pydub's ``audioop``
does badly: resampling with an anti-alias filter, tempo change without pitch change (``atempo``,
https://ffmpeg.org/ffmpeg-filters.html#atempo), compression and peak limiting.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from pydub import AudioSegment
from pydub.silence import detect_leading_silence

SAMPLE_RATE = 8000  # Hz, the phone network's rate
SAMPLE_WIDTH = 2  # bytes: 16-bit signed PCM
PAD_MS = 150  # silence added before and after the speech
KEEP_MS = 30  # of the original lead-in/tail kept, so soft consonants are not clipped
SILENCE_BELOW_RMS_DB = 35  # quieter than the clip's RMS by this much counts as silence
PEAK_CEILING_DBFS = -1.0  # headroom against clipping in the network's codec
ATEMPO_MIN, ATEMPO_MAX = 0.5, 2.0  # one atempo filter's range in older ffmpeg builds
FFMPEG_TIMEOUT = 120  # seconds


class AudioError(RuntimeError):
    """Audio could not be decoded or converted; the message says why (and how to fix ffmpeg)."""


def to_telephone(segment: AudioSegment, tempo: float = 1.0, target_dbfs: float = -16.0) -> AudioSegment:
    """Return ``segment`` as telephone audio: 8000 Hz, mono, 16-bit.

    ``tempo`` is a speed factor without pitch change (< 1 slower: 0.8 makes 10 s last 12.5 s).
    Loudness is set to ``target_dbfs`` (RMS, dB relative to full scale) after gentle compression,
    unless that would push peaks above -1 dBFS, in which case peaks win. Leading and trailing
    silence is trimmed and :data:`PAD_MS` of silence added at each end.
    Raises :class:`AudioError` for silent input or an ffmpeg failure; ``ValueError`` for tempo <= 0.
    """
    if tempo <= 0:
        raise ValueError(f"tempo must be positive, not {tempo}")
    mono = segment.set_channels(1).set_sample_width(SAMPLE_WIDTH)
    if mono.rms == 0:
        raise AudioError("the audio is silent")
    shaped = _ffmpeg_shape(mono, tempo, target_dbfs)
    speech = _level(trim_silence(shaped), target_dbfs)
    pad = AudioSegment.silent(duration=PAD_MS, frame_rate=SAMPLE_RATE)
    return pad + speech + pad


def _ffmpeg_shape(mono: AudioSegment, tempo: float, target_dbfs: float) -> AudioSegment:
    """Gain to target, tempo, compression, resampling and limiting in one ffmpeg pass."""
    threshold = 10 ** ((target_dbfs + 2) / 20)  # compress only what is louder than the target
    filters = [f"volume={target_dbfs - mono.dBFS:.2f}dB", *atempo_filters(tempo),
               f"acompressor=threshold={threshold:.5f}:ratio=6:attack=2:release=80:knee=4",
               f"aresample={SAMPLE_RATE}",
               f"alimiter=limit={10 ** (PEAK_CEILING_DBFS / 20):.4f}:level=disabled"]
    raw_input = ["-f", "s16le", "-ar", str(mono.frame_rate), "-ac", "1", "-i", "pipe:0"]
    raw_output = ["-af", ",".join(filters), "-f", "s16le", "-ac", "1", "-ar", str(SAMPLE_RATE), "pipe:1"]
    pcm = run_ffmpeg([*raw_input, *raw_output], mono.raw_data)
    return AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=SAMPLE_RATE, channels=1)


def atempo_filters(tempo: float) -> list[str]:
    """Return ``atempo`` filters whose product is ``tempo`` (each within 0.5–2.0); ``[]`` for 1.0."""
    filters = []
    remaining = tempo
    while remaining < ATEMPO_MIN or remaining > ATEMPO_MAX:
        step = ATEMPO_MIN if remaining < ATEMPO_MIN else ATEMPO_MAX
        filters.append(f"atempo={step}")
        remaining /= step
    if abs(remaining - 1.0) > 1e-6:
        filters.append(f"atempo={remaining:.6f}")
    return filters


def trim_silence(segment: AudioSegment) -> AudioSegment:
    """Return ``segment`` without its leading and trailing silence, keeping :data:`KEEP_MS` of each."""
    threshold = segment.dBFS - SILENCE_BELOW_RMS_DB
    lead = detect_leading_silence(segment, silence_threshold=threshold, chunk_size=5)
    tail = detect_leading_silence(segment.reverse(), silence_threshold=threshold, chunk_size=5)
    start = max(0, lead - KEEP_MS)
    end = min(len(segment), len(segment) - tail + KEEP_MS)
    return segment[start:end] if end > start else segment


def _level(segment: AudioSegment, target_dbfs: float) -> AudioSegment:
    """Return ``segment`` with RMS at ``target_dbfs``, or lower if its peak would pass the ceiling."""
    if segment.rms == 0:
        raise AudioError("the audio is silent after conversion")
    gain = min(target_dbfs - segment.dBFS, PEAK_CEILING_DBFS - segment.max_dBFS)
    return segment.apply_gain(gain)


def load_audio(path: str | Path, sample_rate: int = 16000) -> AudioSegment:
    """Decode any file ffmpeg reads (WAV of any encoding, MP3, M4A, OGG …) to mono 16-bit PCM.

    ``sample_rate`` in Hz; 16 kHz keeps detail for the later tempo change. Raises
    :class:`AudioError` if ffmpeg cannot decode it.
    """
    args = ["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"]
    pcm = run_ffmpeg(args)
    if not pcm:
        raise AudioError(f"{path}: no audio in the file")
    return AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=sample_rate, channels=1)


def run_ffmpeg(args: list[str], stdin: bytes | None = None) -> bytes:
    """Run ffmpeg with ``args`` (input/output options), feeding ``stdin`` if given; return its stdout.

    Raises :class:`AudioError` when ffmpeg is missing, fails or takes over two minutes.
    """
    executable = shutil.which("ffmpeg")
    if executable is None:
        raise AudioError("ffmpeg is not installed: apt-get install ffmpeg")
    # Without piped input, -nostdin stops ffmpeg from reading stdin for interactive keys.
    options = ["-hide_banner", "-loglevel", "error", *([] if stdin is not None else ["-nostdin"])]
    feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    try:
        done = subprocess.run([executable, *options, *args], capture_output=True,
                              timeout=FFMPEG_TIMEOUT, **feed)
    except subprocess.TimeoutExpired as exc:
        raise AudioError(f"ffmpeg took longer than {FFMPEG_TIMEOUT} s") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"ffmpeg failed: {lines[-1] if lines else f'exit code {done.returncode}'}")
    return done.stdout


def write_wav_atomic(segment: AudioSegment, path: str | Path) -> None:
    """Write ``segment`` as a PCM WAV file at ``path`` so readers never see a partial file.

    The bytes go to a temporary file in the same folder, which then replaces ``path``
    (``os.replace`` is atomic on one file system). The file is made world-readable because the
    web server may run as another user.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            with wave.open(handle, "wb") as wav:
                wav.setnchannels(segment.channels)
                wav.setsampwidth(segment.sample_width)
                wav.setframerate(segment.frame_rate)
                wav.writeframes(segment.raw_data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


__all__ = ["to_telephone", "load_audio", "write_wav_atomic", "trim_silence", "atempo_filters",
           "run_ffmpeg", "AudioError", "SAMPLE_RATE", "PAD_MS"]
