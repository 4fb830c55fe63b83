"""Recognise one short answer with Vosk: a new recognizer per utterance, guarded inputs, one result.

:func:`recognize` takes mono 16-bit PCM and returns a :class:`Recognition`; turning its text into a
meaning is ``speech.intents.parse_intent``'s job. Pitfalls guarded:

- The grammar JSON is validated before ``KaldiRecognizer`` sees it: empty or non-JSON grammars
  crash the process ([1]; reproduced with vosk 0.3.45:
  tests/speech_recognition/test_recognizer.py::test_the_guard_matters_raw_vosk_segfaults).
- A **new** recognizer per utterance: ``SetGrammar`` on a running recognizer aborts the process
  (SIGABRT with vosk 0.3.45, [1]), and a recognizer must stay in one thread while the model is
  shared ([2], [3]).
- ``rate`` is the rate of the audio fed, never the model's [4]; audio below the model's rate is
  refused unless the model may upsample [5] (``speech.audio_input.resample`` first).
- Audio is fed in even-length 0.2 s chunks (Vosk takes ``len // 2`` samples and decodes in 0.2 s
  steps [6], so odd offsets misalign every later sample); every ``Result()`` returned at an
  endpoint is kept and ``FinalResult()`` added ([7]; a pause splits an answer:
  tests/speech_recognition/test_recognizer.py::test_an_answer_split_by_a_pause_keeps_both_parts),
  and decisions use only final results, never partials [8].
- ``SetMaxAlternatives`` changes the output format (no top-level text; unnormalised scores in the
  tens–hundreds [9]): both formats are parsed; the **margin** between the top two alternatives
  is the rejection signal (off-list speech gives close alternatives:
  tests/speech_recognition/test_recognizer.py::test_a_sentence_gives_close_alternatives), word
  ``conf`` is weak evidence.
- ``[unk]`` or empty text means not understood [10]; but an answer with ``[unk]`` beside clear
  words keeps its text (:attr:`Recognition.transcript`), so ``speech.intents.parse_intent`` can
  offer the clear part as ``Intent.guess`` for a spoken confirmation.
- Noise is not an answer. A grammar forces noise onto listed words, and on a model without
  ``[unk]`` (the Korean stand-in) 2 s of white noise chose an option in up to 20 of 20 seeds
  (benchmarks/README.md, "Noise never answers"). Audio without voiced speech
  (``speech.audio_input.voice_activity``: silence, white noise, hiss, steady hum) is not
  decoded (``reason`` ``no_speech``); words whose confidence is below :data:`MIN_WORD_CONF`
  (given only when alternatives are off) become ``[unk]`` in the transcript, and when no word is
  left the answer is not understood (``low_conf``).

Sources:

[1] https://github.com/kaldi-asr/kaldi/issues/4925
[2] https://github.com/alphacep/vosk-api/issues/877
[3] https://github.com/alphacep/vosk-api/issues/606
[4] https://github.com/alphacep/vosk-api/issues/689
[5] https://github.com/alphacep/vosk-api/issues/1726 ("Sampling frequency mismatch")
[6] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/recognizer.cc (``AcceptWaveform``)
[7] https://github.com/alphacep/vosk-api/issues/590
[8] https://github.com/alphacep/vosk-android-demo/issues/214
[9] https://github.com/alphacep/vosk-api/issues/604
[10] https://github.com/alphacep/vosk-api/issues/1339 (without ``[unk]`` noise becomes a word)
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from .audio_input import AudioInputError, even, prepare, read_wav, voice_activity
from .grammar import Grammar, GrammarError, build_grammar, validate_grammar_json
from .intents import UNK, tokens
from .model import SpeechModel, get_model

log = logging.getLogger("hotline.speech")

CHUNK_SECONDS = 0.2  # Vosk decodes in 0.2 s steps and checks the endpoint once per call [6]
MAX_ALTERNATIVES = 3
# Off-list speech gave top alternatives within 0.2–1.9 points of each other; clean in-list words
# gave a single alternative (Korean stand-in, 8 kHz espeak-ng, vosk 0.3.45). 1.0 let "감사합니다"
# (thank you) through as "네 네" at a margin of 1.16 (option 1): 2.0 is above every off-list
# margin measured. Tune on the Vietnamese model: a higher value rejects more.
MIN_MARGIN = 2.0
# Shorter audio holds no whole syllable; the Korean stand-in still forced a 0.1 s clip onto a
# listed word (no [unk] to fall back on), so it is refused before decoding.
MIN_SECONDS = 0.2
# Clean in-grammar words scored 1.0 in all 26 decodes measured (Korean stand-in, espeak-ng at
# three levels, PCM and μ-law); words forced onto the grammar from off-list speech scored
# 0.50–0.97 (and often 1.0: confidence is weak evidence, vosk-api#1339). Tune on Vietnamese.
MIN_WORD_CONF = 0.9


class RecognitionError(RuntimeError):
    """Vosk failed on audio that passed our checks (its message is kept)."""


@dataclass(frozen=True)
class Alternative:
    """One n-best hypothesis; ``score`` is Vosk's unnormalised confidence (not a probability)."""

    text: str
    score: float


