"""A caller withdraws their home visit request by its reference (issue 12, item 7), through the
report's "báo cáo cũ" step (main menu 3, then 4, then 2): the request's number, file and transcript
go, it becomes ``withdrawn``, the withdrawal is audited. Only from the phone that made it (another
phone and a withheld number hear "not found", counted with the report's attempts); twice changes
nothing. References of reports and visits never collide.

Through the real webhooks (signed), a real queue, both databases.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from ivr.models import AuditEntry, Call, Report, VisitRequest, WithdrawalAttempt, db
from ivr.people import visits as visit_service
from ivr.reports import intake
from tests.jobs.conftest import run_queue
from tests.jobs.test_home_visits import CALLER, ask_for_a_visit, phone, said, visits, visits_app  # noqa: F401

VISIT_WORDS = "Tổng đài đã huỷ yêu cầu đến nhà và xoá lời nhắn của bác."


def recorded_visit(app, twilio_api, twilio_wav) -> VisitRequest:
    """A visit request from CALLER with its recording stored and a transcript."""
    simulator = phone(app)
    ask_for_a_visit(simulator)
    recording = twilio_api.add_recording(simulator.call_sid, twilio_wav)
    simulator.record(twilio_api.url(recording), recording.sid)
    simulator.press("1")
    assert run_queue() == 1  # the fetch (no recogniser configured)
    with app.app_context():
        db.session.execute(sa.update(VisitRequest).values(transcript="tôi tên Lan, xã Tân Lập"))
        db.session.commit()
    [visit] = visits(app)
    assert visit.audio_state == "stored" and visit.caller == CALLER
    return visit


def withdraw(app, reference: str, caller: str = CALLER):
    """A new call: report menu 3, an old report 4, withdraw 2, the reference, 1 to confirm it."""
    simulator = phone(app, caller)
    simulator.start()
    assert simulator.press("3").node == "report_money"
    assert simulator.press("4").node == "report_old"
    simulator.press("2")
    assert simulator.press(reference + "#").prompt_ids[0] == "withdraw_reference.readback"
    return simulator.press("1")


def audits(app, action: str = "withdraw") -> list[AuditEntry]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)))
        db.session.expunge_all()
        return rows


def attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(WithdrawalAttempt))


def test_a_caller_withdraws_their_visit_request_and_its_data_goes(visits_app, twilio_api, twilio_wav):
    app = visits_app
    visit = recorded_visit(app, twilio_api, twilio_wav)
    audio = Path(app.config["RECORDINGS_DIR"]) / visit.audio_path
    assert audio.is_file()

    heard = withdraw(app, visit.reference)
    assert heard.prompt_ids[0] == "withdraw_result.visit_withdrawn1" and heard.node == "main_menu"
    assert VISIT_WORDS in said(heard)
    [gone] = visits(app)
    assert (gone.status, gone.caller, gone.audio_path, gone.transcript, gone.recording_url) == \
        ("withdrawn", None, None, None, None)
    assert gone.audio_state == "deleted" and gone.recording_delete_due is not None
    assert not audio.exists()
    with app.app_context():
        made_in = db.session.scalars(sa.select(Call).where(Call.call_sid == visit.call_sid)).one()
        assert made_in.caller is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0
    [entry] = audits(app)
    assert (entry.actor, entry.target) == ("caller", f"visit:{visit.id}")
    assert entry.detail["from"] == "new" and entry.detail["to"] == "withdrawn"
    assert set(entry.detail["removed"]) == {"audio", "transcript", "caller"}
    assert CALLER not in str(entry.detail)
    assert attempts(app) == 0  # a right reference is no wrong attempt

    # Twice: the same words, nothing changes, no second audit entry.
    again = withdraw(app, visit.reference)
    assert again.prompt_ids[0] == "withdraw_result.visit_withdrawn1"
    assert len(audits(app)) == 1 and attempts(app) == 0
    [still] = visits(app)
    assert (still.status, still.closed_at) == ("withdrawn", gone.closed_at)


def test_another_phone_or_a_withheld_number_cannot_withdraw_a_visit(visits_app, twilio_api,
                                                                    twilio_wav):
    app = visits_app
    visit = recorded_visit(app, twilio_api, twilio_wav)
    for caller in ("+84911222999", "anonymous"):
        refused = withdraw(app, visit.reference, caller)
        assert refused.prompt_ids[0] == "withdraw_result.not_found1"
        assert VISIT_WORDS not in said(refused)
    [kept] = visits(app)
    assert (kept.status, kept.caller, kept.audio_state) == ("new", CALLER, "stored")
    assert (Path(app.config["RECORDINGS_DIR"]) / kept.audio_path).is_file()
    assert audits(app) == [] and attempts(app) == 2  # counted against guessing, as a report's


def test_a_report_reference_still_withdraws_the_report(visits_app):
    app = visits_app
    from ivr.callers import caller_key
    with app.app_context():
        db.session.add(Report(call_sid="CA-report", reference="135790", status="new",
                              audio_state="none", caller=CALLER,
                              caller_key=caller_key(CALLER, app.config["SECRET_KEY"])))
        db.session.commit()
    assert withdraw(app, "135790").prompt_ids[0] == "withdraw_result.withdrawn1"
    [entry] = audits(app)
    assert entry.target.startswith("report:")


class Digits:
    """Stands in for ``secrets``: ``choice`` deals the digits of ``references`` in turn."""

    def __init__(self, *references: str):
        self.digits = iter("".join(references))

    def choice(self, _alphabet):
        return next(self.digits)


def test_new_references_are_never_a_report_or_a_visit_reference(visits_app, monkeypatch):
    app = visits_app
    with app.app_context():
        db.session.add(Report(call_sid="CA-r", reference="111111", status="new", audio_state="none"))
        db.session.add(VisitRequest(call_sid="CA-v", reference="222222", status="new",
                                    audio_state="none"))
        db.session.commit()
        monkeypatch.setattr(intake, "secrets", Digits("111111", "222222", "333333"))
        assert visit_service._new_reference() == "333333"
        monkeypatch.setattr(intake, "secrets", Digits("222222", "111111", "444444"))
        assert intake._new_reference() == "444444"


def ask_status(app, reference: str, caller: str = CALLER):
    """A new call: report menu 3, an old report 4, hear its status 1, the reference, 1."""
    simulator = phone(app, caller)
    simulator.start()
    simulator.press("3")
    simulator.press("4")
    assert simulator.press("1").node == "status_reference"
    simulator.press(reference + "#")
    return simulator.press("1")


def test_the_status_question_answers_a_visit_reference_in_plain_words(visits_app):
    app = visits_app
    simulator = phone(app)
    ask_for_a_visit(simulator)
    [visit] = visits(app)
    heard = ask_status(app, visit.reference)
    assert heard.prompt_ids[0] == "status_result.visit_received1"
    assert "Tổng đài đã nhận yêu cầu đến nhà của bác." in said(heard)
    for status, outcome in (("assigned", "visit_arranging"), ("closed", "visit_closed")):
        with app.app_context():
            db.session.execute(sa.update(VisitRequest).values(status=status))
            db.session.commit()
        assert ask_status(app, visit.reference).prompt_ids[0] == f"status_result.{outcome}1"
    assert withdraw(app, visit.reference).prompt_ids[0] == "withdraw_result.visit_withdrawn1"
    assert ask_status(app, visit.reference).prompt_ids[0] == "status_result.visit_withdrawn1"
    # Nothing about another phone's request, not even that it exists; the attempt is counted.
    other = ask_status(app, visit.reference, "+84911222999")
    assert other.prompt_ids[0] == "status_result.not_found1" and attempts(app) == 1


def test_a_file_that_resisted_the_withdrawal_goes_at_the_next_maintenance(visits_app, twilio_api,
                                                                           twilio_wav):
    """The withdrawal goes on when the file cannot be removed (the caller's request is honoured,
    the row names the file still); the hourly maintenance removes it then, not 30 days later."""
    from ivr.reports.retention import RetentionPolicy, apply

    visit = recorded_visit(visits_app, twilio_api, twilio_wav)
    folder = Path(visits_app.config["RECORDINGS_DIR"])
    stored = folder / visit.audio_path
    stored.unlink()
    stored.mkdir()  # unlink() of a directory fails, even for root: the file resists
    assert withdraw(visits_app, visit.reference).prompt_ids[0].startswith(
        "withdraw_result.visit_withdrawn")  # the caller hears it done all the same
    stored.rmdir()
    stored.write_bytes(twilio_wav)  # whatever held the file has let go
    [kept] = visits(visits_app)
    assert (kept.status, kept.audio_state, kept.caller) == ("withdrawn", "deleted", None)
    assert kept.audio_path and (folder / kept.audio_path).exists()
    with visits_app.app_context():
        done = apply(RetentionPolicy.from_config(visits_app.config))
        assert [visit_id for visit_id, _ in done.visit_recordings] == [visit.id]
    [gone] = visits(visits_app)
    assert gone.audio_path is None and not (folder / kept.audio_path).exists()


def test_a_closed_visit_is_withdrawn_too_and_keeps_its_outcome(visits_app, twilio_api, twilio_wav):
    app = visits_app
    visit = recorded_visit(app, twilio_api, twilio_wav)
    with app.app_context():  # closed by a volunteer, as the dashboard does
        from ivr.models import User
        from ivr.people import visit_queue
        lan = User(username="lan", password_hash="x")
        db.session.add(lan)
        db.session.flush()
        visit_queue.close(visit.id, "visited", "Đã cài VNeID.", lan)
        db.session.commit()
    heard = withdraw(app, visit.reference)
    assert heard.prompt_ids[0] == "withdraw_result.visit_withdrawn1", said(heard)
    assert VISIT_WORDS in said(heard)
    [gone] = visits(app)
    assert (gone.status, gone.outcome, gone.caller, gone.audio_path, gone.transcript) == \
        ("withdrawn", "visited", None, None, None)
    [entry] = audits(app)
    assert (entry.detail["from"], entry.detail["to"]) == ("closed", "withdrawn")
    assert attempts(app) == 0
