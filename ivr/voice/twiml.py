"""Engine commands → TwiML, with twilio-python's ``VoiceResponse``.

- :class:`~ivr.engine.Ask` → ``<Gather input="dtmf" numDigits="1" finishOnKey="">`` with the prompts
  nested as ``<Play>`` so any key barges in, then an explicit ``<Redirect>`` for no input (Twilio
  moves to the next verb when the gather times out and does not call ``action``; TwiML ``<Gather>``
  docs). ``finishOnKey=""`` makes ``#`` an ordinary key.
- :class:`~ivr.engine.Pause` among the prompts → ``<Pause length="1"/>`` in the same place (inside
  the ``<Gather>``, so a key still barges in; TwiML ``<Pause>`` docs).
- A prompt whose audio is not rendered falls back to ``<Say language="vi-VN">`` with a Google voice
  (the only vi-VN voices Twilio offers); the slow variant uses SSML ``<prosody rate>``.
- A question that also listens (``Ask.listen``): with ``vosk``, the prompts in a one-second
  ``<Gather>`` (keys barge in), then a short ``<Record>`` that any key ends (the key arrives as
  ``Digits``); with ``twilio``, ``<Gather input="dtmf speech" language="vi-VN">`` with the
  question's phrases as hints. Numbers are keyed, not spoken, with ``vosk``: a key would end the
  recording after the first digit. A patient question (``Ask.patient``, a tutorial step) then
  waits for a key, silently, for the rest of its ``timeout`` (an empty ``<Record>`` moves on to
  the next verb; TwiML ``<Record>`` docs: https://www.twilio.com/docs/voice/twiml/record).
- With ``stream`` (issue 13), a question that listens has its prompts in the one-second
  ``<Gather>``, then ``<Connect><Stream>`` (:func:`connect_stream`): the stream listens from there
  (:mod:`ivr.voice.stream_call`), and the ``<Connect action>`` continues the call in TwiML when
  the stream ends. A number is keyed in an ordinary ``<Gather>``.
"""
from __future__ import annotations

import math
from typing import Callable
from dataclasses import dataclass
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from twilio.twiml.voice_response import Connect, Dial as DialVerb, Gather, VoiceResponse

from ivr.engine import Ask, Command, Effect, Hangup, Pause, Play, Prompt, Record, Transfer
from ivr.people.transfers import Dial

AudioUrl = Callable[[Prompt], "str | None"]
SLOW_SAY_RATE = "75%"
ALL_KEYS = "0123456789*#"


@dataclass(frozen=True)
class DialUrls:
    """Paths of the transfer webhooks (:mod:`ivr.voice.transfer`): the volunteer's whisper
    (``<Number url>``) and the ``<Dial action>``."""

    whisper: str = "/voice/transfer/whisper"
    done: str = "/voice/transfer/done"


@dataclass(frozen=True)
class StreamTarget:
    """Where a question's ``<Connect><Stream>`` goes (issue 13): the ``wss://`` URL of
    ``/voice/stream``, the call's CallSid and caller (``From``), sent as ``<Parameter>``s since
    ``start`` carries no From (https://www.twilio.com/docs/voice/twiml/stream#custom-parameters)."""

    url: str
    call_sid: str
    caller: str = ""


@dataclass(frozen=True)
class Listening:
    """How this deployment takes spoken answers: ``mode`` off, vosk or twilio; seconds of silence
    that end an answer and the longest answer recorded (``vosk``)."""

    mode: str = "off"
    silence_seconds: int = 2
    max_seconds: int = 6


