"""speech.streaming on the real Vosk engine: the Korean stand-in model, espeak-ng answers as 8 kHz
μ-law (ffmpeg's G.711, what Twilio streams), fed in 20 ms frames as a Media Stream delivers them.

All times are stream times (ms of audio fed), never wall-clock: the tests hold on a loaded machine.
"Speech start/end" is measured on the audio itself: the first and last 10 ms block whose peak
reaches 1 % (-40 dB) of the clip's peak.
"""
from __future__ import annotations

import dataclasses
from array import array

import pytest

from speech.audio_input import mulaw_to_pcm16, parse_wav, read_wav
from speech.g711 import pcm16_to_ulaw, ulaw_to_pcm16
from speech.grammar import GrammarError
from speech.intents import parse_intent
from speech.streaming import (END_SILENCE_MS, FRAME_BYTES, Final, NoSpeech, SpeechStarted,
                              UtteranceListener)
from tests.speech_recognition.noise import samples

YES_NO = ["네", "아니요"]
KEYWORDS = {"1": ["네"], "2": ["아니요"]}
SILENCE = b"\xff" * FRAME_BYTES  # one 20 ms frame of μ-law silence


def mulaw(voice, text: str, lead: float = 0.5, tail: float = 1.0, volume: float = 1.0) -> bytes:
    """espeak-ng ``text`` as raw 8 kHz μ-law bytes (a μ-law WAV's data chunk: no header)."""
    wav = parse_wav(voice.wav(text, codec="pcm_mulaw", lead=lead, tail=tail, volume=volume)
                    .read_bytes())
    assert (wav.format_tag, wav.rate, wav.channels) == (7, 8000, 1)
    return wav.data


def speech_bounds(data: bytes) -> tuple[float, float]:
    """(start, end) in ms of the speech in μ-law ``data``: see the module docstring."""
    values = array("h", mulaw_to_pcm16(data))
    top = max(abs(v) for v in values)
    loud = [i for i in range(0, len(values), 80)
            if max(abs(v) for v in values[i:i + 80]) >= top / 100]
    return loud[0] / 8, (loud[-1] + 80) / 8


def stream(listener: UtteranceListener, data: bytes, size: int = FRAME_BYTES) -> list:
    """Feed ``data`` in ``size``-byte payloads, as Twilio's media messages; all events, in order."""
    events = []
    for start in range(0, len(data), size):
        events += listener.feed(data[start:start + size])
    return events


def picked(final: Final) -> bool:
    """What the hotline does with a result: parse its transcript; an option is a pick."""
    text = final.recognition.transcript
    return text is not None and parse_intent(text, "menu", KEYWORDS).understood


# -- a spoken answer ------------------------------------------------------------------------------

@pytest.mark.parametrize("word, option", [("네", "1"), ("아니요", "2")])
def test_a_spoken_word_is_recognised_from_frames(ko_model, voice, word, option):
    events = stream(UtteranceListener(ko_model, YES_NO), mulaw(voice, word))

    assert [e.kind for e in events] == ["speech_started", "final"]
    final = events[1]
    recognition = final.recognition
    assert (recognition.text, recognition.reason, final.cause) == (word, "ok", "endpoint")
    assert final.recognition.grammar == ("네", "아니요", "[unk]")
    assert parse_intent(final.recognition.transcript, "menu", KEYWORDS).value == option
    word_end = final.audio_start_ms + 1000 * final.words[-1]["end"]
    assert abs(word_end - speech_bounds(mulaw(voice, word))[1]) <= 150  # word times: stream time


@pytest.mark.parametrize("word", ["네", "아니요", "네 아니요"])
def test_the_final_comes_within_300_ms_of_the_end_of_speech(ko_model, voice, word):
    data = mulaw(voice, word, tail=2.0)
    start, end = speech_bounds(data)
    final = stream(UtteranceListener(ko_model, YES_NO), data)[-1]

    assert final.kind == "final" and final.recognition.text == word
    assert end <= final.at_ms <= end + 300, (end, final)
    assert final.at_ms - final.speech_end_ms == pytest.approx(END_SILENCE_MS, abs=20)
    assert abs(final.speech_end_ms - end) <= 60 and abs(final.speech_start_ms - start) <= 40


