"""Reporting a scam call by phone through the real webhooks: nothing keyed or recorded is lost.

The path (issue 8): main menu 3 → "money already given?" (1 yes, 2 no, 3 yes and the bank is told,
4 withdraw an old report) → consent, recording prompt, beep → the scammer's number and who they
claimed to be → the reference.
"""
import xml.etree.ElementTree as ET
from pathlib import Path

import sqlalchemy as sa

from ivr import work
from ivr.models import AuditEntry, Call, Report, ScamWarning, db
from tests.review.conftest import add_confirmations, add_users

MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE"


def sid(n: int) -> str:
    """A RecordingSid as Twilio writes them: "RE" and 32 hex digits."""
    return f"RE{n:032x}"


def grouped(*groups):
    """The prompt ids of digits said in ``groups``, each followed by its pause."""
    return [pid for group in groups for pid in (*(f"common.digit_{d}" for d in group), "pause")]


def reports(app):
    with app.app_context():
        return db.session.execute(sa.select(Report).order_by(Report.id)).scalars().all()


def to_recording(simulator, money="2"):
    """Walk the intake from the main menu up to the beep."""
    simulator.start()
    assert simulator.press("3").node == "report_money"
    heard = simulator.press(money)
    assert heard.node == "report_record" and heard.record_action
    return heard


def to_details(simulator, money="2", recording=MEDIA + "9"):
    """Record and keep it: the call asks for the scammer's number."""
    to_recording(simulator, money)
    simulator.record(recording, sid(9))
    heard = simulator.press("1")
    assert heard.node == "report_number"
    return heard


def report_call(simulator, number="0912345678", identity="1", money="2"):
    """A whole report: recording kept, number keyed and confirmed (or skipped), identity chosen."""
    to_details(simulator, money)
    heard = simulator.press(number + "#") if number else simulator.press("#")
    if number:
        assert heard.node == "report_number"
        heard = simulator.press("1")
    assert heard.node == "report_identity"
    return simulator.press(identity)


def test_the_money_question_comes_first_and_offers_the_withdrawal(call):
    simulator = call()
    simulator.start()
    heard = simulator.press("3")
    assert heard.node == "report_money" and heard.prompt_ids == [
        "report_money.prompt", *(f"report_money.option{k}" for k in "1234"), "common.menu_controls"]
    assert ET.fromstring(heard.twiml).find("Record") is None  # nothing recorded before consent


def test_consent_is_said_before_anything_is_recorded(call, flow):
    heard = to_recording(call())
    assert heard.prompt_ids == ["report_consent.text", "report_record.prompt"]
    assert "ghi âm" in heard.prompts[0].text
    # only the caller's own secrets: the scammer's receiving account is evidence
    assert "đừng đọc mã, mật khẩu hay số tài khoản của bác" in heard.prompts[0].text
    assert "số tài khoản họ bảo chuyển" in heard.prompts[1].text


def test_number_is_read_back_digit_by_digit_in_groups_and_confirmed(call):
    simulator = call()
    gather = ET.fromstring(to_details(simulator).twiml).find("Gather")
    assert gather.get("finishOnKey") == "#" and gather.get("numDigits") == "16"
    assert gather.get("timeout") == "20"
    heard = simulator.press("0912345678#")
    digits = grouped("0912", "345", "678")  # 4-3-3, a one-second pause after each group
    said = ["report_number.readback", *digits, "report_number.confirm"]
    assert heard.prompt_ids[:len(said)] == said  # then `*` named, if the confirm does not
    assert [p.text for p in heard.prompts[1:4]] == ["không", "chín", "một"]
    gather = ET.fromstring(heard.twiml).find("Gather")
    assert [child.tag for child in gather].count("Pause") == 3
    assert all(p.get("length") == "1" for p in gather.iter("Pause"))
    again = simulator.press("2")
    assert again.prompt_ids[0] == "report_number.prompt"
    simulator.press("0987654321#")
    assert simulator.press("1").node == "report_identity"


def test_a_too_short_number_is_refused_and_control_keys_still_work(call):
    simulator = call()
    to_details(simulator)
    heard = simulator.press("12#")
    assert heard.prompt_ids[:2] == ["report_number.invalid", "report_number.prompt"]
    assert simulator.press("9").node == "main_menu"


