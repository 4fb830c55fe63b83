"""speech.transcribe, what the report transcription job (jobs.transcribe) calls, on the real model."""
from __future__ import annotations

import wave

import pytest
import vosk

from speech.audio_input import AudioInputError, read_wav
from speech.transcribe import transcribe

SENTENCE = "오늘은 날씨가 좋습니다"  # "the weather is nice today"


def write_wav(path, pcm: bytes, rate: int = 8000):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return path


def check_contract(text, words) -> None:
    """The shape jobs.transcribe stores: (str, [{"word", "start", "end", "conf"}])."""
    assert isinstance(text, str) and isinstance(words, list)
    for word in words:
        assert set(word) == {"word", "start", "end", "conf"}
        assert isinstance(word["word"], str) and word["word"]
        assert all(isinstance(word[k], float) for k in ("start", "end", "conf"))
        assert 0.0 <= word["start"] <= word["end"] and 0.0 <= word["conf"] <= 1.0
    assert text == " ".join(w["word"] for w in words)


@pytest.mark.parametrize("codec", ["pcm_s16le", "pcm_mulaw"])
def test_a_recording_is_transcribed_with_word_timings(ko_model, ko_model_path, voice, codec):
    path = voice.wav(SENTENCE, codec=codec, lead=0.5, tail=0.5)
    text, words = transcribe(path, str(ko_model_path))
    check_contract(text, words)
    assert len(words) >= 2  # a rough draft, but words (espeak-ng is not a Korean speaker)
    assert words[-1]["end"] <= read_wav(path).seconds


def test_silence_gives_no_words(ko_model, ko_model_path, tmp_path):
    text, words = transcribe(write_wav(tmp_path / "silence.wav", bytes(2 * 8000 * 6)),
                             str(ko_model_path))
    assert (text, words) == ("", [])


def test_a_long_recording_is_fed_in_chunks_and_keeps_every_part(ko_model, ko_model_path, voice,
                                                                tmp_path, monkeypatch):
    sentence = read_wav(voice.wav(SENTENCE, tail=2.5)).pcm
    long = write_wav(tmp_path / "long.wav", sentence * 10)  # about 40 s, ten endpoints
    sizes = []
    real = vosk.KaldiRecognizer

    class Recording(real):
        def AcceptWaveform(self, data):
            sizes.append(len(data))
            return super().AcceptWaveform(data)

    monkeypatch.setattr(vosk, "KaldiRecognizer", Recording)
    text, words = transcribe(long, str(ko_model_path))
    check_contract(text, words)
    # 0.2 s at 8 kHz: this model upsamples telephone audio itself (--allow-upsample=true)
    assert max(sizes) == 3200 and all(size % 2 == 0 for size in sizes)
    starts = [w["start"] for w in words]
    assert starts == sorted(starts)  # times run on across utterances
    assert starts[-1] > 30.0  # the last sentences are there, not only the first result


def test_bad_audio_raises_audio_input_error(ko_model_path, tmp_path):
    path = tmp_path / "report.wav"
    path.write_bytes(b"<html>Twilio error page</html>")
    with pytest.raises(AudioInputError, match="not a WAV file"):
        transcribe(path, str(ko_model_path))


@pytest.mark.parametrize("kind, level", [("white", 0.5), ("gauss", 0.03), ("white", 0.0012)])
def test_noise_gives_no_words(ko_model, ko_model_path, tmp_path, kind, level):
    from tests.speech_recognition.noise import noise_wav

    path = tmp_path / "noise.wav"
    path.write_bytes(noise_wav(kind, 7, seconds=4.0, level=level))
    assert transcribe(path, str(ko_model_path)) == ("", [])
