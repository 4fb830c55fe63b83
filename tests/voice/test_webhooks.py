"""Real signed webhooks through the Flask app, on SQLite and PostgreSQL."""
import sqlalchemy as sa
import xml.etree.ElementTree as ET

from config import TestingConfig
from ivr.models import Call, CallEvent, TutorialProgress, db
from ivr.simulate import CallSimulator, FlaskTransport
from tests.conftest import make_app


def rows(app, model):
    with app.app_context():
        return db.session.execute(sa.select(model)).scalars().all()


def test_incoming_call_answers_with_a_vietnamese_main_menu(call, flow):
    heard = call().start()
    assert heard.status == 200 and heard.node == "main_menu"
    root = ET.fromstring(heard.twiml)
    gather = root.find("Gather")
    assert gather.get("numDigits") == "1" and gather.get("finishOnKey") == ""
    assert gather.get("timeout") == "10" and gather.get("action") == "/voice/input?turn=1"
    assert root.find("Redirect").text == "/voice/input?turn=1&event=timeout"
    says = gather.findall("Say")
    assert says and all(s.get("language") == "vi-VN" for s in says)  # nothing rendered: <Say>
    assert heard.prompts[0].text == flow.message("welcome").text
    assert heard.prompt_ids[1] == "main_menu.option1"  # the menu's name adds nothing after the welcome


def test_twiml_is_served_as_xml_utf8(call):
    simulator = call()
    form = simulator.base_form("ringing")
    response = simulator.transport.client.post(
        "/voice/incoming", data=form,
        headers={"X-Twilio-Signature": simulator.sign("/voice/incoming", form)})
    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert response.get_data().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_unsigned_forged_and_tampered_requests_get_403_and_change_nothing(app, call):
    simulator = call()
    assert simulator.post("/voice/incoming", signature="").status == 403
    forged = CallSimulator(FlaskTransport(app), "not-the-token", "http://localhost",
                           call_sid=simulator.call_sid)
    assert forged.start().status == 403
    form = {**simulator.base_form(), "Digits": "1"}
    signature = simulator.sign("/voice/input?turn=1", form)
    tampered = simulator.post("/voice/input?turn=1", {"Digits": "2"}, signature=signature)
    assert tampered.status == 403 and "Forbidden" in tampered.twiml
    other_url = simulator.post("/voice/incoming", signature=simulator.sign("/voice/status", form))
    assert other_url.status == 403
    assert rows(app, Call) == []


def test_a_signature_for_another_host_or_scheme_is_refused(app, call):
    simulator = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "https://evil.example")
    assert simulator.start().status == 403


def test_public_base_url_is_used_behind_a_tls_proxy(database_url, tmp_path):
    app = make_app(database_url, tmp_path, PUBLIC_BASE_URL="https://hotline.example.vn")
    good = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "https://hotline.example.vn")
    assert good.start().status == 200
    assert good.press("1").status == 200
    internal = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost")
    assert internal.start().status == 403


