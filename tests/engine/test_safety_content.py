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
    # The report's recording (a home visit request's, keeps: visit, asks for the way to the house).
    [record] = [n for n in shipped.nodes.values()
                if isinstance(n, RecordNode) and n.keeps == "report"]
    assert "số tài khoản họ bảo chuyển" in record.prompt.text  # the receiving account: evidence


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


# -- The scam-safety menu and its lessons (issue 8 items 1, 6 and 7) ----------------------------

EXPLAINED = {  # term → the words of its one-sentence explanation, said where the lesson first uses it
    "link": "một dòng chữ, bấm vào thì mở ra một trang mạng",
    "QR": "ô vuông nhiều chấm đen trắng",
    "ứng dụng": "Ứng dụng là chương trình cài trên điện thoại",
    "VNeID": "VNeID là chương trình căn cước điện tử",
    "OTP": "Mã OTP là dãy số gửi qua tin nhắn",
}


def lessons(flow):
    """The lessons of the scam-safety menu, in menu order."""
    return [flow.nodes[o.goto] for o in flow.nodes["scam_safety"].options
            if isinstance(flow.nodes[o.goto], TutorialNode)]


def heard_in_order(lesson):
    """The lesson's prompts in the order a caller hears them: intro, steps, quiz, outro."""
    quiz = [p for q in lesson.quiz for p in (q.prompt, q.right, q.wrong)]
    return [lesson.intro, *lesson.steps, *quiz] + ([lesson.outro] if lesson.outro else [])


def test_the_scam_menu_is_short_urgent_first_and_ends_with_the_latest_warnings(shipped):
    menu = shipped.nodes["scam_safety"]
    assert 5 <= len(menu.options) <= 6
    assert menu.options[0].goto == "lesson_if_scammed" and menu.options[-1].goto == "latest_warnings"
    assert len(lessons(shipped)) == len(menu.options) - 1
    for option in menu.options:
        assert option.say.text.startswith(f"Bấm {option.key}: "), option.say.id  # key first
    # Their lengths, measured from audio: tests/scenarios/test_scam_safety_timing.py


def test_no_spoken_option_word_is_part_of_another_options_words(shipped):
    """"báo lừa đảo" inside "cảnh báo lừa đảo" would send that caller to the wrong option."""
    options = shipped.nodes["scam_safety"].options
    phrases = [(o.key, f" {w.lower()} ") for o in options for w in o.words]
    assert all(o.words for o in options)
    for key, phrase in phrases:
        for other_key, other in phrases:
            if key != other_key:
                assert phrase not in other, (key, phrase, other_key, other)


def test_money_or_code_given_first_and_last_hang_up_bank_on_the_card_then_113(shipped):
    lesson = shipped.nodes["lesson_if_scammed"]
    intro = lesson.intro.text
    assert intro.index("tắt máy") < intro.index("ngân hàng") < intro.index("mặt sau thẻ") < intro.index("1 1 3")
    first = lesson.steps[0].text
    assert "tắt máy" in first and "mặt sau thẻ" in first and "ứng dụng ngân hàng" in first
    assert "1 1 3" in lesson.steps[1].text
    outro = lesson.outro.text  # the last thing said: the same three actions
    assert outro.index("tắt máy") < outro.index("ngân hàng") < outro.index("1 1 3")


@pytest.mark.parametrize("term", sorted(EXPLAINED))
def test_every_lesson_explains_a_term_where_it_first_uses_it(shipped, term):
    used = 0
    for lesson in lessons(shipped):
        first = next((p for p in heard_in_order(lesson) if term.lower() in p.text.lower()), None)
        if first is not None:
            used += 1
            assert EXPLAINED[term] in first.text, first.id
    assert used >= 1  # each term is taught somewhere in the scam-safety lessons


def test_no_sender_name_is_proof_no_spelled_address_no_apk(shipped):
    for lesson in lessons(shipped):
        for prompt in heard_in_order(lesson):
            text = prompt.text
            sentences = re.split(r"(?<=[.?!])\s+", text)
            for number, sentence in enumerate(sentences):
                if re.search(r"\b(hiện|mang|có|đúng) tên|tên người gửi", sentence):
                    # brand names can be faked: said in that sentence or the next one
                    assert "giả" in " ".join(sentences[number:number + 2]), (prompt.id, sentence)
            assert not re.search(r"chấm (gov|v n|vn|com)\b", text), prompt.id
            assert "A P K" not in text and "đuôi" not in text, prompt.id


def test_quiz_feedback_agrees_with_the_answer(shipped):
    for lesson in lessons(shipped):
        assert lesson.quiz, lesson.id
        for question in lesson.quiz:
            assert question.answer in ("yes", "no")
            assert question.right.text.startswith("Đúng rồi."), question.right.id
            assert "Đúng rồi" not in question.wrong.text, question.wrong.id
            assert question.prompt.text.rstrip().endswith("không?"), question.prompt.id  # yes/no


def test_the_money_question_catches_a_caller_who_installed_what_the_scammer_asked(shipped):
    """A fake app can empty an account without any code (police warnings on fake VNeID and power
    company apps: https://cafef.vn/nghe-dien-thoai-co-noi-dung-nay-hay-tat-may-ngay-lap-tuc-18825081006551938.chn),
    so "installed something" goes with "sent money" and "read a code" to the urgent advice."""
    question = shipped.nodes["report_money"].prompt.text
    assert "chuyển tiền" in question and "đọc mã" in question and "cài" in question


def test_quiz_keys_answer_the_yes_no_question_asked(shipped):
    """Every quiz question is "có … không?": the keys say có / không, never đúng / sai (a caller
    who pressed "Sai" for "no" would then hear "Đúng rồi")."""
    for name in ("quiz_keys", "quiz_keys_speech"):
        text = shipped.messages[name].text.lower()
        assert "có" in text and "không" in text and "sai" not in text, name
