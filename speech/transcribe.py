"""Free transcription of a stored recording, for the volunteers' report view (a machine draft).

``transcribe(wav_path, model_path)`` is what the transcription job (``jobs.transcribe``) calls.
It decodes with the model's full vocabulary (no grammar) and word timings (``SetWords``), so
reviewers can jump to a word. Expect a
rough draft: the small Vietnamese model measured 40–55 % WER on clean read speech, worse on
8 kHz phone audio (``shared/domain/vosk.md`` §0.9, §3.2). Audio goes through the same path as
answers (``speech.audio_input``: μ-law, mono, gain, resampling) and is fed in 0.2 s chunks with
every endpoint result kept (§2.3, vosk-api#590), so a long recording never goes to Vosk at once.
"""
from __future__ import annotations

from pathlib import Path

from .audio_input import prepare, read_wav
from .model import SpeechModel, get_model
from .recognizer import feed, new_recognizer


def transcribe(wav_path: Path, model_path: str) -> tuple[str, list[dict]]:
    """Transcribe the WAV file at ``wav_path`` with the model at ``model_path`` (loaded once per
    process and shared).

    Returns ``(text, words)``: ``text`` the words joined by spaces (``""`` for silence);
    ``words`` a list of ``{"word": str, "start": float, "end": float, "conf": float}``, times in
    seconds from the start of the recording, ``conf`` Vosk's 0–1 word posterior. Raises
    ``speech.audio_input.AudioInputError`` for unusable audio, ``speech.model.ModelError`` if the
    model does not load, ``speech.recognizer.RecognitionError`` if Vosk fails.
    """
    model = get_model(model_path)
    audio = read_wav(Path(wav_path))
    rate = model.input_rate(audio.rate)
    return transcribe_pcm(prepare(audio, rate), model, rate)


def transcribe_pcm(pcm: bytes, model: SpeechModel, rate: int | None = None) -> tuple[str, list[dict]]:
    """Transcribe mono 16-bit PCM at ``rate`` Hz (default: the model's); same result as
    :func:`transcribe`."""
    rate = rate or model.sample_rate
    recognizer = new_recognizer(model, rate, None)
    recognizer.SetWords(True)
    words = []
    for result in feed(recognizer, pcm, rate):
        words.extend({"word": w["word"], "start": float(w["start"]), "end": float(w["end"]),
                      "conf": float(w.get("conf", 0.0))} for w in result.get("result", []))
    return " ".join(w["word"] for w in words), words


__all__ = ["transcribe", "transcribe_pcm"]
