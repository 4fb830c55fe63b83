"""Withdrawal attempts are limited (issue 10): 3 wrong references in one call, 10 from one phone in
24 hours; after that the caller hears, kindly and in Vietnamese, to call again tomorrow or ask a
volunteer, even for a right reference. Attempts are counted in the database under the caller's
keyed hash, never the number. Signed webhooks, both databases."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ivr.callers import caller_key
from ivr.models import Report, WithdrawalAttempt, db, utcnow

CALLER = "+84911222333"


def _report(app, reference: str = "135790") -> int:
    with app.app_context():
        report = Report(call_sid="CA-report", reference=reference, status="new", audio_state="none",
                        caller=CALLER, caller_key=caller_key(CALLER, app.config["SECRET_KEY"]))
        db.session.add(report)
        db.session.commit()
        return report.id


def _try(simulator, reference: str):
    """From the main menu: report menu 3, an old report 4, withdraw 2, the reference, 1 to confirm it."""
    simulator.press("3")
    simulator.press("4")
    simulator.press("2")
    assert simulator.press(reference + "#").prompt_ids[0] == "withdraw_reference.readback"
    return simulator.press("1")


def _status(app) -> str:
    with app.app_context():
        return db.session.execute(sa.select(Report.status)).scalar_one()


def test_three_wrong_references_in_a_call_stop_withdrawals_in_that_call(app, call):
    _report(app)
    simulator = call(CALLER)
    simulator.start()
    for wrong in ("111111", "222222", "333333"):
        assert _try(simulator, wrong).prompt_ids[0] == "withdraw_result.not_found1"
    refused = _try(simulator, "135790")  # the right one, too late in this call
    assert refused.prompt_ids[0] == "withdraw_result.too_many1" and refused.node == "main_menu"
    said = " ".join(p.text for p in refused.prompts)
    assert "gọi lại sau" in said and "tình nguyện viên" in said  # not "tomorrow": a new call may try again
    assert _status(app) == "new"
    # A new call may try again (the day's limit is not reached) and the right reference works.
    again = call(CALLER)
    again.start()
    assert _try(again, "135790").prompt_ids[0] == "withdraw_result.withdrawn1"
    assert _status(app) == "withdrawn"


def test_ten_wrong_references_a_day_from_one_phone_stop_withdrawals_for_a_day(app, call):
    _report(app)
    for attempts in (3, 3, 3, 1):
        simulator = call(CALLER)
        simulator.start()
        for _ in range(attempts):
            assert _try(simulator, "999999").prompt_ids[0] == "withdraw_result.not_found1"
    simulator = call(CALLER)
    simulator.start()
    assert _try(simulator, "135790").prompt_ids[0] == "withdraw_result.too_many1"
    assert _status(app) == "new"
    with app.app_context():
        rows = db.session.execute(sa.select(WithdrawalAttempt)).scalars().all()
        assert len(rows) == 10
        assert {row.caller_key for row in rows} == {caller_key(CALLER, app.config["SECRET_KEY"])}
        columns = {c.key for c in sa.inspect(WithdrawalAttempt).mapper.column_attrs}
        assert columns == {"id", "at", "call_sid", "caller_key"}  # no number is kept
        # A day later the phone may try again.
        db.session.execute(sa.update(WithdrawalAttempt).values(at=utcnow() - timedelta(hours=25)))
        db.session.commit()
    simulator = call(CALLER)
    simulator.start()
    assert _try(simulator, "135790").prompt_ids[0] == "withdraw_result.withdrawn1"


def test_other_phones_are_not_held_back_by_one_phones_guesses(app, call):
    _report(app)
    with app.app_context():
        key = caller_key("+84900000000", app.config["SECRET_KEY"])
        db.session.add_all([WithdrawalAttempt(call_sid=f"CA{i}", caller_key=key) for i in range(10)])
        db.session.commit()
    simulator = call(CALLER)
    simulator.start()
    assert _try(simulator, "135790").prompt_ids[0] == "withdraw_result.withdrawn1"
    # A right reference is not a wrong attempt, and withdrawing again says the same.
    assert _try(simulator, "135790").prompt_ids[0] == "withdraw_result.withdrawn1"
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(WithdrawalAttempt)
                                  .where(WithdrawalAttempt.caller_key != key)).scalar_one() == 0


def test_a_withheld_number_is_limited_per_call(app, call):
    _report(app)
    simulator = call("anonymous")
    simulator.start()
    for _ in range(3):
        assert _try(simulator, "135790").prompt_ids[0] == "withdraw_result.not_found1"
    assert _try(simulator, "135790").prompt_ids[0] == "withdraw_result.too_many1"


def test_a_report_withdrawn_in_its_own_call_stays_withdrawn(app, call):
    simulator = call(CALLER)
    simulator.start()
    simulator.press("3")
    assert simulator.press("2").record_action
    simulator.record("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE" + "1" * 32,
                     "RE" + "1" * 32)
    simulator.press("1")
    simulator.press("#")
    assert simulator.press("1").prompt_ids[0] == "report_thanks.saved1"
    assert simulator.press("2").node == "main_menu"  # no verdict callback, thanks (issue 12)
    with app.app_context():
        reference = db.session.execute(sa.select(Report.reference)).scalar_one()
    assert _try(simulator, reference).prompt_ids[0] == "withdraw_result.withdrawn1"
    simulator.press("3")  # and straight back to reporting, in the same call
    assert simulator.press("2").record_action
    with app.app_context():
        report = db.session.execute(sa.select(Report)).scalar_one()
        assert (report.status, report.caller, report.recording_url) == ("withdrawn", None, None)
