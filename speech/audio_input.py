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
- Noise and near-silence are not speech, but a grammar forces them onto listed words, with word
  confidence 1.0 on a model without ``[unk]`` [9] (measured here: benchmarks/README.md, "Noise
  never answers"). :func:`voice_activity` looks at the audio *before* gain normalisation, in
  20 ms frames, with the classic voiced/unvoiced/silence features [10], [11]: frame energy
  (below :data:`SPEECH_FLOOR_RMS` is silence) and the first normalised autocorrelation
  coefficient (white noise and line hiss ≈ 0, voiced speech 0.5–1: at least
  :data:`MIN_VOICED_SECONDS` of frames at or above :data:`VOICED_R1` is required); a recording
  whose loud and quiet frames differ by less than :data:`MIN_DYNAMICS_DB` is a steady sound
  (hum, a tone), not speech. Last, a voice has a pitch: in at least :data:`MIN_PITCHED_FRAMES` of
  the loudest 40 ms windows the normalised autocorrelation of the pre-emphasised signal must
  peak at :data:`MIN_PITCH_STRENGTH` or more at a lag of one pitch period (70–400 Hz) [13].
  Pink and brown noise, which pass the first three (low-frequency energy makes them look voiced),
  peak at 0.16–0.32 there, spoken words at 0.54–0.91 (measured here, benchmarks/README.md).
  Babble of several voices is left to the recogniser's own signals (``[unk]``, the
  alternatives' margin, word confidences). A whispered answer has no pitch and is asked again.

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
[9] https://github.com/alphacep/vosk-api/issues/1339 ; https://github.com/alphacep/vosk-api/issues/2041
[10] B. Atal, L. Rabiner, "A pattern recognition approach to voiced-unvoiced-silence
     classification with applications to speech recognition", IEEE Trans. ASSP 24(3), 1976:
     https://doi.org/10.1109/TASSP.1976.1162800 (energy and the first autocorrelation coefficient)
[11] L. Rabiner, M. Sambur, "An algorithm for determining the endpoints of isolated utterances",
     Bell System Technical Journal 54(2), 1975:
     https://doi.org/10.1002/j.1538-7305.1975.tb02840.x (energy above the background level)
[12] ITU-T P.56, objective measurement of active speech level (nominal level -26 dBov):
     https://www.itu.int/rec/T-REC-P.56
[13] L. Rabiner, "On the use of autocorrelation analysis for pitch detection", IEEE Trans. ASSP
     25(1), 1977: https://doi.org/10.1109/TASSP.1977.1162905 (the normalised autocorrelation
     peak at the pitch period as the measure of voicing)
