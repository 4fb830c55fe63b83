"""Caller audio in, recogniser-ready PCM out: WAV parsing, μ-law, mono, gain, resampling.

The recogniser wants mono 16-bit little-endian PCM at the model's rate. What arrives: Twilio
recordings (WAV by default [1], 8 kHz 16-bit PCM, "128 kbps WAV" [2]), Media Streams payloads
(raw 8 kHz μ-law, no header [3]), μ-law WAV files from elsewhere (format 7, which Python's
``wave`` refuses: it reads only uncompressed PCM [4]), sometimes stereo or 8-bit. Pitfalls
handled here:

- μ-law bytes fed as PCM give garbage without an error: Vosk reads every two bytes as one
  little-endian int16 sample [5]. They are decoded with a 256-entry G.711 table [6]
  (``audioop`` is gone in Python 3.13 [7]).
- A 16 kHz model without ``--allow-upsample`` rejects 8 kHz audio ("Sampling frequency
  mismatch" [8]): :func:`resample` (ffmpeg's anti-aliased resampler) brings audio to the
  model's rate. Callers that know the model feed it at ``SpeechModel.input_rate(rate)``, which
  leaves upsampling to Kaldi when the model allows it (cheaper: benchmarks/README.md).
- Odd byte counts misalign every later sample (Vosk takes ``len // 2`` samples [5]): data is
  cut to whole sample frames.
- Quiet callers decode as nothing (peaks near 500 of 32767 give an empty result on the Korean
  stand-in model: tests/speech_recognition/test_recognizer.py::
  test_very_quiet_audio_is_gain_normalised): :func:`normalise_gain` lifts peaks below
  :data:`QUIET_PEAK`, by at most :data:`MAX_GAIN`, and leaves near-silence alone so line hiss is
  not turned into hallucinated words.
- The WAV header is never fed as audio; stereo is mixed down.

Bad audio (not WAV, empty, truncated, unsupported encoding) raises :class:`AudioInputError`, a
``ValueError``; ffmpeg itself missing or failing raises ``speech.telephone.AudioError``.

Sources:

[1] https://www.twilio.com/docs/voice/twiml/record (the media is WAV unless ``.mp3`` is asked)
[2] https://support.twilio.com/hc/en-us/articles/360002588893 ("Downloading … Call Recordings")
[3] https://www.twilio.com/docs/voice/media-streams/websocket-messages (``audio/x-mulaw``, 8000 Hz)
[4] https://docs.python.org/3/library/wave.html
[5] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/recognizer.cc (``AcceptWaveform``)
[6] https://www.itu.int/rec/T-REC-G.711
[7] https://docs.python.org/3.13/library/audioop.html
[8] https://github.com/alphacep/vosk-api/issues/1726
"""
from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

SAMPLE_WIDTH = 2  # bytes per output sample: 16-bit signed little-endian
QUIET_PEAK = 3000  # of 32767: quieter peaks are raised (peak 3200 still decoded, vosk 0.3.45 runs)
TARGET_PEAK = 16000  # about -6 dBFS, headroom for the resampler's overshoot
MAX_GAIN = 30.0  # a peak-500 answer decodes at ×30 (see the module docstring); more lifts noise
SILENCE_PEAK = 64  # about -54 dBFS: below this it is line noise, left as it is
MIN_RATE, MAX_RATE = 4000, 192000  # Hz accepted in a WAV header
UNKNOWN_SIZES = (0, 0xFFFFFFFF)  # data sizes streaming writers leave in the header
FORMAT_NAMES = {1: "PCM", 3: "IEEE float", 6: "A-law", 7: "μ-law", 0x11: "IMA ADPCM", 0x55: "MP3",
                0xFFFE: "extensible"}


class AudioInputError(ValueError):
    """The audio cannot be used for recognition; the message says why, in plain words."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit little-endian PCM (``pcm``, bytes) at ``rate`` Hz."""

    pcm: bytes
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / SAMPLE_WIDTH / self.rate

    @property
    def peak(self) -> int:
        return peak(self.pcm)


@dataclass(frozen=True)
class WavData:
    """The parts of a WAV file that matter: encoding (``format_tag``), layout and the sample bytes."""

    format_tag: int
    channels: int
    rate: int
    bits: int
    data: bytes


# -- sample helpers --------------------------------------------------------------------------------