def render(commands: list[Command], input_url: str, turn: int, audio_url: AudioUrl,
           voice: str, recording_status_url: str = "/voice/recording-status",
           speech: Listening = Listening(), dial_urls: DialUrls = DialUrls(),
           stream: StreamTarget | None = None) -> str:
    """Return the TwiML document (UTF-8 XML string) for ``commands``.

    ``input_url`` is the path of the input webhook; ``turn`` goes into its query so late duplicate
    deliveries can be recognised. ``audio_url(prompt)`` gives a URL or ``None`` (→ ``<Say>``).
    Raises ``TypeError`` for a command an adapter must never receive (an unresolved ``Effect``).
    """
    response = VoiceResponse()
    for command in commands:
        if isinstance(command, Ask):
            _ask(response, command, input_url, turn, audio_url, voice, speech, stream)
        elif isinstance(command, Record):
            _record(response, command, input_url, turn, audio_url, voice, recording_status_url)
        elif isinstance(command, Play):
            for prompt in command.prompts:
                speak(response, prompt, audio_url, voice)
        elif isinstance(command, Hangup):
            response.hangup()
        elif isinstance(command, Dial):
            dial(response, command, turn, audio_url, voice, dial_urls)
        elif isinstance(command, (Effect, Transfer)):
            raise TypeError(f"a command reached the Twilio adapter unresolved: {command!r}")
        # SaveProgress and other bookkeeping commands are the call service's, not the caller's.
    return str(response)


def dial(response, plan: Dial, turn: int, audio_url: AudioUrl, voice: str, urls: DialUrls) -> None:
    """The plan's prompts (the hold sentence on a first try), then ``<Dial timeout callerId
    action>`` ringing the plan's volunteer (one per try: :mod:`ivr.people.transfers` rings them in
    turn), its ``<Number url>`` a whisper they must answer with key 1 before they are connected (call
    screening: a voicemail never takes the call; https://www.twilio.com/docs/voice/twiml/number#url).
    The action (https://www.twilio.com/docs/voice/twiml/dial#action) carries the turn and the
    transfer; nothing follows the ``<Dial>``: the action says what comes next."""
    for prompt in plan.prompts:
        speak(response, prompt, audio_url, voice)
    verb = DialVerb(timeout=plan.timeout, caller_id=plan.caller_id, method="POST",
                    action=_action(urls.done, turn=turn, transfer=plan.transfer_id))
    for user_id, number in plan.volunteers:
        verb.number(number, url=_action(urls.whisper, transfer=plan.transfer_id, user=user_id),
                    method="POST")
    response.append(verb)


def _action(input_url: str, **query) -> str:
    return f"{input_url}?{urlencode(query)}"


def _ask(response, ask: Ask, input_url: str, turn: int, audio_url: AudioUrl, voice: str,
         speech: Listening, stream: StreamTarget | None = None) -> None:
    """One key (``finishOnKey=""``: ``#`` is a key), or a number ended by ``#``; maybe speech."""
    listen = ask.listen if speech.mode != "off" else None
    extra, timeout = {}, math.ceil(ask.timeout)
    if listen and speech.mode == "twilio":
        extra = {"input": "dtmf speech", "language": "vi-VN", "speech_timeout": "auto",
                 "hints": hints(listen)}
    elif listen and ask.max_digits == 1 and (speech.mode == "vosk" or
                                             (speech.mode == "stream" and stream is not None)):
        timeout = 1  # then the <Record> or the stream below listens; keys still end it
    else:
        listen = None
    gather = Gather(**{"input": "dtmf", **extra}, num_digits=ask.max_digits, timeout=timeout,
                    finish_on_key=ask.finish_on_key, method="POST",
                    action=_action(input_url, turn=turn))
    for prompt in ask.prompts:
        speak(gather, prompt, audio_url, voice)
    response.append(gather)
    if listen and speech.mode == "stream":  # <Connect> blocks: its action says what comes next
        connect_stream(response, stream, turn, _action(input_url, turn=turn, event="stream"))
        return
    if listen and speech.mode == "vosk":
        response.record(action=_action(input_url, turn=turn, event="speech"), method="POST",
                        max_length=speech.max_seconds, timeout=speech.silence_seconds,
                        finish_on_key=ALL_KEYS, play_beep=False, trim="trim-silence")
        rest = math.ceil(ask.timeout) - timeout - speech.silence_seconds
        if ask.patient and rest > 0:  # silence ended the short recording: keys for the rest
            response.append(Gather(input="dtmf", num_digits=1, timeout=rest, finish_on_key="",
                                   method="POST", action=_action(input_url, turn=turn)))
    response.redirect(_action(input_url, turn=turn, event="timeout"), method="POST")


