"""Whole calls through the real webhooks: every node of the shipped flow, every tutorial to its end,
and ``flask call`` as a newcomer would run it."""
import json
from collections import deque

import pytest

from ivr.engine import (LookupNode, MenuNode, MessageNode, NumberInputNode, RecordNode, TransferNode,
                        TutorialNode)

RECORDING = ("record", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/REwalk")
# They speak and move on by themselves (a transfer, with nobody on shift in these tests, at once).
TRANSIENT = (MessageNode, LookupNode, TransferNode)
# A lookup's `then` node is reached when the service reports that outcome; the shipped flow's
# one (callback_request: no usable caller ID → key a number) by a caller whose number is withheld.
WITHHELD = ("withheld",)


def moves(node):
    """Return (inputs, target) pairs that leave ``node``: keys, or the ``RECORDING`` marker."""
    if isinstance(node, MenuNode):
        return [([option.key], option.goto) for option in node.options]
    if isinstance(node, NumberInputNode):
        typed = "1" * node.digits if node.digits else "0912345678"
        return [([typed + "#", *(["1"] if node.confirms else [])], node.goto)]
    if isinstance(node, RecordNode):
        return [([RECORDING, "1"], node.goto)]
    if isinstance(node, LookupNode):
        return [([], node.goto), *(([WITHHELD], target) for _, target in node.then)]
    if isinstance(node, TransferNode):  # nobody on shift here: the unavailable target at once
        return [([], node.unavailable)]
    if isinstance(node, TRANSIENT):
        return [([], node.goto)]
    return []


def key_paths(flow):
    """Return node id → the shortest list of inputs that reaches it from the start (BFS)."""
    paths, queue = {flow.start: []}, deque([flow.start])
    while queue:
        node = flow.nodes[queue.popleft()]
        for inputs, target in moves(node):
            if target not in paths:
                paths[target] = paths[node.id] + inputs
                queue.append(target)
    return paths


def drive(simulator, inputs):
    heard = simulator.last
    for item in inputs:
        heard = simulator.record(item[1]) if item == RECORDING else simulator.press(item)
    return heard


def first_prompt(node, flow):
    if isinstance(node, (MenuNode, NumberInputNode, RecordNode)):
        return f"{node.id}.prompt"
    if isinstance(node, TutorialNode):
        return f"{node.id}.intro"
    if isinstance(node, LookupNode):
        return f"{node.id}.{next(iter(node.outcomes))}1"
    if isinstance(node, TransferNode):  # nobody on shift: straight to the unavailable node
        return first_prompt(flow.nodes[node.unavailable], flow)
    return f"{node.id}.text"


def test_every_node_is_reached_by_keys_and_says_its_own_first_prompt(app, call, flow):
    paths = key_paths(flow)
    assert set(paths) == set(flow.nodes)
    for node_id, keys in paths.items():
        if not keys:
            continue
        simulator = call("anonymous") if WITHHELD in keys else call()
        simulator.start()
        heard = drive(simulator, [item for item in keys if item != WITHHELD])
        if isinstance(flow.nodes[node_id], LookupNode):
            assert any(p.startswith(f"{node_id}.") for p in heard.prompt_ids), node_id
        else:
            assert first_prompt(flow.nodes[node_id], flow) in heard.prompt_ids, node_id
        if not isinstance(flow.nodes[node_id], TRANSIENT):
            assert heard.node == node_id
        assert all(p.text for p in heard.prompts if not p.pause), node_id


def test_every_tutorial_can_be_followed_to_its_end_and_back_to_the_main_menu(app, call, flow):
    paths = key_paths(flow)
    tutorials = [n for n in flow.nodes.values() if isinstance(n, TutorialNode)]
    assert len(tutorials) >= 10
    for tutorial in tutorials:
        simulator = call()
        simulator.start()
        drive(simulator, paths[tutorial.id])
        heard_steps = []
        for _ in tutorial.steps:
            heard_steps.extend(pid for pid in simulator.last.prompt_ids  # then the speakerphone
                               if pid.startswith(f"{tutorial.id}.step"))  # sentence, the hint
            heard = simulator.press("1")
        assert heard_steps == [p.id for p in tutorial.steps]
        for number, asked in enumerate(tutorial.quiz, start=1):
            assert heard.prompt_ids[-2:] == [f"{tutorial.id}.quiz{number}", "common.quiz_keys"]
            heard = simulator.press("1" if asked.answer == "yes" else "2")
            assert heard.prompt_ids[0] == f"{tutorial.id}.quiz{number}_right"
        assert f"{tutorial.id}.done" in heard.prompt_ids[-2:]  # then `*` named, if it does not
        assert simulator.press("9").node == flow.start


def test_flask_call_prints_one_json_object_per_prompt(app, flow):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["call", "--local", "--keys", "1,1,1,*,2,0,0,9", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {"turn", "node", "prompt", "text"} <= set(lines[0])
    assert lines[0]["prompt"] == "common.welcome" and lines[0]["node"] == "main_menu"
    by_turn = {}
    for line in lines:
        by_turn.setdefault(line["turn"], []).append(line)
    nodes = [by_turn[t][0]["node"] for t in sorted(by_turn)]
    tutorial = nodes[2]
    assert nodes == ["main_menu", "tutorials", tutorial, tutorial, tutorial, tutorial, tutorial,
                     "tutorials", "main_menu"]
    step2 = f"{tutorial}.step2"
    assert by_turn[4][0]["prompt"] == step2 and by_turn[5][0]["prompt"] == step2  # next, repeat
    assert by_turn[6][0]["prompt"] == step2 and by_turn[6][0]["slow"] is True  # slower
    assert by_turn[7][0]["prompt"] == f"{tutorial}.step1"  # back a step
    texts = {p.id: p.text for p in flow.prompts()}
    assert all(line["text"] == texts[line["prompt"]] for line in lines)


def test_flask_call_reports_an_unreachable_server_clearly(app):
    result = app.test_cli_runner().invoke(args=["call", "--url", "http://127.0.0.1:9", "--keys", "1"])
    assert result.exit_code != 0 and "cannot reach the hotline" in result.output


@pytest.mark.parametrize("keys, last_node", [("-,-,-", None), ("1,-,-,-", "main_menu")])
def test_silence_never_ends_in_a_silent_hang_up(app, keys, last_node):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--keys", keys, "--json"])
    lines = [json.loads(line) for line in result.output.splitlines()]
    if last_node is None:
        assert lines[-1]["prompt"] == "common.goodbye_no_input"
    else:
        assert lines[-1]["node"] == last_node
        assert any(line["prompt"] == "common.gave_up" for line in lines)


def test_flask_call_can_report_a_scam_call_end_to_end(app):
    result = app.test_cli_runner().invoke(args=[
        "call", "--local", "--json", "--keys", "3,2,r,1,0912345678#,1,2"])  # the README's path
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["prompt"] for line in lines if line["node"] == "report_record"][:2] == [
        "report_consent.text", "report_record.prompt"]
    assert any(line["prompt"] == "report_record.review" for line in lines)
    assert [line["prompt"] for line in lines if line["node"] == "report_number"][0] == "report_number.prompt"
    reference = [line["text"] for line in lines if line["prompt"] and line["prompt"].startswith("common.digit_")]
    assert len(reference) >= 10 + 12  # the number read back, then the reference said twice
    pauses = [line for line in lines if line["prompt"] == "pause"]
    assert len(pauses) == 3 + 2 * 2  # 0912 345 678, then the reference twice in 3-3
    assert all(line["pause"] == 1 and line["text"] == "" and line["audio"] is None for line in pauses)
    assert lines[-1]["node"] == "report_notify_offer"  # issue 12: the verdict callback offer


def test_flask_call_a_caller_who_lost_money_hears_bank_and_113_first_then_the_reference_and_goodbye(app):
    result = app.test_cli_runner().invoke(args=[
        "call", "--local", "--json", "--keys", "3,1"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    last_turn = [line for line in lines if line["turn"] == lines[-1]["turn"]]
    first = last_turn[0]  # the first thing heard after "money already sent"
    assert first["prompt"] == "report_money_advice.text"
    assert "ngân hàng" in first["text"] and "1 1 3" in first["text"]
    spoken = [line["prompt"] for line in last_turn]
    assert spoken[1] == "report_lost_saved.saved1" and "không phải mã OTP" in last_turn[1]["text"]
    assert sum(1 for p in spoken if p and p.startswith("common.digit_")) == 12  # the reference, twice
    assert spoken[-1] == "report_lost_goodbye.text" and "1 1 3" in last_turn[-1]["text"]
    assert not any(line["prompt"] and line["prompt"].startswith("report_record.") for line in lines)


def test_flask_call_shows_the_pauses_between_digit_groups(app):
    result = app.test_cli_runner().invoke(args=["call", "--local", "--keys", "4,0912345678#"])
    assert result.exit_code == 0, result.output
    said = result.output.split("[0912345678#]")[1].splitlines()[1:]
    assert [line.strip() for line in said[:7]] == [  # the check answer says the number back first
        "🔊 Số", "🔊 không", "🔊 chín", "🔊 một", "🔊 hai", "…", "🔊 ba"]


def test_the_content_lint_reports_keywords_the_speech_model_does_not_know(database_url, tmp_path):
    from tests.conftest import make_app
    from tests.speech_recognition.conftest import korean_model_path

    app = make_app(database_url, tmp_path, VOSK_MODEL_PATH=str(korean_model_path()), SPEECH_INPUT="off")
    result = app.test_cli_runner().invoke(args=["prompts", "lint", "--no-audio"])
    assert result.exit_code == 1
    assert "does not know 'hướng' (a spoken keyword)" in result.output  # Korean model, Vietnamese words
    clean = make_app(database_url, tmp_path / "clean").test_cli_runner().invoke(args=["prompts", "lint"])
    assert clean.exit_code == 0 and "OK" in clean.output


def test_flask_call_follows_the_apology_back_to_the_main_menu(app):
    from ivr.models import db
    import sqlalchemy as sa
    with app.app_context():
        db.session.execute(sa.text("DROP TABLE call_events"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["call", "--local", "--json", "--keys", "1,5"])
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [line["prompt"] for line in lines if line["turn"] == 2] == ["common.error"]
    assert [line["prompt"] for line in lines if line["turn"] == 3] == ["common.error"]  # still failing
    # The caller hears only the apology; the person running the simulator is told it failed.
    assert result.exit_code == 1
    assert "answered 3 time(s) with its apology" in result.output  # turns 1, 2 and 3