@dataclass(frozen=True)
class Recognition:
    """What the recogniser heard in one utterance.

    ``words``: ``{"word", "start", "end", "conf"}`` dicts, times in seconds from the start of the
    audio, ``conf`` ``None`` when alternatives were requested (Vosk gives none then).
    ``alternatives``: best first; ``margin``: score difference of the top two (``None`` with
    fewer than two). ``understood``: text present, no ``[unk]``, margin not below the minimum;
    ``reason``: ``ok``, ``no_audio``, ``too_short``, ``no_speech`` (noise or silence, not
    decoded), ``empty``, ``unk``, ``low_conf`` (every word below the confidence floor) or
    ``low_margin``. ``marked``: ``text`` with low-confidence words replaced by ``[unk]``.
    """

    text: str
    words: tuple[dict, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    margin: float | None = None
    understood: bool = False
    reason: str = "empty"
    grammar: tuple[str, ...] = field(default=(), repr=False)
    marked: str | None = None

    @property
    def transcript(self) -> str | None:
        """The text to give ``speech.intents.parse_intent``, or ``None`` when nothing may be
        read from it: the text when understood; with ``[unk]`` (heard or for a low-confidence
        word) the text with its ``[unk]`` marks, so the parser can return the clear rest as
        ``Intent.guess`` (never an answer); ``None`` for silence, noise, too little audio, only
        low-confidence words or close alternatives."""
        if self.reason in ("ok", "unk"):
            return self.marked if self.marked is not None else self.text
        return None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("grammar")
        data["words"] = list(self.words)
        return data


def recognize(pcm: bytes, rate: int, grammar: Sequence[str] | Grammar | None,
              model: SpeechModel | None = None, *, max_alternatives: int = MAX_ALTERNATIVES,
              min_margin: float = MIN_MARGIN, min_seconds: float = MIN_SECONDS,
              min_conf: float = MIN_WORD_CONF, check_speech: bool = True) -> Recognition:
    """Recognise one utterance of mono 16-bit little-endian ``pcm`` sampled at ``rate`` Hz.

    ``grammar``: phrases (checked and normalised with ``speech.grammar.build_grammar``), a built
    :class:`~speech.grammar.Grammar`, or ``None`` for the full vocabulary. ``model``: default
    ``speech.model.get_model()``. ``max_alternatives`` 0 gives word confidences instead of
    alternatives, and words below ``min_conf`` are then marked ``[unk]``; audio shorter than
    ``min_seconds`` is not decoded (``reason`` ``too_short``), nor audio without voiced speech
    (``speech.audio_input.voice_activity`` on ``pcm`` as given, unless ``check_speech`` is false:
    give it audio at its recorded rate, since upsampling makes white noise look voiced;
    ``reason`` ``no_speech``).
    Raises :class:`~speech.grammar.GrammarError` (before Vosk is touched),
    :class:`~speech.audio_input.AudioInputError` (rate the model cannot take),
    :class:`RecognitionError`, ``speech.model.ModelError``.
    """
    model = model or get_model()
    checked = _checked_grammar(grammar, model)
    _check_rate(rate, model)
    pcm = even(pcm)
    if not pcm:
        return Recognition("", reason="no_audio")
    if len(pcm) / 2 / rate < min_seconds:
        return Recognition("", reason="too_short")
    if check_speech and not voice_activity(pcm, rate).is_speech:
        return _with_grammar(Recognition("", reason="no_speech"), checked)
    recognizer = new_recognizer(model, rate, checked.json if checked else None)
    recognizer.SetWords(True)
    if max_alternatives:
        recognizer.SetMaxAlternatives(max_alternatives)
    results = feed(recognizer, pcm, rate)
    recognition = combine(results, min_margin, min_conf)
    return _with_grammar(recognition, checked)


def recognize_wav(source: str | Path | bytes, grammar: Sequence[str] | Grammar | None,
                  model: SpeechModel | None = None, **options: Any) -> Recognition:
    """:func:`recognize` a WAV file (path or bytes, PCM or μ-law, any rate): decoded,
    gain-normalised and, unless the model upsamples it itself, resampled to the model's rate
    first (``speech.audio_input``, ``SpeechModel.input_rate``). Voice activity is judged on the
    file's own samples, before gain and resampling (``reason`` ``no_speech``)."""
    model = model or get_model()
    audio = read_wav(source)
    activity = voice_activity(audio.pcm, audio.rate)
    if options.pop("check_speech", True) and not activity.is_speech:
        log.info("no speech in the answer (%s, level %s dBFS, %.2f s voiced)", activity.reason,
                 activity.level_db, activity.voiced_seconds)
        checked = _checked_grammar(grammar, model)
        return _with_grammar(Recognition("", reason="no_speech"), checked)
    rate = model.input_rate(audio.rate)
    return recognize(prepare(audio, rate), rate, grammar, model, check_speech=False, **options)


def _with_grammar(recognition: Recognition, grammar: Grammar | None) -> Recognition:
    return recognition if grammar is None else replace(recognition, grammar=grammar.phrases)


def _checked_grammar(grammar: Sequence[str] | Grammar | None, model: SpeechModel) -> Grammar | None:
    """``grammar`` as a checked :class:`Grammar`, ``None`` for free decoding; a bare string is
    refused (it would be iterated letter by letter, or crash Vosk if passed through)."""
    if grammar is None:
        return None
    if isinstance(grammar, str):
        raise GrammarError("pass grammar phrases as a list, not one string")
    if not isinstance(grammar, Grammar):
        grammar = build_grammar(grammar, model)
    validate_grammar_json(grammar.json)
    if not model.supports_grammar:
        log.warning("model %s has no runtime grammar graph: decoding with the full vocabulary",
                    model.path)
    return grammar


def _check_rate(rate: int, model: SpeechModel) -> None:
    """Refuse audio the model would reject with "Sampling frequency mismatch" ([5] above)."""
    if not isinstance(rate, int) or rate <= 0:
        raise AudioInputError(f"sample rate must be a positive whole number of Hz, not {rate!r}")
    if rate < model.sample_rate and not model.allows_upsample:
        raise AudioInputError(f"{rate} Hz audio into a {model.sample_rate} Hz model that may not "
                              "upsample: resample it first (speech.audio_input.resample)")


def new_recognizer(model: SpeechModel, rate: int, grammar_json: str | None) -> Any:
    """A fresh ``vosk.KaldiRecognizer`` for one utterance; the grammar is validated again here,
    at the last point before Vosk, so no code path can hand it a crashing string."""
    import vosk

    if grammar_json is None:
        return vosk.KaldiRecognizer(model.vosk, rate)
    return vosk.KaldiRecognizer(model.vosk, rate, validate_grammar_json(grammar_json))


def feed(recognizer: Any, pcm: bytes, rate: int) -> list[dict]:
    """Feed ``pcm`` in even 0.2 s chunks; return every endpoint result and the final one, parsed.

    Raises :class:`RecognitionError` if Vosk fails on the waveform.
    """
    step = max(2, int(rate * CHUNK_SECONDS) * 2)
    results = []
    try:
        for offset in range(0, len(pcm), step):
            if recognizer.AcceptWaveform(pcm[offset:offset + step]):
                results.append(json.loads(recognizer.Result()))
        results.append(json.loads(recognizer.FinalResult()))
    except Exception as exc:  # vosk raises a bare Exception("Failed to process waveform")
        raise RecognitionError(f"vosk could not process the audio: {exc}") from exc
    return results


# -- results ---------------------------------------------------------------------------------------

def _alternatives(result: dict) -> list[tuple[Alternative, list[dict]]]:
    """Both Vosk formats as ``[(Alternative, words)]``, best first ([9] above)."""
    if "alternatives" in result:
        return [(Alternative(a.get("text", ""), float(a.get("confidence", 0.0))),
                 [_word(w) for w in a.get("result", [])]) for a in result["alternatives"]]
    return [(Alternative(result.get("text", ""), 1.0), [_word(w) for w in result.get("result", [])])]


def _word(raw: dict) -> dict:
    conf = raw.get("conf")
    return {"word": raw["word"], "start": float(raw["start"]), "end": float(raw["end"]),
            "conf": float(conf) if conf is not None else None}


def _margin(alternatives: list[tuple[Alternative, list[dict]]]) -> float | None:
    if len(alternatives) < 2:
        return None
    return round(alternatives[0][0].score - alternatives[1][0].score, 3)


def combine(results: Sequence[dict], min_margin: float = MIN_MARGIN,
            min_conf: float = MIN_WORD_CONF) -> Recognition:
    """Merge the parsed results of one utterance into a :class:`Recognition`.

    Empty results (Vosk ends an utterance of silence about every 5 s:
    https://github.com/alphacep/vosk-api/issues/744) are skipped. One spoken part keeps its
    alternatives; several parts (a pause split the answer) are joined, their best texts into one
    alternative, and the smallest margin of any part stands for the whole. Words with a
    confidence below ``min_conf`` are ``[unk]`` in ``marked``; if that leaves no word, the
    answer is ``low_conf``.
    """
    parts = [alts for alts in map(_alternatives, results) if alts and alts[0][0].text.strip()]
    if not parts:
        return Recognition("", reason="empty")
    text = " ".join(alts[0][0].text.strip() for alts in parts)
    words = tuple(w for alts in parts for w in alts[0][1])
    margins = [m for m in map(_margin, parts) if m is not None]
    margin = min(margins) if margins else None
    if len(parts) == 1:
        alternatives = tuple(a for a, _ in parts[0])
    else:
        alternatives = (Alternative(text, round(sum(alts[0][0].score for alts in parts), 3)),)
    marked = _marked(text, words, min_conf)
    reason = _verdict(text, marked, margin, min_margin)
    return Recognition(text, words, alternatives, margin, reason == "ok", reason, marked=marked)


def _marked(text: str, words: Sequence[dict], min_conf: float) -> str | None:
    """``text`` with each word below ``min_conf`` as ``[unk]``; ``None`` when none is (or the
    words carry no confidence, or do not spell the text)."""
    if [w["word"] for w in words] != text.split() or \
            not any(w["conf"] is not None and w["conf"] < min_conf for w in words):
        return None
    return " ".join(UNK if w["conf"] is not None and w["conf"] < min_conf else w["word"]
                    for w in words)


def _verdict(text: str, marked: str | None, margin: float | None, min_margin: float) -> str:
    if marked is not None and set(tokens(marked)) == {UNK}:
        return "low_conf"  # every word doubtful: nothing to confirm either
    if UNK in tokens(marked or text):
        return "unk"
    if margin is not None and margin < min_margin:
        return "low_margin"
    return "ok"


__all__ = ["Recognition", "Alternative", "RecognitionError", "recognize", "recognize_wav",
           "new_recognizer", "feed", "combine", "MIN_MARGIN", "MIN_SECONDS", "MAX_ALTERNATIVES",
           "CHUNK_SECONDS", "MIN_WORD_CONF"]
