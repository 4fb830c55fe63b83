"""Reporting a scam call by phone through the real webhooks: nothing keyed or recorded is lost."""
import xml.etree.ElementTree as ET
from pathlib import Path

import sqlalchemy as sa

from ivr import work
from ivr.models import AuditEntry, Call, Report, ScamWarning, db

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


def to_recording(simulator, number="0912345678", identity="1", money="2"):
    """Walk the intake from the main menu up to the beep."""
    simulator.start()
    simulator.press("3")
    heard = simulator.press("1")
    assert heard.node == "report_number"
    heard = simulator.press(number + "#") if number else simulator.press("#")
    if number:
        assert heard.node == "report_number"
        heard = simulator.press("1")
    assert heard.node == "report_identity"
    simulator.press(identity)
    return simulator.press(money)


def test_consent_is_said_before_anything_is_recorded(call, flow):
    simulator = call()
    simulator.start()
    simulator.press("3")
    heard = simulator.press("1")
    assert heard.prompt_ids[:2] == ["report_consent.text", "report_number.prompt"]
    assert "ghi âm" in heard.prompts[0].text
    # only the caller's own secrets: the scammer's receiving account is evidence
    assert "đừng đọc mã, mật khẩu hay số tài khoản của bác" in heard.prompts[0].text


def test_number_is_read_back_digit_by_digit_in_groups_and_confirmed(call):
    simulator = call()
    simulator.start()
    simulator.press("3")
    gather = ET.fromstring(simulator.press("1").twiml).find("Gather")
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
    simulator.start()
    simulator.press("3")
    simulator.press("1")
    heard = simulator.press("12#")
    assert heard.prompt_ids[:2] == ["report_number.invalid", "report_number.prompt"]
    assert simulator.press("9").node == "main_menu"


def test_money_lost_caller_is_told_to_call_the_bank_and_113_first_and_is_not_kept_for_a_recording(
        app, call):
    simulator = call("+84987000111")
    heard = to_recording(simulator, identity="2", money="1")
    first = heard.prompts[0]
    assert first.prompt_id == "report_money_advice.text"  # before anything else
    assert "1 1 3" in first.text and "ngân hàng" in first.text and "mặt sau thẻ" in first.text
    assert "Tắt máy" in first.text
    [report] = reports(app)  # saved before the reference is said
    assert (report.reported_number, report.claimed_identity, report.money_lost) == (
        "+84912345678", "bank", True)
    reference = grouped(report.reference[:3], report.reference[3:])  # 3-3
    assert heard.prompt_ids[1:] == ["report_lost_saved.saved1", *reference, "report_lost_saved.saved3",
                                    *reference, "report_lost_saved.saved5", "report_lost_goodbye.text"]
    assert "không phải mã OTP" in heard.prompts[1].text
    assert "1 1 3" in heard.prompts[-1].text and "ngân hàng" in heard.prompts[-1].text
    assert heard.hung_up and not heard.waiting
    assert ET.fromstring(heard.twiml).find("Record") is None
    assert report.audio_state == "none" and len(reports(app)) == 1


def test_full_report_is_committed_before_the_beep_and_the_recording_is_attached(app, call):
    simulator = call("+84987000111")
    heard = to_recording(simulator, identity="1", money="3")  # money lost, the bank already told
    assert heard.prompt_ids[:2] == ["report_story_later.text", "report_record.prompt"]
    record = ET.fromstring(heard.twiml).find("Record")
    assert record.get("maxLength") == "180" and record.get("timeout") == "6"
    assert record.get("finishOnKey") == "#" and record.get("playBeep") == "true"
    assert record.get("recordingStatusCallback") == "/voice/recording-status"
    assert record.get("recordingStatusCallbackEvent") == "completed absent"
    [report] = reports(app)  # committed before the caller says a word
    assert (report.reported_number, report.number_kind, report.claimed_identity, report.money_lost) == (
        "+84912345678", "mobile", "police", True)
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
    thanks = simulator.press("1")
    assert "mã số báo cáo của tổng đài, không phải mã OTP" in thanks.prompts[0].text
    reference = grouped(report.reference[:3], report.reference[3:])  # 3-3
    assert thanks.prompt_ids[:10] == ["report_thanks.saved1", *reference, "report_thanks.saved3"]
    assert thanks.node == "main_menu" and len(reports(app)) == 1