"""
from __future__ import annotations

import math
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
# Voice activity ([10]–[12] in the module docstring; values measured here on espeak-ng Korean and
# Vietnamese words at 8 kHz, PCM and μ-law, full level and ×0.03, and on seeded noise: the
# noise-gate table in benchmarks/README.md). Tune on real calls.
FRAME_SECONDS = 0.02  # 20 ms analysis frames, the usual speech frame
SPEECH_FLOOR_RMS = 32  # about -60 dBFS, 34 dB under the nominal -26 dBov speech level [12]; the
# quietest answers decoded (peak ~500, ×0.03) have frames at RMS 60–200, ±40 hiss is RMS 23
VOICED_R1 = 0.5  # voiced speech frames: median 0.6–0.98; white noise and hiss: about 0.0
MIN_VOICED_SECONDS = 0.1  # the shortest word measured ("sáu" at ×0.03) had 0.12 s voiced
MIN_DYNAMICS_DB = 3.0  # loudest vs quietest tenth of frames: steady noise 0.8–1.6 dB, a word cut
# to its edges 3.5–27 dB (a sustained "ừ" is the 3.5); pink/brown noise reach 6–10 dB, so they pass
PITCH_WINDOW_SECONDS = 0.04  # two periods of the lowest pitch looked for
PITCH_RANGE_HZ = (70, 400)  # elderly men's voices reach down to about 70 Hz, children's 400
MIN_PITCH_STRENGTH = 0.45  # noise peaks at 0.16-0.32, spoken words at 0.54-0.91 (measured here)
MIN_PITCHED_FRAMES = 2  # of the loudest PITCH_FRAMES windows
PITCH_FRAMES = 8  # only the loudest windows are looked at: tens of ms of pure Python at most
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


@dataclass(frozen=True)
class Activity:
    """What :func:`voice_activity` found: ``voiced_seconds`` (frames loud enough and voiced),
    ``level_db`` and ``floor_db`` (the 95th and 10th percentile frame RMS, dBFS; ``-inf`` for
    digital silence), ``reason``: ``speech``, ``silence``, ``unvoiced``, ``steady`` or
    ``unpitched``."""

    voiced_seconds: float
    level_db: float
    floor_db: float
    reason: str

    @property
    def is_speech(self) -> bool:
        return self.reason == "speech"


def _frame_features(pcm: bytes, rate: int) -> list[tuple[float, float]]:
    """``(rms, r1)`` per whole 20 ms frame: RMS in sample units and the normalised lag-1
    autocorrelation (0 for an all-zero frame)."""
    samples = _samples(pcm)
    size = max(2, int(rate * FRAME_SECONDS))
    frames = []
    for start in range(0, len(samples) - size + 1, size):
        frame = samples[start:start + size]
        energy = sum(x * x for x in frame)
        r1 = sum(a * b for a, b in zip(frame, frame[1:])) / energy if energy else 0.0
        frames.append((math.sqrt(energy / size), r1))
    return frames


def _dbfs(rms: float) -> float:
    return 20 * math.log10(rms / 32768) if rms > 0 else -math.inf


def voice_activity(pcm: bytes, rate: int) -> Activity:
    """Whether mono 16-bit ``pcm`` at ``rate`` Hz holds speech; pass the audio as it arrived
    (before gain normalisation and resampling: upsampling makes white noise look voiced).

    ``silence``: no frame reaches :data:`SPEECH_FLOOR_RMS`; ``unvoiced``: less than
    :data:`MIN_VOICED_SECONDS` of frames both that loud and with a lag-1 autocorrelation of at
    least :data:`VOICED_R1` (white noise, hiss, clicks); ``steady``: the loudest and quietest
    tenth of frames within :data:`MIN_DYNAMICS_DB` (hum, tones); ``unpitched``: fewer than
    :data:`MIN_PITCHED_FRAMES` of the loudest windows with a pitch (:func:`pitched_windows`:
    pink and brown noise). Sources: module docstring.
    """
    frames = _frame_features(pcm, rate)
    if not frames:
        return Activity(0.0, -math.inf, -math.inf, "silence")
    levels = sorted(rms for rms, _ in frames)
    level, floor = levels[min(len(levels) - 1, int(0.95 * len(levels)))], levels[len(levels) // 10]
    voiced = sum(1 for rms, r1 in frames if rms >= SPEECH_FLOOR_RMS and r1 >= VOICED_R1)
    seconds = round(voiced * FRAME_SECONDS, 3)
    if levels[-1] < SPEECH_FLOOR_RMS:
        reason = "silence"
    elif seconds < MIN_VOICED_SECONDS:
        reason = "unvoiced"
    elif _dbfs(level) - _dbfs(floor) < MIN_DYNAMICS_DB:
        reason = "steady"
    elif pitched_windows(pcm, rate) < MIN_PITCHED_FRAMES:
        reason = "unpitched"
    else:
        reason = "speech"
    return Activity(seconds, round(_dbfs(level), 1), round(_dbfs(floor), 1), reason)


def pitched_windows(pcm: bytes, rate: int, enough: int = MIN_PITCHED_FRAMES) -> int:
    """How many of the :data:`PITCH_FRAMES` loudest 40 ms windows (half-overlapping) of mono
    16-bit ``pcm`` at ``rate`` Hz have a pitch: a normalised autocorrelation of at least
    :data:`MIN_PITCH_STRENGTH` at a lag within :data:`PITCH_RANGE_HZ`, after a first-order
    pre-emphasis (0.95) that removes the low-frequency drift of brown noise. The signal is first
    averaged in groups down to about 4 kHz (pairs at 8 kHz), which keeps every pitch in range and
    quarters the work. Stops counting at ``enough`` (source [13] of the module docstring).
    """
    samples = _samples(pcm)
    step = max(1, rate // 4000)
    if step > 1:  # average in groups: a crude low-pass before taking every step-th sample
        samples = array("h", (sum(samples[i:i + step]) // step
                              for i in range(0, len(samples) - step + 1, step)))
    rate //= step
    size = max(4, int(rate * PITCH_WINDOW_SECONDS))
    starts = range(0, len(samples) - size + 1, size // 2)
    loudest = sorted(starts, key=lambda s: -sum(v * v for v in samples[s:s + size]))
    low, high = max(1, rate // PITCH_RANGE_HZ[1]), rate // PITCH_RANGE_HZ[0]
    count = 0
    for start in loudest[:PITCH_FRAMES]:
        window = samples[start:start + size]
        y = [window[i] - 0.95 * window[i - 1] for i in range(1, len(window))]
        if _pitch_strength(y, low, min(high, len(y) // 2)) >= MIN_PITCH_STRENGTH:
            count += 1
            if count >= enough:
                break
    return count


def _pitch_strength(y: list[float], low: int, high: int) -> float:
    """The highest normalised autocorrelation of ``y`` at lags ``low``..``high``."""
    best = 0.0
    for lag in range(low, high + 1):
        a, b = y[:-lag], y[lag:]
        den = math.sqrt(sum(v * v for v in a) * sum(v * v for v in b))
        if den:
            best = max(best, sum(p * q for p, q in zip(a, b)) / den)
    return best


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
           "load_for_model", "peak", "even", "voice_activity", "Activity", "QUIET_PEAK", "TARGET_PEAK",
           "MAX_GAIN", "SILENCE_PEAK", "SPEECH_FLOOR_RMS", "VOICED_R1", "MIN_VOICED_SECONDS",
           "MIN_DYNAMICS_DB", "pitched_windows", "MIN_PITCH_STRENGTH", "MIN_PITCHED_FRAMES"]
