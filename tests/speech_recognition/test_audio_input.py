"""speech.audio_input: WAV parsing (PCM and μ-law), mono, gain and resampling, with real ffmpeg files."""
from __future__ import annotations

import math
import struct
import subprocess
from array import array

import pytest

from speech.audio_input import (MAX_GAIN, QUIET_PEAK, SILENCE_PEAK, TARGET_PEAK, Audio,
                                AudioInputError, load_for_model, mulaw_to_pcm16, normalise_gain,
                                parse_wav, peak, pitched_windows, read_wav, resample,
                                voice_activity)
from tests.speech_recognition.noise import samples


def tone_pcm(seconds: float, rate: int, frequency: float = 440.0, amplitude: int = 8000) -> bytes:
    """A sine tone as 16-bit little-endian mono PCM."""
    count = int(seconds * rate)
    samples = array("h", (int(amplitude * math.sin(2 * math.pi * frequency * i / rate))
                          for i in range(count)))
    return samples.tobytes()


def wav_bytes(data: bytes, rate: int = 8000, channels: int = 1, bits: int = 16, tag: int = 1,
              declared: int | None = None, extra_chunks: bytes = b"") -> bytes:
    """A WAV file built by hand: RIFF header, optional chunks, fmt, data (``declared`` size)."""
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    size = len(data) if declared is None else declared
    body = b"WAVE" + extra_chunks + b"fmt " + struct.pack("<I", len(fmt)) + fmt \
        + b"data" + struct.pack("<I", size) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def ffmpeg_pcm(path, rate: int) -> bytes:
    return subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(path), "-f", "s16le", "-ac", "1",
                           "-ar", str(rate), "pipe:1"], check=True, capture_output=True).stdout


def zero_crossings(pcm: bytes) -> int:
    samples = array("h", pcm)
    return sum(1 for a, b in zip(samples, samples[1:]) if (a < 0) != (b < 0))


# -- μ-law -----------------------------------------------------------------------------------------

def test_mulaw_table_matches_g711():
    decoded = array("h", mulaw_to_pcm16(bytes([0xFF, 0x7F, 0x00, 0x80, 0xF0, 0x70])))
    assert list(decoded) == [0, 0, -32124, 32124, 120, -120]


def test_mulaw_wav_decodes_exactly_like_ffmpeg(voice):
    mulaw = voice.wav("네", codec="pcm_mulaw")
    assert parse_wav(mulaw.read_bytes()).format_tag == 7  # the format wave.open refuses
    audio = read_wav(mulaw)
    assert audio.rate == 8000
    assert audio.pcm == ffmpeg_pcm(mulaw, 8000)


def test_pcm_8_bit_and_16_bit_wav(voice):
    sixteen = read_wav(voice.wav("네"))
    eight = read_wav(voice.wav("네", codec="pcm_u8"))
    assert sixteen.pcm == ffmpeg_pcm(voice.wav("네"), 8000)
    assert eight.pcm == ffmpeg_pcm(voice.wav("네", codec="pcm_u8"), 8000)
    assert len(eight.pcm) == len(sixteen.pcm)


def test_stereo_is_mixed_down():
    left, right = array("h", [1000, -2000, 30000, 7]), array("h", [3000, 2000, 30001, -8])
    interleaved = array("h", (s for pair in zip(left, right) for s in pair)).tobytes()
    audio = read_wav(wav_bytes(interleaved, channels=2))
    assert list(array("h", audio.pcm)) == [2000, 0, 30000, -1]


def test_stereo_file_from_ffmpeg(voice):
    stereo, mono = read_wav(voice.wav("네", channels=2)), read_wav(voice.wav("네"))
    assert stereo.rate == 8000 and len(stereo.pcm) == len(mono.pcm)


def test_chunks_before_fmt_and_odd_sizes_are_skipped_with_padding():
    pcm = tone_pcm(0.1, 8000)
    junk = b"LIST" + struct.pack("<I", 3) + b"abc" + b"\0"  # odd chunk + its pad byte
    assert read_wav(wav_bytes(pcm, extra_chunks=junk)).pcm == pcm


def test_an_odd_data_length_drops_the_half_sample():
    pcm = tone_pcm(0.1, 8000)
    audio = read_wav(wav_bytes(pcm + b"\x01"))
    assert audio.pcm == pcm and len(audio.pcm) % 2 == 0


def test_streaming_placeholder_size_reads_to_the_end():
    pcm = tone_pcm(0.1, 8000)
    assert read_wav(wav_bytes(pcm, declared=0xFFFFFFFF)).pcm == pcm


def test_wave_format_extensible_pcm():
    pcm = tone_pcm(0.05, 16000)
    fmt = struct.pack("<HHIIHHHHI", 0xFFFE, 1, 16000, 32000, 2, 16, 22, 16, 4) \
        + struct.pack("<H", 1) + bytes(14)  # sub-format GUID starting with PCM's tag
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" \
        + struct.pack("<I", len(pcm)) + pcm
    audio = read_wav(b"RIFF" + struct.pack("<I", len(body)) + body)
    assert audio == Audio(pcm, 16000)


