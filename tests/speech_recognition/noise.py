"""Seeded test noise as 16-bit mono WAV bytes (Python's ``random`` and ``array``: the same bytes on
every machine for a seed). Used by the recogniser and webhook tests and benchmarks/noise.py."""
from __future__ import annotations

import io
import math
import random
import wave
from array import array

RATE = 8000  # Hz: the phone network's rate, as Twilio records it
FULL_SCALE = 32767


def _clip(value: float) -> int:
    return max(-FULL_SCALE - 1, min(FULL_SCALE, int(value)))


def samples(kind: str, seed: int, seconds: float = 2.0, level: float = 0.25,
            rate: int = RATE) -> array:
    """``seconds`` of ``kind`` noise at ``rate`` Hz; ``level`` is the peak (uniform), the standard
    deviation (gauss) or the peak after scaling (pink, brown, hum) as a share of full scale.

    Kinds: ``white`` (uniform), ``gauss`` (Gaussian white), ``pink`` (Paul Kellet's three-pole
    filter, https://www.firstpr.com.au/dsp/pink-noise/), ``brown`` (a leaky integrator),
    ``hum`` (50 Hz mains and its harmonics up to 450 Hz). Raises ``ValueError`` for other kinds.
    """
    rng = random.Random(seed)
    count = int(seconds * rate)
    if kind == "white":
        top = int(level * FULL_SCALE)
        return array("h", (rng.randint(-top, top) for _ in range(count)))
    if kind == "gauss":
        return array("h", (_clip(rng.gauss(0, level * FULL_SCALE)) for _ in range(count)))
    if kind == "pink":
        b0 = b1 = b2 = 0.0
        raw = []
        for _ in range(count):
            w = rng.gauss(0, 1)
            b0, b1, b2 = 0.99765 * b0 + w * 0.0990460, 0.96300 * b1 + w * 0.2965164, \
                0.57000 * b2 + w * 1.0526913
            raw.append(b0 + b1 + b2 + w * 0.1848)
    elif kind == "brown":
        x, raw = 0.0, []
        for _ in range(count):
            x = 0.98 * x + rng.gauss(0, 1)
            raw.append(x)
    elif kind == "hum":
        phase = rng.random() * 2 * math.pi
        raw = [sum(math.sin(h * (2 * math.pi * 50 * i / rate + phase)) / h for h in range(1, 10, 2))
               for i in range(count)]
    else:
        raise ValueError(f"unknown noise kind {kind!r}")
    scale = level * FULL_SCALE / max(max(raw), -min(raw))
    return array("h", (_clip(v * scale) for v in raw))


def wav(pcm: array | bytes, rate: int = RATE) -> bytes:
    """16-bit mono little-endian samples as WAV file bytes."""
    data = pcm.tobytes() if isinstance(pcm, array) else pcm
    if isinstance(pcm, array) and array("h", [1]).tobytes() != b"\x01\x00":
        swapped = array("h", pcm)
        swapped.byteswap()
        data = swapped.tobytes()
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(data)
    return out.getvalue()


def noise_wav(kind: str, seed: int, seconds: float = 2.0, level: float = 0.25) -> bytes:
    """:func:`samples` as an 8 kHz WAV file."""
    return wav(samples(kind, seed, seconds, level))
