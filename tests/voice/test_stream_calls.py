"""Live voice over Twilio Media Streams (issue 13), through a real WebSocket: the app served by a
real threaded server, a client speaking Twilio's side of the protocol (signed upgrade, ``start``
with the ``<Parameter>``s, 20 ms μ-law ``media`` frames, ``dtmf``, ``mark`` echoes, ``stop``),
the real call service on both databases, and the real Vosk engine on the Korean stand-in model
for spoken answers.

Golden frame sequences are compared run-length encoded: ``[("media", n), ("mark", 1), …]`` with
the media counts checked against the prompts' audio (an unrendered prompt is heard as silence
as long as its text: :mod:`ivr.voice.stream_audio`).
"""
from __future__ import annotations

import logging
import time
import xml.etree.ElementTree as ET
from itertools import groupby
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
import websocket

from config import TestingConfig
from ivr.models import Call, CallEvent, Report, db
from ivr.simulate import CallSimulator, FlaskTransport
from tests.stream_client import StreamClient
from ivr.voice.stream_protocol import wav_to_frames
from tests.conftest import make_app
from tests.serving import served
from tests.speech_recognition.conftest import Voice, korean_model_path, write_korean_flow

TOKEN = TestingConfig.TEST_AUTH_TOKEN
SID = "CA" + "5" * 32


def runs(received, start: int = 0) -> list[tuple[str, int]]:
    """Messages from index ``start`` as (event, how many in a row)."""
    return [(event, len(list(group))) for event, group in groupby(r.event for r in received[start:])]


@pytest.fixture
def korean_flow(tmp_path):
    """The shipped messages with a tiny flow of Korean words (the stand-in model knows no
    Vietnamese): "네" (yes) → ``first``, a question that listens again; "아니요" (no) →
    ``second``, which hangs up; key 3 → a number ended by #."""
    return write_korean_flow(tmp_path / "prompts", {
        "main_menu": {"type": "menu", "prompt": "Mục chính.", "options": [
            {"key": "1", "say": "Một.", "words": ["네"], "goto": "first"},
            {"key": "2", "say": "Hai.", "words": ["아니요"], "goto": "second"}]},
        "first": {"type": "menu", "prompt": "Bác đã chọn một.", "options": [
            {"key": "1", "say": "Một lần nữa.", "words": ["네"], "goto": "main_menu"},
            {"key": "2", "say": "Kết thúc.", "words": ["아니요"], "goto": "second"}]},
        "second": {"type": "hangup", "text": "Bác đã chọn hai. Chào bác."}})


@pytest.fixture(scope="module")
def korean_voice(tmp_path_factory):
    return Voice(tmp_path_factory.mktemp("voice"))


def spoken(voice: Voice, text: str, lead: float = 0.4, tail: float = 0.8) -> bytes:
    """``text`` said in Korean by espeak-ng, as 8 kHz μ-law with silence around it."""
    return b"".join(wav_to_frames(voice.wav(text, lead=lead, tail=tail)))


class Line:
    """A served app and the URLs Twilio would use for it."""

    def __init__(self, app, base: str):
        self.app, self.base = app, base
        self.ws = base.replace("http://", "ws://")
        app.config["STREAM_BASE_URL"] = self.ws

    def client(self, **kwargs) -> StreamClient:
        return StreamClient(self.ws + "/voice/stream", TOKEN, **kwargs).connect()

    def call(self, call_sid: str = SID) -> Call | None:
        with self.app.app_context():
            call = db.session.execute(sa.select(Call).where(Call.call_sid == call_sid)).scalar_one_or_none()
            db.session.expunge_all()
            return call

    def call_rows(self) -> list:
        with self.app.app_context():
            return db.session.execute(sa.select(Call.call_sid, Call.caller, Call.status,
                                                Call.duration_seconds)).all()

    def path(self, call_sid: str = SID) -> list[tuple[str, str]]:
        with self.app.app_context():
            rows = db.session.execute(sa.select(CallEvent.input, CallEvent.next_node)
                                      .join(Call, Call.id == CallEvent.call_id)
                                      .where(Call.call_sid == call_sid).order_by(CallEvent.turn)).all()
            return [tuple(row) for row in rows]

    def simulator(self, call_sid: str = SID) -> CallSimulator:
        return CallSimulator(FlaskTransport(self.app), TOKEN, "http://localhost", call_sid=call_sid,
                             follow_streams=False)


