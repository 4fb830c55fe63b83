"""Live transfer to the volunteers on shift (issue 12, item 2): signed webhooks, both databases.

A caller presses 5 (or is stuck in a tutorial and presses 3, then 1); with volunteers on shift and
``HOTLINE_NUMBER`` set the answer is a ``<Dial>`` with a timeout, the hotline's caller ID and a
whisper URL, ringing one volunteer; unanswered, the next is rung in turn (at most three, within
the budget); each volunteer's leg hears the whisper and is connected only after key 1.
The ``<Dial action>`` stores the outcome once and sends the caller on (thanks and the main menu, or
the unavailable message). Twilio's side is played by signed requests, as Twilio sends them.
"""
import secrets
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from ivr.models import Transfer, User, db, utcnow
from tests.conftest import make_app

HOTLINE = "+842873001234"
PHONES = ["+84911111111", "+84922222222"]


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path, HOTLINE_NUMBER=HOTLINE, DIAL_TIMEOUT=20)
    yield app
    with app.app_context():
        db.engine.dispose()


def add_volunteers(app, on_shift=(True, True)) -> list[int]:
    with app.app_context():
        users = [User(username=f"tnv{i}", password_hash="x", phone=phone, on_shift=on,
                      on_shift_since=utcnow() if on else None)
                 for i, (phone, on) in enumerate(zip(PHONES, on_shift))]
        db.session.add_all(users)
        db.session.commit()
        return [u.id for u in users]


def transfers(app) -> list[Transfer]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Transfer).order_by(Transfer.id)).all()
        db.session.expunge_all()
        return rows


def dial_of(heard) -> ET.Element:
    dial = ET.fromstring(heard.twiml).find("Dial")
    assert dial is not None, heard.twiml
    return dial


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def leg(call, number_url: str, digits: str | None = None, leg_sid: str | None = None):
    """A volunteer's leg: Twilio requests the <Number url> (the whisper), then its gather action."""
    sid = leg_sid or "CA" + secrets.token_hex(16)
    form = {"CallSid": sid, "ParentCallSid": call.call_sid, "Direction": "outbound-dial"}
    whisper = call.post(number_url, form)
    if digits is None:
        return whisper, None
    action = ET.fromstring(whisper.twiml).find("Gather").get("action")
    return whisper, call.post(action, {**form, "Digits": digits})


def dial_over(call, dial: ET.Element, status: str, seconds: int = 0, caller_status="in-progress"):
    """Twilio's <Dial action>, then the <Redirect> it answers, followed as Twilio does."""
    path = urlsplit(dial.get("action"))
    done = call.post(path.path + "?" + path.query,
                     {"DialCallStatus": status, "DialCallDuration": str(seconds),
                      "DialCallSid": "CA" + secrets.token_hex(16)}, status=caller_status)
    assert done.no_input, done.twiml  # only a redirect: the input webhook says what comes next
    return done


def test_nobody_on_shift_never_dials_and_says_the_volunteers_are_busy(app, call):
    add_volunteers(app, on_shift=(False, False))
    caller = call()
    caller.start()
    heard = caller.press("5")
    assert "<Dial" not in heard.twiml
    assert heard.prompt_ids[0] == "callback_offer.prompt" and heard.node == "callback_offer"
    [row] = transfers(app)
    assert row.outcome == "nobody_on_shift" and row.reason == "asked" and row.ended_at


def test_without_a_hotline_number_there_is_no_dial(database_url, tmp_path, call):
    app = make_app(database_url, tmp_path / "b", HOTLINE_NUMBER="")
    add_volunteers(app)
    from tests.conftest import TestingConfig
    from ivr.simulate.client import CallSimulator, FlaskTransport
    from ivr.simulate.cli import prompt_describer

    caller = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                           describe=prompt_describer(app.extensions["hotline.flow"]))
    caller.start()
    heard = caller.press("5")
    assert "<Dial" not in heard.twiml and heard.prompt_ids[0] == "callback_offer.prompt"
    assert [t.outcome for t in transfers(app)] == ["nobody_on_shift"]
    with app.app_context():
        db.engine.dispose()


