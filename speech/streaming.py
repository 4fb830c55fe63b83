"""Streaming recognition of one utterance from Twilio Media Streams frames; our own endpointing.

A :class:`UtteranceListener` takes the caller's audio as it arrives (raw 8 kHz μ-law, 20 ms =
160 bytes a frame: https://www.twilio.com/docs/voice/media-streams/websocket-messages) and says
three things, as events returned by :meth:`UtteranceListener.feed`:

- :class:`SpeechStarted`: the caller began to speak (the barge-in signal: the adapter sends
  ``clear`` so the prompt stops). Reported :data:`ONSET_MS` of speech after it began.
- :class:`Final`: the caller stopped (:data:`END_SILENCE_MS` without speech), or spoke for
  :data:`MAX_SPEECH_MS`, or the stream ended (:meth:`UtteranceListener.finish`): Vosk's result as a
  ``speech.recognizer.Recognition`` (words, confidences or alternatives, the verdict), with timings.
- :class:`NoSpeech`: nothing was said for ``no_speech_ms``.

After a :class:`Final` or :class:`NoSpeech` the listener is done and ignores further audio.

Why our own endpointing: vosk 0.3.45, the newest on PyPI, has no ``SetEndpointerDelays``
(``vosk_recognizer_set_endpointer_delays`` is in vosk-api git after 0.3.45,
https://github.com/alphacep/vosk-api/blob/master/src/vosk_api.h, not in the wheel's
``libvosk.so``); the model's fixed rules ended an utterance 0.5–2.7 s after the last word in
our runs, and people leave about 200 ms between turns. So a per-frame detector decides:

- A frame is **speech** when its RMS is at least :data:`MIN_SPEECH_RMS` and :data:`NOISE_FACTOR`
  times the background level (tracked on the frames before speech: fast down, slower up), and it
  is voiced (lag-1 autocorrelation at least ``speech.audio_input.VOICED_R1``: white noise and
  hiss are about 0) — the energy and first autocorrelation coefficient of Atal and Rabiner
  (https://doi.org/10.1109/TASSP.1976.1162800), as ``speech.audio_input.voice_activity`` uses them.
- **Onset**: at least :data:`ONSET_FRAMES` speech frames among the last :data:`ONSET_WINDOW`, and
  a pitch in the onset audio (``speech.audio_input.pitched_windows``: pink and brown noise, which
  look voiced, have none). A failed pitch check waits :data:`ONSET_WINDOW` frames before the next.
- **End**: :data:`END_SILENCE_MS` of frames that are not speech after the onset.

The recogniser (a new ``vosk.KaldiRecognizer`` with the question's grammar, never ``SetGrammar``:
``speech.recognizer``) is made at the onset, fed :data:`PREROLL_MS` of audio from before it (the
first consonant) and then every frame as it arrives, so the decode is nearly done when the caller
stops and ``FinalResult()`` costs only the last few frames. Every ``Result()`` Vosk returns at its
own endpoints is kept (https://github.com/alphacep/vosk-api/issues/590). Before any recogniser
exists (silence, a prompt playing with no barge-in) a frame costs only the detector.

Noise never answers: an utterance whose audio fails ``speech.audio_input.voice_activity`` (judged
on the 8 kHz samples as they arrived, before gain) gets ``reason`` ``no_speech`` and no text, as in
``speech.recognizer.recognize``. Quiet callers: the gain for the utterance is fixed at the onset
from the peak of the audio so far (``speech.audio_input.normalise_gain``'s constants), since a
stream cannot look ahead.

Times are **stream time** in milliseconds: 0 is the first byte given to this listener, and every
μ-law byte is 1/8 ms. Word times in ``Final.recognition.words`` are seconds from
``Final.audio_start_ms``.

Threads: a listener is one utterance's state and is not thread-safe; use it from one thread at a
time. The model is shared (read-only) by all listeners; each listener owns its recogniser
(https://github.com/alphacep/vosk-api/issues/877). ``feed`` runs Vosk's decoder (milliseconds per
frame once speech began), so the adapter should call it off the WebSocket receive loop, in a worker
thread or process, one listener per utterance.
"""
from __future__ import annotations

import json
import math
from array import array
from collections import deque
from dataclasses import dataclass, replace
from typing import Any, Sequence, Union

from .audio_input import (MAX_GAIN, QUIET_PEAK, SILENCE_PEAK, TARGET_PEAK, VOICED_R1, peak,
                          pitched_windows, voice_activity)
from .g711 import audioop, ulaw_to_pcm16
from .grammar import Grammar, GrammarError, build_grammar, validate_grammar_json
from .model import SpeechModel
from .recognizer import (MAX_ALTERNATIVES, MIN_MARGIN, MIN_WORD_CONF, Recognition,
                         RecognitionError, combine, new_recognizer)

