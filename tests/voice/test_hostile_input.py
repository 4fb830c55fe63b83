"""Hostile but signed Twilio webhooks (issue 10): NUL bytes and overlong values, keys no keypad
has, the wrong HTTP method, two deliveries of the same call at once, percent-encoded query strings.

Every one of them used to answer 500, an apology, an English error page or a refused signature.
Real signed requests through the real app, on SQLite and PostgreSQL; the concurrency and the
signature tests go through a real HTTP server (werkzeug's, in a thread).
"""
from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from http.client import HTTPConnection
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from twilio.request_validator import RequestValidator
from werkzeug.serving import make_server

from config import TestingConfig
from ivr.models import Call, CallEvent, Report, db
from ivr.simulate import CallSimulator, FlaskTransport, HttpTransport
from tests.conftest import make_app

MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE"
NUL_URL = MEDIA + "1\x00.wav"
LONG_URL = MEDIA + "1" * 480  # 537 characters: longer than any column a Twilio value is kept in
HUGE_URL = MEDIA + "1" * 200_000


def rows(app, model):
    with app.app_context():
        return db.session.execute(sa.select(model)).scalars().all()


def post(simulator, path, extra, base=None):
    """POST a signed webhook with ``extra`` over the call's usual parameters (or over ``base``)."""
    form = {**(simulator.base_form() if base is None else base), **extra}
    code, headers, body = simulator.transport.post(
        path, form, {"X-Twilio-Signature": simulator.sign(path, form)})
    return code, headers, body


def is_apology(code, body, flow) -> bool:
    root = ET.fromstring(body)
    return code == 200 and root.find("Gather").get("action") == "/voice/recover" and \
        flow.message("error").text in "".join(root.itertext())


# -- 1. NUL bytes and overlong values ------------------------------------------------------------

@pytest.mark.parametrize("url", [NUL_URL, LONG_URL, HUGE_URL], ids=["nul", "537", "200k"])
def test_a_nul_or_overlong_recording_url_on_the_callback_is_a_400_and_kept_nowhere(app, call, url):
    simulator = call()
    simulator.start()
    recording = "RE" + "a" * 32
    form = {"AccountSid": simulator.account_sid, "CallSid": simulator.call_sid,
            "RecordingSid": recording, "RecordingUrl": url, "RecordingStatus": "completed",
            "RecordingDuration": "12"}
    code, _, body = post(simulator, "/voice/recording-status", {}, base=form)
    assert code == 400 and body.startswith("bad request: RecordingUrl"), (code, body[:200])
    assert all(report.recording_url != url for report in rows(app, Report))


def test_a_body_too_large_for_the_server_is_a_413_on_the_callback_not_a_500(database_url, tmp_path):
    app = make_app(database_url, tmp_path, MAX_CONTENT_LENGTH=20_000)
    simulator = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost")
    form = {"CallSid": simulator.call_sid, "RecordingSid": "RE" + "a" * 32,
            "RecordingUrl": HUGE_URL, "RecordingStatus": "completed"}
    code, _, body = post(simulator, "/voice/recording-status", {}, base=form)
    assert code == 413 and body.startswith("bad request:"), (code, body[:200])


@pytest.mark.parametrize("field", ["From", "RecordingUrl", "RecordingSid", "CallSid"])
@pytest.mark.parametrize("bad", ["nul", "long"])
def test_a_nul_or_overlong_value_on_a_caller_route_is_the_vietnamese_apology(app, call, flow,
                                                                            field, bad):
    """The ``<Record>`` action and the incoming call: the caller hears the apology (HTTP 200), and
    nothing of the value is stored."""
    simulator = call()
    simulator.start()
    assert simulator.press("3").node == "report_money"
    heard = simulator.press("2")
    assert heard.record_action
    good = {"RecordingUrl": MEDIA + "1", "RecordingSid": "RE" + "b" * 32, "RecordingDuration": "9",
            "Digits": "#", "From": simulator.caller, "CallSid": simulator.call_sid}
    value = good[field] + ("\x00" if bad == "nul" else "9" * 500)
    code, _, body = post(simulator, heard.record_action, {**good, field: value})
    assert is_apology(code, body, flow)
    assert all(r.recording_url != value and r.recording_sid is None for r in rows(app, Report))
    if field in ("From", "CallSid"):
        stranger = call(caller=value) if field == "From" else call(call_sid=value)
        code, _, body = post(stranger, "/voice/incoming", {})
        assert is_apology(code, body, flow)
        assert len(rows(app, Call)) == 1


