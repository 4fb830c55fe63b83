"""G.711 μ-law ↔ 16-bit PCM for live audio, in C (``audioop``), frame by frame.

Twilio Media Streams carry raw 8 kHz μ-law, no header, both ways
(https://www.twilio.com/docs/voice/media-streams/websocket-messages). ``audioop`` does the
conversion in C; it is deprecated in Python 3.11–3.12 and removed in 3.13, where the
``audioop-lts`` package (requirements.txt) provides the same module
(https://docs.python.org/3.13/library/audioop.html, https://pypi.org/project/audioop-lts/).
``speech.audio_input.mulaw_to_pcm16`` is the pure-Python table decoder used for files; both agree
on every byte value (tests/speech_recognition/test_streaming.py).
"""
from __future__ import annotations

import warnings

with warnings.catch_warnings():  # deprecated in 3.11–3.12; audioop-lts provides it in 3.13
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

SAMPLE_WIDTH = 2  # bytes per 16-bit PCM sample
SILENCE_BYTE = 0xFF  # μ-law code of a zero sample (0x7F is the negative zero)


def ulaw_to_pcm16(data: bytes) -> bytes:
    """μ-law bytes → 16-bit signed little-endian PCM: one byte in, two bytes out, same rate."""
    return audioop.ulaw2lin(data, SAMPLE_WIDTH)


def pcm16_to_ulaw(pcm: bytes) -> bytes:
    """16-bit signed little-endian PCM → μ-law bytes, one per sample; an odd last byte is dropped.

    ``audioop`` reads samples in the machine's byte order: little-endian on every machine we run."""
    return audioop.lin2ulaw(pcm[:len(pcm) - len(pcm) % 2], SAMPLE_WIDTH)


__all__ = ["ulaw_to_pcm16", "pcm16_to_ulaw", "audioop", "SILENCE_BYTE", "SAMPLE_WIDTH"]