SAMPLE_RATE = 8000  # Hz: Twilio's μ-law
FRAME_MS = 20  # the detector's frame, and Twilio's
FRAME_BYTES = SAMPLE_RATE * FRAME_MS // 1000  # 160 μ-law bytes
MIN_SPEECH_RMS = 64  # about -54 dBFS: twice speech.audio_input.SPEECH_FLOOR_RMS; the quietest
# answers decoded (peak ~500) have speech frames at RMS 60–200
NOISE_FACTOR = 3.0  # speech is at least ~10 dB above the background level
FLOOR_RISE = 0.05  # per frame: the background estimate follows a louder line within ~0.4 s
ONSET_WINDOW = 5  # frames (100 ms) looked at for an onset
ONSET_FRAMES = 4  # speech frames needed in that window: 80 ms of speech
ONSET_MS = ONSET_FRAMES * FRAME_MS
ONSET_PITCHED = 1  # 40 ms windows with a pitch needed in the onset audio (noise: none)
ONSET_AUDIO_MS = 120  # audio looked at for the pitch: the onset window and one frame before
PREROLL_MS = 300  # audio before the onset given to the recogniser: soft first consonants
END_SILENCE_MS = 220  # a one- or two-word answer is final ~0.25 s after the caller stops
MAX_SPEECH_MS = 8000  # a short answer; longer speech is cut and decoded
NO_SPEECH_MS = 5000  # the default wait for an answer


@dataclass(frozen=True)
class SpeechStarted:
    """The caller began to speak: ``onset_ms`` where the speech began (stream time, the first
    speech frame of the onset), ``at_ms`` when it was reported (the end of the frame that
    confirmed it: normally :data:`ONSET_MS` later, 100 ms more if the first pitch check failed)."""

    onset_ms: int
    at_ms: int
    kind: str = "speech_started"


@dataclass(frozen=True)
class Final:
    """The utterance is over. ``recognition``: the decode (``speech.recognizer.Recognition``:
    ``text``, ``words`` with ``start``/``end`` seconds from ``audio_start_ms`` and ``conf``,
    ``alternatives``, ``reason``, ``understood``, ``transcript``); ``speech_start_ms`` /
    ``speech_end_ms``: the first and last speech frames; ``at_ms``: stream time of the decision;
    ``audio_start_ms``: where the audio given to Vosk began; ``cause``: ``endpoint`` (our
    silence rule), ``max_speech`` or ``finished`` (:meth:`UtteranceListener.finish`)."""

    recognition: Recognition
    speech_start_ms: int
    speech_end_ms: int
    at_ms: int
    audio_start_ms: int
    cause: str
    kind: str = "final"

    @property
    def words(self) -> tuple[dict, ...]:
        return self.recognition.words


@dataclass(frozen=True)
class NoSpeech:
    """No speech began within the listener's ``no_speech_ms`` (or before :meth:`finish`)."""

    at_ms: int
    kind: str = "no_speech"


ListenerEvent = Union[SpeechStarted, Final, NoSpeech]