def test_money_lost_caller_is_told_to_call_the_bank_and_113_first_and_is_not_kept_for_a_recording(
        app, call, flow):
    simulator = call("+84987000111")
    simulator.start()
    simulator.press("3")
    heard = simulator.press("1")  # the first question of the report: money given already
    first = heard.prompts[0]
    assert first.prompt_id == "report_money_advice.text"  # before anything else
    assert "1 1 3" in first.text and "ngân hàng" in first.text and "mặt sau thẻ" in first.text
    # hang up and call after the reference, not before it (a caller who obeys at once would
    # never hear it); the goodbye says it again
    assert first.text.index("ngân hàng") < first.text.index("Nghe xong mã số báo cáo, bác tắt máy")
    [report] = reports(app)  # saved before the reference is said
    assert (report.reported_number, report.claimed_identity, report.money_lost) == (None, None, True)
    assert report.caller == "+84987000111"
    reference = grouped(report.reference[:3], report.reference[3:])  # 3-3
    assert heard.prompt_ids[1:] == ["report_lost_saved.saved1", *reference, "report_lost_saved.saved3",
                                    *reference, "report_lost_saved.saved5", "report_lost_goodbye.text"]
    assert "không phải mã OTP" in heard.prompts[1].text
    later = {p.prompt_id: p.text for p in heard.prompts}["report_lost_saved.saved5"]
    assert "bấm phím 3, rồi bấm phím 3" in later  # the keys of "told the bank, tell the story"
    [told] = [o for o in flow.nodes["report_money"].options if o.key == "3"]
    assert told.goto == "report_consent" and ("money_lost", "yes") in told.set
    assert "1 1 3" in heard.prompts[-1].text and "ngân hàng" in heard.prompts[-1].text
    assert heard.hung_up and not heard.waiting
    assert ET.fromstring(heard.twiml).find("Record") is None
    assert report.audio_state == "none" and len(reports(app)) == 1


def test_full_report_is_committed_before_the_beep_and_the_recording_is_attached(app, call):
    simulator = call("+84987000111")
    heard = to_recording(simulator, money="3")  # money lost, the bank already told
    assert heard.prompt_ids == ["report_consent.text", "report_record.prompt"]
    record = ET.fromstring(heard.twiml).find("Record")
    assert record.get("maxLength") == "180" and record.get("timeout") == "6"
    assert record.get("finishOnKey") == "#" and record.get("playBeep") == "true"
    assert record.get("recordingStatusCallback") == "/voice/recording-status"
    assert record.get("recordingStatusCallbackEvent") == "completed absent"
    [report] = reports(app)  # committed before the caller says a word
    assert (report.reported_number, report.claimed_identity, report.money_lost) == (None, None, True)
    assert report.audio_state == "none" and len(report.reference) == 6
    assert report.caller == "+84987000111"
    heard = simulator.record(MEDIA + "1", sid(1), seconds=42)
    assert heard.prompt_ids == ["report_record.review"]
    review = heard.prompts[0].text  # "nghe lại" is * as everywhere: it plays the recording back
    assert "Nghe lại lời kể, bấm phím sao" in review and "phím 2" not in review
    [report] = reports(app)
    assert (report.recording_sid, report.recording_url, report.recording_seconds, report.audio_state) == (
        sid(1), MEDIA + "1", 42, "pending")
    listen = simulator.press("*")
    assert listen.prompts[1].audio == MEDIA + "1"  # the caller's own recording, played back
    assert listen.prompt_ids[-1] == "report_record.review" and listen.node == "report_record"
    assert simulator.press("2").prompts[1].audio == MEDIA + "1"  # the older habit still works
    assert simulator.press("1").node == "report_number"  # the keyed details after the recording
    simulator.press("0912345678#")
    identity = simulator.press("1")
    assert identity.node == "report_identity" and identity.prompt_ids[0] == "report_identity.prompt"
    thanks = simulator.press("1")
    [report] = reports(app)  # the same report, now with what was keyed after the beep
    assert (report.reported_number, report.number_kind, report.claimed_identity, report.money_lost) == (
        "+84912345678", "mobile", "police", True)
    assert report.recording_sid == sid(1)
    assert "mã số báo cáo của tổng đài, không phải mã OTP" in thanks.prompts[0].text
    reference = grouped(report.reference[:3], report.reference[3:])  # 3-3
    assert thanks.prompt_ids[:10] == ["report_thanks.saved1", *reference, "report_thanks.saved3"]
    # issue 12: a caller with caller ID is then offered the verdict callback
    assert thanks.node == "report_notify_offer" and len(reports(app)) == 1