@pytest.fixture
def keys_line(database_url, tmp_path):
    """The shipped flow, listening on the stream with the Korean model (it understands no
    Vietnamese option word: keys only, as for a caller who presses)."""
    app = make_app(database_url, tmp_path, SPEECH_INPUT="stream", GATHER_TIMEOUT=2,
                   VOSK_MODEL_PATH=str(korean_model_path()))
    with served(app) as base:
        yield Line(app, base)


@pytest.fixture
def voice_line(database_url, tmp_path, korean_flow):
    app = make_app(database_url, tmp_path, SPEECH_INPUT="stream", PROMPTS_DIR=str(korean_flow),
                   VOSK_MODEL_PATH=str(korean_model_path()))
    with served(app) as base:
        yield Line(app, base)


# -- TwiML -----------------------------------------------------------------------------------------

def test_the_incoming_call_connects_a_stream_with_the_callsid_turn_and_caller(keys_line):
    simulator = keys_line.simulator()
    root = ET.fromstring(simulator.start().twiml)
    connect = root.find("Connect")
    assert [child.tag for child in root] == ["Connect"]
    assert parse_qs(urlsplit(connect.get("action")).query) == {"turn": ["0"], "event": ["stream"]}
    stream = connect.find("Stream")
    assert stream.get("url") == keys_line.ws + "/voice/stream"
    params = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
    assert params == {"callSid": simulator.call_sid, "turn": "0", "caller": "+84912345678"}
    assert keys_line.call(simulator.call_sid) is None  # the call begins on the stream


def test_the_stream_url_follows_public_base_url_as_wss(database_url, tmp_path):
    app = make_app(database_url, tmp_path, SPEECH_INPUT="stream", VOSK_MODEL_PATH=str(korean_model_path()),
                   PUBLIC_BASE_URL="https://hotline.example.org")
    simulator = CallSimulator(FlaskTransport(app), TOKEN, "https://hotline.example.org",
                              follow_streams=False)
    stream = ET.fromstring(simulator.start().twiml).find("Connect/Stream")
    assert stream.get("url") == "wss://hotline.example.org/voice/stream"


# -- the upgrade -----------------------------------------------------------------------------------

def test_an_unsigned_or_forged_upgrade_is_refused_with_403(keys_line):
    for token in (None, "not-the-auth-token"):
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            StreamClient(keys_line.ws + "/voice/stream", token).connect()
        assert refused.value.status_code == 403
    assert keys_line.call() is None


def test_a_signature_for_another_url_is_refused(keys_line):
    from twilio.request_validator import RequestValidator

    forged = RequestValidator(TOKEN).compute_signature(keys_line.ws + "/phone/stream", {})
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        StreamClient(keys_line.ws + "/voice/stream").connect(headers={"X-Twilio-Signature": forged})
    assert refused.value.status_code == 403


# -- golden sequences ------------------------------------------------------------------------------

def test_a_call_that_presses_keys(keys_line):
    with keys_line.client() as client:
        client.start(SID)
        welcome = client.wait_for("mark")
        assert runs(client.received) == [("media", client.count("media")), ("mark", 1)]
        assert client.count("media") > 50  # the welcome and the main menu: seconds of audio
        assert welcome.data["mark"]["name"] == "turn1-1"
        assert keys_line.call().turn == 1
        before = len(client.received)
        client.silence(0.2)
        client.dtmf("1")  # tutorials
        client.wait_for("mark", after=before)
        assert [event for event, _ in runs(client.received, before)] == ["media", "mark"]
        before = len(client.received)
        client.dtmf("1")  # the first tutorial
        client.wait_for("mark", after=before)
        client.stop(SID)
        assert client.wait_closed()
    path = keys_line.path()
    assert [step[0] for step in path] == ["start", "1", "1"]
    assert path[1][1] == "tutorials"
    assert keys_line.call().turn == 3


