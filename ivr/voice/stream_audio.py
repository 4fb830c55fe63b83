"""What a prompt sounds like on a Media Stream: rendered prompt audio as raw 8 kHz μ-law bytes.

The webhooks point Twilio at ``/audio/<file>.wav`` (:mod:`ivr.prompt_audio`); a bidirectional
stream instead carries the audio itself, base64 μ-law at 8 kHz in ``media`` messages
(https://www.twilio.com/docs/voice/media-streams/websocket-messages#send-a-media-message). The
same rendered files (``speech.render``: 8 kHz 16-bit PCM WAV) are read once, converted with
:func:`ivr.voice.stream_protocol.wav_to_frames` and kept in memory: the whole flow is a few MB.

A prompt with no rendered audio (``flask prompts render`` not run, or the text changed since) is
heard as silence about as long as the text would take to say, and logged once: the stream has
no ``<Say>``, and the browser phone still shows its caption.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict

from ivr.engine import Pause, Prompt
from speech.catalog import AudioCatalog
from speech.g711 import SILENCE_BYTE

from .stream_protocol import FRAME_BYTES, SAMPLE_RATE, wav_to_frames

log = logging.getLogger(__name__)
CACHE_FILES = 512  # rendered files kept converted; the shipped flow has about 400 prompts
MISSING_MS_PER_CHAR = 60  # silence for an unrendered prompt: about a Vietnamese syllable per 4 chars
MISSING_MAX_MS = 8000


def silence(ms: int) -> bytes:
    """``ms`` milliseconds of μ-law silence (0xFF), rounded up to whole 20 ms frames."""
    frames = max(1, -(-ms * SAMPLE_RATE // 1000 // FRAME_BYTES))
    return bytes([SILENCE_BYTE]) * (frames * FRAME_BYTES)


class PromptAudio:
    """Prompt → μ-law bytes (a whole number of 160-byte frames) from ``catalog``'s rendered files.

    Thread-safe: every call of the stream process shares one instance (the app's).
    """

    def __init__(self, catalog: AudioCatalog):
        self.catalog = catalog
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._missing_logged: set[str] = set()

    def mulaw(self, sound: Prompt | Pause) -> bytes:
        """The μ-law audio of ``sound``: its rendered file, a pause's silence (``seconds``), or
        for an unrendered prompt or a caller's recording (``Prompt.url``) a silence as long as
        its text would take (at most :data:`MISSING_MAX_MS`)."""
        if isinstance(sound, Pause):
            return silence(sound.seconds * 1000)
        name = self.catalog.filename(sound) if sound.url is None else None
        if name is None:
            return self._missing(sound)
        path = os.path.join(os.path.abspath(self.catalog.folder), name)
        with self._lock:
            audio = self._cache.get(path)
            if audio is not None:
                self._cache.move_to_end(path)
                return audio
        try:
            audio = b"".join(wav_to_frames(path))
        except (OSError, ValueError) as error:
            log.warning("prompt %s: rendered audio %s unusable on a stream (%s)", sound.id, name, error)
            return self._missing(sound)
        with self._lock:
            self._cache[path] = audio
            while len(self._cache) > CACHE_FILES:
                self._cache.popitem(last=False)
        return audio

    def _missing(self, prompt: Prompt) -> bytes:
        if prompt.id not in self._missing_logged:
            self._missing_logged.add(prompt.id)
            log.warning("prompt %s has no rendered audio: a stream plays silence for it "
                        "(run 'flask prompts render')", prompt.id)
        return silence(min(MISSING_MAX_MS, len(prompt.text) * MISSING_MS_PER_CHAR))