def test_star_after_the_reference_repeats_the_reference_then_the_menu(app, call):
    simulator = call()
    thanks = report_call(simulator)
    [report] = reports(app)
    reference = grouped(report.reference[:3], report.reference[3:])
    said = ["report_thanks.saved1", *reference, "report_thanks.saved3", *reference,
            "report_thanks.saved5", "report_thanks.repeat"]
    assert thanks.prompt_ids[:len(said)] == said
    assert thanks.prompt_ids[len(said)] == "report_notify_offer.prompt"  # issue 12
    again = simulator.press("*")
    assert again.node == "report_notify_offer" and again.prompt_ids == thanks.prompt_ids
    assert [p.text for p in again.prompts[1:4]] == [flow_digit(d) for d in report.reference[:3]]
    assert simulator.press("*").prompt_ids == thanks.prompt_ids  # as often as the caller needs
    menu = simulator.press("2")  # moving on forgets the result: `*` now repeats the question
    assert menu.node == "main_menu" and simulator.press("*").prompt_ids == menu.prompt_ids


def flow_digit(d):
    from speech.vietnamese import DIGIT_WORDS
    return DIGIT_WORDS[int(d)]


def test_skipping_the_number_keeps_the_rest(app, call):
    thanks = report_call(call(), number=None, identity="6")
    assert thanks.prompt_ids[0] == "report_thanks.saved1"
    [report] = reports(app)
    assert report.reported_number is None and report.claimed_identity == "relative"
    assert report.money_lost is False and report.recording_sid == sid(9)


def test_a_hang_up_after_the_recording_keeps_what_was_keyed_since(app, call):
    simulator = call()
    to_details(simulator)
    simulator.press("0912345678#")
    assert simulator.press("1").node == "report_identity"  # number confirmed, then the caller goes
    [report] = reports(app)
    assert report.reported_number is None  # saved before the beep, without the number
    assert simulator.hang_up() == 204  # Twilio's final status callback
    [report] = reports(app)
    assert (report.reported_number, report.recording_sid, report.money_lost) == (
        "+84912345678", sid(9), False)
    assert simulator.hang_up() == 204 and len(reports(app)) == 1  # a duplicate changes nothing
    assert reports(app)[0].reported_number == "+84912345678"


def test_a_call_that_made_no_report_leaves_none_at_its_end(app, call):
    simulator = call()
    simulator.start()
    simulator.press("3")
    assert simulator.hang_up() == 204
    assert reports(app) == []


def test_hanging_up_during_the_recording_keeps_the_report(app, call):
    simulator = call()
    to_recording(simulator)
    simulator.record(MEDIA + "2", sid(2), seconds=7, digits="hangup")
    assert simulator.hang_up() == 204
    [report] = reports(app)
    assert report.recording_sid == sid(2) and report.audio_state == "pending"
    with app.app_context():
        call_row = db.session.execute(sa.select(Call)).scalar_one()
        assert call_row.state["ended"] is True


def test_status_callback_first_then_duplicates_change_nothing(app, call):
    simulator = call()
    to_recording(simulator)
    assert simulator.recording_status(sid(3), MEDIA + "3") == 204  # before the <Record> action
    assert simulator.recording_status(sid(3), MEDIA + "3") == 204  # delivered twice
    simulator.record(MEDIA + "3", sid(3))
    simulator.post("/voice/input?turn=1", {"Digits": "1"})  # a stale, late delivery
    [report] = reports(app)
    assert report.recording_sid == sid(3) and report.audio_state == "pending"
    assert report.audio_attempts == 0


def test_each_new_recording_is_handed_to_the_work_queue_after_its_commit(app, call):
    asked = []

    class Queue:
        def fetch_recording(self, report_id):
            with db.engine.connect() as connection:  # another connection sees only committed rows
                query = sa.select(Report.audio_state).where(Report.id == report_id)
                asked.append((report_id, connection.execute(query).scalar_one()))

        def render_warning(self, warning_id):
            raise AssertionError("no warning was written")

    app.extensions[work.EXTENSION] = Queue()
    simulator = call()
    to_recording(simulator)
    simulator.record(MEDIA + "8", sid(8))
    assert simulator.recording_status(sid(8), MEDIA + "8") == 204  # the same recording: no new work
    [report] = reports(app)
    assert asked == [(report.id, "pending")]