def test_a_key_while_a_prompt_plays_clears_it(keys_line):
    with keys_line.client(echo_marks=False) as client:  # the prompt is still "playing"
        client.start(SID)
        client.wait_for("mark")
        before = len(client.received)
        client.dtmf("1")
        client.wait_for("mark", after=before)
        assert [event for event, _ in runs(client.received, before)] == ["clear", "media", "mark"]


def test_silence_reprompts_after_the_question_timeout(keys_line):
    with keys_line.client() as client:
        client.start(SID)
        client.wait_for("mark")
        before = len(client.received)
        client.silence(1.5)
        assert client.count("mark") == 1  # GATHER_TIMEOUT is 2 s
        client.silence(0.6)
        client.wait_for("mark", after=before)
    assert [step[0] for step in keys_line.path()] == ["start", "no-input"]


def test_silence_also_counts_when_no_audio_arrives(keys_line):
    with keys_line.client() as client:
        client.start(SID)
        client.wait_for("mark")
        before = len(client.received)
        client.wait_for("mark", after=before, timeout=6)  # the server's clock ran on
    assert [step[0] for step in keys_line.path()] == ["start", "no-input"]


def test_a_number_is_keyed_to_the_hash_key(keys_line):
    with keys_line.client() as client:
        client.start(SID)
        client.wait_for("mark")
        before = len(client.received)
        client.dtmf("4")  # check a number
        client.wait_for("mark", after=before)
        before = len(client.received)
        for digit in "0912345678#":
            client.dtmf(digit)
        client.wait_for("mark", after=before)
    assert [step[0] for step in keys_line.path()][:3] == ["start", "4", "0912345678"]


def test_a_call_that_answers_by_voice(voice_line, korean_voice):
    with voice_line.client() as client:
        client.start(SID)
        client.wait_for("mark")
        before = len(client.received)
        client.media(spoken(korean_voice, "네"))
        client.wait_for("mark", after=before, timeout=15)
        assert [event for event, _ in runs(client.received, before)] == ["media", "mark"]
        before = len(client.received)
        client.media(spoken(korean_voice, "아니요"))
        client.wait_for("mark", after=before, timeout=15)  # the goodbye; then the stream closes
        assert client.wait_closed()
    assert voice_line.path() == [("start", "main_menu"), ("speech:option", "first"),
                                 ("speech:option", "second")]
    assert voice_line.call().state["ended"] is True


def test_a_call_that_barges_in_by_voice(voice_line, korean_voice):
    with voice_line.client(echo_marks=False) as client:  # the welcome is still playing
        client.start(SID)
        client.wait_for("mark")
        before = len(client.received)
        client.media(spoken(korean_voice, "네"))
        clear = client.wait_for("clear", after=before, timeout=15)
        client.wait_for("mark", after=before, timeout=15)
        assert [event for event, _ in runs(client.received, before)] == ["clear", "media", "mark"]
        assert clear is client.received[before]
    assert voice_line.path()[-1] == ("speech:option", "first")


def test_noise_never_answers(voice_line):
    import random

    noise = bytes(random.Random(7).choice(range(0x80, 0xA0)) for _ in range(8000 * 2))  # loud hiss
    with voice_line.client() as client:
        client.start(SID)
        client.wait_for("mark")
        client.media(noise)
        client.silence(0.5)
        before = len(client.received)
        client.dtmf("1")  # handled after every frame before it: the noise answered nothing
        client.wait_for("mark", after=before)
    assert voice_line.path() == [("start", "main_menu"), ("1", "first")]


def test_a_call_that_drops_mid_call_keeps_its_state_and_the_action_continues_it(keys_line):
    client = keys_line.client()
    client.start(SID)
    client.wait_for("mark")
    before = len(client.received)
    client.dtmf("1")
    client.wait_for("mark", after=before)
    client._ws.sock.close()  # the network went: no stop, no close frame
    time.sleep(0.3)
    call = keys_line.call()
    assert call.turn == 2 and call.state["node"] == "tutorials"
    # Twilio requests the <Connect action>: the question the caller was at, as ordinary TwiML.
    simulator = keys_line.simulator()
    answer = simulator.post("/voice/input?turn=0&event=stream", {"CallStatus": "in-progress"})
    root = ET.fromstring(answer.twiml)
    assert root.find("Connect") is None
    gather = root.find("Gather")
    assert gather is not None and [e.tag for e in gather] and answer.node == "tutorials"
    assert keys_line.call().turn == 2  # said again, not stepped