# -- bad audio -------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"ID3\x03\x00 this is an mp3", "not a WAV file"),
    (b"RIFF\x10\x00", "truncated WAV header"),
    (b"RIFF\x04\x00\x00\x00WAVE", "no fmt chunk"),
    (wav_bytes(b"\x00\x01" * 800)[:60], "truncated WAV: the data chunk declares 1,600 bytes"),
    (wav_bytes(b"")[:36], "truncated WAV: no data chunk"),
    (wav_bytes(b""), "holds no audio samples"),
    (wav_bytes(b"\x00" * 400, bits=32, tag=3), "unsupported WAV encoding: IEEE float, 32-bit"),
    (wav_bytes(b"\x00" * 400, bits=8, tag=6), "unsupported WAV encoding: A-law"),
    (wav_bytes(b"\x00" * 400, rate=0), "invalid WAV header"),
])
def test_bad_audio_raises_a_clear_value_error(data, message):
    with pytest.raises(AudioInputError, match=message) as caught:
        read_wav(data)
    assert isinstance(caught.value, ValueError)


def test_a_truncated_file_on_disk(voice, tmp_path):
    whole = voice.wav("안녕하세요").read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole[:len(whole) // 2])
    with pytest.raises(AudioInputError, match="truncated WAV"):
        read_wav(cut)


def test_a_missing_file_is_an_audio_input_error(tmp_path):
    with pytest.raises(AudioInputError, match="cannot read"):
        read_wav(tmp_path / "absent.wav")


# -- gain ------------------------------------------------------------------------------------------

def test_quiet_audio_is_raised_to_the_target_peak():
    quiet = tone_pcm(0.2, 8000, amplitude=1000)
    louder = normalise_gain(quiet)
    assert peak(louder) == pytest.approx(TARGET_PEAK, rel=0.01)
    assert zero_crossings(louder) == zero_crossings(quiet)


def test_gain_is_capped():
    faint = tone_pcm(0.2, 8000, amplitude=100)
    assert peak(normalise_gain(faint)) == pytest.approx(100 * MAX_GAIN, rel=0.01)


@pytest.mark.parametrize("amplitude", [0, SILENCE_PEAK - 1, QUIET_PEAK, 20000])
def test_silence_and_loud_audio_are_left_alone(amplitude):
    pcm = tone_pcm(0.2, 8000, amplitude=amplitude)
    assert normalise_gain(pcm) == pcm


# -- resampling ------------------------------------------------------------------------------------

def test_resampling_8k_to_16k_keeps_duration_and_pitch():
    pcm = tone_pcm(1.0, 8000, frequency=440)
    up = resample(pcm, 8000, 16000)
    assert len(up) == pytest.approx(2 * len(pcm), abs=64)
    # 440 Hz crosses zero 880 times a second at either rate
    assert zero_crossings(up) == pytest.approx(zero_crossings(pcm), abs=4)


def test_resampling_to_the_same_rate_is_a_no_op():
    pcm = tone_pcm(0.1, 16000)
    assert resample(pcm + b"\x00", 16000, 16000) == pcm


def test_load_for_model_gives_even_pcm_at_the_model_rate(voice):
    pcm = load_for_model(voice.wav("네", codec="pcm_mulaw"), 16000)
    seconds = read_wav(voice.wav("네", codec="pcm_mulaw")).seconds
    assert len(pcm) % 2 == 0
    assert len(pcm) / 2 / 16000 == pytest.approx(seconds, abs=0.01)


# -- voice activity: noise and silence are not speech ----------------------------------------------

@pytest.mark.parametrize("kind, level, reason", [
    ("white", 0.9, "unvoiced"), ("white", 0.1, "unvoiced"), ("gauss", 0.03, "unvoiced"),
    ("white", 0.01, "unvoiced"),  # line hiss that normalise_gain would lift ×30
    ("white", 0.0008, "silence"),  # ±26: below the speech floor
    ("hum", 0.3, "steady"),
    # low-frequency noise looks voiced and uneven, but has no pitch (issue 9: 1-2 of 20 seeds
    # picked an option before the pitch check)
    ("pink", 0.3, "unpitched"), ("brown", 0.3, "unpitched"), ("pink", 0.9, "unpitched"),
    ("brown", 0.05, "unpitched"),
])
def test_noise_and_near_silence_are_not_speech(kind, level, reason):
    for seed in range(3):
        activity = voice_activity(samples(kind, seed, level=level).tobytes(), 8000)
        assert (activity.reason, activity.is_speech) == (reason, False), (seed, activity)


def test_digital_silence_and_nothing_are_silence():
    assert voice_activity(bytes(16000), 8000).reason == "silence"
    assert voice_activity(b"", 8000).reason == "silence"


@pytest.mark.parametrize("text, voice_name", [("네", "ko"), ("có", "vi"), ("sáu", "vi"),
                                              ("dạ không gửi ạ", "vi-vn-x-south")])
@pytest.mark.parametrize("volume", [1.0, 0.03])
def test_words_are_speech_even_quiet_and_without_silence_around(voice, text, voice_name, volume):
    audio = read_wav(voice.wav(text, voice=voice_name, volume=volume))
    activity = voice_activity(audio.pcm, audio.rate)
    assert activity.is_speech, activity
    assert activity.voiced_seconds >= 0.1


@pytest.mark.parametrize("kind", ["pink", "brown"])
def test_low_frequency_noise_has_no_pitched_window_and_words_have_several(voice, kind):
    for seed in range(5):
        assert pitched_windows(samples(kind, seed, level=0.3).tobytes(), 8000, enough=99) == 0
    for text in ("có", "không", "một"):
        audio = read_wav(voice.wav(text, voice="vi"))
        assert pitched_windows(audio.pcm, audio.rate, enough=99) >= 4, text