def test_recording_again_replaces_it_and_a_late_callback_for_the_old_one_is_ignored(app, call):
    simulator = call()
    to_recording(simulator)
    simulator.record(MEDIA + "4", sid(4))
    heard = simulator.press("3")
    assert ET.fromstring(heard.twiml).find("Record") is not None
    simulator.record(MEDIA + "5", sid(5))
    simulator.recording_status(sid(4), MEDIA + "4")
    [report] = reports(app)
    assert report.recording_sid == sid(5)


def test_an_empty_recording_still_leaves_the_report(app, call):
    simulator = call()
    to_recording(simulator)
    heard = simulator.silence()  # Twilio skips the action when nothing was said
    assert heard.prompt_ids == ["report_record.empty", "report_record.review"]
    simulator.recording_status(sid(6), MEDIA + "6", seconds=0, status="absent")
    [report] = reports(app)
    assert report.audio_state == "absent" and report.money_lost is False
    assert simulator.press("1").node == "report_number"
    simulator.press("#")
    assert simulator.press("3").prompt_ids[0] == "report_thanks.saved1"
    [report] = reports(app)
    assert report.audio_state == "absent" and report.claimed_identity == "utility"


def test_a_recording_callback_for_an_unknown_call_is_kept(app, call):
    assert call().recording_status(sid(7), MEDIA + "7") == 204
    [report] = reports(app)
    assert report.recording_sid == sid(7) and report.audio_state == "pending"


def withdraw(simulator, reference):
    simulator.start()
    simulator.press("3")
    assert simulator.press("4").node == "report_old"  # issue 12: an old report's menu
    assert simulator.press("2").node == "withdraw_reference"
    heard = simulator.press(reference + "#")
    assert heard.prompt_ids[0] == "withdraw_reference.readback"
    return simulator.press("1")


def test_withdrawing_from_the_same_phone_deletes_the_audio_and_is_audited(app, call):
    thanks = report_call(call("+84911222333"))
    said = {p.prompt_id: p.text for p in thanks.prompts}
    assert "bấm phím 3, rồi bấm phím 4" in said["report_thanks.saved5"]  # this path's keys
    [report] = reports(app)
    audio = Path(app.config["RECORDINGS_DIR"]) / f"report-{report.id}.wav"
    audio.parent.mkdir(parents=True, exist_ok=True)
    audio.write_bytes(b"RIFF")
    with app.app_context():
        db.session.execute(sa.update(Report).values(audio_path=audio.name, audio_state="stored"))
        db.session.commit()
    other = withdraw(call("+84900000000"), report.reference)
    assert other.prompt_ids[0] == "withdraw_result.not_found1"
    assert withdraw(call("anonymous"), report.reference).prompt_ids[0] == "withdraw_result.not_found1"
    done = withdraw(call("+84911222333"), report.reference)
    assert done.prompt_ids[0] == "withdraw_result.withdrawn1" and done.node == "main_menu"
    [report] = reports(app)
    assert report.status == "withdrawn" and report.audio_state == "deleted" and not audio.exists()
    with app.app_context():
        [entry] = db.session.execute(sa.select(AuditEntry)).scalars().all()
        assert (entry.action, entry.actor, entry.target) == ("withdraw", "caller", f"report:{report.id}")


def test_checking_a_number_says_how_often_it_was_confirmed(app, call):
    users = add_users(app)
    with app.app_context():
        for index, (status, identity) in enumerate([("confirmed", "police"), ("confirmed", "police"),
                                                    ("escalated", "bank"), ("new", "bank")]):
            db.session.add(Report(call_sid=f"CA{index}", reference=f"10000{index}", status=status,
                                  claimed_identity=identity, reported_number="+84912345678"))
        db.session.commit()
    add_confirmations(app, 1, users["lan"], users["minh"])  # issue 11: two people flag a number
    simulator = call()
    simulator.start()
    simulator.press("4")
    heard = simulator.press("0912345678#")  # no read-back turn: the answer says the number
    assert heard.prompt_ids[:21] == ["check_number_result.found1", *grouped("0912", "345", "678"),
                                     "check_number_result.found3", "common.digit_3",
                                     "check_number_result.found5", "common.label_police",
                                     "common.label_also", "common.label_bank",
                                     "check_number_result.found7"]
    fresh = call()
    fresh.start()
    fresh.press("4")
    assert fresh.press("0987654321#").prompt_ids[0] == "check_number_result.not_found1"


