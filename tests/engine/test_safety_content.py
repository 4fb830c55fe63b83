"""Safety wording of the shipped flow: the sentences a frightened or scammed caller depends on."""
import re

import pytest

from ivr.engine import HangupNode, LookupNode, MessageNode, RecordNode, TutorialNode, load_flow
from ivr.engine.flow import node_prompts

from .conftest import ROOT


@pytest.fixture(scope="module")
def shipped():
    return load_flow(ROOT / "prompts", {"volunteer_line": "số 0 9 1"})


def texts(flow):
    return {p.id: p.text for node in flow.nodes.values() for p in node_prompts(node)}


def test_every_reference_is_introduced_as_the_hotlines_own_not_an_otp(shipped):
    lookups = [n for n in shipped.nodes.values() if isinstance(n, LookupNode) and n.effect == "save_report"]
    assert len(lookups) >= 2
    for node in lookups:
        first = node.outcomes["saved"][0]  # said just before the six digits
        assert "mã số báo cáo của tổng đài, không phải mã OTP" in first.text, node.id


def test_consent_spares_only_the_callers_own_secrets_and_the_recording_asks_for_the_scammers_account(
        shipped):
    consent = shipped.nodes["report_consent"].text.text
    assert "đừng đọc mã, mật khẩu hay số tài khoản của bác" in consent
    [record] = [n for n in shipped.nodes.values() if isinstance(n, RecordNode)]
    assert "số tài khoản" in record.prompt.text and "chuyển tiền" in record.prompt.text


def test_money_lost_path_is_bank_and_113_then_the_saved_reference_then_goodbye(shipped):
    [lost] = [o for o in shipped.nodes["report_money"].options if o.key == "1"]
    advice = shipped.nodes[lost.goto]
    assert isinstance(advice, MessageNode)
    assert "1 1 3" in advice.text.text and "ngân hàng" in advice.text.text and "mặt sau thẻ" in advice.text.text
    saved = shipped.nodes[advice.goto]
    assert isinstance(saved, LookupNode) and saved.effect == "save_report"
    goodbye = shipped.nodes[saved.goto]
    assert isinstance(goodbye, HangupNode)  # not kept on the line for a recording
    assert "1 1 3" in goodbye.text.text and "ngân hàng" in goodbye.text.text


def test_no_quiz_question_names_a_key_and_repeat_is_only_ever_star(shipped):
    for node in shipped.nodes.values():
        for question in getattr(node, "quiz", ()):
            assert "phím" not in question.prompt.text, question.prompt.id
    for prompt_id, text in texts(shipped).items():
        for key in re.findall(r"[Nn]ghe lại(?: câu này)?, bấm phím (\S+?)\.", text):
            assert key == "sao", prompt_id


def test_known_slips_and_unverified_facts_stay_out(shipped):
    for prompt_id, text in texts(shipped).items():
        assert "quân phục" not in text, prompt_id  # police wear "đồng phục công an"
        assert "1 5 6" not in text and "156" not in text, prompt_id  # unverified since March 2025
        assert "tin nhắn mang tên" not in text, prompt_id  # sender names can be spoofed


def test_lost_phone_means_the_carrier_first_then_the_bank(shipped):
    node = shipped.nodes["tutorial_vneid_new_phone"]
    assert isinstance(node, TutorialNode)
    # The intro stays a few seconds long; the first step, heard right after it, and the outro say it.
    for text in (node.steps[0].text, node.outro.text):
        assert "khóa SIM" in text and text.index("khóa SIM") < text.index("ngân hàng")
