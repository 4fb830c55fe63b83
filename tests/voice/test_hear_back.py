"""Reporters hear back (issue 12, item 5): a report's status by its reference, from the same
phone, limited like withdrawals; the opt-in at the end of a report (only with caller ID); a
volunteer's verdict (two-person rule, or not a scam) schedules one call, inside calling hours,
placed through Twilio's REST API (the local stand-in); the call's TwiML in Vietnamese; one retry.
Signed webhooks, the dashboard's real routes, both databases."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

import tests.voice.test_free_line as free
from ivr.callers import caller_key
from ivr.models import OutboundCall, Report, WithdrawalAttempt, db, utcnow
from ivr.people.outbound import schedule_verdict_calls
from jobs.outbound import place_now, queue_due_calls
from tests.conftest import make_app
from tests.review.conftest import Reviewer, add_users
from tests.twilio_api import ACCOUNT_SID
from tests.voice.test_report_intake import grouped, report_call

CALLER = "+84911222333"
REFERENCE = "246813"


@pytest.fixture
def hb_app(database_url, tmp_path, twilio_api):
    app = make_app(database_url, tmp_path, HOTLINE_NUMBER=free.HOTLINE,
                   PUBLIC_BASE_URL="http://localhost", TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                   TWILIO_API_BASE_URL=twilio_api.origin, CALLING_HOURS="00:00-24:00")
    yield app
    with app.app_context():
        db.engine.dispose()


def add_report(app, status: str = "new", reference: str = REFERENCE, caller: str | None = CALLER,
               notify: bool = False, number: str = "+84987654321") -> int:
    with app.app_context():
        report = Report(call_sid="CA" + reference.rjust(32, "0"), reference=reference, status=status,
                        audio_state="none", caller=caller, notify_verdict=notify,
                        caller_key=caller_key(caller, app.config["SECRET_KEY"]) if caller else None,
                        reported_number=number, claimed_identity="police")
        db.session.add(report)
        db.session.commit()
        return report.id


def ask_status(simulator, reference: str = REFERENCE):
    """From the main menu: report menu 3, an old report 4, its status 1, the reference, 1 to
    confirm it."""
    simulator.press("3")
    assert simulator.press("4").node == "report_old"
    assert simulator.press("1").node == "status_reference"
    assert simulator.press(reference + "#").prompt_ids[0] == "status_reference.readback"
    return simulator.press("1")


def heard_status(app, call, caller: str = CALLER, reference: str = REFERENCE) -> str:
    simulator = call(caller)
    simulator.start()
    return ask_status(simulator, reference).prompt_ids[0]


def confirm_by(app, report_id: int, *users: str) -> None:
    """Volunteers on the dashboard: the first moves the report to confirmed (counting as their
    confirmation), each next one adds theirs ("Xác nhận thêm")."""
    first, *others = users
    reviewer = Reviewer(app.test_client())
    reviewer.login(first)
    reviewer.post(f"/review/reports/{report_id}/status", {"status": "in_review", "current": "new"})
    reviewer.post(f"/review/reports/{report_id}/status", {"status": "confirmed", "current": "in_review"})
    for name in others:
        other = Reviewer(app.test_client())
        other.login(name)
        other.post(f"/review/reports/{report_id}/confirm")


def verdict_calls(app) -> list[OutboundCall]:
    with app.app_context():
        found = db.session.scalars(sa.select(OutboundCall).where(OutboundCall.purpose == "verdict")
                                   .order_by(OutboundCall.id)).all()
        db.session.expunge_all()
        return found


# -- the status by reference ------------------------------------------------------------------

@pytest.mark.parametrize("status, outcome", [
    ("new", "status_result.received1"), ("in_review", "status_result.reviewing1"),
    ("follow_up", "status_result.reviewing1"), ("not_scam", "status_result.not_scam1"),
    ("withdrawn", "status_result.withdrawn1"),
    ("confirmed", "status_result.reviewing1"),  # one volunteer alone: not yet a verdict
])
def test_each_status_in_plain_words(app, call, status, outcome):
    add_report(app, status)
    assert heard_status(app, call) == outcome


def test_confirmed_by_two_people_is_said_as_a_scam_shared_with_the_authorities(app, call):
    add_users(app)
    report_id = add_report(app)
    confirm_by(app, report_id, "lan")
    assert heard_status(app, call) == "status_result.reviewing1"
    other = Reviewer(app.test_client())
    other.login("minh")
    other.post(f"/review/reports/{report_id}/confirm")
    simulator = call(CALLER)
    simulator.start()
    heard = ask_status(simulator)
    said = {p.prompt_id: p.text for p in heard.prompts}
    assert heard.prompt_ids[0] == "status_result.confirmed1" and heard.node == "main_menu"
    assert "lừa đảo" in said["status_result.confirmed1"] and "cơ quan chức năng" in said["status_result.confirmed1"]


def test_another_phones_report_and_a_wrong_reference_are_not_found(app, call):
    add_report(app)
    assert heard_status(app, call, caller="+84900000001") == "status_result.not_found1"
    assert heard_status(app, call, reference="999999") == "status_result.not_found1"
    assert heard_status(app, call, caller="anonymous") == "status_result.not_found1"


def test_wrong_references_are_limited_with_the_withdrawals(app, call):
    add_report(app)
    simulator = call(CALLER)
    simulator.start()
    for wrong in ("111111", "222222", "333333"):
        assert ask_status(simulator, wrong).prompt_ids[0] == "status_result.not_found1"
    refused = ask_status(simulator)  # the right one, too late in this call
    assert refused.prompt_ids[0] == "status_result.too_many1"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(WithdrawalAttempt)) == 3
    # The same counter stops withdrawals in this call too.
    simulator.press("3")
    simulator.press("4")
    simulator.press("2")
    simulator.press(REFERENCE + "#")
    assert simulator.press("1").prompt_ids[0] == "withdraw_result.too_many1"


# -- the opt-in --------------------------------------------------------------------------------

def test_a_caller_with_caller_id_is_offered_the_callback_and_key_1_sets_it(app, call):
    simulator = call(CALLER)
    thanks = report_call(simulator)
    assert thanks.node == "report_notify_offer" and thanks.prompt_ids[0] == "report_thanks.saved1"
    assert "Muốn được gọi lại khi có kết quả, bấm phím 1." in [p.text for p in thanks.prompts]
    with app.app_context():
        assert db.session.scalar(sa.select(Report.notify_verdict)) is False
    heard = simulator.press("1")
    assert heard.prompt_ids[0] == "report_notify_set.on1" and heard.node == "main_menu"
    with app.app_context():
        assert db.session.scalar(sa.select(Report.notify_verdict)) is True


def test_the_offer_repeats_the_reference_on_star_and_2_declines(app, call):
    simulator = call(CALLER)
    report_call(simulator)
    again = simulator.press("*")
    assert "report_thanks.saved1" in again.prompt_ids and again.node == "report_notify_offer"
    assert simulator.press("2").node == "main_menu"
    with app.app_context():
        assert db.session.scalar(sa.select(Report.notify_verdict)) is False


def test_a_withheld_number_is_not_offered_the_callback(app, call):
    simulator = call("anonymous")
    thanks = report_call(simulator)
    # (saved_withheld1 has saved1's words, so the simulator names it saved1; its last differs.)
    assert "report_thanks.saved_withheld5" in thanks.prompt_ids and thanks.node == "main_menu"
    assert not any("gọi lại khi có kết quả" in p.text for p in thanks.prompts)
    said = " ".join(p.text for p in thanks.prompts)
    assert "ẩn số" in said
    # The reference is all such a caller has: the star key says it all again at the main menu.
    assert "report_thanks.saved_withheld6" in thanks.prompt_ids  # "Bác muốn nghe lại mã số …"
    again = simulator.press("*")
    assert again.node == "main_menu"
    reference = [p.text for p in thanks.prompts
                 if not (p.prompt_id or "").startswith("report_thanks.") and p.text]
    assert reference and all(text in [p.text for p in again.prompts] for text in reference)
    assert "report_thanks.saved_withheld5" in again.prompt_ids


# -- the verdict call --------------------------------------------------------------------------

def test_two_confirmations_schedule_one_verdict_call_not_before(hb_app):
    add_users(hb_app)
    report_id = add_report(hb_app, notify=True)
    confirm_by(hb_app, report_id, "lan")
    assert verdict_calls(hb_app) == []  # one person: not yet
    other = Reviewer(hb_app.test_client())
    other.login("minh")
    other.post(f"/review/reports/{report_id}/confirm")
    [row] = verdict_calls(hb_app)
    assert (row.report_id, row.status, row.number) == (report_id, "scheduled", None)
    admin = Reviewer(hb_app.test_client())
    admin.login("admin")
    admin.post(f"/review/reports/{report_id}/confirm")  # a third confirmation: still one call
    assert len(verdict_calls(hb_app)) == 1


def test_not_a_scam_schedules_a_call_and_no_opt_in_none(hb_app):
    add_users(hb_app)
    wanted = add_report(hb_app, "in_review", notify=True)
    quiet = add_report(hb_app, "in_review", reference="135791")
    reviewer = Reviewer(hb_app.test_client())
    reviewer.login("lan")
    for report_id in (wanted, quiet):
        reviewer.post(f"/review/reports/{report_id}/status", {"status": "not_scam", "current": "in_review"})
    assert [row.report_id for row in verdict_calls(hb_app)] == [wanted]


def test_outside_calling_hours_the_call_waits_for_the_next_opening(hb_app):
    report_id = add_report(hb_app, "not_scam", notify=True)
    evening = datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc)  # 22:00 in Vietnam
    hb_app.config["CALLING_HOURS"] = "07:00-21:00"
    with hb_app.app_context():
        schedule_verdict_calls(db.session.get(Report, report_id), hb_app.config, now=evening)
        db.session.commit()
    [row] = verdict_calls(hb_app)
    due = row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=timezone.utc)
    assert due == datetime(2026, 12, 4, 0, 0, tzinfo=timezone.utc)  # 07:00 the next day in Vietnam
    # Inside the hours: due at once.
    morning = datetime(2026, 12, 4, 3, 0, tzinfo=timezone.utc)  # 10:00 in Vietnam
    other = add_report(hb_app, "not_scam", reference="135792", notify=True)
    with hb_app.app_context():
        [made] = schedule_verdict_calls(db.session.get(Report, other), hb_app.config, now=morning)
        assert made.due_at == morning
        db.session.commit()


def test_a_call_due_outside_the_hours_is_not_placed(hb_app, twilio_api):
    report_id = add_report(hb_app, "not_scam", notify=True)
    with hb_app.app_context():
        schedule_verdict_calls(db.session.get(Report, report_id), hb_app.config)
        db.session.commit()
    hb_app.config["CALLING_HOURS"] = free._hours_excluding_now()
    [row] = verdict_calls(hb_app)
    with hb_app.app_context():
        assert place_now(row.id) == "later"
        assert queue_due_calls() == []
    assert twilio_api.placed() == []
    [row] = verdict_calls(hb_app)
    due = row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=timezone.utc)
    assert row.status == "scheduled" and due > utcnow()


def _placed_verdict_call(app, twilio_api, status: str = "not_scam"):
    report_id = add_report(app, status, notify=True)
    with app.app_context():
        schedule_verdict_calls(db.session.get(Report, report_id), app.config)
        db.session.commit()
        assert queue_due_calls() == [verdict_calls(app)[0].id]
        from tests.jobs.conftest import run_queue
        run_queue()
    return report_id, twilio_api.placed()[-1]


def test_the_verdict_call_says_reference_verdict_and_what_to_do_in_vietnamese(hb_app, twilio_api):
    _, placed = _placed_verdict_call(hb_app, twilio_api)
    row = verdict_calls(hb_app)[0]
    assert placed.params["To"] == CALLER and placed.params["From"] == free.HOTLINE
    assert placed.params["Url"] == f"http://localhost/voice/outbound/verdict/{row.id}"
    phone = free.answer(hb_app, placed)
    heard = phone.post(f"/voice/outbound/verdict/{row.id}")
    assert heard.prompt_ids == ["common.verdict_call_intro", *grouped("246", "813"),
                                "status_result.not_scam1", "common.verdict_call_repeat"]
    assert "Tổng đài Công Dân Số" in heard.prompts[0].text and heard.waiting
    again = phone.press("*")
    assert again.prompt_ids == heard.prompt_ids
    bye = phone.silence()
    assert bye.prompt_ids == ["common.verdict_call_goodbye"] and bye.hung_up
    # Another call's CallSid cannot hear this report's verdict.
    stranger = free.answer(hb_app, type("Placed", (), {"sid": "CA" + "f" * 32, "params": {"To": CALLER}})())
    assert stranger.post(f"/voice/outbound/verdict/{row.id}").prompt_ids == ["common.verdict_call_goodbye"]


def test_a_confirmed_scam_is_said_with_what_to_do(hb_app, twilio_api):
    users = add_users(hb_app)
    report_id = add_report(hb_app, "confirmed", notify=True)
    with hb_app.app_context():
        from ivr.models import ReportConfirmation
        db.session.add_all([ReportConfirmation(report_id=report_id, user_id=users[name])
                            for name in ("lan", "minh")])
        db.session.commit()
        schedule_verdict_calls(db.session.get(Report, report_id), hb_app.config)
        db.session.commit()
        place_now(verdict_calls(hb_app)[0].id)
    placed = twilio_api.placed()[-1]
    heard = free.answer(hb_app, placed).post(placed.params["Url"].removeprefix("http://localhost"))
    said = {p.prompt_id: p.text for p in heard.prompts}
    assert "đừng nghe máy số đó" in said["status_result.confirmed1"]
    assert "cơ quan chức năng" in said["status_result.confirmed1"]


def test_a_verdict_call_is_retried_once(hb_app, twilio_api):
    _, first = _placed_verdict_call(hb_app, twilio_api)
    assert free.status_callback(hb_app, first.sid, "no-answer") == 204
    [row] = verdict_calls(hb_app)
    due = row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=timezone.utc)
    assert row.status == "scheduled" and due >= utcnow() + timedelta(
        minutes=hb_app.config["CALLBACK_RETRY_MINUTES"] - 1)
    with hb_app.app_context():
        db.session.execute(sa.update(OutboundCall).values(due_at=utcnow()))
        db.session.commit()
        assert place_now(row.id) == "placed"
    second = twilio_api.placed()[-1]
    assert free.status_callback(hb_app, second.sid, "failed") == 204
    [row] = verdict_calls(hb_app)
    assert (row.status, row.attempts) == ("failed", 2) and len(twilio_api.placed()) == 2


def test_a_withdrawn_report_or_a_deleted_number_is_never_called(hb_app, twilio_api):
    withdrawn = add_report(hb_app, "not_scam", notify=True)
    deleted = add_report(hb_app, "not_scam", reference="135793", notify=True)
    with hb_app.app_context():
        for report_id in (withdrawn, deleted):
            schedule_verdict_calls(db.session.get(Report, report_id), hb_app.config)
        db.session.commit()
        db.session.get(Report, withdrawn).status = "withdrawn"
        db.session.get(Report, deleted).caller = None  # retention removed the caller's number
        db.session.commit()
        outcomes = [place_now(row.id) for row in verdict_calls(hb_app)]
    assert outcomes == ["refused", "refused"] and twilio_api.placed() == []
    assert {row.refusal for row in verdict_calls(hb_app)} == {"gone"}


def test_a_caller_id_the_hotline_never_calls_is_told_so_and_not_signed_up(app, call):
    """Issue 12 review: a foreign or premium caller ID must never receive the verdict call."""
    simulator = call("+14155550100")
    thanks = report_call(simulator)
    assert thanks.node == "report_notify_offer"
    told = simulator.press("1")
    assert told.prompt_ids[0] == "report_notify_set.not_callable1" and told.node == "main_menu"
    with app.app_context():
        assert db.session.scalar(sa.select(Report.notify_verdict)) is False
