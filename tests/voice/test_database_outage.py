"""What a caller hears when the database goes away mid-call (issue 10), on both databases.

The database is stopped by the test (:class:`tests.outage.DatabaseSwitch`: PostgreSQL behind a
TCP proxy that refuses and cuts connections, SQLite's folder moved aside).
"""
from __future__ import annotations

import re
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr import replay
from ivr.models import Report, db
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from ivr.voice.outage import WAIT_ROUNDS, WAIT_SECONDS
from tests.conftest import make_app
from tests.outage import DatabaseSwitch

MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE"


@pytest.fixture
def switch(database_url):
    switch = DatabaseSwitch(database_url)
    yield switch
    switch.close()


@pytest.fixture
def app(switch, tmp_path):
    app = make_app(switch.url, tmp_path, SPOOL_DIR=str(tmp_path / "spool"))
    yield app
    with app.app_context():
        db.engine.dispose()


def caller(app, number: str = "+84912345678") -> CallSimulator:
    return CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                         caller=number, describe=prompt_describer(app.extensions["hotline.flow"]))


def to_beep(call: CallSimulator) -> None:
    call.start()
    call.press("3")
    assert call.press("2").record_action


def said_digits(heard) -> str:
    return "".join(m.group(1) for pid in heard.prompt_ids
                   if pid and (m := re.fullmatch(r"common\.digit_(\d)", pid)))


def test_database_down_at_the_end_of_a_recording_the_caller_waits_then_hears_the_story_is_kept(
        app, switch, tmp_path, monkeypatch):
    flow = app.extensions["hotline.flow"]
    call = caller(app)
    to_beep(call)
    switch.stop()
    heard = call.record(MEDIA + "1", "RE" + "1" * 32, 20)
    rounds = [heard]
    while heard.no_input:  # Twilio pauses, then follows the redirect
        heard = call.silence()
        rounds.append(heard)
    assert [r.status for r in rounds] == [200] * (WAIT_ROUNDS + 1)
    # please wait, a pause, back; then still waiting; then: kept, and how to hear the reference
    first = ET.fromstring(rounds[0].twiml)
    assert [e.tag for e in first] == ["Say", "Pause", "Redirect"]
    assert first.find("Pause").get("length") == str(WAIT_SECONDS)
    assert first.find("Say").get("language") == "vi-VN"
    assert rounds[0].prompts[0].text == flow.message("db_wait_recording").text
    assert all(r.prompts[0].text == flow.message("db_still_waiting").text for r in rounds[1:-1])
    kept = rounds[-1]
    assert kept.prompts[0].text == flow.message("db_recording_kept").text and kept.hung_up
    assert "đã được lưu" in kept.prompts[0].text
    # the reference, known before the beep and carried in the action URL, said twice at once
    with_reference = [p.prompt_id for p in kept.prompts]
    assert "common.db_reference_again" in with_reference
    assert with_reference[-1] == "common.db_kept_goodbye"
    # the recording waits in the spool, once
    assert [p.name for p in Path(tmp_path / "spool").iterdir()] == ["RE" + "1" * 32 + ".action.json"]
    # Twilio's status callback in the same outage: 204 (Twilio does not retry a 5xx), spooled
    assert call.recording_status("RE" + "1" * 32, MEDIA + "1", 20) == 204
    assert len(list(Path(tmp_path / "spool").iterdir())) == 2
    switch.resume()
    monkeypatch.setattr(replay, "LOOK_EVERY", 0.0)  # look at the spool after every webhook
    monkeypatch.setitem(replay._look, "next", 0.0)
    caller(app, "+84900000001").start()  # any webhook that reaches the database
    with app.app_context():
        [report] = db.session.execute(sa.select(Report)).scalars().all()
        # applied from the spool by the web process itself, after a webhook's answer
        assert report.recording_sid == "RE" + "1" * 32 and report.audio_state == "pending"
    assert list(Path(tmp_path / "spool").iterdir()) == []
    assert said_digits(kept) == report.reference * 2


def test_database_back_within_the_wait_the_call_goes_on_as_if_nothing_happened(app, switch):
    call = caller(app)
    to_beep(call)
    switch.stop()
    assert call.record(MEDIA + "2", "RE" + "2" * 32, 20).no_input
    switch.resume()
    heard = call.silence()
    assert heard.node == "report_record" and "report_record.review" in heard.prompt_ids
    assert call.press("1").node == "report_number"
    with app.app_context():
        [report] = db.session.execute(sa.select(Report)).scalars().all()
        assert (report.recording_sid, report.recording_url) == ("RE" + "2" * 32, MEDIA + "2")


