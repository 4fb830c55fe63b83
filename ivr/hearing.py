"""Understanding a spoken answer for the question the caller is at: audio or text → ``Spoken``.

Adapter-neutral: the Twilio adapter hands over a short recording (``SPEECH_INPUT=vosk``) or
Twilio's own transcript (``SPEECH_INPUT=twilio``); the simulator hands over text. Recognition uses
the question's own grammar (its keywords, the controls, ``[unk]``) and ``speech.intents`` turns the
transcript into an intent. Any failure of the speech stack is "not understood", never an error the
caller hears: the engine then asks again and falls back to keys.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from ivr.engine import Listen, Spoken

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Utterance:
    """A spoken answer not yet understood: WAV bytes (any rate, PCM or μ-law) or a transcript."""

    wav: bytes | None = None
    text: str | None = None


SPEECH_MODES = ("vosk", "twilio")  # SPEECH_INPUT values, resolved (``auto`` → one of these or ``off``)


def speech_on(mode: str) -> bool:
    """True when questions also listen for speech with the resolved ``SPEECH_MODE`` (``vosk``:
    a short recording recognised here; ``twilio``: Twilio's own transcript); ``off``: keys only.
    The call service passes it to the engine (``CallStarted.speech``), which then chooses words
    that invite speech only when someone listens."""
    return mode in SPEECH_MODES


def understand(listen: Listen | None, utterance: Utterance) -> Spoken:
    """Return what ``utterance`` means at a question listening with ``listen``."""
    if listen is None:
        return Spoken("unknown")
    text = utterance.text if utterance.text is not None else _recognise(listen, utterance.wav or b"")
    if text is None:
        return Spoken("unknown")
    return understand_text(listen, text)


def understand_text(listen: Listen, text: str) -> Spoken:
    """Map a transcript onto the question's intents (``speech.intents.parse_intent``)."""
    from speech.intents import parse_intent

    keywords = listen.phrases() if listen.mode == "menu" else None
    intent = parse_intent(text, listen.mode, keywords)
    return Spoken(intent.name, intent.value if intent.name in ("option", "digits") else None)


def _recognise(listen: Listen, wav: bytes) -> str | None:
    """Run Vosk with the question's grammar; return the transcript to parse, ``None`` when
    nothing may be read from it (silence, noise, doubtful words: ``Recognition.transcript``).
    A transcript with ``[unk]`` is passed on as it is: the parser never answers from it, but
    offers its clear part as ``Intent.guess`` for a spoken confirmation."""
    from speech.audio_input import AudioInputError
    from speech.grammar import GrammarError, grammar_for
    from speech.model import ModelError, get_model
    from speech.recognizer import RecognitionError, recognize_wav
    from speech.telephone import AudioError

    try:
        model = get_model()
        keywords = listen.phrases() if listen.mode == "menu" else None
        recognition = recognize_wav(wav, grammar_for(listen.mode, model, keywords), model)
    except (AudioInputError, GrammarError, ModelError, RecognitionError, AudioError) as error:
        log.warning("speech not recognised (%s: %s); the caller is asked again", type(error).__name__, error)
        return None
    log.info("heard %r (%s)", recognition.text, recognition.reason)
    return recognition.transcript
