"""speech.telephone: conversion to 8 kHz telephone audio, with real ffmpeg."""
from __future__ import annotations

import pytest
from pydub import AudioSegment
from pydub.generators import Sine

from speech.telephone import (PAD_MS, AudioError, atempo_filters, load_audio, to_telephone,
                              write_wav_atomic)

from .helpers import make_tone, read_wav, speech_part, wav_format

SENTENCE = "Xin chào bác. Đây là tổng đài Công Dân Số."


@pytest.mark.parametrize("tempo, expected", [
    (1.0, []),
    (0.9, ["atempo=0.900000"]),
    (0.5, ["atempo=0.500000"]),
    (0.3, ["atempo=0.5", "atempo=0.600000"]),
    (0.2, ["atempo=0.5", "atempo=0.5", "atempo=0.800000"]),
    (3.0, ["atempo=2.0", "atempo=1.500000"]),
])
def test_atempo_filters_stay_within_one_filters_range(tempo, expected):
    assert atempo_filters(tempo) == expected


@pytest.mark.parametrize("target", [-16.0, -20.0])
def test_speech_becomes_8khz_mono_16bit_at_the_target_loudness(espeak, tmp_path, target):
    phone = to_telephone(espeak.synthesize(SENTENCE), tempo=1.0, target_dbfs=target)
    write_wav_atomic(phone, tmp_path / "out.wav")

    assert wav_format(tmp_path / "out.wav") == (8000, 1, 2)
    assert 1.0 < phone.duration_seconds < 6.0
    assert speech_part(phone).dBFS == pytest.approx(target, abs=1.5)
    assert phone.max_dBFS <= -0.9  # no clipping


def test_loud_peaks_are_limited_not_clipped():
    # A square-ish wave at full scale: RMS already near 0 dBFS, so -3 dBFS would need clipping.
    loud = Sine(440).to_audio_segment(duration=1000, volume=0.0).apply_gain(+6)
    phone = to_telephone(loud, target_dbfs=-3.0)
    assert phone.max_dBFS <= -0.9
    assert speech_part(phone).dBFS < -3.0


def test_tempo_changes_length_not_pitch(tmp_path):
    tone = load_audio(make_tone(tmp_path / "tone.wav", seconds=2.0, frequency=400))
    slow = to_telephone(tone, tempo=0.5)
    fast = to_telephone(tone, tempo=2.0)

    assert speech_part(slow).duration_seconds == pytest.approx(4.0, abs=0.15)
    assert speech_part(fast).duration_seconds == pytest.approx(1.0, abs=0.15)
    for stretched in (slow, fast):
        assert _zero_crossings_per_second(speech_part(stretched)) == pytest.approx(800, rel=0.05)


def _zero_crossings_per_second(segment: AudioSegment) -> float:
    samples = segment.get_array_of_samples()
    crossings = sum(1 for a, b in zip(samples, samples[1:]) if (a < 0) != (b < 0))
    return crossings / segment.duration_seconds


def test_long_silence_is_trimmed_to_a_short_pad():
    tone = Sine(500).to_audio_segment(duration=1000, volume=-10.0)
    silence = AudioSegment.silent(2000, frame_rate=44100)
    padded = silence + tone + silence + silence
    phone = to_telephone(padded)

    assert phone.duration_seconds == pytest.approx(1.0 + 2 * PAD_MS / 1000, abs=0.1)
    assert phone[:PAD_MS].rms == 0 and phone[-PAD_MS:].rms == 0


def test_stereo_44khz_input_is_accepted(tmp_path):
    stereo = read_wav(make_tone(tmp_path / "stereo.wav", seconds=1.0))
    assert (stereo.channels, stereo.frame_rate) == (2, 44100)
    phone = to_telephone(stereo)
    assert (phone.channels, phone.frame_rate, phone.sample_width) == (1, 8000, 2)


def test_load_audio_decodes_other_formats(tmp_path):
    mp3_named_wav = make_tone(tmp_path / "phone-recording.wav", seconds=1.5, options=("-f", "mp3"))
    audio = load_audio(mp3_named_wav)
    assert audio.duration_seconds == pytest.approx(1.5, abs=0.1)
    assert (audio.channels, audio.sample_width) == (1, 2)


def test_load_audio_reports_undecodable_files(tmp_path):
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"this is not audio" * 50)
    with pytest.raises(AudioError, match="ffmpeg failed"):
        load_audio(junk)


def test_silent_input_is_an_error():
    with pytest.raises(AudioError, match="silent"):
        to_telephone(AudioSegment.silent(1000))


def test_write_wav_atomic_replaces_and_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "sub" / "prompt.wav"
    write_wav_atomic(AudioSegment.silent(500, frame_rate=8000), target)
    write_wav_atomic(AudioSegment.silent(250, frame_rate=8000), target)

    assert read_wav(target).duration_seconds == pytest.approx(0.25)
    assert [p.name for p in target.parent.iterdir()] == ["prompt.wav"]
    assert target.stat().st_mode & 0o777 == 0o644
