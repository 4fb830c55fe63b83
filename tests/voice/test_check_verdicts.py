"""Check a number through the real signed webhooks, under the two-person rule (issue 11): one
volunteer's confirmation is not announced, two users' are (with the count of independent reports
and what the callers said it claimed to be), an admin's override with a reason is; an admin's
revert and the caller's withdrawal take the number off the phone at once."""
from __future__ import annotations

from itertools import count

import sqlalchemy as sa

from ivr.models import AuditEntry, Report, ScamWarning, db
from tests.review.conftest import Reviewer, add_confirmations, add_users
from tests.voice.test_report_intake import grouped, report_call, withdraw

SCAMMER_KEYED = "0912345678"
_sequence = count(1)
FOUND_START = ["check_number_result.found1", *grouped("0912", "345", "678"), "check_number_result.found3"]


def add_confirmed(app, caller_key: str | None, identity: str, status: str = "confirmed") -> int:
    n = next(_sequence)
    with app.app_context():
        report = Report(call_sid=f"CA{n:032d}", reference=str(100000 + n), status=status,
                        caller_key=caller_key, claimed_identity=identity, reported_number="+84912345678")
        db.session.add(report)
        db.session.commit()
        return report.id


def check(call, keyed: str = SCAMMER_KEYED):
    simulator = call("+84933000111")
    simulator.start()
    simulator.press("4")
    return simulator, simulator.press(keyed + "#")


def test_one_volunteers_confirmation_is_not_announced(app, call):
    users = add_users(app)
    report_id = add_confirmed(app, "a" * 64, "police")
    add_confirmations(app, report_id, users["lan"])
    _, heard = check(call)
    assert heard.prompt_ids[0] == "check_number_result.not_found1"


def test_two_users_confirmations_are_announced_with_count_and_identities(app, call):
    users = add_users(app)
    police = add_confirmed(app, "a" * 64, "police")
    add_confirmed(app, "a" * 64, "police")  # the same caller again: one independent report
    add_confirmed(app, "b" * 64, "police", status="escalated")
    bank = add_confirmed(app, None, "bank")
    add_confirmed(app, "c" * 64, "bank", status="new")  # not confirmed: not counted
    add_confirmations(app, police, users["lan"])
    add_confirmations(app, bank, users["minh"])
    _, heard = check(call)
    said = [*FOUND_START, "common.digit_3", "check_number_result.found5",
            "common.label_police", "common.label_also", "common.label_bank", "check_number_result.found7"]
    assert heard.prompt_ids[:len(said)] == said
    texts = {p.prompt_id: p.text for p in heard.prompts}
    assert texts["common.label_also"] == "có khi lại xưng là"
    assert "người gọi khác nhau báo là lừa đảo" in texts["check_number_result.found5"]


def test_an_admins_override_with_a_reason_is_announced(app, call):
    add_users(app)
    report_id = add_confirmed(app, "a" * 64, "utility", status="in_review")
    admin = Reviewer(app.test_client())
    admin.login("admin")
    admin.post(f"/review/reports/{report_id}/override", {"override-reason": "EVN xác nhận không phải số của họ."})
    _, heard = check(call)
    assert heard.prompt_ids[:len(FOUND_START) + 3] == [
        *FOUND_START, "common.digit_1", "check_number_result.found5", "common.label_utility"]


def test_an_admins_revert_takes_the_number_off_the_phone_at_once(app, call):
    users = add_users(app)
    report_id = add_confirmed(app, "a" * 64, "police", status="escalated")
    add_confirmations(app, report_id, users["lan"], users["minh"])
    simulator, heard = check(call)
    assert heard.prompt_ids[0] == "check_number_result.found1"
    admin = Reviewer(app.test_client())
    admin.login("admin")
    admin.post(f"/review/reports/{report_id}/revert", {"revert-reason": "Nhầm số, đây là số thật của ngân hàng."})
    simulator.press("1")  # check another number, in the same call
    assert simulator.press(SCAMMER_KEYED + "#").prompt_ids[0] == "check_number_result.not_found1"


def test_a_callers_withdrawal_takes_the_number_off_the_phone_at_once(app, call):
    users = add_users(app)
    report_call(call("+84911222333"))  # reports 0912 345 678 as the police
    [report] = db_reports(app)
    with app.app_context():
        db.session.execute(sa.update(Report).values(status="confirmed"))
        db.session.commit()
    add_confirmations(app, report.id, users["lan"], users["minh"])
    _, heard = check(call)
    assert heard.prompt_ids[:len(FOUND_START) + 3] == [
        *FOUND_START, "common.digit_1", "check_number_result.found5", "common.label_police"]
    assert withdraw(call("+84911222333"), report.reference).prompt_ids[0] == "withdraw_result.withdrawn1"
    _, after = check(call)
    assert after.prompt_ids[0] == "check_number_result.not_found1"
    with app.app_context():
        detail = db.session.scalar(sa.select(AuditEntry.detail).where(AuditEntry.action == "withdraw"))
    assert (detail["from"], detail["to"]) == ("confirmed", "withdrawn")  # audited like any change


def db_reports(app) -> list[Report]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Report).order_by(Report.id)))
        db.session.expunge_all()
        return rows


def test_a_warning_from_a_report_plays_only_while_its_number_is_flagged(app, call):
    users = add_users(app)
    report_id = add_confirmed(app, "a" * 64, "police")
    with app.app_context():
        db.session.add(ScamWarning(text="Cảnh báo: số 0912 345 678 giả danh công an.", report_id=report_id))
        db.session.commit()

    def heard_warnings() -> list[str]:
        simulator = call("+84933000222")
        simulator.start()
        simulator.press("2")
        return [p.text for p in simulator.press("6").prompts]

    assert "Cảnh báo: số 0912 345 678 giả danh công an." not in heard_warnings()  # nobody confirmed
    add_confirmations(app, report_id, users["lan"], users["minh"])
    assert "Cảnh báo: số 0912 345 678 giả danh công an." in heard_warnings()
    admin = Reviewer(app.test_client())
    admin.login("admin")
    admin.post(f"/review/reports/{report_id}/revert", {"revert-reason": "Báo cáo nhầm số."})
    assert "Cảnh báo: số 0912 345 678 giả danh công an." not in heard_warnings()
