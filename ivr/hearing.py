"""Understanding a spoken answer for the question the caller is at: audio or text → ``Spoken``.

Adapter-neutral: the Twilio adapter hands over a short recording (``SPEECH_INPUT=vosk``) or
Twilio's own transcript (``SPEECH_INPUT=twilio``); the simulator hands over text. Recognition uses
the question's own grammar (its keywords, the controls, ``[unk]``) and ``speech.intents`` turns the
transcript into an intent. Any failure of the speech stack is "not understood", never an error the
caller hears: the engine then asks again and falls back to keys.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from ivr.engine import Listen, Spoken

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Utterance:
    """A spoken answer not yet understood: WAV bytes (any rate, PCM or μ-law) or a transcript,
    with the recogniser's ``confidence`` in it (0.0–1.0) when the recogniser gives one (Twilio's
    ``Confidence``: https://www.twilio.com/docs/voice/twiml/gather#action)."""

    wav: bytes | None = None
    text: str | None = None
    confidence: float | None = None


# SPEECH_INPUT values, resolved (``auto`` → one of these or ``off``); ``stream``: Twilio Media
# Streams recognised live (issue 13, ivr/voice/stream_call.py).
SPEECH_MODES = ("vosk", "twilio", "stream")


def speech_on(mode: str) -> bool:
    """True when questions also listen for speech with the resolved ``SPEECH_MODE`` (``vosk``:
    a short recording recognised here; ``twilio``: Twilio's own transcript); ``off``: keys only.
    The call service passes it to the engine (``CallStarted.speech``), which then chooses words
    that invite speech only when someone listens."""
    return mode in SPEECH_MODES


def understand(listen: Listen | None, utterance: Utterance, min_confidence: float = 0.0) -> Spoken:
    """Return what ``utterance`` means at a question listening with ``listen``.

    An utterance whose ``confidence`` is below ``min_confidence`` (``SPEECH_MIN_CONFIDENCE``) is
    ``Spoken.unsure``: the engine says what it understood and asks for a key or a second "có"
    before it acts (or asks again when nothing was understood).
    """
    if listen is None:
        return Spoken("unknown")
    text = utterance.text if utterance.text is not None else _recognise(listen, utterance.wav or b"")
    if text is None:
        return Spoken("unknown")
    spoken = understand_text(listen, text)
    if utterance.confidence is None:
        return spoken
    return replace(spoken, confidence=utterance.confidence,
                   unsure=utterance.confidence < min_confidence)


def understand_text(listen: Listen, text: str) -> Spoken:
    """Map a transcript onto the question's intents (``speech.intents.parse_intent``).

    A menu that is also a yes/no question (``Listen.yes``/``no``: "Bác đã … chưa?") reads an
    answer that names no option as a yes or a no ("có", "hổng có", "nỏ"); an answer that negates
    an option ("không rút") is never read that way.
    """
    from speech.intents import parse_intent

    keywords = listen.phrases() if listen.mode == "menu" else None
    intent = parse_intent(text, listen.mode, keywords)
    if listen.mode == "menu" and listen.yes and _names_no_option(intent):
        answer = parse_intent(text, "yes_no")
        if answer.understood or answer.guess is not None:
            intent = answer
    return _spoken(intent)


def _names_no_option(intent) -> bool:
    """True for a menu answer that is not understood and negates no option: "có" (a filler in a
    menu), "không", "chưa có" (a negation of nothing), "[unk] có" with no option guessed."""
    if intent.understood or intent.negated is not None:
        return False
    return intent.value in ("no_match", "negated", "not_yet", "acknowledged", "low_score") \
        or (intent.value == "unk" and intent.guess is None)


def _spoken(intent) -> Spoken:
    """A ``speech.intents.Intent`` as the engine's event (its guess as a ``Spoken`` too)."""
    value = intent.value if intent.name in ("option", "digits") else None
    guess = _spoken(intent.guess) if intent.guess is not None else None
    return Spoken(intent.name, value, not_yet=intent.not_yet, negated=intent.negated, guess=guess)


def _recognise(listen: Listen, wav: bytes) -> str | None:
    """Run Vosk with the question's grammar; return the transcript to parse, ``None`` when
    nothing may be read from it (silence, noise, doubtful words: ``Recognition.transcript``).
    A transcript with ``[unk]`` is passed on as it is: the parser never answers from it, but
    offers its clear part as ``Intent.guess`` for a spoken confirmation."""
    from speech.audio_input import AudioInputError
    from speech.grammar import GrammarError
    from speech.model import ModelError, get_model
    from speech.recognizer import RecognitionError, recognize_wav
    from speech.telephone import AudioError

    try:
        model = get_model()
        recognition = recognize_wav(wav, question_grammar(listen, model), model)
    except (AudioInputError, GrammarError, ModelError, RecognitionError, AudioError) as error:
        log.warning("speech not recognised (%s: %s); the caller is asked again", type(error).__name__, error)
        return None
    log.info("heard %r (%s)", recognition.text, recognition.reason)
    return recognition.transcript


def question_grammar(listen: Listen, model):
    """The Vosk grammar of a question listening with ``listen`` on ``model``: its options' phrases
    (menu), yes/no or digits words, the controls and fillers (``speech.grammar.grammar_for``).
    Raises ``speech.grammar.GrammarError`` when none of its phrases fits the model."""
    from speech.grammar import grammar_for

    return grammar_for(listen.mode, model, listen.phrases() if listen.mode == "menu" else None)