def test_star_after_the_reference_repeats_the_reference_then_the_menu(app, call):
    simulator = call()
    to_recording(simulator)
    simulator.record(MEDIA + "4", sid(4), seconds=20)
    thanks = simulator.press("1")
    [report] = reports(app)
    reference = grouped(report.reference[:3], report.reference[3:])
    said = ["report_thanks.saved1", *reference, "report_thanks.saved3", *reference,
            "report_thanks.saved5", "report_thanks.repeat"]
    assert thanks.prompt_ids[:len(said)] == said
    assert thanks.prompt_ids[len(said)] == "main_menu.prompt"
    again = simulator.press("*")
    assert again.node == "main_menu" and again.prompt_ids == thanks.prompt_ids
    assert [p.text for p in again.prompts[1:4]] == [flow_digit(d) for d in report.reference[:3]]
    assert simulator.press("*").prompt_ids == thanks.prompt_ids  # as often as the caller needs
    menu = simulator.press("4")  # moving on forgets the result: `*` now repeats the question
    assert simulator.press("*").prompt_ids == menu.prompt_ids


def flow_digit(d):
    from speech.vietnamese import DIGIT_WORDS
    return DIGIT_WORDS[int(d)]


def test_skipping_the_number_keeps_the_rest(app, call):
    to_recording(call(), number=None, identity="6")
    [report] = reports(app)
    assert report.reported_number is None and report.claimed_identity == "relative"


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


def test_an_empty_recording_still_leaves_the_keyed_report(app, call):
    simulator = call()
    to_recording(simulator, identity="3")
    heard = simulator.silence()  # Twilio skips the action when nothing was said
    assert heard.prompt_ids == ["report_record.empty", "report_record.review"]
    simulator.recording_status(sid(6), MEDIA + "6", seconds=0, status="absent")
    [report] = reports(app)
    assert report.audio_state == "absent" and report.claimed_identity == "utility"
    assert simulator.press("1").prompt_ids[0] == "report_thanks.saved1"


def test_a_recording_callback_for_an_unknown_call_is_kept(app, call):
    assert call().recording_status(sid(7), MEDIA + "7") == 204
    [report] = reports(app)
    assert report.recording_sid == sid(7) and report.audio_state == "pending"


def withdraw(simulator, reference):
    simulator.start()
    simulator.press("3")
    simulator.press("2")
    heard = simulator.press(reference + "#")
    assert heard.prompt_ids[0] == "withdraw_reference.readback"
    return simulator.press("1")


def test_withdrawing_from_the_same_phone_deletes_the_audio_and_is_audited(app, call):
    to_recording(call("+84911222333"))
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
    with app.app_context():
        for index, (status, identity) in enumerate([("confirmed", "police"), ("confirmed", "police"),
                                                    ("escalated", "bank"), ("new", "bank")]):
            db.session.add(Report(call_sid=f"CA{index}", reference=f"10000{index}", status=status,
                                  claimed_identity=identity, reported_number="+84912345678"))
        db.session.commit()
    simulator = call()
    simulator.start()
    simulator.press("4")
    simulator.press("0912345678#")
    heard = simulator.press("1")
    assert heard.prompt_ids[:5] == ["check_number_result.found1", "common.digit_3",
                                    "check_number_result.found3", "common.label_police",
                                    "check_number_result.found5"]
    fresh = call()
    fresh.start()
    fresh.press("4")
    fresh.press("0987654321#")
    assert fresh.press("1").prompt_ids[0] == "check_number_result.not_found1"


def test_star_after_a_check_answer_repeats_the_answer(call):
    simulator = call()
    simulator.start()
    simulator.press("4")
    readback = simulator.press("0987654321#")
    assert readback.prompt_ids[1:5] == grouped("0987")[:4] and readback.prompt_ids[5] == "pause"
    answer = simulator.press("1")
    assert answer.prompt_ids[:3] == ["check_number_result.not_found1", "check_number_result.repeat",
                                     "main_menu.prompt"]
    assert simulator.press("*").prompt_ids == answer.prompt_ids
    wrong = simulator.press("7")  # a wrong key keeps the answer for `*`
    assert wrong.prompt_ids[0] == "common.invalid_key"
    assert simulator.press("*").prompt_ids == answer.prompt_ids


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
