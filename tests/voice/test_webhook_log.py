"""One log line per webhook (``hotline.webhook``): INFO when answered, WARNING without a traceback
for bad input, ERROR with the traceback, once, for an exception. Real signed webhooks on SQLite."""
import logging
import xml.etree.ElementTree as ET

import pytest

from config import TestingConfig
from config.logging import TextFormatter
from ivr.models import db
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from ivr.voice import twiml, views
from tests.conftest import make_app


@pytest.fixture
def app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'hotline.sqlite3'}", tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def simulator(app):
    return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         describe=prompt_describer(app.extensions["hotline.flow"]))


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)  # migrations leave the root logger at WARNING
    return caplog


def webhook_lines(caplog):
    return [r for r in caplog.records if r.name == "hotline.webhook"]


def with_traceback(caplog):
    return [r for r in caplog.records if r.exc_info or r.exc_text]


def test_a_signed_webhook_logs_one_info_line_with_its_fields(simulator, logs):
    assert simulator.start().node == "main_menu"
    [line] = webhook_lines(logs)
    assert (line.levelname, line.getMessage()) == ("INFO", "answered")
    assert (line.call_sid, line.route, line.node, line.status) == \
        (simulator.call_sid, "voice.incoming", "main_menu", 200)
    assert isinstance(line.ms, float) and 0 <= line.ms < 10_000
    heard = simulator.press("1")
    second = webhook_lines(logs)[1]
    assert (second.route, second.node, second.status) == ("voice.caller_input", heard.node, 200)
    text = TextFormatter().format(line)
    assert f"INFO [{line.process}] hotline.webhook: answered call_sid={simulator.call_sid} " \
           f"route=voice.incoming node=main_menu status=200 ms={line.ms}" in text
    assert not [r for r in logs.records if r.levelno >= logging.WARNING]


def test_a_malformed_call_sid_logs_one_warning_without_traceback_and_still_apologises(app, logs, flow):
    bad = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                        call_sid="CA" + "z" * 32)
    code, headers, body = bad.transport.post(
        "/voice/incoming", bad.base_form("ringing"),
        {"X-Twilio-Signature": bad.sign("/voice/incoming", bad.base_form("ringing"))})
    assert code == 200 and headers["Content-Type"].startswith("text/xml")
    root = ET.fromstring(body)
    assert root.find("Gather").get("action") == "/voice/recover" and root.find("Hangup") is not None
    assert root.find("Gather/Say").text == flow.message("error").text
    [line] = webhook_lines(logs)
    assert line.levelname == "WARNING" and "CallSid missing or malformed" in line.getMessage()
    assert (line.call_sid, line.route, line.status) == (None, "voice.incoming", 200)
    assert with_traceback(logs) == [] and not [r for r in logs.records if r.levelno >= logging.ERROR]


def test_a_forged_signature_logs_one_warning_and_nothing_else(simulator, logs):
    assert simulator.post("/voice/incoming", signature="forged").status == 403
    assert [(r.name, r.levelname) for r in logs.records] == [("hotline.webhook", "WARNING")]
    [line] = webhook_lines(logs)
    assert "X-Twilio-Signature" in line.getMessage() and line.status == 403
    assert line.call_sid == simulator.call_sid and with_traceback(logs) == []


def test_a_malformed_callback_gets_its_400_and_one_warning(simulator, logs):
    form = {**simulator.base_form(), "RecordingSid": "../etc"}
    code, _, body = simulator.transport.post(
        "/voice/recording-status", form,
        {"X-Twilio-Signature": simulator.sign("/voice/recording-status", form)})
    assert code == 400 and body == "bad request: RecordingSid missing or malformed\n"
    [line] = webhook_lines(logs)
    assert (line.levelname, line.status, line.route) == \
        ("WARNING", 400, "voice.recording_status_callback")
    assert with_traceback(logs) == []


def _boom(*args, **kwargs):
    raise RuntimeError("the database is on fire")


def test_an_exception_is_logged_once_as_error_with_its_traceback(simulator, logs, monkeypatch, flow):
    monkeypatch.setattr(views, "answer_call", _boom)
    heard = simulator.start()
    assert heard.status == 200 and heard.action == "/voice/recover"
    assert heard.prompts[0].text == flow.message("error").text
    [logged] = with_traceback(logs)
    assert (logged.name, logged.levelname, logged.status) == ("hotline.webhook", "ERROR", 200)
    assert logged.exc_info[0] is RuntimeError and logged.call_sid == simulator.call_sid
    assert logged.getMessage() == "failed: RuntimeError: the database is on fire"
    assert len(webhook_lines(logs)) == 1 and [r.levelname for r in logs.records] == ["ERROR"]


def test_an_exception_in_a_callback_is_a_500_and_one_error(simulator, logs, monkeypatch):
    monkeypatch.setattr(views, "end_call", _boom)
    form = simulator.base_form("completed")
    code, _, body = simulator.transport.post(
        "/voice/status", form, {"X-Twilio-Signature": simulator.sign("/voice/status", form)})
    assert (code, body) == (500, "status callback failed\n")
    [logged] = with_traceback(logs)
    assert (logged.levelname, logged.route, logged.status) == ("ERROR", "voice.status", 500)


def test_the_static_apology_speaks_with_the_configured_voice(tmp_path, logs, monkeypatch):
    app = make_app(f"sqlite:///{tmp_path / 'voice.sqlite3'}", tmp_path, SAY_VOICE="Google.vi-VN-Wavenet-B")
    monkeypatch.setattr(twiml, "apology", _boom)  # even the flow's apology cannot be rendered
    heard = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                          call_sid="").start()
    assert heard.status == 200
    assert ET.fromstring(heard.twiml).find("Say").get("voice") == "Google.vi-VN-Wavenet-B"
    assert twiml.static_apology("Google.vi-VN-Wavenet-B") == heard.twiml
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("form", [{}, {"CallStatus": "ringing"}, {"CallStatus": "completed"},
                                  {"CallSid": "CA" + "z" * 32, "CallStatus": "in-progress"}])
def test_a_status_callback_without_a_valid_call_sid_gets_its_400_and_one_warning(simulator, logs,
                                                                                 form):
    code, _, body = simulator.transport.post(
        "/voice/status", form, {"X-Twilio-Signature": simulator.sign("/voice/status", form)})
    assert code == 400 and body == "bad request: CallSid missing or malformed\n"
    [line] = webhook_lines(logs)
    assert (line.levelname, line.status, line.route) == ("WARNING", 400, "voice.status")
    assert with_traceback(logs) == []


def test_a_recording_without_its_url_names_the_field_and_still_apologises(simulator, logs, flow):
    simulator.start()
    path = "/voice/input?turn=1&event=recorded"
    form = {**simulator.base_form(), "RecordingSid": "RE" + "0" * 32, "RecordingDuration": "5"}
    code, headers, body = simulator.transport.post(
        path, form, {"X-Twilio-Signature": simulator.sign(path, form)})
    assert code == 200 and headers["Content-Type"].startswith("text/xml")
    assert ET.fromstring(body).find("Gather/Say").text == flow.message("error").text
    line = webhook_lines(logs)[-1]
    assert line.levelname == "WARNING" and "RecordingUrl missing" in line.getMessage()
    assert "could not understand" not in line.getMessage()
    assert with_traceback(logs) == [] and not [r for r in logs.records if r.levelno >= logging.ERROR]