class SpeechDetector:
    """The per-frame voice-activity detector: onset and end of speech, no recogniser.

    ``update(pcm)`` takes one frame of 8 kHz 16-bit PCM (:data:`FRAME_MS` ms) and returns
    ``"onset"`` on the frame that confirms speech began, ``"end"`` on the frame that completes
    :data:`END_SILENCE_MS` ms of non-speech after it, else ``None``. Not thread-safe.
    """

    def __init__(self, end_silence_ms: int = END_SILENCE_MS):
        self.floor = 0.0
        self.in_speech = False
        self.end_frames = max(1, math.ceil(end_silence_ms / FRAME_MS))
        self.recent: deque[bool] = deque(maxlen=ONSET_WINDOW)
        self.audio: deque[bytes] = deque(maxlen=ONSET_AUDIO_MS // FRAME_MS)
        self.cooldown = 0
        self.silent_frames = 0

    def is_speech(self, pcm: bytes, rms: int) -> bool:
        """Whether one frame (its ``rms``) is loud enough above the background, and voiced."""
        if rms < max(MIN_SPEECH_RMS, NOISE_FACTOR * self.floor):
            return False
        samples = array("h", pcm)
        energy = sum(x * x for x in samples)
        return energy > 0 and sum(a * b for a, b in zip(samples, samples[1:])) / energy >= VOICED_R1

    def update(self, pcm: bytes) -> str | None:
        """One frame's decision: ``"onset"``, ``"end"`` or ``None`` (see the class docstring)."""
        rms = audioop.rms(pcm, 2)
        speech = self.is_speech(pcm, rms)
        if not self.in_speech:
            if not speech:  # the background level: follows a quieter line at once, a louder slowly
                self.floor = rms if rms < self.floor else self.floor + FLOOR_RISE * (rms - self.floor)
            return self._onset(pcm, speech)
        if speech:
            self.silent_frames = 0
            return None
        self.silent_frames += 1
        return "end" if self.silent_frames >= self.end_frames else None

    def _onset(self, pcm: bytes, speech: bool) -> str | None:
        self.recent.append(speech)
        self.audio.append(pcm)
        if self.cooldown:
            self.cooldown -= 1
            return None
        if sum(self.recent) < ONSET_FRAMES:
            return None
        if pitched_windows(b"".join(self.audio), SAMPLE_RATE, ONSET_PITCHED) < ONSET_PITCHED:
            self.cooldown = ONSET_WINDOW  # pink or brown noise: look again in 100 ms
            return None
        self.in_speech = True
        self.silent_frames = 0
        return "onset"

    def onset_frames_ago(self) -> int:
        """At the onset: how many frames before the current one the first speech frame was."""
        flags = list(self.recent)
        return len(flags) - 1 - flags.index(True)


class UtteranceListener:
    """Listen for one answer in a stream of 8 kHz μ-law frames; see the module docstring.

    ``model``: a loaded ``speech.model.SpeechModel`` (shared). ``grammar``: the question's phrases
    (checked with ``speech.grammar.build_grammar``), a built ``Grammar``, or ``None`` for the full
    vocabulary. ``no_speech_ms``: how long to wait for speech (stream time; ``None``: for ever,
    e.g. while a prompt plays and only barge-in matters). ``end_silence_ms``, ``max_speech_ms``:
    the endpointing (ms). ``max_alternatives``, ``min_margin``, ``min_conf``: as
    ``speech.recognizer.recognize``.

    Raises ``speech.grammar.GrammarError`` for an unusable grammar, at construction, before Vosk is
    touched; ``feed`` and ``finish`` raise ``speech.recognizer.RecognitionError`` if Vosk fails on
    the audio, and the listener is then done.
    """

    def __init__(self, model: SpeechModel, grammar: Sequence[str] | Grammar | None, *,
                 no_speech_ms: int | None = NO_SPEECH_MS, end_silence_ms: int = END_SILENCE_MS,
                 max_speech_ms: int = MAX_SPEECH_MS, max_alternatives: int = MAX_ALTERNATIVES,
                 min_margin: float = MIN_MARGIN, min_conf: float = MIN_WORD_CONF):
        self.model = model
        self.grammar = _checked(grammar, model)
        self.rate = model.input_rate(SAMPLE_RATE)
        self.no_speech_ms = no_speech_ms
        self.max_speech_ms = max_speech_ms
        self.max_alternatives = max_alternatives
        self.min_margin, self.min_conf = min_margin, min_conf
        self.detector = SpeechDetector(end_silence_ms)
        self.done = False
        self._samples = 0  # μ-law bytes (= samples) seen: stream time × 8
        self._carry = b""
        self._preroll: deque[bytes] = deque(maxlen=PREROLL_MS // FRAME_MS)
        self._recognizer: Any = None
        self._results: list[dict] = []
        self._utterance: list[bytes] = []  # 8 kHz PCM as it arrived, for the noise check
        self._gain = 1.0
        self._ratecv_state = None
        self._speech_start_ms = self._speech_end_ms = self._audio_start_ms = 0

    @property
    def in_utterance(self) -> bool:
        """True from the onset to the final: a recogniser is being fed."""
        return self._recognizer is not None

    @property
    def now_ms(self) -> int:
        """Stream time (ms) at the end of the audio analysed so far."""
        return self._samples // (SAMPLE_RATE // 1000)

    def feed(self, mulaw: bytes) -> list[ListenerEvent]:
        """Take the next μ-law bytes (any length; usually one 160-byte Twilio payload) and return
        the events they caused, in order: ``[]`` most of the time. Bytes that do not fill a 20 ms
        frame wait for the next call. After ``Final`` or ``NoSpeech``: always ``[]``."""
        if self.done or not mulaw:
            return []
        data = self._carry + bytes(mulaw)
        whole = len(data) - len(data) % FRAME_BYTES
        self._carry = data[whole:]
        events: list[ListenerEvent] = []
        for start in range(0, whole, FRAME_BYTES):
            events += self._frame(ulaw_to_pcm16(data[start:start + FRAME_BYTES]))
            if self.done:
                break
        return events

    def finish(self) -> list[ListenerEvent]:
        """The stream ended or the caller pressed a key: ``[Final]`` (cause ``finished``) if speech
        had begun, else ``[NoSpeech]``; ``[]`` when already done."""
        if self.done:
            return []
        if self._recognizer is None:
            self.done = True
            return [NoSpeech(self.now_ms)]
        return [self._final("finished")]

    # -- per frame ---------------------------------------------------------------------------------

    def _frame(self, pcm: bytes) -> list[ListenerEvent]:
        self._samples += FRAME_BYTES
        decision = self.detector.update(pcm)
        if self._recognizer is None:
            self._preroll.append(pcm)
            if decision == "onset":
                return [self._start()]
            if self.no_speech_ms is not None and self.now_ms >= self.no_speech_ms:
                self.done = True
                return [NoSpeech(self.now_ms)]
            return []
        self._accept(pcm)
        if self.detector.silent_frames == 0:
            self._speech_end_ms = self.now_ms
        if decision == "end":
            return [self._final("endpoint")]
        if self.now_ms - self._speech_start_ms >= self.max_speech_ms:
            return [self._final("max_speech")]
        return []

    def _start(self) -> SpeechStarted:
        """Onset: a recogniser for this utterance, fed the pre-roll at a gain fixed now."""
        onset = self.now_ms - FRAME_MS * (self.detector.onset_frames_ago() + 1)
        self._speech_start_ms, self._speech_end_ms = onset, self.now_ms
        preroll = list(self._preroll)
        self._audio_start_ms = self.now_ms - FRAME_MS * len(preroll)
        self._gain = _gain(peak(b"".join(preroll)))
        self._recognizer = new_recognizer(self.model, self.rate,
                                          self.grammar.json if self.grammar else None)
        self._recognizer.SetWords(True)
        if self.max_alternatives:
            self._recognizer.SetMaxAlternatives(self.max_alternatives)
        for pcm in preroll:
            self._accept(pcm)
        return SpeechStarted(onset, self.now_ms)

    def _accept(self, pcm: bytes) -> None:
        self._utterance.append(pcm)
        if self._gain != 1.0:
            pcm = audioop.mul(pcm, 2, self._gain)  # saturates instead of wrapping
        if self.rate != SAMPLE_RATE:  # a model that may not upsample: linear, with carried state
            pcm, self._ratecv_state = audioop.ratecv(pcm, 2, 1, SAMPLE_RATE, self.rate,
                                                     self._ratecv_state)
        try:
            if self._recognizer.AcceptWaveform(pcm):
                self._results.append(json.loads(self._recognizer.Result()))
        except Exception as exc:  # vosk raises a bare Exception("Failed to process waveform")
            self.done = True
            raise RecognitionError(f"vosk could not process the audio: {exc}") from exc

    def _final(self, cause: str) -> Final:
        self.done = True
        try:
            self._results.append(json.loads(self._recognizer.FinalResult()))
        except Exception as exc:  # the listener is done: the adapter asks again or takes keys
            raise RecognitionError(f"vosk could not finish the utterance: {exc}") from exc
        self._recognizer = None  # frees the Kaldi decoder now, not at the listener's end
        if voice_activity(b"".join(self._utterance), SAMPLE_RATE).is_speech:
            recognition = combine(self._results, self.min_margin, self.min_conf)
        else:
            recognition = Recognition("", reason="no_speech")
        if self.grammar is not None:
            recognition = _with_grammar(recognition, self.grammar)
        return Final(recognition, self._speech_start_ms, self._speech_end_ms, self.now_ms,
                     self._audio_start_ms, cause)


def _gain(top: int) -> float:
    """The gain for a quiet caller from the peak so far (``speech.audio_input.normalise_gain``)."""
    if top >= QUIET_PEAK or top < SILENCE_PEAK:
        return 1.0
    return min(TARGET_PEAK / top, MAX_GAIN)


def _checked(grammar: Sequence[str] | Grammar | None, model: SpeechModel) -> Grammar | None:
    if grammar is None:
        return None
    if isinstance(grammar, str):
        raise GrammarError("pass grammar phrases as a list, not one string")
    if not isinstance(grammar, Grammar):
        grammar = build_grammar(grammar, model)
    validate_grammar_json(grammar.json)
    return grammar


def _with_grammar(recognition: Recognition, grammar: Grammar) -> Recognition:
    return replace(recognition, grammar=grammar.phrases)


__all__ = ["UtteranceListener", "SpeechDetector", "SpeechStarted", "Final", "NoSpeech",
           "ListenerEvent", "FRAME_BYTES", "FRAME_MS", "SAMPLE_RATE", "ONSET_MS", "END_SILENCE_MS",
           "PREROLL_MS", "MAX_SPEECH_MS", "NO_SPEECH_MS", "MIN_SPEECH_RMS"]