def test_trusted_proxy_headers_rebuild_the_public_url(database_url, tmp_path):
    app = make_app(database_url, tmp_path, TRUSTED_PROXY_COUNT=1)
    simulator = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "https://public.example.vn")
    form = simulator.base_form("ringing")
    signature = simulator.sign("/voice/incoming", form)
    client = app.test_client()
    proxied = client.post("/voice/incoming", data=form, headers={
        "X-Twilio-Signature": signature, "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "public.example.vn", "X-Forwarded-For": "54.172.60.1"})
    assert proxied.status_code == 200
    direct = client.post("/voice/incoming", data=form, headers={"X-Twilio-Signature": signature})
    assert direct.status_code == 403


def test_keys_move_through_the_flow_and_every_turn_is_recorded(app, call):
    simulator = call()
    simulator.start()
    heard = simulator.press("1")
    assert heard.node == "tutorials" and heard.action == "/voice/input?turn=2"
    heard = simulator.press("1")
    assert heard.node.startswith("tutorial_")
    events = rows(app, CallEvent)
    assert [(e.turn, e.input, e.next_node) for e in events][:2] == [
        (1, "start", "main_menu"), (2, "1", "tutorials")]
    assert events[1].prompts.split()[0] == "tutorials.prompt"


def test_silence_follows_the_redirect_and_counts_as_no_input(call, flow):
    simulator = call()
    simulator.start()
    simulator.press("1")
    heard = simulator.silence()
    assert heard.node == "tutorials" and heard.prompt_ids[0] == "common.no_input"


def test_duplicate_delivery_changes_nothing(app, call):
    simulator = call()
    simulator.start()
    first = simulator.press("1")
    assert first.node == "tutorials"
    again = simulator.post("/voice/input?turn=1", {"Digits": "1"})  # Twilio retried the same request
    assert again.status == 200 and again.node == "tutorials"
    assert again.prompt_ids == first.prompt_ids and again.action == first.action
    late = simulator.post("/voice/input?turn=1", {"Digits": "2"})  # out of order: stale turn
    assert late.node == "tutorials"
    assert len(rows(app, CallEvent)) == 2


def test_duplicate_incoming_webhook_does_not_restart_the_call(app, call):
    simulator = call()
    simulator.start()
    simulator.press("1")
    again = simulator.start()
    assert again.node == "tutorials" and len(rows(app, Call)) == 1


def test_status_callback_closes_the_call(app, call):
    simulator = call()
    simulator.start()
    assert simulator.hang_up(duration=42) == 204
    [stored] = rows(app, Call)
    assert stored.status == "completed" and stored.duration_seconds == 42 and stored.ended_at
    assert stored.state["ended"] is True
    assert call().hang_up() == 204  # a call we never saw: acknowledged, nothing created
    assert len(rows(app, Call)) == 1


def test_database_failure_still_answers_vietnamese_twiml(app, call, flow):
    simulator = call()
    simulator.start()
    with app.app_context():
        db.session.execute(sa.text("DROP TABLE call_events"))
        db.session.commit()
    heard = simulator.press("1")
    assert heard.status == 200
    root = ET.fromstring(heard.twiml)
    assert root.find("Gather").get("action") == "/voice/recover"
    assert heard.prompts[0].text == flow.message("error").text
    assert root.find("Gather/Say").get("language") == "vi-VN"
    assert root.find("Hangup") is not None


def test_a_malformed_request_gets_the_apology_not_a_500(call):
    simulator = call()
    form = {"From": "+84912345678"}  # no CallSid
    code, _, body = simulator.transport.post(
        "/voice/incoming", form, {"X-Twilio-Signature": simulator.sign("/voice/incoming", form)})
    assert code == 200 and "Xin lỗi" in body


def test_recover_returns_the_caller_to_the_main_menu(call):
    simulator = call()
    simulator.start()
    simulator.press("1")
    heard = simulator.post("/voice/recover", {"Digits": "5"})
    assert heard.status == 200 and heard.node == "main_menu"


def test_fallback_url_apologises_in_vietnamese(call):
    heard = call().post("/voice/fallback", {"ErrorCode": "11200", "ErrorUrl": "https://x/voice/incoming"})
    assert heard.status == 200 and "Xin lỗi" in heard.twiml and heard.action == "/voice/recover"


def test_returning_caller_is_offered_to_resume(app, call):
    first = call("+84987654321")
    first.start()
    first.press("1")
    tutorial = first.press("1").node
    first.press("1")
    first.press("1")
    first.hang_up()
    [progress] = rows(app, TutorialProgress)
    assert (progress.tutorial, progress.step, progress.completed) == (tutorial, 2, False)
    assert "0987654321" not in progress.caller_key and "+84" not in progress.caller_key
    again = call("0987654321")  # the same number, written nationally
    heard = again.start()
    assert heard.prompt_ids[0] == f"{tutorial}.resume"  # the offer first: no welcome before it
    heard = again.press("1")
    assert heard.node == tutorial and heard.prompt_ids[0] == f"{tutorial}.step3"


def test_withheld_numbers_get_no_resume_and_store_no_progress(app, call):
    for withheld in ("anonymous", "+266696687", "", "Restricted"):
        simulator = call(withheld)
        assert simulator.start().node == "main_menu"
        simulator.press("1")
        simulator.press("1")
        simulator.press("1")
        simulator.hang_up()
        assert call(withheld).start().prompt_ids[1] == "main_menu.option1"
    assert rows(app, TutorialProgress) == []
    assert {c.caller for c in rows(app, Call)} == {None}


def test_gather_timeout_is_configurable(database_url, tmp_path):
    app = make_app(database_url, tmp_path, GATHER_TIMEOUT=15)
    simulator = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost")
    assert simulator.start().timeout == 15


def test_malformed_callbacks_get_a_clear_400_and_change_nothing(app, call):
    simulator = call()
    simulator.start()
    for path, extra in [("/voice/status", {"CallSid": "", "CallStatus": "completed"}),
                        ("/voice/recording-status", {"RecordingSid": "../etc"}),
                        ("/voice/recording-status", {})]:
        form = {**simulator.base_form(), **extra}
        code, _, body = simulator.transport.post(path, form, {"X-Twilio-Signature": simulator.sign(path, form)})
        assert code == 400 and body.startswith("bad request:"), (path, body)
    form = {**simulator.base_form("completed"), "CallDuration": "-99999999999999999999"}
    code, _, _ = simulator.transport.post("/voice/status", form,
                                          {"X-Twilio-Signature": simulator.sign("/voice/status", form)})
    [stored] = rows(app, Call)
    assert code == 204 and stored.status == "completed" and stored.duration_seconds is None


def test_a_malformed_call_sid_gets_the_apology_and_is_not_stored(app, call):
    for bad in ("", "CA" + "z" * 32, "CA" + "0" * 10_000):
        heard = call(call_sid=bad).start()
        assert heard.status == 200 and heard.action == "/voice/recover"
    assert rows(app, Call) == []