@pytest.mark.parametrize("keys", ["\x00", "1\x00", "1" * 501])
def test_a_nul_or_overlong_key_press_is_an_invalid_key(app, call, keys):
    simulator = call()
    simulator.start()
    heard = simulator.press(keys)
    assert heard.node == "main_menu" and heard.prompt_ids[0] == "common.invalid_key"
    assert [e.input for e in rows(app, CallEvent)] == ["start", "?"]


@pytest.mark.parametrize("said", ["một\x00", "một " * 130], ids=["nul", "520"])
def test_a_nul_or_overlong_speech_result_is_not_heard(call, said):
    """Twilio's own recognition (``SpeechResult``): asked again, as for words we did not catch."""
    simulator = call()
    simulator.start()
    heard = simulator.post(simulator.last.action, {"SpeechResult": said, "Confidence": "0.9"})
    assert heard.node == "main_menu" and heard.prompt_ids[0] == "common.speech_not_heard"


# -- 2. keys no telephone keypad has ------------------------------------------------------------

NOT_KEYS = ["¹", "１", "٣", "۳", "¹²³⁴⁵⁶", "１２３４５６", "١٢٣٤٥٦", "۱۲۳۴۵۶", "12345¹",
            "０９１２３４５６７８", "0912345678¹", "09１2345678"]


def to_reported_number(simulator, recording_sid):
    simulator.start()
    simulator.press("3")
    simulator.press("2")
    simulator.record(MEDIA + "9", recording_sid)
    heard = simulator.press("1")
    assert heard.node == "report_number"
    return heard


@pytest.mark.parametrize("keys", NOT_KEYS)
def test_non_ascii_digits_are_an_invalid_key_everywhere(call, keys):
    """Superscript, full-width, Arabic-Indic and Persian digits are not keys: the caller hears the
    usual "not an option" (at a number: the number's own "invalid"), never the apology."""
    menu = call()
    menu.start()
    menu.press("3")
    heard = menu.press(keys)
    assert heard.node == "report_money" and heard.prompt_ids[0] == "common.invalid_key"
    number = call()
    to_reported_number(number, "RE" + "c" * 32)
    heard = number.press(keys + "#")
    assert heard.node == "report_number" and heard.prompt_ids[0] == "report_number.invalid"
    number.press("0912345678#")
    heard = number.press(keys)  # at "Đúng thì bấm 1, sai bấm 2"
    assert heard.node == "report_number" and heard.prompt_ids[0] == "common.invalid_key"
    reference = call()  # six digits exactly: "¹²³⁴⁵⁶" has six characters that isdigit()
    reference.start()
    reference.press("3")
    assert reference.press("4").node == "report_old"  # issue 12: an old report's menu
    assert reference.press("2").node == "withdraw_reference"
    heard = reference.press(keys + "#")
    assert heard.node == "withdraw_reference" and \
        heard.prompt_ids[0] == "withdraw_reference.invalid"