def connect_stream(response, target: StreamTarget, turn: int, action: str) -> None:
    """Append ``<Connect action><Stream url>`` with the ``callSid``, ``turn`` and ``caller``
    parameters (issue 13). ``<Connect>`` blocks until the stream ends, then Twilio requests
    ``action`` (https://www.twilio.com/docs/voice/twiml/connect#action); ``turn`` 0 means the call
    begins on the stream, a later turn that its question was just asked here."""
    connect = Connect(action=action, method="POST")
    stream = connect.stream(url=target.url)
    stream.parameter(name="callSid", value=target.call_sid)
    stream.parameter(name="turn", value=str(turn))
    if target.caller:
        stream.parameter(name="caller", value=target.caller)
    response.append(connect)


def stream_first(target: StreamTarget, input_url: str) -> str:
    """The incoming call's TwiML with ``SPEECH_INPUT=stream``: the call begins on the stream
    (turn 0), whose ``<Connect action>`` continues it in TwiML if the stream cannot."""
    response = VoiceResponse()
    connect_stream(response, target, 0, _action(input_url, turn=0, event="stream"))
    return str(response)


HINTS_LIMIT = 100  # entries; Twilio allows 500, but a short list keeps each hint's boost
HINTS_PER_OPTION = 8  # each option's first phrases come before anything else
HINTS_CONTROLS = 16  # then the first controls ("nhắc lại", "quay lại", …)


def hints(listen) -> str:
    """Twilio speech hints for ``listen``: comma-separated phrases, at most :data:`HINTS_LIMIT`.

    Order is priority: the first :data:`HINTS_PER_OPTION` phrases of each option taken in turn
    (the first phrase of every option, then the second, …) so no option is crowded out by a long
    one, then the first controls ("nhắc lại", "quay lại"), then for "Bác đã … chưa?" questions
    the yes/no words, then the options' other phrases and the rest of the question's grammar. Entries longer than 100 characters are left out.
    Source: Twilio <Gather> ``hints`` (up to 500 entries of at most 100 characters each),
    https://www.twilio.com/docs/api/errors/13330 and https://www.twilio.com/docs/voice/twiml/gather
    """
    from itertools import chain, zip_longest

    from speech.intents import CONTROLS, grammar_phrases, tokens

    keywords = listen.phrases() if listen.mode == "menu" else None
    options = [[" ".join(tokens(p)) for p in phrases] for phrases in (keywords or {}).values()]
    controls = [" ".join(tokens(p)) for row in zip_longest(*CONTROLS.values()) for p in row if p]
    yes_no = grammar_phrases("yes_no") if listen.mode == "menu" and listen.yes else []
    turns = [p for row in zip_longest(*options) for p in row if p]
    head = [p for row in zip_longest(*(o[:HINTS_PER_OPTION] for o in options)) for p in row if p]
    ordered = chain(head, controls[:HINTS_CONTROLS], yes_no, turns,
                    grammar_phrases(listen.mode, keywords), controls)
    phrases: dict[str, None] = {}
    for phrase in ordered:
        if phrase and phrase != "[unk]" and len(phrase) <= 100:
            phrases.setdefault(phrase)
    return ", ".join(list(phrases)[:HINTS_LIMIT])