def _samples(pcm: bytes) -> array:
    """``pcm`` (16-bit little-endian) as a native ``array('h')``."""
    samples = array("h")
    samples.frombytes(pcm[:len(pcm) - len(pcm) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _pcm(samples: array) -> bytes:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def peak(pcm: bytes) -> int:
    """Largest absolute sample of 16-bit PCM (0 for no samples)."""
    samples = _samples(pcm)
    return max(max(samples), -min(samples)) if samples else 0


def even(pcm: bytes) -> bytes:
    """``pcm`` cut to a whole number of 16-bit samples (Vosk drops a last odd byte, see [5])."""
    return pcm[:len(pcm) - len(pcm) % 2]


# -- decoding --------------------------------------------------------------------------------------

def _ulaw_sample(byte: int) -> int:
    """G.711 μ-law byte → linear 16-bit value: invert, sign bit 0x80, exponent bits 4–6,
    mantissa bits 0–3, bias 0x84 (G.711 [6]). 0xFF → 0, 0x00 → -32124, 0x80 → 32124."""
    u = ~byte & 0xFF
    magnitude = ((((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84
    return -magnitude if u & 0x80 else magnitude


_ULAW = tuple(struct.pack("<h", _ulaw_sample(b)) for b in range(256))
_UNSIGNED8 = tuple(struct.pack("<h", (b - 128) << 8) for b in range(256))


def mulaw_to_pcm16(data: bytes) -> bytes:
    """Decode μ-law bytes (e.g. a Twilio Media Streams payload) to 16-bit little-endian PCM:
    one byte in, two bytes out, same rate."""
    return b"".join(map(_ULAW.__getitem__, data))


def pcm8_to_pcm16(data: bytes) -> bytes:
    """Unsigned 8-bit WAV samples (silence = 128) → signed 16-bit little-endian PCM."""
    return b"".join(map(_UNSIGNED8.__getitem__, data))


def downmix(pcm: bytes, channels: int) -> bytes:
    """Average interleaved 16-bit ``channels`` into one; mono passes through."""
    if channels == 1:
        return pcm
    samples = _samples(pcm)
    frames = len(samples) // channels
    parts = [samples[c:frames * channels:channels] for c in range(channels)]
    return _pcm(array("h", (sum(frame) // channels for frame in zip(*parts))))


# -- WAV -------------------------------------------------------------------------------------------

def parse_wav(data: bytes) -> WavData:
    """Read a RIFF/WAVE file's ``fmt `` and ``data`` chunks from ``data`` (the whole file).

    Works for the encodings ``wave`` refuses (μ-law, format 7). A data size of 0 or 0xFFFFFFFF
    followed by bytes (left by streaming writers) means "to the end of the file".
    Raises :class:`AudioInputError`: empty, not WAV, truncated, no fmt/data chunk.
    """
    if not data:
        raise AudioInputError("empty file: no audio")
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        kind = "truncated WAV header" if data[:4] == b"RIFF" else "not a WAV file (no RIFF/WAVE header)"
        raise AudioInputError(kind)
    fmt, samples, offset = None, None, 12
    while offset + 8 <= len(data) and (fmt is None or samples is None):
        chunk_id, size = data[offset:offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        body = offset + 8
        if chunk_id == b"data":
            samples = _data_chunk(data, body, size)
        elif chunk_id == b"fmt ":
            if body + min(size, 16) > len(data) or size < 16:
                raise AudioInputError("truncated WAV: the fmt chunk is incomplete")
            fmt = data[body:body + size]
        offset = body + size + (size & 1)  # chunks are padded to an even length
    if fmt is None:
        raise AudioInputError("not a usable WAV file: no fmt chunk")
    if samples is None:
        raise AudioInputError("truncated WAV: no data chunk")
    return _wav_data(fmt, samples)


def _data_chunk(data: bytes, body: int, size: int) -> bytes:
    available = len(data) - body
    if size in UNKNOWN_SIZES and available > 0:
        return data[body:]
    if size > available:
        raise AudioInputError(f"truncated WAV: the data chunk declares {size:,} bytes but only "
                              f"{max(available, 0):,} follow")
    return data[body:body + size]


def _wav_data(fmt: bytes, samples: bytes) -> WavData:
    tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == 0xFFFE and len(fmt) >= 26:
        tag = struct.unpack_from("<H", fmt, 24)[0]  # first two bytes of the sub-format GUID
    if channels < 1 or not MIN_RATE <= rate <= MAX_RATE:
        raise AudioInputError(f"invalid WAV header: {channels} channels at {rate} Hz")
    return WavData(tag, channels, rate, bits, samples)


def decode_wav(wav: WavData) -> Audio:
    """Turn parsed WAV data into mono 16-bit PCM at the file's rate.

    Supported: PCM 16-bit and 8-bit, μ-law 8-bit, any channel count (averaged). Incomplete last
    frames (odd byte counts) are dropped. Raises :class:`AudioInputError` for other encodings
    or no samples.
    """
    kind = (wav.format_tag, wav.bits)
    if kind == (1, 16):
        pcm = wav.data
    elif kind == (1, 8):
        pcm = pcm8_to_pcm16(wav.data)
    elif kind == (7, 8):
        pcm = mulaw_to_pcm16(wav.data)
    else:
        name = FORMAT_NAMES.get(wav.format_tag, f"format {wav.format_tag}")
        raise AudioInputError(f"unsupported WAV encoding: {name}, {wav.bits}-bit; "
                              "use 16-bit PCM or 8-bit μ-law")
    frame = SAMPLE_WIDTH * wav.channels
    pcm = pcm[:len(pcm) - len(pcm) % frame]
    if not pcm:
        raise AudioInputError("the WAV file holds no audio samples")
    return Audio(downmix(pcm, wav.channels), wav.rate)


def read_wav(source: str | Path | bytes) -> Audio:
    """Read a WAV file (path or its bytes) as mono 16-bit PCM. Raises :class:`AudioInputError`."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise AudioInputError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return decode_wav(parse_wav(data))


# -- level and rate --------------------------------------------------------------------------------

def normalise_gain(pcm: bytes) -> bytes:
    """Raise quiet 16-bit PCM so its peak reaches :data:`TARGET_PEAK`, with gain at most
    :data:`MAX_GAIN`. Audio whose peak is at least :data:`QUIET_PEAK` (loud enough) or below
    :data:`SILENCE_PEAK` (silence, hiss) is returned unchanged."""
    top = peak(pcm)
    if top >= QUIET_PEAK or top < SILENCE_PEAK:
        return even(pcm)
    gain = min(TARGET_PEAK / top, MAX_GAIN)
    return _pcm(array("h", (int(s * gain) for s in _samples(pcm))))


def resample(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """Resample mono 16-bit PCM from ``from_rate`` to ``to_rate`` Hz with ffmpeg (anti-aliased).

    About 60 ms of process start-up per call; equal rates return ``pcm`` unchanged. Raises
    ``speech.telephone.AudioError`` if ffmpeg is missing or fails.
    """
    pcm = even(pcm)
    if from_rate == to_rate or not pcm:
        return pcm
    from .telephone import run_ffmpeg  # imports pydub; only needed when rates differ

    args = ["-f", "s16le", "-ar", str(from_rate), "-ac", "1", "-i", "pipe:0",
            "-af", f"aresample={to_rate}", "-f", "s16le", "-ar", str(to_rate), "-ac", "1", "pipe:1"]
    return even(run_ffmpeg(args, pcm))


def prepare(audio: Audio, rate: int, normalise: bool = True) -> bytes:
    """``audio`` as recogniser input: gain-normalised (unless ``normalise`` is false), then
    resampled to ``rate`` Hz (the model's, see ``speech.model.SpeechModel.sample_rate``)."""
    pcm = normalise_gain(audio.pcm) if normalise else even(audio.pcm)
    return resample(pcm, audio.rate, rate)


def load_for_model(source: str | Path | bytes, rate: int, normalise: bool = True) -> bytes:
    """Read the WAV ``source`` and :func:`prepare` it for a model running at ``rate`` Hz."""
    return prepare(read_wav(source), rate, normalise)


__all__ = ["Audio", "WavData", "AudioInputError", "read_wav", "parse_wav", "decode_wav",
           "mulaw_to_pcm16", "pcm8_to_pcm16", "downmix", "normalise_gain", "resample", "prepare",
           "load_for_model", "peak", "even", "QUIET_PEAK", "TARGET_PEAK", "MAX_GAIN", "SILENCE_PEAK"]
