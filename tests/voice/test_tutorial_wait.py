"""Tutorials that wait (issue 8): signed simulated calls through the real webhooks and database.

A caller busy doing a step on the phone is silent for minutes: the step waits with short kind
reminders, then says goodbye keeping the place; going back into a tutorial offers to continue.
"""
import sqlalchemy as sa

from ivr.models import TutorialProgress, db

CALLER = "+84987654321"


def progress(app):
    with app.app_context():
        return [(p.tutorial, p.step, p.completed)
                for p in db.session.execute(sa.select(TutorialProgress)).scalars()]


def test_five_minutes_of_silence_on_a_step_keeps_the_caller_there_then_keeps_the_place(app, call, flow):
    simulator = call(CALLER)
    simulator.start()
    simulator.press("1")
    tutorial = simulator.press("1").node
    heard = simulator.press("1")  # step 2, then the caller goes off to do it
    assert heard.node == tutorial and heard.prompt_ids[0] == f"{tutorial}.step2"
    waits, reminders = [heard.timeout], 0
    while True:
        heard = simulator.silence()
        assert heard.status == 200 and heard.node == tutorial
        if heard.hung_up:
            break
        assert heard.prompt_ids == ["common.step_wait_reminder"] and heard.action
        assert "common.gave_up" not in heard.prompt_ids
        reminders += 1
        waits.append(heard.timeout)
    assert waits == [30] * 10 and sum(waits) >= 300 and reminders == 9
    said = " ".join(p.text for p in heard.prompts)
    assert heard.prompt_ids[0] == "common.step_wait_goodbye_at"
    assert heard.prompt_ids[-1] == "common.step_wait_goodbye"
    assert "bước hai" in said and "gọi lại" in said and said.endswith("Chào bác.")
    assert progress(app) == [(tutorial, 1, False)]
    simulator.hang_up(duration=330)

    again = call("0987654321")  # the same caller, written nationally
    heard = again.start()
    assert f"{tutorial}.resume" in heard.prompt_ids[-2:]  # then `*` named, if it does not
    heard = again.press("1")
    assert heard.node == tutorial and heard.prompt_ids[0] == f"{tutorial}.step2"


def test_a_key_during_the_wait_goes_on_with_the_step(app, call):
    simulator = call(CALLER)
    simulator.start()
    simulator.press("1")
    tutorial = simulator.press("1").node
    for _ in range(5):
        assert simulator.silence().prompt_ids == ["common.step_wait_reminder"]
    heard = simulator.press("1")
    assert heard.node == tutorial and heard.prompt_ids[0] == f"{tutorial}.step2"
    assert heard.timeout == 30 and not heard.hung_up


def test_leaving_and_going_back_into_a_tutorial_offers_to_continue(app, call):
    simulator = call(CALLER)
    simulator.start()
    simulator.press("1")
    tutorial = simulator.press("1").node
    simulator.press("1")
    simulator.press("1")  # on step 3
    assert simulator.press("9").node == "main_menu"
    simulator.press("1")
    heard = simulator.press("1")  # the same tutorial again
    assert heard.prompt_ids[0] == "common.tutorial_continue_at"
    assert "common.tutorial_continue_keys" in heard.prompt_ids[-2:]
    assert "bước ba" in " ".join(p.text for p in heard.prompts)
    heard = simulator.press("1")
    assert heard.node == tutorial and heard.prompt_ids[0] == f"{tutorial}.step3"
    assert progress(app) == [(tutorial, 2, False)]

    simulator.press("9")
    simulator.press("1")
    simulator.press("1")
    heard = simulator.press("2")  # from the beginning
    assert heard.node == tutorial and heard.prompt_ids[:2] == [f"{tutorial}.intro", f"{tutorial}.step1"]
    assert progress(app) == [(tutorial, 0, False)]