# -- 3. the wrong HTTP method -------------------------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/voice/input?turn=1", "/voice/recover"])
def test_a_wrong_method_on_a_twiml_route_answers_the_vietnamese_apology(client, flow, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert is_apology(200, response.get_data(as_text=True), flow)


def test_a_wrong_method_on_a_callback_is_a_plain_405(client):
    response = client.put("/voice/recording-status")
    assert response.status_code == 405 and response.mimetype == "text/plain"
    assert "POST" in response.headers["Allow"]


def test_a_signed_get_to_the_voice_url_is_answered_like_a_post(app, call):
    """A number whose voice URL is set to HTTP GET: Twilio sends the parameters in the query
    string and signs the whole URL (https://www.twilio.com/docs/usage/security)."""
    simulator = call()
    path = "/voice/incoming?" + urlencode(simulator.base_form("ringing"))
    client = app.test_client()
    response = client.get(path, headers={"X-Twilio-Signature": simulator.sign(path, {})})
    assert response.status_code == 200 and response.headers["X-Hotline-Node"] == "main_menu"
    [stored] = rows(app, Call)
    assert stored.call_sid == simulator.call_sid and stored.caller == simulator.caller
    heard = simulator.post("/voice/input?turn=1", {"Digits": "1"})  # the call goes on by POST
    assert heard.node == "tutorials"
    assert client.get(path).status_code == 403  # unsigned
    final = "/voice/status?" + urlencode({**simulator.base_form("completed"), "CallDuration": "7"})
    response = client.get(final, headers={"X-Twilio-Signature": simulator.sign(final, {})})
    assert response.status_code == 204 and rows(app, Call)[0].duration_seconds == 7


# -- 4. the same call delivered twice at once ---------------------------------------------------

@contextmanager
def serving(app):
    """The app behind a real threaded HTTP server on a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def test_two_simultaneous_deliveries_of_a_new_call_both_hear_the_question(app):
    with serving(app) as base:
        for _ in range(8):
            simulator = CallSimulator(HttpTransport(base), TestingConfig.TEST_AUTH_TOKEN, base)
            form = simulator.base_form("ringing")
            headers = {"X-Twilio-Signature": simulator.sign("/voice/incoming", form)}
            barrier, answers = threading.Barrier(2), []

            def deliver():
                barrier.wait()
                answers.append(simulator.transport.post("/voice/incoming", form, headers))

            threads = [threading.Thread(target=deliver) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            replay = simulator.transport.post("/voice/incoming", form, headers)  # one more, later
            assert [(code, h.get("X-Hotline-Node")) for code, h, _ in answers] == \
                [(200, "main_menu")] * 2, [body[:300] for _, _, body in answers]
            assert replay[2] in [body for _, _, body in answers]
            assert all('action="/voice/input?turn=1"' in body for _, _, body in answers)
    assert len(rows(app, Call)) == 8 and len(rows(app, CallEvent)) == 8


# -- 5. percent-encoded query strings, signed as sent -------------------------------------------

QUERIES = ["x=%2F", "x=a%20b", "x=a+b", "x=%C3%A1", "x=%25", "x=%3F%26y%3D1", "a=1&x=%E1%BB%87n"]


def raw_post(base: str, path: str, form: dict, headers: dict) -> int:
    """POST exactly ``path`` (no client re-encoding its query) to the server at ``base``."""
    host, port = base.removeprefix("http://").split(":")
    connection = HTTPConnection(host, int(port), timeout=15)
    try:
        connection.request("POST", path, urlencode(form), {
            **headers, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.mark.parametrize("proxied", [True, False], ids=["behind-proxy", "direct"])
def test_percent_encoded_query_strings_are_validated_as_twilio_signed_them(database_url, tmp_path,
                                                                          proxied):
    app = make_app(database_url, tmp_path, TRUSTED_PROXY_COUNT=1 if proxied else 0)
    validator = RequestValidator(TestingConfig.TEST_AUTH_TOKEN)
    with serving(app) as base:
        public = "https://hotline.example.vn" if proxied else base
        proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hotline.example.vn",
                 "X-Forwarded-For": "54.172.60.1"} if proxied else {}
        simulator = CallSimulator(HttpTransport(base), TestingConfig.TEST_AUTH_TOKEN, public)
        answered = {}
        for query in QUERIES:
            simulator.call_sid = "CA" + query.encode().hex().ljust(32, "0")[:32]
            form = simulator.base_form("ringing")
            path = f"/voice/incoming?{query}"
            signature = validator.compute_signature(public + path, form)
            answered[query] = raw_post(base, path, form, {"X-Twilio-Signature": signature, **proxy})
            forged = validator.compute_signature(public + "/voice/incoming?x=other", form)
            assert raw_post(base, path, form, {"X-Twilio-Signature": forged, **proxy}) == 403
    assert answered == {query: 200 for query in QUERIES}