def test_on_shift_the_caller_hears_the_hold_sentence_and_the_longest_on_shift_rings(app, call, flow):
    ids = add_volunteers(app)
    caller = call()
    caller.start()
    heard = caller.press("5")
    assert heard.prompt_ids == ["volunteer_transfer.hold"] and heard.node == "volunteer_transfer"
    dial = dial_of(heard)
    assert dial.get("timeout") == "15" and dial.get("callerId") == HOTLINE  # DIAL_TIMEOUT 20, capped
    numbers = dial.findall("Number")
    assert [n.text for n in numbers] == PHONES[:1]  # one at a time: a voicemail cancels nobody
    [row] = transfers(app)
    assert row.outcome == "ringing" and row.volunteers_dialed == 1
    assert (row.context["try"], row.context["first"], row.context["rung"]) == (1, row.id, ids[0])
    for number, user_id in zip(numbers, ids):
        assert urlsplit(number.get("url")).path == "/voice/transfer/whisper"
        assert query(number.get("url")) == {"transfer": str(row.id), "user": str(user_id)}
    assert query(dial.get("action")) == {"turn": "2", "transfer": str(row.id)}
    assert ET.fromstring(heard.twiml)[-1].tag == "Dial"  # nothing after it: the action decides


def test_whisper_then_key_1_connects_and_the_conversation_ends_at_the_main_menu(app, call, flow):
    ids = add_volunteers(app)
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    first = dial.findall("Number")[0].get("url")
    whisper, accepted = leg(caller, first, "1", leg_sid="CA" + "b" * 32)
    said = ET.fromstring(whisper.twiml)
    gather = said.find("Gather")
    assert gather.get("numDigits") == "1" and said[-1].tag == "Hangup"
    assert gather.find("Say").text == flow.nodes["volunteer_transfer"].whisper.text
    assert ET.fromstring(accepted.twiml).findall("*") == []  # an empty document: connected
    [row] = transfers(app)
    assert row.answered_by_id == ids[0] and row.dial_call_sid == "CA" + "b" * 32
    done = dial_over(caller, dial, "completed", seconds=95)
    heard = caller.post(done.no_input)
    assert heard.prompt_ids[0] == "volunteer_transfer.thanks" and heard.node == "main_menu"
    [row] = transfers(app)
    assert row.outcome == "connected" and row.seconds == 95 and row.ended_at


def test_no_key_in_the_whisper_hangs_up_the_leg_and_a_wrong_key_too(app, call):
    add_volunteers(app)
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    url = dial.findall("Number")[0].get("url")
    whisper, refused = leg(caller, url, "2")
    assert ET.fromstring(whisper.twiml)[-1].tag == "Hangup"  # silence: the leg is hung up
    assert [e.tag for e in ET.fromstring(refused.twiml)] == ["Hangup"]
    assert transfers(app)[0].answered_by_id is None


def test_a_voicemail_that_answered_is_not_a_conversation(app, call):
    add_volunteers(app, on_shift=(True, False))
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    heard = caller.post(dial_over(caller, dial, "completed", seconds=30).no_input)
    assert heard.prompt_ids[0] == "callback_offer.prompt"
    assert transfers(app)[0].outcome == "no_answer"


@pytest.mark.parametrize("status, stored", [("no-answer", "no_answer"), ("busy", "busy"),
                                            ("failed", "failed"), ("canceled", "no_answer")])
def test_nobody_answered_goes_to_the_unavailable_target(app, call, status, stored):
    add_volunteers(app, on_shift=(True, False))  # nobody else to try
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    heard = caller.post(dial_over(caller, dial, status).no_input)
    assert heard.prompt_ids[0] == "callback_offer.prompt" and heard.node == "callback_offer"
    assert transfers(app)[0].outcome == stored


