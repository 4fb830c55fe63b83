"""The report page's side of the two-person rule (issue 11): the status form moves a report only on
an explicit choice, escalation needs its confirmation, a second user's "Xác nhận thêm", an admin's
override and revert with a written reason; every change audited."""
from __future__ import annotations

import sqlalchemy as sa

from ivr.models import AuditEntry, Report, ReportConfirmation, db
from ivr.reports import verdicts
from tests.review.conftest import Reviewer, add_confirmations, add_report


def audit(app, action: str) -> list[dict]:
    with app.app_context():
        return [entry.detail for entry in db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


def status(app, report_id: int) -> str:
    with app.app_context():
        return db.session.get(Report, report_id).status


def confirmers(app, report_id: int) -> list[tuple[str, bool, str | None]]:
    with app.app_context():
        return [(c.user.username, c.is_admin_override, c.reason) for c in verdicts.confirmations(report_id)]


def flagged(app) -> bool:
    with app.app_context():
        return verdicts.is_flagged("+84987654321")


def logged_in(app, name: str) -> Reviewer:
    reviewer = Reviewer(app.test_client())
    assert reviewer.login(name).status_code == 302
    return reviewer


def test_submitting_the_current_status_changes_nothing(app, volunteer):
    report_id = add_report(app, status="in_review")
    response = volunteer.post(f"/review/reports/{report_id}/status",
                              {"status": "in_review", "current": "in_review"}, follow_redirects=True)
    assert "Trạng thái không đổi: vẫn là Đang xem xét." in response.get_data(as_text=True)
    assert status(app, report_id) == "in_review" and audit(app, "status") == []


def test_pressing_the_button_again_never_moves_the_report_further(app, volunteer):
    report_id = add_report(app)
    url = f"/review/reports/{report_id}/status"
    for _ in range(3):  # the same form data, as a double click or a resubmitted page sends it
        volunteer.post(url, {"status": "in_review", "current": "new"})
    assert status(app, report_id) == "in_review"
    # What the page now offers, submitted again and again: the current status, selected.
    for _ in range(3):
        volunteer.post(url, {"status": "in_review", "current": "in_review"})
    assert status(app, report_id) == "in_review"
    assert audit(app, "status") == [{"from": "new", "to": "in_review"}]


def test_one_confirmation_is_not_enough_and_a_second_user_adds_theirs(app, users, volunteer):
    report_id = add_report(app, status="in_review")
    volunteer.post(f"/review/reports/{report_id}/status", {"status": "confirmed", "current": "in_review"})
    assert confirmers(app, report_id) == [("lan", False, None)] and not flagged(app)
    page = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "Cần thêm một người xác nhận" in page and 'id="confirm-form"' not in page
    assert "Bạn đã xác nhận báo cáo này." in page
    again = volunteer.post(f"/review/reports/{report_id}/confirm", follow_redirects=True)
    assert "mỗi người chỉ được tính một lần" in again.get_data(as_text=True)
    assert len(confirmers(app, report_id)) == 1 and audit(app, "confirm") == []

    minh = logged_in(app, "minh")
    page = minh.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert 'id="confirm-form"' in page and "Xác nhận thêm" in page
    done = minh.post(f"/review/reports/{report_id}/confirm", follow_redirects=True).get_data(as_text=True)
    assert "Đã ghi nhận xác nhận của bạn." in done and "Đang cảnh báo cho người gọi" in done
    assert '<span id="confirmers">lan, minh</span>' in done and "+8491" not in done
    assert flagged(app) and audit(app, "confirm") == [{"override": False}]


def test_only_confirmed_or_escalated_reports_take_a_second_opinion(app, users, volunteer):
    report_id = add_report(app, status="in_review")
    response = volunteer.post(f"/review/reports/{report_id}/confirm", follow_redirects=True)
    assert "Chỉ xác nhận thêm được báo cáo đã được xác nhận" in response.get_data(as_text=True)
    escalated = add_report(app, status="escalated")
    add_confirmations(app, escalated, users["minh"])
    volunteer.post(f"/review/reports/{escalated}/confirm")  # final for edits, open to a second opinion
    assert [name for name, *_ in confirmers(app, escalated)] == ["minh", "lan"] and flagged(app)


def test_escalation_needs_its_confirmation_box(app, volunteer):
    report_id = add_report(app, status="confirmed")
    url = f"/review/reports/{report_id}/status"
    page = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert 'id="confirm_final"' in page
    refused = volunteer.post(url, {"status": "escalated", "current": "confirmed"}, follow_redirects=True)
    assert "hãy đánh dấu ô xác nhận" in refused.get_data(as_text=True)
    assert status(app, report_id) == "confirmed"
    volunteer.post(url, {"status": "escalated", "current": "confirmed", "confirm_final": "y"})
    assert status(app, report_id) == "escalated"
    assert audit(app, "status") == [{"from": "confirmed", "to": "escalated"}]


def test_reopening_a_confirmed_report_clears_its_confirmations_in_the_audit(app, users, volunteer):
    report_id = add_report(app, status="confirmed")
    add_confirmations(app, report_id, users["lan"], users["minh"])
    assert flagged(app)
    volunteer.post(f"/review/reports/{report_id}/status", {"status": "in_review", "current": "confirmed"})
    assert confirmers(app, report_id) == [] and not flagged(app)
    assert audit(app, "status") == [{"from": "confirmed", "to": "in_review",
                                     "cleared_confirmations": ["lan", "minh"]}]


def test_an_admin_confirms_alone_only_with_a_reason(app, admin):
    report_id = add_report(app, status="new")
    empty = admin.post(f"/review/reports/{report_id}/override", {"override-reason": "   "})
    assert empty.status_code == 400 and "Vui lòng ghi lý do." in empty.get_data(as_text=True)
    assert status(app, report_id) == "new" and not flagged(app)
    reason = "Công an xã đã xác minh số này."
    done = admin.post(f"/review/reports/{report_id}/override", {"override-reason": reason},
                      follow_redirects=True).get_data(as_text=True)
    assert "Đang cảnh báo cho người gọi" in done and f"lý do: {reason}" in done
    assert status(app, report_id) == "confirmed" and flagged(app)
    assert confirmers(app, report_id) == [("admin", True, reason)]
    assert audit(app, "confirm") == [{"override": True, "reason": reason}]
    assert audit(app, "status") == [{"from": "new", "to": "confirmed", "reason": reason}]


def test_an_admin_reverts_an_escalated_report_with_a_reason(app, users, admin):
    report_id = add_report(app, status="escalated")
    add_confirmations(app, report_id, users["lan"], users["minh"])
    assert flagged(app)
    page = admin.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert 'id="revert-form"' in page
    refused = admin.post(f"/review/reports/{report_id}/revert", {"revert-reason": ""})
    assert refused.status_code == 400 and status(app, report_id) == "escalated"
    reason = "Đây là số tổng đài thật của ngân hàng."
    done = admin.post(f"/review/reports/{report_id}/revert", {"revert-reason": reason},
                      follow_redirects=True).get_data(as_text=True)
    assert "Đã hoàn tác về: Đang xem xét." in done and "Chưa cảnh báo cho người gọi" in done
    assert status(app, report_id) == "in_review" and not flagged(app)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportConfirmation)) == 0
    assert audit(app, "revert") == [{"from": "escalated", "to": "in_review", "reason": reason,
                                     "cleared_confirmations": ["lan", "minh"]}]