@pytest.mark.parametrize("lead", [0.3, 2.0])
def test_barge_in_is_reported_within_200_ms_of_the_speech_starting(ko_model, voice, lead):
    # While a prompt plays the adapter waits with no timeout; the onset is its cue to send clear.
    data = mulaw(voice, "아니요", lead=lead)
    start, end = speech_bounds(data)
    listener = UtteranceListener(ko_model, YES_NO, no_speech_ms=None)
    for offset in range(0, len(data), FRAME_BYTES):
        events = listener.feed(data[offset:offset + FRAME_BYTES])
        if events:
            break
    [started] = events
    assert isinstance(started, SpeechStarted)
    assert start <= started.at_ms <= start + 200 and started.at_ms < end, (start, started)
    assert abs(started.onset_ms - start) <= 40
    assert listener.now_ms == started.at_ms and listener.in_utterance


def test_payloads_of_any_size_give_the_same_events(ko_model, voice):
    data = mulaw(voice, "아니요")
    whole = stream(UtteranceListener(ko_model, YES_NO), data)
    odd = stream(UtteranceListener(ko_model, YES_NO), data, size=97)
    assert [(e.kind, e.at_ms) for e in odd] == [(e.kind, e.at_ms) for e in whole]
    assert odd[-1].recognition.text == whole[-1].recognition.text == "아니요"


def test_a_quiet_caller_is_heard(ko_model, voice):
    # Peaks near 1000 of 32767: the gain fixed at the onset lifts the answer for Vosk.
    data = mulaw(voice, "네", volume=0.03)
    assert max(abs(v) for v in array("h", mulaw_to_pcm16(data))) < 1200
    final = stream(UtteranceListener(ko_model, YES_NO), data)[-1]
    assert (final.kind, final.recognition.text) == ("final", "네")


def test_a_model_that_may_not_upsample_gets_16_khz(ko_model, voice):
    strict = dataclasses.replace(ko_model, allows_upsample=False)
    listener = UtteranceListener(strict, YES_NO)
    assert listener.rate == 16000
    final = stream(listener, mulaw(voice, "아니요"))[-1]
    assert final.recognition.text == "아니요"


def test_a_pause_longer_than_the_end_silence_ends_the_answer(ko_model, voice):
    # Tuned for short answers: "네", 1 s, "아니요" is the answer "네"; the rest is not listened to.
    data = mulaw(voice, "네", tail=1.0) + mulaw(voice, "아니요", lead=0.0)
    listener = UtteranceListener(ko_model, YES_NO)
    events = stream(listener, data)
    assert [e.kind for e in events] == ["speech_started", "final"]
    assert events[-1].recognition.text == "네" and listener.done
    assert listener.feed(data) == [] and listener.finish() == []


def test_the_stream_ending_mid_answer_decodes_what_was_said(ko_model, voice):
    data = mulaw(voice, "아니요", tail=0.0)
    data = data[:int(speech_bounds(data)[1] * 8)]  # the stream stops as the word ends
    listener = UtteranceListener(ko_model, YES_NO)
    assert [e.kind for e in stream(listener, data)] == ["speech_started"]
    [final] = listener.finish()
    assert (final.cause, final.recognition.text) == ("finished", "아니요")


def test_speech_longer_than_the_limit_is_cut_and_decoded(ko_model, voice):
    data = mulaw(voice, "네 아니요 네 아니요 네 아니요", tail=0.0)
    final = stream(UtteranceListener(ko_model, YES_NO, max_speech_ms=600), data)[-1]
    assert final.cause == "max_speech"
    assert 600 <= final.at_ms - final.speech_start_ms < 620