def test_a_duplicate_dial_action_changes_nothing(app, call):
    add_volunteers(app, on_shift=(True, False))
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    first = caller.post(dial_over(caller, dial, "no-answer").no_input)
    before = [(t.outcome, t.ended_at) for t in transfers(app)]
    again = caller.post(dial_over(caller, dial, "completed", seconds=50).no_input)
    assert [(t.outcome, t.ended_at) for t in transfers(app)] == before
    assert again.node == first.node == "callback_offer"  # the current question, replayed
    assert len(transfers(app)) == 1


def test_caller_hung_up_while_ringing_via_the_status_callback(app, call):
    add_volunteers(app)
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    assert caller.hang_up(duration=12) == 204
    assert transfers(app)[0].outcome == "caller_hung_up"
    dial_over(caller, dial, "canceled", caller_status="completed")  # late action: kept
    assert transfers(app)[0].outcome == "caller_hung_up"
    whisper, _ = leg(caller, dial.findall("Number")[0].get("url"))
    assert [e.tag for e in ET.fromstring(whisper.twiml)] == ["Hangup"]


def test_caller_hung_up_while_ringing_via_the_dial_action(app, call):
    add_volunteers(app)
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    dial_over(caller, dial, "no-answer", caller_status="completed")
    assert transfers(app)[0].outcome == "caller_hung_up"


def test_a_volunteer_who_went_off_shift_mid_ring_is_not_connected(app, call):
    ids = add_volunteers(app)
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    with app.app_context():
        db.session.get(User, ids[0]).on_shift = False
        db.session.commit()
    _, answer = leg(caller, dial.findall("Number")[0].get("url"), "1")
    assert [e.tag for e in ET.fromstring(answer.twiml)] == ["Hangup"]
    nxt = dial_of(caller.post(_action(dial), {"DialCallStatus": "completed", "DialCallDuration": "9"}))
    assert [n.text for n in nxt.findall("Number")] == PHONES[1:]  # the next one, in turn
    _, answer = leg(caller, nxt.findall("Number")[0].get("url"), "1")
    assert ET.fromstring(answer.twiml).findall("*") == []
    assert [(t.outcome, t.answered_by_id) for t in transfers(app)] == [("no_answer", None),
                                                                       ("ringing", ids[1])]


def test_a_forgotten_switch_expires_after_shift_max_hours_and_is_never_rung(app, call):
    from datetime import timedelta
    app.config["SHIFT_MAX_HOURS"] = 2
    ids = add_volunteers(app)
    with app.app_context():  # switched on the day before and forgotten
        db.session.get(User, ids[0]).on_shift_since = utcnow() - timedelta(hours=2, seconds=1)
        db.session.commit()
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    assert [n.text for n in dial.findall("Number")] == PHONES[1:]
    with app.app_context():  # the other switch expires while the phone rings
        db.session.get(User, ids[1]).on_shift_since = utcnow() - timedelta(hours=3)
        db.session.commit()
    _, answer = leg(caller, dial.findall("Number")[0].get("url"), "1")
    assert [e.tag for e in ET.fromstring(answer.twiml)] == ["Hangup"]
    assert transfers(app)[0].answered_by_id is None


def test_stuck_in_a_tutorial_offers_then_transfers_with_the_step_and_comes_back(app, call, flow):
    add_volunteers(app)
    caller = call()
    caller.start()
    caller.press("1")
    tutorial = caller.press("1").node
    caller.press("1")  # step 2
    offer = caller.press("3")
    assert offer.prompt_ids[:2] == ["common.tutorial_stuck", "common.stuck_offer"]
    assert "<Dial" not in offer.twiml  # a mistaken 3 rings nobody
    heard = caller.press("1")
    dial = dial_of(heard)
    [row] = transfers(app)
    assert row.reason == "stuck" and row.context["tutorial"] == tutorial and row.context["step"] == 2
    whisper, _ = leg(caller, dial.findall("Number")[0].get("url"), "1")
    title = flow.nodes[tutorial].title
    assert f"đang học bài {title}, bước 2" in ET.fromstring(whisper.twiml).find("Gather/Say").text
    heard = caller.post(dial_over(caller, dial, "completed", seconds=40).no_input)
    assert heard.prompt_ids[:2] == ["volunteer_transfer.thanks", f"{tutorial}.step2"]


