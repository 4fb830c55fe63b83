"""One call over a bidirectional Media Stream, sans-IO: stream events in, messages out.

The third adapter of the call service (beside the TwiML webhooks and the simulator; issue 13).
:class:`StreamCall` takes the events :class:`~ivr.voice.stream_protocol.StreamSession` parses
(``start``, ``media``, ``dtmf``, ``mark``, ``stop``) and answers with the text messages to send
(``media``, ``mark``, ``clear``; on the browser phone also ``caption``) and, last, a
:class:`Close` when the stream must end. It owns no socket and no thread and reads no clock:
time is the caller's audio (every μ-law byte is 1/8 ms) plus the adapter's :meth:`tick` when no
audio arrives, so the same object is driven by the WebSocket handler (:mod:`.streams`), the
protocol tests and ``benchmarks/run-stream``.

The call itself is the call service's (:mod:`ivr.calls`), reached through a :class:`CallService`:
state in the database by CallSid, the pure engine stepping it, so the engine does not know which
adapter serves it, and a call can move between a stream and ordinary TwiML at any turn.

How a question is asked (Twilio's protocol:
https://www.twilio.com/docs/voice/media-streams/websocket-messages):

- its prompts are sent at once as 20 ms ``media`` messages followed by a ``mark``; Twilio plays
  them in order and echoes the mark when they have played. Then the question's silence timeout
  (``Ask.timeout``) runs on the caller's audio;
- a key (``dtmf``) barges in: ``clear`` drops what is still queued, and the key is the answer (a
  number collects keys to ``#``, ``Ask.max_digits`` or a silence, as ``<Gather>`` does);
- speech barges in: a question that listens (``Ask.listen``) has an
  :class:`~speech.streaming.UtteranceListener` fed every frame, also while its prompts play; at
  the speech onset (80 ms) ``clear`` is sent and the caller is heard out; the final transcript
  goes to the call service as an :class:`~ivr.hearing.Utterance`. Noise never answers: an
  utterance the listener judges ``no_speech`` is dropped and the question keeps listening.

What a stream cannot do is handed to TwiML: a recording (``<Record>`` keeps the report's audio
at Twilio, where the recording pipeline fetches it), a transfer (``<Dial>``), and a caller's own
recording played back. The stream then closes (:class:`Close` ``handover``) and Twilio requests
the ``<Connect action>``, whose webhook says the call's current question as TwiML
(:func:`ivr.calls.continue_call` with ``Replay``). A hang-up plays its goodbye on the stream and
closes once Twilio says it has played. The browser phone (``browser=True``) has no TwiML behind
it: at a recording it says ``no_recording`` (report by phone) and goes to the main menu, and a
transfer is answered ``TransferEnded("unavailable")`` (the callback offer) after its prompts.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ivr.engine import (Ask, Digits, Event, Hangup, Listen, NoInput, NoRecording, Pause, Play,
                        Prompt, Record, Transfer, TransferEnded)
from ivr.hearing import Utterance
from ivr.people.transfers import Dial
from speech.recognizer import RecognitionError
from speech.streaming import Final, SpeechStarted, UtteranceListener

from .stream_protocol import (FRAME_BYTES, Dtmf, Mark, Media, Start, Stop, clear_message,
                              mark_message, media_message)

log = logging.getLogger(__name__)
GATHER_SECONDS = 1  # the <Gather> a webhook plays prompts in before it connects a stream (twiml.py)
MS_PER_BYTE = 1 / 8  # 8 kHz μ-law: one byte per sample


@dataclass(frozen=True)
class Close:
    """End the stream. ``reason``: ``hangup`` (the flow ended the call; Twilio then hangs up at
    the ``<Connect action>``), ``handover`` (TwiML goes on at the action), ``failed``."""

    reason: str


Out = str | Close


class CallService(Protocol):
    """The call service as a stream sees it (``ivr.calls`` in an app context: :mod:`.streams`).
    Each method is one transaction and returns an ``ivr.calls.Turn``."""

    def start(self, call_sid: str, caller: str | None):
        """The call begins on this stream (``ivr.calls.answer_call``; a repeat replays)."""

    def resume(self, call_sid: str, caller: str | None):
        """The current question of a call a webhook began (``Replay``)."""

    def answer(self, call_sid: str, turn: int, event: Event | Utterance):
        """One caller event at ``turn`` (``ivr.calls.continue_call``)."""


ListenerFor = Callable[[Listen], "UtteranceListener | None"]
AudioFor = Callable[[Prompt | Pause], bytes]


@dataclass
class Timings:
    """What the stream measured, in stream milliseconds (the caller's audio clock): for each
    spoken answer the end of speech and when the next prompt's first frame was sent; for each
    voice barge-in the onset and when ``clear`` was sent. Read by tests and benchmarks."""

    answers: list[tuple[int, int]] = field(default_factory=list)
    barge_ins: list[tuple[int, int]] = field(default_factory=list)


class StreamCall:
    """One stream's call: see the module docstring. Not thread-safe: one per WebSocket.

    ``service``: the :class:`CallService`; ``audio(sound)``: μ-law bytes of a prompt or pause
    (:class:`~ivr.voice.stream_audio.PromptAudio`); ``listener_for(listen)``: a new
    :class:`~speech.streaming.UtteranceListener` for a question, or ``None`` when this hotline
    does not listen (no model). ``call_sid``: the browser phone's own (Twilio's comes in
    ``start``); ``browser``: send captions, and answer recordings and transfers instead of
    handing them to TwiML.
    """

    def __init__(self, service: CallService, audio: AudioFor, listener_for: ListenerFor, *,
                 call_sid: str | None = None, browser: bool = False,
                 no_recording: Prompt | None = None, main_menu_key: str = "9"):
        self.service, self.audio, self.listener_for = service, audio, listener_for
        self.browser = browser
        # The browser phone at a recording: this notice, then back to the main menu.
        self.no_recording, self.main_menu_key = no_recording, main_menu_key
        self.call_sid = call_sid
        self.stream_sid: str | None = None
        self.turn = 0
        self.node = ""
        self.phase = "new"  # new → playing ⇄ waiting → closing → ended
        self.ask: Ask | None = None
        self.listener: UtteranceListener | None = None
        self.digits = ""
        self.clock_ms = 0.0  # the caller's audio so far (+ ticks)
        self.waited_ms = 0.0  # since the prompts ended (or the last key of a number)
        self.timeout_ms = 0.0
        self.pending_mark: str | None = None
        self.after: Event | None = None  # the browser's answer once a recording's prompts played
        self.marks = 0
        self.timings = Timings()
        self._speech_end_ms: int | None = None

    # -- events in ---------------------------------------------------------------------------------

    def receive(self, event) -> list[Out]:
        """Messages to send for one stream event (in order); a :class:`Close` is always last."""
        if isinstance(event, Start):
            return self._start(event)
        if self.phase in ("new", "ended"):
            return []
        if isinstance(event, Media):
            return self._media(event.payload)
        if isinstance(event, Dtmf):
            return self._key(event.digit)
        if isinstance(event, Mark):
            return self._mark(event.name)
        if isinstance(event, Stop):
            self.phase = "ended"
            self.listener = None
        return []

    def tick(self, ms: float) -> list[Out]:
        """``ms`` passed with no audio from the caller (the adapter's receive timed out): the
        question's silence timeout still runs."""
        if self.phase != "waiting":
            return []
        self.clock_ms += ms
        self.waited_ms += ms
        return self._check_timeout()

    # -- the call ----------------------------------------------------------------------------------

    def _start(self, start: Start) -> list[Out]:
        if self.phase != "new":
            return []
        self.stream_sid = start.stream_sid
        params = start.custom_parameters
        self.call_sid = self.call_sid or start.call_sid
        caller = params.get("caller") or None
        turn = params.get("turn", "0")
        if turn.isdigit() and int(turn) > 0:
            # A webhook asked this question and played its prompts in a <Gather>: listen now.
            return self._present(self.service.resume(self.call_sid, caller), listen_only=True)
        return self._present(self.service.start(self.call_sid, caller))

    def _answer(self, event: Event | Utterance) -> list[Out]:
        self.listener, self.digits = None, ""
        turn = self.service.answer(self.call_sid, self.turn, event)
        return self._present(turn)

    def _present(self, turn, listen_only: bool = False) -> list[Out]:
        """Say ``turn``'s commands: a question on the stream, a goodbye then close, or hand over."""
        self.turn, self.node = turn.turn, turn.node
        commands = turn.commands
        self.ask, self.pending_mark, self.after = None, None, None
        self.waited_ms = 0.0
        sounds = [s for c in commands if isinstance(c, (Play, Ask, Record, Dial)) for s in c.prompts]
        own_recording = any(isinstance(s, Prompt) and s.url for s in sounds)
        ask = commands[-1] if commands and isinstance(commands[-1], Ask) else None
        if ask is not None and not own_recording:
            self.ask = ask
            self.timeout_ms = max(0.0, ask.timeout - (GATHER_SECONDS if listen_only else 0)) * 1000
            self.listener = self.listener_for(ask.listen) if ask.listen is not None else None
            if listen_only:
                self.phase = "waiting"
                return []
            self.phase = "playing"
            return self._play(sounds)
        handed = [c for c in commands if isinstance(c, (Record, Dial, Transfer))]
        if self.browser and handed and not own_recording:
            self.phase = "closing"
            if isinstance(handed[0], Record):  # nothing to record: say so, back to the main menu
                self.after = Digits(self.main_menu_key) if self.no_recording else NoRecording()
                return self._play([self.no_recording] if self.no_recording else sounds)
            self.after = TransferEnded("unavailable")
            return self._play(sounds)
        if any(isinstance(c, Hangup) for c in commands) and not handed and not own_recording:
            self.after = None
            self.phase = "closing"
            return self._play(sounds)
        self.phase = "ended"
        log.info("stream %s: node %s continues in TwiML", self.stream_sid, self.node)
        return [Close("handover")]

    def _play(self, sounds) -> list[Out]:
        out: list[Out] = []
        for sound in sounds:
            if self.browser and isinstance(sound, Prompt):
                out.append(caption_message(self.stream_sid, sound.text))
            audio = self.audio(sound)
            out += [media_message(self.stream_sid, audio[i:i + FRAME_BYTES])
                    for i in range(0, len(audio), FRAME_BYTES)]
        self.marks += 1
        self.pending_mark = f"turn{self.turn}-{self.marks}"
        out.append(mark_message(self.stream_sid, self.pending_mark))
        if self._speech_end_ms is not None:  # the answer that led here was spoken
            self.timings.answers.append((self._speech_end_ms, int(self.clock_ms)))
            self._speech_end_ms = None
        return out

    # -- caller input ------------------------------------------------------------------------------

    def _media(self, payload: bytes) -> list[Out]:
        ms = len(payload) * MS_PER_BYTE
        self.clock_ms += ms
        out: list[Out] = []
        if self.listener is not None and self.phase in ("playing", "waiting"):
            try:
                events = self.listener.feed(payload)
            except RecognitionError as error:
                log.warning("stream %s: recognition failed (%s); keys only here", self.stream_sid, error)
                self.listener, events = None, []
            for event in events:
                if isinstance(event, SpeechStarted):
                    out += self._barge_in(event)
                elif isinstance(event, Final):
                    return out + self._heard(event)
        if self.phase == "waiting":
            self.waited_ms += ms
            out += self._check_timeout()
        return out

    def _barge_in(self, started: SpeechStarted) -> list[Out]:
        if self.phase != "playing":
            return []
        self.phase, self.pending_mark, self.waited_ms = "waiting", None, 0.0
        self.timings.barge_ins.append((started.onset_ms, started.at_ms))
        return [clear_message(self.stream_sid)]

    def _heard(self, final: Final) -> list[Out]:
        recognition = final.recognition
        if recognition.reason in ("no_speech", "no_audio", "too_short"):
            # Noise, a cough, a click: not an answer. Listen again, the timeout still running.
            self.listener = self.listener_for(self.ask.listen) if self.ask and self.ask.listen else None
            return []
        log.info("stream %s: heard %r (%s)", self.stream_sid, recognition.text, recognition.reason)
        self._speech_end_ms = final.speech_end_ms
        return self._answer(Utterance(text=recognition.transcript or ""))

    def _key(self, digit: str) -> list[Out]:
        out: list[Out] = []
        if self.phase == "playing":
            out.append(clear_message(self.stream_sid))
            self.phase, self.pending_mark = "waiting", None
        if self.phase != "waiting" or self.ask is None:
            return out  # a goodbye playing, or nothing asked: keys do nothing, as in TwiML
        self.listener = None  # keying: speech no longer answers this question
        ask = self.ask
        if ask.max_digits <= 1:
            return out + self._answer(Digits(digit))
        if ask.finish_on_key and digit == ask.finish_on_key:
            return out + self._answer(Digits(self.digits or digit))
        self.digits += digit
        self.waited_ms = 0.0  # <Gather>'s timeout runs between keys
        if len(self.digits) >= ask.max_digits:
            return out + self._answer(Digits(self.digits))
        return out

    def _mark(self, name: str) -> list[Out]:
        if name != self.pending_mark:
            return []  # an older mark, echoed when clear dropped its audio
        self.pending_mark = None
        if self.phase == "playing":
            self.phase, self.waited_ms = "waiting", 0.0
            return []
        if self.phase == "closing":
            if self.after is not None:
                return self._answer(self.after)
            self.phase = "ended"
            return [Close("hangup")]
        return []

    def _check_timeout(self) -> list[Out]:
        if self.waited_ms < self.timeout_ms:
            return []
        if self.listener is not None and self.listener.in_utterance:
            return []  # the caller is speaking: hear them out
        return self._answer(Digits(self.digits) if self.digits else NoInput())


def caption_message(stream_sid: str, text: str) -> str:
    """The browser phone's ``caption``: ``text`` (Vietnamese) is what the audio after it says.
    Never sent to Twilio, which accepts only ``media``, ``mark`` and ``clear``
    (https://www.twilio.com/docs/api/errors/31951)."""
    return json.dumps({"event": "caption", "streamSid": stream_sid, "caption": {"text": text}},
                      ensure_ascii=False)
