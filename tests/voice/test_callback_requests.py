"""Callback requests on the phone (issue 12, item 3): main menu 5 offers a callback; key 1 makes
one open request per number, from caller ID or (withheld) a keyed number read back in groups and
confirmed; the request keeps the context. Signed webhooks, both databases."""
from __future__ import annotations

import sqlalchemy as sa

from ivr.models import AuditEntry, CallbackRequest, db
from ivr.people.callbacks import context_text

CALLER = "+84912345678"


def _requests(app) -> list[CallbackRequest]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(CallbackRequest).order_by(CallbackRequest.id)))
        db.session.expunge_all()
        return rows


def _said(heard) -> str:
    return " ".join(p.text for p in heard.prompts)


def test_main_menu_5_offers_a_callback_and_key_1_records_it_from_caller_id(app, call):
    simulator = call(CALLER)
    simulator.start()
    offer = simulator.press("5")
    assert offer.node == "callback_offer"
    assert "Tình nguyện viên đang bận." in _said(offer)
    assert "bấm phím 1" in _said(offer) and "Quay lại, bấm 0" in _said(offer)
    assert "Về mục chính" not in _said(offer)  # 0 goes back there; a second sentence for it was noise
    done = simulator.press("1")
    assert done.prompt_ids[0] == "callback_request.saved1" and done.node == "main_menu"
    assert "Tình nguyện viên sẽ gọi lại cho bác trong giờ trực." in _said(done)
    [request] = _requests(app)
    assert (request.number, request.number_source, request.status) == (CALLER, "caller_id", "open")
    assert request.reason == "asked" and request.call_sid == simulator.call_sid
    assert context_text(request) == "Muốn gặp người"
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry)).one()
        assert (entry.actor, entry.action, entry.target) == ("caller", "callback_request",
                                                             f"callback:{request.id}")


def test_key_0_at_the_offer_goes_back_to_the_main_menu_without_ringing_again(app, call):
    simulator = call(CALLER)
    simulator.start()
    simulator.press("5")
    assert simulator.press("8").node == "callback_offer"  # not an option: the offer again
    back = simulator.press("0")
    assert back.node == "main_menu" and "<Dial" not in back.twiml
    assert "Bấm 5: gặp tình nguyện viên." in _said(back) and "Tình nguyện viên đang bận." not in _said(back)
    assert _requests(app) == []


def test_a_repeated_webhook_and_a_second_request_keep_one_open_request(app, call):
    simulator = call(CALLER)
    simulator.start()
    simulator.press("5")
    action = simulator.last.action
    simulator.press("1")
    simulator.post(action, {"Digits": "1"})  # Twilio delivers the same key again
    assert len(_requests(app)) == 1
    again = call(CALLER)  # a later call from the same number asks again
    again.start()
    again.press("5")
    assert again.press("1").prompt_ids[0] == "callback_request.saved1"
    [request] = _requests(app)
    assert request.call_sid == again.call_sid  # updated, not duplicated


def test_a_withheld_caller_keys_a_number_read_back_in_groups_then_confirmed(app, call):
    simulator = call("anonymous")
    simulator.start()
    simulator.press("5")
    asked = simulator.press("1")
    assert asked.node == "callback_number"
    assert asked.prompt_ids[:2] == ["callback_request.no_number1", "callback_number.prompt"]
    read_back = simulator.press("0987654321#")
    assert read_back.prompt_ids[0] == "callback_number.readback"
    pauses = [p for p in read_back.prompts if p.prompt_id == "pause"]
    assert len(pauses) == 3  # 0987 · 654 · 321, a pause after each group
    assert _requests(app) == []  # nothing until the caller confirms
    done = simulator.press("1")
    assert done.prompt_ids[0] == "callback_request.saved1" and done.node == "main_menu"
    [request] = _requests(app)
    assert (request.number, request.number_source) == ("+84987654321", "keyed")


def test_a_keyed_number_that_is_not_vietnamese_is_asked_again(app, call):
    simulator = call("anonymous")
    simulator.start()
    simulator.press("5")
    simulator.press("1")
    simulator.press("1900545454#")  # a premium-rate number: never called back
    refused = simulator.press("1")
    assert refused.prompt_ids[:2] == ["callback_request.invalid_number1", "callback_number.prompt"]
    assert _requests(app) == []
    simulator.press("0243 8251234#".replace(" ", ""))  # a Hà Nội landline
    assert simulator.press("1").prompt_ids[0] == "callback_request.saved1"
    assert _requests(app)[0].number == "+842438251234"


def test_the_request_keeps_the_tutorial_and_step_the_caller_left(app, call):
    simulator = call(CALLER)
    simulator.start()
    simulator.press("1")  # tutorials
    simulator.press("2")  # VNeID
    simulator.press("1")
    simulator.press("1")  # on step 3
    simulator.press("9")  # main menu
    simulator.press("5")
    simulator.press("1")
    [request] = _requests(app)
    assert request.context == {"tutorial": "tutorial_vneid", "tutorial_title": "tạo tài khoản VNeID",
                               "step": 3}
    assert context_text(request) == "Muốn gặp người · Đang học bài tạo tài khoản VNeID, bước 3"


def test_context_words_for_a_stuck_caller_and_a_report():
    stuck = CallbackRequest(reason="stuck", context={"tutorial_title": "tạo tài khoản VNeID",
                                                     "step": 3})
    assert context_text(stuck) == "Đang học bài tạo tài khoản VNeID, bước 3 — bị vướng"
    reported = CallbackRequest(reason="asked", context={"reference": "123456"})
    assert context_text(reported) == "Muốn gặp người · Báo cáo 123456"