def test_a_repeated_delivery_of_the_key_reuses_the_ringing_transfer(app, call):
    add_volunteers(app)
    caller = call()
    caller.start()
    pressed = caller.last.action
    first = dial_of(caller.press("5"))
    again = dial_of(caller.post(pressed, {"Digits": "5", "FinishedOnKey": ""}))
    assert again.get("action") == first.get("action")
    assert len(transfers(app)) == 1


@pytest.mark.parametrize("path", ["/voice/transfer/whisper?transfer=x&user=1",
                                  "/voice/transfer/accept?user=1",
                                  "/voice/transfer/done?turn=2&transfer=999"])
def test_bad_transfer_requests_answer_vietnamese_twiml(app, call, path):
    caller = call()
    caller.start()
    heard = caller.post(path, {"Digits": "1"})
    assert heard.status == 200
    root = ET.fromstring(heard.twiml)
    said = " ".join(e.text or "" for e in root.iter("Say"))
    assert "Xin lỗi" in said or root.find("Play") is not None or root.find("Gather") is not None


def test_transfer_webhooks_refuse_an_unsigned_request(app, call):
    caller = call()
    caller.start()
    refused = caller.post("/voice/transfer/whisper?transfer=1&user=1", signature="bad")
    assert refused.status == 403


def test_stuck_and_nobody_answered_leads_to_a_callback_request_that_keeps_the_step(app, call):
    """Items 2 and 3 together: a stuck caller whom nobody took is offered a callback, and the
    request the queue shows says which lesson and step, and that the caller was stuck."""
    from ivr.models import CallbackRequest
    from ivr.people.callbacks import context_text

    add_volunteers(app, on_shift=(True, False))
    caller = call()
    caller.start()
    caller.press("1")
    tutorial = caller.press("1").node
    caller.press("1")  # step 2
    caller.press("3")
    dial = dial_of(caller.press("1"))
    offer = caller.post(dial_over(caller, dial, "no-answer").no_input)
    assert offer.node == "callback_offer" and offer.prompt_ids[0] == "callback_offer.prompt"
    saved = caller.press("1")
    assert saved.prompt_ids[0] == "callback_request.saved1"
    with app.app_context():
        request = db.session.scalars(sa.select(CallbackRequest)).one()
        assert request.reason == "stuck" and request.context["tutorial"] == tutorial
        assert "bước 2" in context_text(request) and "bị vướng" in context_text(request)


def test_the_reason_is_set_afresh_on_every_transfer(app, call):
    """Stuck once, then asking for a person from the main menu: the request says "asked"."""
    from ivr.models import CallbackRequest

    add_volunteers(app, on_shift=(True, False))
    caller = call()
    caller.start()
    caller.press("1")
    caller.press("1")
    caller.press("3")
    dial = dial_of(caller.press("1"))
    assert caller.post(dial_over(caller, dial, "no-answer").no_input).node == "callback_offer"
    assert caller.press("9").node == "main_menu"
    dial = dial_of(caller.press("5"))
    assert caller.post(dial_over(caller, dial, "busy").no_input).node == "callback_offer"
    caller.press("1")
    with app.app_context():
        request = db.session.scalars(sa.select(CallbackRequest)).one()
        assert request.reason == "asked"


def _action(dial: ET.Element) -> str:
    path = urlsplit(dial.get("action"))
    return path.path + "?" + path.query


def add_four(app) -> list[int]:
    """Four volunteers on shift, switched on a minute apart (the longest on shift first)."""
    from datetime import timedelta
    with app.app_context():
        users = [User(username=f"v{i}", password_hash="x", phone=f"+8491111100{i}", on_shift=True,
                      on_shift_since=utcnow() - timedelta(minutes=10 - i)) for i in range(4)]
        db.session.add_all(users)
        db.session.commit()
        return [u.id for u in users]


