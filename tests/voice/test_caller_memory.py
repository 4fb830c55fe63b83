"""What the hotline remembers of a caller across calls (issue 8, items 1 and 3): signed simulated
calls through the real webhooks and database, on SQLite and PostgreSQL.

The resume offer comes first, the safety notice once per caller per ``safety_notice_days``, the
slow pace sticks within a call and into the next, the speakerphone sentence before the first step
of a hands-on tutorial. The clock is moved by replacing ``ivr.calls.utcnow`` (no sleeping).
"""
from datetime import timedelta

import pytest
import sqlalchemy as sa

import ivr.calls
from ivr.models import CallerPreference, db, utcnow

CALLER = "+84987654321"
NOTICE = "common.safety_notice"


def preferences(app):
    with app.app_context():
        return [(p.slow, p.safety_notice_at is not None)
                for p in db.session.execute(sa.select(CallerPreference)).scalars()]


def hands_on_tutorial(flow):
    """The first hands-on tutorial of the tutorials menu: (its key there, its id)."""
    for option in flow.nodes["tutorials"].options:
        if getattr(flow.nodes[option.goto], "hands_on", False):
            return option.key, option.goto
    pytest.fail("no hands-on tutorial in the tutorials menu")


def test_a_returning_caller_hears_the_offer_first_and_main_menu_after_it(app, call, flow):
    first = call(CALLER)
    first.start()
    first.press("1")
    tutorial = first.press("1").node
    first.press("1")  # step 2: an unfinished place
    first.hang_up()
    again = call(CALLER)
    heard = again.start()
    assert heard.prompt_ids[0] == f"{tutorial}.resume" and len(heard.prompts) == 2
    assert heard.prompts[1].text == flow.message("repeat_keys").text  # then how to hear it again
    offer = heard.prompts[0].text
    assert offer.startswith("Chào bác.") and flow.nodes[tutorial].title in offer
    heard = again.press("2")  # the main menu: no welcome again (the offer greeted)
    assert heard.node == "main_menu" and heard.prompt_ids[0] == "main_menu.prompt"
    assert "common.welcome" not in heard.prompt_ids


def test_safety_notice_on_the_first_call_not_again_this_month_but_after_30_days(app, call, flow,
                                                                                 monkeypatch):
    heard = call(CALLER).start()
    ids = heard.prompt_ids
    assert ids[0] == "common.welcome" and NOTICE in ids
    assert ids.index(NOTICE) == len(ids) - 2 and ids[-1] == "common.main_menu_controls"
    assert preferences(app) == [(False, True)]
    later = call(CALLER)
    assert NOTICE not in later.start().prompt_ids
    assert NOTICE not in later.press("9").prompt_ids
    days = flow.settings.safety_notice_days
    assert days == 30
    now = utcnow()
    monkeypatch.setattr(ivr.calls, "utcnow", lambda: now + timedelta(days=days - 1))
    assert NOTICE not in call(CALLER).start().prompt_ids
    monkeypatch.setattr(ivr.calls, "utcnow", lambda: now + timedelta(days=days, minutes=1))
    assert NOTICE in call(CALLER).start().prompt_ids
    monkeypatch.setattr(ivr.calls, "utcnow", lambda: now + timedelta(days=days + 2))
    assert NOTICE not in call(CALLER).start().prompt_ids  # heard again just now: stored again


def test_a_withheld_number_hears_the_safety_notice_on_every_call_and_nothing_is_stored(app, call):
    for _ in range(2):
        assert NOTICE in call("anonymous").start().prompt_ids
    assert preferences(app) == []


def test_slow_pace_persists_through_the_call_and_into_the_next_until_key_4(app, call, flow):
    first = call(CALLER)
    first.start()
    first.press("1")
    tutorial = first.press("1").node
    heard = first.press("2")  # slower
    assert [(p.prompt_id, p.slow) for p in heard.prompts][0] == (f"{tutorial}.step1", True)
    assert heard.prompt_ids[-1] == "common.tutorial_hint_normal_speed"
    heard = first.press("1")  # the next step stays slow
    assert heard.prompts[0].prompt_id == f"{tutorial}.step2" and heard.prompts[0].slow
    first.hang_up()
    assert preferences(app) == [(True, True)]

    second = call("0987654321")  # the same caller, written nationally
    second.start()
    heard = second.press("1")  # continue where the caller stopped: slow from the start
    assert heard.node == tutorial and heard.prompts[0].prompt_id == f"{tutorial}.step2"
    assert heard.prompts[0].slow and heard.prompt_ids[-1] == "common.tutorial_hint_normal_speed"
    heard = second.press("4")  # back to normal speed, said at once and stored
    assert heard.prompts[0].prompt_id == f"{tutorial}.step2" and not heard.prompts[0].slow
    assert "common.tutorial_hint_normal_speed" not in heard.prompt_ids
    heard = second.press("1")
    assert heard.prompts[0].prompt_id == f"{tutorial}.step3" and not heard.prompts[0].slow
    second.hang_up()
    assert preferences(app) == [(False, True)]

    third = call(CALLER)
    third.start()
    heard = third.press("1")
    assert heard.prompts[0].prompt_id == f"{tutorial}.step3" and not heard.prompts[0].slow
    assert heard.prompt_ids[-1] != "common.tutorial_hint_normal_speed"


def test_speakerphone_once_at_the_first_step_of_a_hands_on_tutorial_and_not_in_a_lesson(call, flow):
    key, tutorial = hands_on_tutorial(flow)
    simulator = call(CALLER)
    simulator.start()
    simulator.press("1")
    heard = simulator.press(key)
    assert heard.node == tutorial
    ids = heard.prompt_ids
    # after the step, before its keys: no time before the first step starts
    assert ids[:3] == [f"{tutorial}.intro", f"{tutorial}.step1", "common.speakerphone"]
    assert ids[-1] == "common.tutorial_hint_full"
    simulator.press("0")  # back to the tutorials menu, then in again: not said twice in a call
    heard = simulator.press(key)
    assert heard.prompt_ids[:2] == [f"{tutorial}.intro", f"{tutorial}.step1"]
    assert "common.speakerphone" not in heard.prompt_ids

    simulator.press("9")
    simulator.press("2")  # the scam lessons: listening only
    lesson = flow.nodes["scam_safety"].options[0].goto
    assert not flow.nodes[lesson].hands_on
    heard = simulator.press(flow.nodes["scam_safety"].options[0].key)
    assert heard.node == lesson and f"{lesson}.step1" in heard.prompt_ids
    assert "common.speakerphone" not in heard.prompt_ids