def test_database_down_at_a_menu_the_caller_is_told_and_continues_where_it_was(app, switch):
    flow = app.extensions["hotline.flow"]
    call = caller(app)
    call.start()
    assert call.press("1").node == "tutorials"
    switch.stop()
    heard = call.press("2")
    assert heard.status == 200 and heard.prompts[0].text == flow.message("db_wait").text
    assert heard.no_input.startswith("/voice/recover?resume=1")
    switch.resume()
    back = call.silence()
    assert back.node == "tutorials"  # the same question again, not the main menu
    assert back.prompt_ids[0] == "tutorials.prompt"
    assert call.press("2").node != "tutorials"  # and the call goes on from there


def test_a_database_that_stays_down_ends_the_call_with_a_vietnamese_goodbye(app, switch):
    flow = app.extensions["hotline.flow"]
    call = caller(app)
    call.start()
    switch.stop()
    heard = call.press("1")
    for _ in range(WAIT_ROUNDS):
        heard = call.silence()
    assert heard.prompts[0].text == flow.message("db_goodbye").text and heard.hung_up
    assert ET.fromstring(heard.twiml).find("Say").get("language") == "vi-VN"


# PostgreSQL only: SQLite is a local file with one writer (no network, no row locks)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_database_host_that_stops_answering_is_met_in_seconds_not_minutes(app, switch,
                                                                           database_url):
    """A proxy that accepts but relays nothing (a partition): the connection attempt gives up
    after ivr.postgres.CONNECT_TIMEOUT, within Twilio's 15 s, and the caller hears Vietnamese."""
    call = caller(app)
    call.start()
    switch.proxy.stop()
    switch.proxy.holding = True
    switch.proxy.resume()
    started = time.monotonic()
    heard = call.press("1")
    elapsed = time.monotonic() - started
    assert heard.status == 200 and heard.prompts[0].text == \
        app.extensions["hotline.flow"].message("db_wait").text
    assert elapsed < 10, f"the webhook took {elapsed:.1f} s"
    switch.proxy.stop()
    switch.proxy.holding = False
    switch.proxy.resume()
    assert call.silence().node == "main_menu"  # back where it was


# PostgreSQL only: SQLite is a local file with one writer (no network, no row locks)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_database_that_stops_answering_on_an_open_connection_is_met_within_twilios_timeout(
        switch, tmp_path):
    """The pooled connection stays open but nothing comes back (a hung server, a middlebox that
    swallows packets): no connect timeout applies, yet the caller hears Vietnamese within 15 s.
    The production pool (pre-ping), not the tests' NullPool: the connection must stay open."""
    app = make_app(switch.url, tmp_path, SPOOL_DIR=str(tmp_path / "spool"),
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    call = caller(app)
    call.start()  # the pool now holds an open connection through the proxy
    switch.proxy.holding = True
    switch.proxy.frozen.set()
    answered = {}

    def press() -> None:
        started = time.monotonic()
        answered["heard"] = call.press("1")
        answered["seconds"] = time.monotonic() - started

    pressing = threading.Thread(target=press, daemon=True)
    pressing.start()
    pressing.join(20)  # Twilio gave up long before
    switch.proxy.frozen.clear()  # lets a webhook still waiting end
    pressing.join(10)
    assert answered.get("seconds", 99) < 14, f"the webhook took {answered.get('seconds')} s"
    heard = answered["heard"]
    assert heard.status == 200 and heard.prompts[0].text == \
        app.extensions["hotline.flow"].message("db_wait").text


def test_a_hang_up_during_an_outage_still_gives_the_report_what_was_keyed(app, switch):
    # The final status callback is what gives the report the scammer's number keyed after the
    # recording (ivr.calls.end_call). During an outage it is spooled and answered 204, then
    # replayed: before, it answered 500, Twilio does not retry, and the number was lost.
    call = caller(app)
    to_beep(call)
    call.record(MEDIA + "7", "RE" + "7" * 32, 20)
    assert call.press("1").node == "report_number"  # keep the recording
    call.press("0912345678#")
    assert call.press("1").node == "report_identity"  # number confirmed, then the caller goes
    with app.app_context():
        [report] = db.session.execute(sa.select(Report)).scalars().all()
        assert report.reported_number is None  # saved before the beep, without the number
    switch.stop()
    assert call.hang_up() == 204
    assert call.hang_up() == 204  # Twilio's duplicate: the same spool file
    spooled = list(Path(app.config["SPOOL_DIR"]).glob("CA*.ended.json"))
    assert [p.name for p in spooled] == [f"{call.call_sid}.ended.json"]
    switch.resume()
    with app.app_context():
        result = replay.replay_spool(app.config["SPOOL_DIR"])
        assert result.applied == [f"{call.call_sid}.ended.json"] and not result.database_down
        [report] = db.session.execute(sa.select(Report)).scalars().all()
        assert report.reported_number == "+84912345678"
    assert not list(Path(app.config["SPOOL_DIR"]).glob("*.json"))
