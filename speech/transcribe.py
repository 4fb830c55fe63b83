"""Free transcription of a stored recording, for the volunteers' report view (a machine draft).

``transcribe(wav_path, model_path)`` is what the transcription job (``jobs.transcribe``) calls.
It decodes with the model's full
vocabulary (no grammar) and word timings (``SetWords``), so reviewers can jump to a word. Expect a
rough draft: the Vietnamese models' 15.7 % WER is on clean read speech [1], users get far worse
on other speech and the maintainer puts it down to too little training data [2], and 8 kHz phone
audio in a 16 kHz model loses accuracy again [3]. Audio goes through the same path as answers
(``speech.audio_input``: μ-law, mono, gain, resampling) and is fed in 0.2 s chunks with every
endpoint result kept [4], so a long recording never goes to Vosk at once. A recording without
voiced speech (silence, line hiss, white noise: ``speech.audio_input.voice_activity``) gives no
words instead of the words the decoder would invent for it.

Sources:

[1] https://alphacephei.com/vosk/models (WER on the Vivos test set)
[2] https://github.com/alphacep/vosk-api/issues/1236
[3] https://github.com/alphacep/vosk-api/issues/689
[4] https://github.com/alphacep/vosk-api/issues/590 (text returned at an earlier endpoint is not
    repeated by ``FinalResult()``)
"""
from __future__ import annotations

from pathlib import Path

from .audio_input import prepare, read_wav, voice_activity
from .model import SpeechModel, get_model
from .recognizer import feed, new_recognizer


def transcribe(wav_path: Path, model_path: str) -> tuple[str, list[dict]]:
    """Transcribe the WAV file at ``wav_path`` with the model at ``model_path`` (loaded once per
    process and shared).

    Returns ``(text, words)``: ``text`` the words joined by spaces (``""`` for silence);
    ``words`` a list of ``{"word": str, "start": float, "end": float, "conf": float}``, times in
    seconds from the start of the recording, ``conf`` Vosk's 0–1 word posterior; ``("", [])``
    when the recording holds no voiced speech (judged before gain and resampling). Raises
    ``speech.audio_input.AudioInputError`` for unusable audio, ``speech.model.ModelError`` if the
    model does not load, ``speech.recognizer.RecognitionError`` if Vosk fails.
    """
    model = get_model(model_path)
    audio = read_wav(Path(wav_path))
    if not voice_activity(audio.pcm, audio.rate).is_speech:
        return "", []
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