def _record(response, record: Record, input_url: str, turn: int, audio_url: AudioUrl, voice: str,
            status_url: str) -> None:
    """Prompt, beep, record. An empty recording skips the action and runs the redirect after it;
    the status callback reports ``completed`` or ``absent`` either way (Twilio <Record> docs)."""
    for prompt in record.prompts:
        speak(response, prompt, audio_url, voice)
    # The reference rides along (signed by Twilio with the URL): ivr/voice/outage.py says it when
    # the database is down as the recording ends.
    reference = {"ref": record.reference} if record.reference else {}
    # What the recording belongs to rides along too (issue 12: a home visit request's), so both
    # the action and the status callback reach the right table; a report's URLs stay as they were.
    if record.keeps != "report":
        reference["keeps"] = record.keeps
        status_url = _action(status_url, keeps=record.keeps)
    response.record(action=_action(input_url, turn=turn, event="recorded", **reference),
                    method="POST",
                    max_length=record.max_seconds, timeout=record.silence_seconds,
                    finish_on_key=record.finish_on_key, play_beep=True, trim="trim-silence",
                    recording_status_callback=status_url, recording_status_callback_method="POST",
                    recording_status_callback_event="completed absent")
    response.redirect(_action(input_url, turn=turn, event="no_recording"), method="POST")


def speak(parent, prompt: Prompt | Pause, audio_url: AudioUrl, voice: str) -> None:
    """Append ``<Play>`` of the prompt's audio to ``parent``, or ``<Say>`` its text if none;
    a pause becomes ``<Pause length>`` (https://www.twilio.com/docs/voice/twiml/pause)."""
    if isinstance(prompt, Pause):
        parent.pause(length=prompt.seconds)
        return
    url = prompt.url or audio_url(prompt)
    if url:
        parent.play(url)
    elif prompt.slow:
        say = parent.say(language="vi-VN", voice=voice)
        say.prosody(prompt.text, rate=SLOW_SAY_RATE)
    else:
        parent.say(prompt.text, language="vi-VN", voice=voice)


def apology(prompt: Prompt, recover_url: str, audio_url: AudioUrl, voice: str) -> str:
    """Return TwiML that apologises and offers the main menu (any key) before hanging up."""
    response = VoiceResponse()
    gather = Gather(input="dtmf", num_digits=1, timeout=8, finish_on_key="", method="POST",
                    action=recover_url)
    speak(gather, prompt, audio_url, voice)
    response.append(gather)
    response.hangup()
    return str(response)


def wait(prompt: Prompt | None, redirect_url: str, seconds: int, audio_url: AudioUrl,
         voice: str) -> str:
    """Return TwiML that says ``prompt`` (if any), keeps the line open ``seconds`` s with
    ``<Pause>`` and comes back to ``redirect_url`` (POST): a caller waiting for the database.
    Twilio's ``<Redirect>`` sends the call's own parameters, not the previous action's
    (https://www.twilio.com/docs/voice/twiml/redirect), so the URL carries what must come back."""
    response = VoiceResponse()
    if prompt is not None:
        speak(response, prompt, audio_url, voice)
    response.pause(length=seconds)
    response.redirect(redirect_url, method="POST")
    return str(response)


def goodbye(prompts: tuple[Prompt | Pause, ...], audio_url: AudioUrl, voice: str) -> str:
    """Return TwiML that says ``prompts`` and hangs up."""
    response = VoiceResponse()
    for prompt in prompts:
        speak(response, prompt, audio_url, voice)
    response.hangup()
    return str(response)


DEFAULT_VOICE = "Google.vi-VN-Standard-A"


def static_apology(voice: str = DEFAULT_VOICE) -> str:
    """Last resort when even the flow's apology cannot be rendered: a fixed, valid document spoken
    with ``voice`` (the configured ``SAY_VOICE``, so the caller hears the same voice as before)."""
    attribute = escape(voice, {'"': "&quot;"})
    return ('<?xml version="1.0" encoding="UTF-8"?><Response>'
            f'<Say language="vi-VN" voice="{attribute}">'
            'Xin lỗi bác, tổng đài đang gặp trục trặc. '
            'Bác vui lòng gọi lại sau ít phút.</Say><Hangup/></Response>')


STATIC_APOLOGY = static_apology()