def test_volunteers_cannot_override_or_revert(app, users, volunteer):
    report_id = add_report(app, status="confirmed")
    add_confirmations(app, report_id, users["minh"])
    page = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert 'id="override-form"' not in page and 'id="revert-form"' not in page
    assert volunteer.post(f"/review/reports/{report_id}/override", {"override-reason": "x"}).status_code == 403
    assert volunteer.post(f"/review/reports/{report_id}/revert", {"revert-reason": "x"}).status_code == 403
    assert status(app, report_id) == "confirmed" and audit(app, "confirm") == audit(app, "revert") == []


def test_a_warning_cannot_be_made_from_a_report_whose_number_is_not_flagged(app, users, admin):
    report_id = add_report(app, status="confirmed")
    add_confirmations(app, report_id, users["lan"])
    response = admin.client.get("/review/warnings/new", query_string={"report": report_id},
                                follow_redirects=True)
    assert "Chưa tạo được cảnh báo từ báo cáo này" in response.get_data(as_text=True)
    text = "Cảnh báo: có kẻ gian gọi điện từ số này, tự xưng là công an. Đừng chuyển tiền."
    admin.post(f"/review/warnings/new?report={report_id}", {"text": text})
    assert audit(app, "warning_create") == []


def test_an_admins_second_override_changes_nothing(app, admin):
    report_id = add_report(app, status="confirmed")
    admin.post(f"/review/reports/{report_id}/override", {"override-reason": "Đã xác minh với nhà mạng."})
    again = admin.post(f"/review/reports/{report_id}/override", {"override-reason": "Lần nữa."},
                       follow_redirects=True)
    assert "với tư cách quản trị viên rồi" in again.get_data(as_text=True)
    assert confirmers(app, report_id) == [("admin", True, "Đã xác minh với nhà mạng.")]
    assert len(audit(app, "confirm")) == 1