def test_a_stream_that_never_connected_starts_the_call_in_twiml(keys_line):
    answer = keys_line.simulator().post("/voice/input?turn=0&event=stream", {"CallStatus": "in-progress"})
    assert ET.fromstring(answer.twiml).find("Gather") is not None
    assert keys_line.call().turn == 1


def test_a_recording_is_handed_to_twiml(keys_line):
    with keys_line.client() as client:
        client.start(SID)
        client.wait_for("mark")
        before = len(client.received)
        client.dtmf("3")  # report a scam call
        client.wait_for("mark", after=before)
        before = len(client.received)
        client.dtmf("2")  # no money lost → the recording
        assert client.wait_closed()
        assert client.received[before:] == []  # nothing played: TwiML says it with the <Record>
    answer = keys_line.simulator().post("/voice/input?turn=0&event=stream", {"CallStatus": "in-progress"})
    assert ET.fromstring(answer.twiml).find("Record") is not None


def test_a_webhook_question_connects_the_stream_to_listen_after_its_prompts(keys_line):
    simulator = keys_line.simulator()
    simulator.post("/voice/input?turn=0&event=stream", {"CallStatus": "in-progress"})  # turn 1 in TwiML
    answer = simulator.post("/voice/input?turn=1", {"Digits": "1"})
    root = ET.fromstring(answer.twiml)
    assert [child.tag for child in root] == ["Gather", "Connect"]
    assert root.find("Gather").get("timeout") == "1"
    params = {p.get("name"): p.get("value") for p in root.findall("Connect/Stream/Parameter")}
    assert params["turn"] == "2"
    with keys_line.client() as client:
        client.start(SID, turn=2)
        time.sleep(0.3)
        assert client.received == []  # the prompts were played by the <Gather>: just listen
        client.dtmf("1")
        client.wait_for("mark")
    assert [step[0] for step in keys_line.path()] == ["start", "1", "1"]


# -- bad frames ------------------------------------------------------------------------------------

def test_bad_frames_are_ignored_and_the_call_goes_on(keys_line):
    with keys_line.client() as client:
        for bad in ("not json", "[1, 2]", '{"event": "hello"}', '{"event": "media"}',
                    '{"event": "media", "streamSid": "MZ1", "media": {"payload": "AAAA", '
                    '"chunk": "1", "timestamp": "0"}}'):  # media before start
            client.send(bad)
        client.start(SID)
        client.wait_for("mark")
        client.send({"event": "media", "streamSid": client.stream_sid,
                     "media": {"payload": "%%%", "chunk": "2", "timestamp": "20"}})
        client.send({"event": "dtmf", "streamSid": client.stream_sid, "dtmf": {"digit": "x"}})
        before = len(client.received)
        client.dtmf("1")
        client.wait_for("mark", after=before)
    assert [step[0] for step in keys_line.path()] == ["start", "1"]


def test_a_10_mb_frame_closes_the_stream_cleanly_and_the_server_serves_on(keys_line):
    client = keys_line.client()
    client.start(SID)
    client.wait_for("mark")
    try:
        client.send("x" * (10 * 1024 * 1024))
    except (OSError, websocket.WebSocketException):
        pass  # the server may close before the whole frame is written
    assert client.wait_closed()
    assert client.close_status in (None, 1009)
    client.close()
    with keys_line.client() as other:
        other.start("CA" + "6" * 32)
        other.wait_for("mark")
    assert keys_line.call().turn == 1  # the first call's state is kept


