"""The two-person rule (issue 11, ``ivr.reports.verdicts``) on SQLite and PostgreSQL, and the pure
lifecycle steps it relies on (``ivr.reports.lifecycle``)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from ivr.models import Report, ReportConfirmation, ScamWarning, db
from ivr.reports import lifecycle, verdicts
from ivr.reports.verdicts import NumberSummary, NumberVerdict
from tests.review.conftest import add_confirmations, add_report

SCAMMER = "+84987654321"
OTHER = "+84281234567"


def verdict(app, key=SCAMMER) -> NumberVerdict:
    with app.app_context():
        return verdicts.number_verdict(key)


def flagged(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(verdicts.flagged_numbers()))


def set_status(app, report_id: int, status: str) -> None:
    with app.app_context():
        db.session.execute(sa.update(Report).where(Report.id == report_id).values(status=status))
        db.session.commit()


def test_one_users_confirmation_does_not_flag_and_a_second_users_does(app, users):
    # One police, one bank: equal counts, so the older report's identity comes first.
    first = add_report(app, status="confirmed", caller_key="a" * 64,
                       created_at=datetime(2026, 3, 1, tzinfo=timezone.utc))
    second = add_report(app, status="confirmed", caller_key="b" * 64, claimed_identity="bank",
                        created_at=datetime(2026, 3, 2, tzinfo=timezone.utc))
    add_confirmations(app, first, users["lan"])
    assert verdict(app) == NumberVerdict(False, 2, ("police", "bank"), 1) and flagged(app) == []
    add_confirmations(app, second, users["lan"])  # the same user on another report: still one
    assert verdict(app).flagged is False and verdict(app).confirmers == 1
    add_confirmations(app, second, users["minh"])
    assert verdict(app) == NumberVerdict(True, 2, ("police", "bank"), 2) and flagged(app) == [SCAMMER]


def test_an_admin_override_with_a_reason_flags_alone(app, users):
    report_id = add_report(app, status="confirmed")
    add_confirmations(app, report_id, users["admin"])  # an admin without a reason is one person
    assert verdict(app).flagged is False
    with app.app_context():
        db.session.execute(sa.update(ReportConfirmation).values(is_admin_override=True,
                                                                reason="Công an xã đã xác minh."))
        db.session.commit()
    assert verdict(app) == NumberVerdict(True, 1, ("police",), 1)


def test_an_override_without_a_reason_is_refused_by_the_database(app, users):
    report_id = add_report(app, status="confirmed")
    with app.app_context():
        db.session.add(ReportConfirmation(report_id=report_id, user_id=users["admin"],
                                          is_admin_override=True, reason=None))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()


def test_a_user_confirms_a_report_once(app, users):
    report_id = add_report(app, status="confirmed")
    add_confirmations(app, report_id, users["lan"])
    with pytest.raises(sa.exc.IntegrityError):
        add_confirmations(app, report_id, users["lan"])
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert verdicts.confirm(report, users["lan"]) is None  # nothing added
        upgraded = verdicts.confirm(report, users["lan"], reason="Đã gọi lại kiểm tra.")
        assert upgraded.is_admin_override and upgraded.reason == "Đã gọi lại kiểm tra."
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportConfirmation)) == 1


@pytest.mark.parametrize("status", ["withdrawn", "in_review", "not_scam", "follow_up", "new"])
def test_a_report_leaving_the_confirmed_statuses_stops_counting_at_once(app, users, status):
    report_id = add_report(app, status="confirmed")
    add_confirmations(app, report_id, users["lan"], users["minh"])
    assert verdict(app).flagged
    set_status(app, report_id, status)  # the confirmations are still there: the status decides
    assert verdict(app) == NumberVerdict(False, 0, (), 0) and flagged(app) == []
    set_status(app, report_id, "escalated")
    assert verdict(app).flagged  # escalated counts like confirmed


def test_confirmations_on_different_reports_of_one_number_add_up_but_not_across_numbers(app, users):
    mine = add_report(app, status="confirmed")
    other_number = add_report(app, status="confirmed", reported_number=OTHER, reported_number_raw="0281234567")
    add_confirmations(app, mine, users["lan"])
    add_confirmations(app, other_number, users["minh"])
    assert flagged(app) == []
    same_number = add_report(app, status="escalated")
    add_confirmations(app, same_number, users["minh"])
    assert flagged(app) == [SCAMMER]
    assert verdict(app, OTHER).flagged is False and verdict(app, None) == NumberVerdict(False, 0, (), 0)


def test_independent_reports_count_distinct_callers_and_each_unkeyed_report(app, users):
    for key in ("a" * 64, "a" * 64, "b" * 64, None, None):
        add_report(app, status="confirmed", caller_key=key)
    add_report(app, status="new", caller_key="c" * 64)  # not confirmed: not counted
    assert verdict(app).independent_reports == 4


def test_flagged_summaries_describe_each_flagged_number_without_caller_data(app, users):
    early = datetime(2026, 3, 1, 8, tzinfo=timezone.utc)
    late = datetime(2026, 3, 5, 8, tzinfo=timezone.utc)
    first = add_report(app, status="confirmed", created_at=early, caller_key="a" * 64, claimed_identity="bank")
    add_report(app, status="escalated", created_at=late, caller_key="a" * 64, money_lost=True)
    add_report(app, status="confirmed", created_at=late, caller_key="b" * 64, claimed_identity="bank")
    add_report(app, status="new", money_lost=True, created_at=datetime(2026, 3, 9, tzinfo=timezone.utc))
    unflagged = add_report(app, status="confirmed", reported_number=OTHER)
    add_confirmations(app, first, users["lan"], users["minh"])
    add_confirmations(app, unflagged, users["lan"])
    with app.app_context():
        [summary] = verdicts.flagged_summaries()
    assert summary.key == SCAMMER and summary.report_count == 3 and summary.independent_reports == 2
    assert summary.identities == ("bank", "police") and summary.money_lost is True
    assert (summary.first_report_at.replace(tzinfo=timezone.utc), summary.last_report_at.replace(tzinfo=timezone.utc)) \
        == (early, late)
    assert not {"caller", "caller_key", "reference"} & set(NumberSummary.__dataclass_fields__)


def test_warnings_from_reports_play_only_while_the_number_is_flagged(app, users):
    report_id = add_report(app, status="confirmed")
    with app.app_context():
        db.session.add_all([ScamWarning(text="Cảnh báo viết tay.", active=True),
                            ScamWarning(text="Cảnh báo từ báo cáo.", report_id=report_id, active=True)])
        db.session.commit()

    def playing() -> list[str]:
        with app.app_context():
            return [w.text for w in db.session.scalars(verdicts.playable_warnings())]

    assert playing() == ["Cảnh báo viết tay."]  # one volunteer at most: not yet
    add_confirmations(app, report_id, users["lan"], users["minh"])
    assert sorted(playing()) == ["Cảnh báo từ báo cáo.", "Cảnh báo viết tay."]
    set_status(app, report_id, "withdrawn")
    assert playing() == ["Cảnh báo viết tay."]


def test_the_lifecycle_steps_of_the_rule():
    assert lifecycle.needs_confirmation("escalated") and not lifecycle.needs_confirmation("confirmed")
    assert [lifecycle.revert_target(s) for s in ("confirmed", "escalated", "not_scam", "follow_up")] \
        == ["in_review"] * 4
    for status in ("new", "in_review", "withdrawn"):
        with pytest.raises(lifecycle.TransitionError):
            lifecycle.revert_target(status)
    assert [lifecycle.admin_confirm_target(s) for s in ("new", "in_review", "not_scam", "confirmed", "escalated")] \
        == ["confirmed", "confirmed", "confirmed", "confirmed", "escalated"]
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.admin_confirm_target("withdrawn")
    assert "escalated" not in lifecycle.allowed_next("escalated")  # still final for volunteers
