"""The development server's stand-in for Twilio's media URL: the README's scam report, simulated
with ``flask call`` over HTTP, ends with its recording stored by the fetch job."""
from __future__ import annotations

import threading
import wave
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from config import load_config
from ivr.models import Report, db
from ivr.simulate import dev_media
from tests.jobs.conftest import job_settings, make_app, report_state, run_queue

SID = "RE" + "0123456789abcdef" * 2
REPORT_KEYS = "3,2,r,1,0912345678#,1,1"  # README: report a scam call


@pytest.fixture
def dev_app(database_url, tmp_path, media, queue_settings):
    """A migrated app on a real database and queue, with the development media route switched on."""
    app = make_app(database_url, tmp_path,
                   **job_settings(tmp_path, media, queue_settings, DEV_RECORDINGS=True))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def served(dev_app):
    """``dev_app`` over real HTTP on a free port (as gunicorn serves it); yields its base URL."""
    server = make_server("127.0.0.1", 0, dev_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_route_serves_a_telephone_wav_for_a_recording_sid(dev_app):
    client = dev_app.test_client()
    for path in (f"/dev/recordings/{SID}", f"/dev/recordings/{SID}.wav"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "audio/x-wav"
        assert response.data == dev_media.SAMPLE.read_bytes()
    for bad in ("REnot-a-sid.wav", "../app.py", SID.upper() + ".wav"):
        assert client.get(f"/dev/recordings/{bad}").status_code == 404
    with wave.open(str(dev_media.SAMPLE), "rb") as sample:  # as Twilio records a phone call
        assert (sample.getframerate(), sample.getnchannels(), sample.getsampwidth()) == (8000, 1, 2)
        seconds = sample.getnframes() / sample.getframerate()
    assert round(seconds) == dev_media.SAMPLE_SECONDS


def test_the_route_exists_only_when_switched_on(app):
    assert app.test_client().get(f"/dev/recordings/{SID}.wav").status_code == 404  # testing config


def test_only_the_development_config_switches_it_on_and_allows_its_own_origin(tmp_path, monkeypatch):
    monkeypatch.delenv("RECORDING_ORIGINS", raising=False)
    monkeypatch.setenv("PORT", "5072")
    development = load_config(tmp_path, "development").as_dict()
    assert development["DEV_RECORDINGS"] is True
    assert development["RECORDING_ORIGINS"].split(",") == [
        "https://api.twilio.com", "http://127.0.0.1:5072", "http://localhost:5072"]
    for name in ("testing", "production"):
        settings = load_config(tmp_path, name).as_dict()
        assert not settings.get("DEV_RECORDINGS")
        assert settings["RECORDING_ORIGINS"] == "https://api.twilio.com"
    monkeypatch.setenv("RECORDING_ORIGINS", "https://api.twilio.com")  # an explicit setting wins
    assert load_config(tmp_path, "development").RECORDING_ORIGINS == "https://api.twilio.com"


def test_the_readme_scam_report_gets_its_recording(dev_app, served):
    dev_app.config["RECORDING_ORIGINS"] = f"https://api.twilio.com,{served}"  # as development's
    result = dev_app.test_cli_runner().invoke(args=[
        "call", "--url", served, "--from", "0988111222", "--keys", REPORT_KEYS, "--json"])
    assert result.exit_code == 0, result.output
    with dev_app.app_context():
        report_id, url, sid = db.session.execute(
            sa.select(Report.id, Report.recording_url, Report.recording_sid)).one()
    assert url == f"{served}/dev/recordings/{sid}"  # like Twilio's RecordingUrl: no extension
    assert run_queue() >= 1
    row = report_state(dev_app, report_id)
    assert row["audio_state"] == "stored" and row["audio_error"] is None
    assert row["recording_seconds"] == dev_media.SAMPLE_SECONDS  # what the dashboard shows
    stored = Path(dev_app.config["RECORDINGS_DIR"]) / row["audio_path"]
    with wave.open(str(stored), "rb") as wav, wave.open(str(dev_media.SAMPLE), "rb") as sample:
        assert wav.getnframes() == sample.getnframes() and wav.getframerate() == 8000


def test_without_the_development_origin_the_worker_refuses_the_url(dev_app, served):
    # RECORDING_ORIGINS protects Twilio's credentials: the dev route works only where allowed.
    result = dev_app.test_cli_runner().invoke(args=["call", "--url", served, "--keys", REPORT_KEYS])
    assert result.exit_code == 0, result.output
    run_queue()
    with dev_app.app_context():
        report_id = db.session.execute(sa.select(Report.id)).scalar_one()
    row = report_state(dev_app, report_id)
    assert row["audio_state"] == "failed" and "not in RECORDING_ORIGINS" in row["audio_error"]


def test_a_local_call_points_its_recording_at_the_server_on_port(dev_app, served, monkeypatch):
    # `flask call --local` beside `PORT=... scripts/run`: that server's worker fetches the sample.
    monkeypatch.setenv("PORT", served.rsplit(":", 1)[1])
    dev_app.config["RECORDING_ORIGINS"] = f"https://api.twilio.com,{served}"  # as development's
    result = dev_app.test_cli_runner().invoke(args=["call", "--local", "--keys", REPORT_KEYS])
    assert result.exit_code == 0, result.output
    with dev_app.app_context():
        report_id, url, sid = db.session.execute(
            sa.select(Report.id, Report.recording_url, Report.recording_sid)).one()
    assert url == f"{served}/dev/recordings/{sid}"
    assert run_queue() >= 1
    assert report_state(dev_app, report_id)["audio_state"] == "stored"