def test_volunteers_are_rung_in_turn_at_most_three_and_each_try_is_stored(app, call, flow):
    ids = add_four(app)
    caller = call()
    caller.start()
    heard = caller.press("5")
    dial = dial_of(heard)
    assert heard.prompt_ids == ["volunteer_transfer.hold"]
    # The first volunteer's voicemail answers: it never presses 1, and it hung up nobody else.
    whisper, _ = leg(caller, dial.find("Number").get("url"))
    assert ET.fromstring(whisper.twiml)[-1].tag == "Hangup"
    second = caller.post(_action(dial), {"DialCallStatus": "completed", "DialCallDuration": "12"})
    assert [p.text for p in second.prompts] == ["Đang gọi thêm một tình nguyện viên."]
    assert second.node == "volunteer_transfer" and not second.apologised
    dial2 = dial_of(second)
    assert [n.text for n in dial2.findall("Number")] == ["+84911111001"] and dial2.get("timeout") == "15"
    again = caller.post(_action(dial), {"DialCallStatus": "completed", "DialCallDuration": "12"})
    assert again.twiml == second.twiml  # a repeated delivery: the same next try, no new row
    dial3 = dial_of(caller.post(_action(dial2), {"DialCallStatus": "busy"}))
    assert [n.text for n in dial3.findall("Number")] == ["+84911111002"]
    done = caller.post(_action(dial3), {"DialCallStatus": "no-answer"})
    assert done.no_input and not done.dial  # three tries: the fourth volunteer is never rung
    heard = caller.post(done.no_input)
    assert heard.prompt_ids[0] == "callback_offer.prompt"
    rows = transfers(app)
    assert [(t.outcome, t.context["try"], t.context["rung"]) for t in rows] == [
        ("no_answer", 1, ids[0]), ("busy", 2, ids[1]), ("no_answer", 3, ids[2])]
    assert {t.context["first"] for t in rows} == {rows[0].id}


def test_no_further_try_past_the_time_budget(app, call):
    from datetime import timedelta
    from ivr.people.transfers import BUDGET
    add_four(app)
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    with app.app_context():  # the first try started long enough ago that one more ring overruns
        db.session.execute(sa.update(Transfer).values(
            started_at=utcnow() - BUDGET + timedelta(seconds=14)))
        db.session.commit()
    done = caller.post(_action(dial), {"DialCallStatus": "no-answer"})
    assert done.no_input and not done.dial
    assert caller.post(done.no_input).prompt_ids[0] == "callback_offer.prompt"
    assert len(transfers(app)) == 1


def test_the_second_volunteer_takes_the_call_and_the_caller_thanks_come_once(app, call):
    ids = add_four(app)
    caller = call()
    caller.start()
    dial = dial_of(caller.press("5"))
    dial2 = dial_of(caller.post(_action(dial), {"DialCallStatus": "no-answer"}))
    _, accepted = leg(caller, dial2.find("Number").get("url"), "1")
    assert ET.fromstring(accepted.twiml).findall("*") == []
    done = caller.post(_action(dial2), {"DialCallStatus": "completed", "DialCallDuration": "80"})
    heard = caller.post(done.no_input)
    assert heard.prompt_ids[0] == "volunteer_transfer.thanks"
    assert [(t.outcome, t.answered_by_id) for t in transfers(app)] == [
        ("no_answer", None), ("connected", ids[1])]


def test_key_0_at_the_offer_after_a_stuck_transfer_goes_back_to_the_step(app, call):
    add_volunteers(app, on_shift=(True, False))
    caller = call()
    caller.start()
    caller.press("1")
    tutorial = caller.press("1").node
    caller.press("1")  # step 2
    caller.press("3")
    dial = dial_of(caller.press("1"))
    offer = caller.post(dial_over(caller, dial, "no-answer").no_input)
    assert offer.node == "callback_offer"
    back = caller.press("0")
    # Back to the lesson, offered where the caller left it; never rung again by going back.
    assert back.node == "@resume" and "<Dial" not in back.twiml, back.node
    assert "đến bước hai" in " ".join(p.text for p in back.prompts)