# -- no answer -------------------------------------------------------------------------------------

def test_silence_gives_no_speech_after_the_timeout(ko_model):
    listener = UtteranceListener(ko_model, YES_NO, no_speech_ms=2000)
    events = stream(listener, SILENCE * 150)
    assert events == [NoSpeech(2000)] and listener.done
    assert listener.feed(SILENCE) == []


def test_no_timeout_waits_and_finish_says_no_speech(ko_model):
    listener = UtteranceListener(ko_model, YES_NO, no_speech_ms=None)
    assert stream(listener, SILENCE * 500) == []
    assert listener.finish() == [NoSpeech(10000)]


NOISES = [("white", 0.9), ("white", 0.01), ("gauss", 0.5), ("gauss", 0.003), ("pink", 0.3),
          ("brown", 0.3), ("hum", 0.3)]


def _noise(kind: str, seed: int, level: float) -> bytes:
    return pcm16_to_ulaw(samples(kind, seed, seconds=3.0, level=level).tobytes())


@pytest.mark.parametrize("kind, level", NOISES)
def test_noise_neither_barges_in_nor_picks(ko_model, kind, level):
    for seed in range(3):
        listener = UtteranceListener(ko_model, YES_NO, no_speech_ms=None)
        assert stream(listener, _noise(kind, seed, level)) == [], seed  # no onset: no clear
        assert listener.finish() == [NoSpeech(3000)]


@pytest.mark.parametrize("kind", ["pink", "brown", "hum"])
def test_noise_past_the_onset_gate_is_still_no_answer(ko_model, monkeypatch, kind):
    # Without the onset's pitch check these noises start an utterance (they are loud and look
    # voiced); the whole-utterance check then keeps them from being decoded into an option.
    import speech.streaming

    monkeypatch.setattr(speech.streaming, "pitched_windows", lambda *args: 8)
    for seed in range(3):
        listener = UtteranceListener(ko_model, YES_NO, no_speech_ms=None)
        events = stream(listener, _noise(kind, seed, 0.3)) + listener.finish()
        assert [e.kind for e in events] == ["speech_started", "final"], seed
        assert events[-1].recognition.reason == "no_speech" and not picked(events[-1])


def test_an_answer_over_line_hiss_is_heard(ko_model, voice):
    speech = array("h", mulaw_to_pcm16(mulaw(voice, "아니요", lead=1.0)))
    hiss = samples("gauss", 1, seconds=len(speech) / 8000, level=0.003)
    mixed = array("h", (max(-32768, min(32767, a + b)) for a, b in zip(speech, hiss)))
    final = stream(UtteranceListener(ko_model, YES_NO), pcm16_to_ulaw(mixed.tobytes()))[-1]
    assert (final.kind, final.recognition.text, final.recognition.reason) == ("final", "아니요", "ok")


# -- guards ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("grammar", ["네 아니요", [], ["zzzq"]])
def test_an_unusable_grammar_is_refused_before_vosk(ko_model, grammar):
    with pytest.raises(GrammarError):
        UtteranceListener(ko_model, grammar)


def test_the_c_codec_agrees_with_the_table_decoder_on_every_byte():
    every = bytes(range(256))
    assert ulaw_to_pcm16(every) == mulaw_to_pcm16(every)
    assert pcm16_to_ulaw(ulaw_to_pcm16(every)).replace(b"\x7f", b"\xff") == \
        every.replace(b"\x7f", b"\xff")  # 0x7F is μ-law's negative zero; it encodes back as 0xFF


def test_the_test_audio_is_what_a_wav_reader_sees(voice):
    # The μ-law data chunk fed above is the same audio the batch recogniser reads from the file.
    path = voice.wav("네", codec="pcm_mulaw", lead=0.5, tail=1.0)
    assert mulaw_to_pcm16(parse_wav(path.read_bytes()).data) == read_wav(path).pcm