def test_the_check_prompt_asks_for_the_number_and_a_bad_one_is_refused(call):
    simulator = call()
    simulator.start()
    heard = simulator.press("4")
    assert heard.prompt_ids[0] == "check_number_input.prompt"  # then `*` named, if it is not
    gather = ET.fromstring(heard.twiml).find("Gather")
    assert gather.get("finishOnKey") == "#" and gather.get("numDigits") == "16"
    refused = simulator.press("12#")
    assert refused.prompt_ids[1] == "check_number_input.prompt" and refused.node == "check_number_input"
    assert refused.prompts[0].text.startswith("Số này chưa đúng")  # audio shared with the same text


def test_star_after_a_check_answer_repeats_the_answer_with_the_number(call):
    simulator = call()
    simulator.start()
    simulator.press("4")
    answer = simulator.press("0987654321#")
    said = ["check_number_result.not_found1", *grouped("0987", "654", "321"),
            "check_number_result.not_found3", "check_number_result.repeat", "check_next.prompt"]
    assert answer.prompt_ids[:len(said)] == said and answer.node == "check_next"
    assert [p.text for p in answer.prompts[1:5]] == ["không", "chín", "tám", "bảy"]
    assert simulator.press("*").prompt_ids == answer.prompt_ids
    wrong = simulator.press("7")  # a wrong key keeps the answer for `*`
    assert wrong.prompt_ids[0] == "common.invalid_key"
    assert simulator.press("*").prompt_ids == answer.prompt_ids


def test_after_a_check_answer_1_or_0_checks_another_number(call):
    simulator = call()
    simulator.start()
    simulator.press("4")
    simulator.press("0987654321#")
    for key in ("1", "0"):
        heard = simulator.press(key)
        assert heard.node == "check_number_input" and heard.prompt_ids[0] == "check_number_input.prompt"
        answer = simulator.press("0912345678#")
        assert answer.prompt_ids[:6] == ["check_number_result.not_found1", *grouped("0912")]
    assert simulator.press("9").node == "main_menu"


def test_latest_warnings_are_spoken_newest_first(app, call):
    simulator = call()
    simulator.start()
    simulator.press("2")
    [warnings] = [o.key for o in app.extensions["hotline.flow"].nodes["scam_safety"].options
                  if o.goto == "latest_warnings"]
    assert warnings == "6"  # the last option of the scam-safety menu, after the five lessons
    assert simulator.press(warnings).prompt_ids[0] == "latest_warnings.none1"
    with app.app_context():
        db.session.add_all([ScamWarning(text="Cảnh báo cũ."), ScamWarning(text="Cảnh báo mới."),
                            ScamWarning(text="Đã gỡ.", active=False)])
        db.session.commit()
    heard = simulator.press(warnings)
    assert [p.text for p in heard.prompts[:3]] == ["Sau đây là các cảnh báo mới nhất.",
                                                   "Cảnh báo mới.", "Cảnh báo cũ."]
    assert heard.node == "scam_safety"
    again = simulator.press("*")  # the warnings again (kept with the call's state), then the menu
    assert [p.text for p in again.prompts] == [p.text for p in heard.prompts]
    assert heard.prompt_ids[3] == "common.result_repeat" and again.node == "scam_safety"


def test_silence_at_the_details_after_the_recording_still_ends_with_the_thanks(app, call):
    """A caller who does not remember the number and then stays silent at "who was it" hears the
    thanks and the reference (on_silence), and the report keeps its recording."""
    simulator = call("+84987000222")
    simulator.start()
    simulator.press("3")
    simulator.press("2")
    simulator.record(MEDIA + "3", sid(3), seconds=20)
    heard = simulator.press("1")
    assert heard.node == "report_number"
    for _ in range(3):
        heard = simulator.silence()
    assert heard.node == "report_identity" and "common.gave_up" not in heard.prompt_ids
    for _ in range(3):
        heard = simulator.silence()
    assert heard.prompt_ids[0] == "report_thanks.saved1" and heard.node == "report_notify_offer"
    [report] = reports(app)
    assert report.recording_sid == sid(3) and report.reported_number is None


def test_after_a_check_answer_2_is_the_named_way_back_to_the_main_menu(call):
    simulator = call()
    simulator.start()
    simulator.press("4")
    answer = simulator.press("0987654321#")
    assert "check_next.option2" in answer.prompt_ids
    assert "về mục chính" in answer.prompts[answer.prompt_ids.index("check_next.option2")].text
    heard = simulator.press("2")
    assert heard.node == "main_menu" and heard.prompt_ids[0] == "main_menu.prompt"
