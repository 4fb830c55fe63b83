"""Fetching recordings through a real queue from a local stand-in for Twilio's media URL."""
from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import pytest

from ivr.reports.storage import recording_file_name
from ivr.voice.media import PermanentFetchError, is_wav_header, media_url
from jobs import enqueue_fetch_recording
from jobs.transcribe import transcribe_once
from tests.jobs.conftest import (Answer, add_report, job_settings, make_app, make_wav,
                                 report_state, run_queue, wait_for)
from tests.speech_recognition.conftest import korean_model_path

HTML = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


def wav_format(path: Path) -> tuple[int, int, int]:
    """``(sample rate, channels, bytes per sample)`` of a WAV file, read by Python's wave module."""
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), wav.getnchannels(), wav.getsampwidth()


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def files_in(app) -> list[str]:
    folder = Path(app.config["RECORDINGS_DIR"])
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_404_twice_then_audio_is_stored_as_8khz_mono_pcm(jobs_app, media, twilio_wav):
    url, sid = media.recording(Answer(404, "application/json", b"{}"),
                               Answer(404, "application/json", b"{}"), Answer(body=twilio_wav))
    report_id = add_report(jobs_app, recording_url=url, recording_sid=sid)
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)
    assert run_queue() == 3
    row = report_state(jobs_app, report_id)
    assert (row["audio_state"], row["audio_attempts"], row["audio_error"]) == ("stored", 3, None)
    assert row["audio_path"] == f"report-{report_id}-{sid}.wav" and row["audio_lease_until"] is None
    stored = Path(jobs_app.config["RECORDINGS_DIR"]) / row["audio_path"]
    assert wav_format(stored) == (8000, 1, 2)
    assert wav_seconds(stored) == pytest.approx(3.0, abs=0.01)
    assert row["recording_seconds"] == 3  # filled from the audio when the callback had none
    assert media.count(url) == 3 and files_in(jobs_app) == [row["audio_path"]]


def test_two_channel_mulaw_recording_is_converted_to_pcm(jobs_app, media, tmp_path):
    body = make_wav(tmp_path / "dual.wav", 2.0, rate=8000, channels=2, codec="pcm_mulaw")
    url, sid = media.recording(Answer(content_type="audio/wav; charset=binary", body=body))
    report_id = add_report(jobs_app, recording_url=url, recording_sid=sid, recording_seconds=2)
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)
    run_queue()
    row = report_state(jobs_app, report_id)
    stored = Path(jobs_app.config["RECORDINGS_DIR"]) / row["audio_path"]
    assert row["audio_state"] == "stored" and wav_format(stored) == (8000, 1, 2)
    assert wav_seconds(stored) == pytest.approx(2.0, abs=0.01)


def test_500_forever_keeps_the_report_failed_with_its_remote_url(jobs_app, media):
    url, sid = media.recording(Answer(500, "text/plain", b"oops"))
    report_id = add_report(jobs_app, recording_url=url, recording_sid=sid)
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)
    run_queue()
    row = report_state(jobs_app, report_id)
    assert (row["audio_state"], row["audio_attempts"]) == ("failed", 3)
    assert row["recording_url"] == url and "HTTP 500" in row["audio_error"]
    assert row["audio_path"] is None and files_in(jobs_app) == []
    assert media.count(url) == 3


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "audio/wav"])
def test_an_html_error_page_with_status_200_is_never_saved_as_audio(jobs_app, media, content_type):
    url, sid = media.recording(Answer(200, content_type, HTML))
    report_id = add_report(jobs_app, recording_url=url, recording_sid=sid)
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)
    run_queue()
    row = report_state(jobs_app, report_id)
    assert (row["audio_state"], row["audio_path"]) == ("failed", None)
    assert "not WAV audio" in row["audio_error"]
    assert files_in(jobs_app) == []  # neither a file nor a partial download is left


def test_wrong_credentials_401_are_not_saved_and_not_retried_soon(database_url, tmp_path, media,
                                                                  queue_settings, twilio_wav):
    settings = job_settings(tmp_path, media, queue_settings, TWILIO_ACCOUNT_SID="AC" + "f" * 32)
    app = make_app(database_url, tmp_path, **settings)
    url, sid = media.recording(Answer(body=twilio_wav))
    report_id = add_report(app, recording_url=url, recording_sid=sid)
    with app.app_context():
        enqueue_fetch_recording(report_id)
    assert run_queue() == 1
    row = report_state(app, report_id)
    assert (row["audio_state"], row["audio_attempts"]) == ("failed", 1)
    assert "HTTP 401" in row["audio_error"] and "TWILIO_AUTH_TOKEN" in row["audio_error"]
    assert media.count(url) == 0 and files_in(app) == []  # the server refused before serving
    assert "test-auth-token" not in row["audio_error"]


def test_a_url_outside_the_allowed_origins_gets_no_request_and_no_credentials(jobs_app, media,
                                                                              twilio_wav):
    url, sid = media.recording(Answer(body=twilio_wav))
    elsewhere = url.replace("127.0.0.1", "localhost")
    report_id = add_report(jobs_app, recording_url=elsewhere, recording_sid=sid)
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)
    run_queue()
    row = report_state(jobs_app, report_id)
    assert (row["audio_state"], row["audio_attempts"]) == ("failed", 1)
    assert "RECORDING_ORIGINS" in row["audio_error"] and media.count(url) == 0