def logged(caplog, text: str, within: float = 10.0) -> bool:
    """True once a log record containing ``text`` was captured (within ``within`` seconds)."""
    deadline = time.monotonic() + within
    while not any(text in record.getMessage() for record in caplog.records):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_flood_of_bad_messages_closes_the_stream_as_a_policy_violation(keys_line, caplog):
    caplog.set_level(logging.INFO, logger="ivr.voice.streams")
    client = keys_line.client()
    client.start(SID)
    client.wait_for("mark")
    for _ in range(60):
        client.send("{")
    assert client.wait_closed()
    client.close()
    assert client.close_status == 1008
    assert keys_line.call().turn == 1
    refused = [r for r in caplog.records if "message refused" in r.getMessage()]
    assert len(refused) == 5  # then only counted, in the stream's last line
    assert logged(caplog, "ended (50 bad messages)")


def test_a_caller_that_stops_reading_is_dropped_and_frees_its_thread(keys_line, caplog):
    import socket

    caplog.set_level(logging.INFO, logger="ivr.voice.streams")
    client = StreamClient(keys_line.ws + "/voice/stream", TOKEN, echo_marks=False)
    client.connect(sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),), read=False)
    client.start(SID)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any("ended (socket" in r.getMessage() for r in caplog.records):
        try:
            client.dtmf("*")  # each asks for the question again: more audio the client never reads
        except (OSError, websocket.WebSocketException):
            break
        time.sleep(0.1)
    assert logged(caplog, "ended (socket")
    client.close()
    with keys_line.client() as other:  # the server serves on
        other.start("CA" + "6" * 32)
        other.wait_for("mark")


# -- the browser phone's socket ----------------------------------------------------------------------

def test_the_browser_phone_gets_captions_and_a_call_of_its_own(keys_line):
    with StreamClient(keys_line.ws + "/phone/stream").connect() as client:
        client.start("CA" + "7" * 32, caller="")
        client.wait_for("mark")
        captions = [r.data["caption"]["text"] for r in client.received if r.event == "caption"]
        assert captions[0].startswith("Xin chào") or "Công Dân Số" in captions[0]
        assert runs(client.received)[0][0] == "caption"
        before = len(client.received)
        client.dtmf("3")
        client.wait_for("mark", after=before)
        before = len(client.received)
        client.dtmf("2")  # to the recording: the browser cannot record; it says so
        client.wait_for("mark", after=before)
        said = [r.data["caption"]["text"] for r in client.received[before:] if r.event == "caption"]
        assert said == [keys_line.app.extensions["hotline.flow"].message("phone_no_recording").text]
        before = len(client.received)
        client.wait_for("mark", after=before)  # then the main menu
        said = [r.data["caption"]["text"] for r in client.received[before:] if r.event == "caption"]
        assert said[0] == "Mục chính."
        client.stop()
        assert client.wait_closed()
    assert keys_line.call("CA" + "7" * 32) is None  # the browser never names the call
    deadline = time.monotonic() + 5
    while keys_line.call_rows()[0].status != "completed" and time.monotonic() < deadline:
        time.sleep(0.05)
    calls = keys_line.call_rows()
    assert len(calls) == 1 and calls[0].caller is None and calls[0].call_sid.startswith("CA")
    assert calls[0].status == "completed" and calls[0].duration_seconds is not None
    with keys_line.app.app_context():  # the report the flow began before its beep is not kept
        assert db.session.execute(sa.select(sa.func.count()).select_from(Report)).scalar() == 0


def test_the_browser_phone_socket_follows_the_page_access(keys_line):
    keys_line.app.config["PHONE_PAGE"] = "login"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        StreamClient(keys_line.ws + "/phone/stream").connect()
    assert refused.value.status_code == 403
    keys_line.app.config["PHONE_PAGE"] = "off"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        StreamClient(keys_line.ws + "/phone/stream").connect()
    assert refused.value.status_code == 404


def test_the_terminal_simulator_follows_the_connect_action_as_a_stream_that_ended(keys_line):
    result = keys_line.app.test_cli_runner().invoke(args=["call", "--local", "--keys", "1,1", "--json"])
    assert result.exit_code == 0, result.output
    import json

    heard = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert heard[0]["prompt"] == "common.welcome"
    assert heard[-1]["node"].startswith("tutorial_") and heard[-1]["input"] == "1"