def test_duplicate_enqueues_give_one_fetch_and_one_file(jobs_app, media, twilio_wav, consumer_thread):
    url, sid = media.recording(Answer(body=twilio_wav, hang=True))
    report_id = add_report(jobs_app, recording_url=url, recording_sid=sid)
    with jobs_app.app_context():
        for _ in range(3):
            enqueue_fetch_recording(report_id)
    consumer_thread(workers=2)
    # Both workers are now busy or done with copies; the media server holds the one real fetch.
    wait_for(lambda: media.count(url) == 1, what="the first request")
    media.release.set()
    wait_for(lambda: report_state(jobs_app, report_id)["audio_state"] == "stored", what="stored")
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)  # a late duplicate after the audio is stored
    wait_for(lambda: len(jobs_app.extensions["hotline.jobs"]) == 0, what="an empty queue")
    row = report_state(jobs_app, report_id)
    assert (row["audio_attempts"], media.count(url)) == (1, 1)
    assert files_in(jobs_app) == [f"report-{report_id}-{sid}.wav"]


def korean_speech(path: Path) -> bytes:
    """A Korean sentence from espeak-ng as 8 kHz mono PCM WAV (the model is Korean: see
    tests/speech_recognition/conftest.py); returns its bytes."""
    spoken = subprocess.run(["espeak-ng", "-v", "ko", "--stdout", "오늘은 날씨가 좋습니다"],
                            check=True, capture_output=True).stdout
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", "pipe:0",
                    "-af", "apad=pad_dur=0.5", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le",
                    str(path)], input=spoken, check=True, capture_output=True)
    return path.read_bytes()


def test_stored_audio_is_transcribed_with_the_configured_model(database_url, tmp_path, media,
                                                               queue_settings):
    model = str(korean_model_path())
    app = make_app(database_url, tmp_path, **job_settings(tmp_path, media, queue_settings,
                                                          VOSK_MODEL_PATH=model))
    url, sid = media.recording(Answer(body=korean_speech(tmp_path / "speech.wav")))
    report_id = add_report(app, recording_url=url, recording_sid=sid)
    with app.app_context():
        enqueue_fetch_recording(report_id)
    assert run_queue(timeout=60) == 2  # the fetch, then the transcription it queued
    row = report_state(app, report_id)
    assert row["audio_state"] == "stored" and len(row["transcript_words"]) >= 2
    assert row["transcript"] == " ".join(w["word"] for w in row["transcript_words"])
    assert all(set(w) == {"word", "start", "end", "conf"} for w in row["transcript_words"])


def test_without_a_model_transcription_is_skipped_quietly(jobs_app, media, twilio_wav):
    url, sid = media.recording(Answer(body=twilio_wav))
    report_id = add_report(jobs_app, recording_url=url, recording_sid=sid)
    with jobs_app.app_context():
        enqueue_fetch_recording(report_id)
    assert run_queue() == 1  # the fetch only
    row = report_state(jobs_app, report_id)
    assert row["audio_state"] == "stored" and row["transcript"] is None


def test_stored_audio_the_recogniser_cannot_use_is_logged_not_retried(database_url, tmp_path,
                                                                      caplog):
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "report-1.wav").write_bytes(b"<html>not audio</html>")
    app = make_app(database_url, tmp_path, RECORDINGS_DIR=str(folder),
                   VOSK_MODEL_PATH=str(korean_model_path()))
    report_id = add_report(app, audio_state="stored", audio_path="report-1.wav")
    with app.app_context():
        assert transcribe_once(report_id) is False
    assert "cannot be transcribed" in caplog.text and "not a WAV file" in caplog.text
    assert report_state(app, report_id)["transcript"] is None


def test_enqueue_never_raises_when_the_queue_is_unreachable(database_url, tmp_path, media, caplog):
    settings = job_settings(tmp_path, media, {"REDIS_URL": "redis://127.0.0.1:1/0"})
    app = make_app(database_url, tmp_path, **settings)
    report_id = add_report(app, recording_url=media.origin + "/r", recording_sid=None)
    with app.app_context():
        enqueue_fetch_recording(report_id)
    assert "the sweeper will" in caplog.text
    assert report_state(app, report_id)["audio_state"] == "pending"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
     "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1.wav"),
    ("https://api.twilio.com/x/RE1.wav", "https://api.twilio.com/x/RE1.wav"),
    ("https://API.twilio.com/x/RE1?a=1", "https://API.twilio.com/x/RE1.wav?a=1"),
])
def test_media_url_asks_for_wav_on_allowed_origins(url, expected):
    assert media_url(url, frozenset({"https://api.twilio.com"})) == expected


@pytest.mark.parametrize("url", ["https://evil.example/x", "http://api.twilio.com/x",
                                 "https://user:pw@api.twilio.com/x", "", None])
def test_media_url_refuses_other_origins(url):
    with pytest.raises(PermanentFetchError):
        media_url(url, frozenset({"https://api.twilio.com"}))


def test_file_names_use_only_the_report_id_and_a_well_formed_sid():
    sid = "RE" + "ab" * 16
    assert recording_file_name(7, sid) == f"report-7-{sid}.wav"
    assert recording_file_name(7, "../../etc/passwd") == "report-7.wav"
    assert recording_file_name(7, None) == "report-7.wav"
    assert recording_file_name(7, sid + "x") == "report-7.wav"


def test_wav_header_check():
    assert is_wav_header(b"RIFF\x24\x00\x00\x00WAVEfmt ")
    assert not is_wav_header(b"<html><body>")
    assert not is_wav_header(b"RIFF\x24\x00\x00\x00AVI ")
    assert not is_wav_header(b"RIFF")

