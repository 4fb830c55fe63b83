"""Admins delete a home visit's number and recording when the caller asks ("Xoá theo yêu cầu
người gọi", issue 12, item 7): a confirm box and a button with the CSRF token; volunteers see no
button and get 403; the visit is withdrawn when open, the deletion audited, the page says so.
Test client, SQLite and PostgreSQL."""
from __future__ import annotations

from ivr.models import Call, VisitRequest, db
from tests.review.conftest import write_wav
from tests.review.test_visits import add_visit, audit, visit_row

BUTTON = 'id="forget"'
DONE = "Số điện thoại và bản ghi đã được xoá theo yêu cầu người gọi"


def test_volunteers_see_no_button_and_may_not_delete(app, users, volunteer, recordings):
    visit_id = add_visit(app, audio_path="v.wav")
    write_wav(recordings / "v.wav")
    html = volunteer.client.get(f"/review/visits/{visit_id}").get_data(as_text=True)
    assert BUTTON not in html and "Xoá theo yêu cầu người gọi" not in html
    assert volunteer.post(f"/review/visits/{visit_id}/forget", {"confirm": "y"}).status_code == 403
    assert visit_row(app, visit_id).caller == "+84912345678"
    assert (recordings / "v.wav").is_file() and audit(app, "visit_forget") == []


def test_an_admin_deletes_on_request_after_ticking_the_box(app, users, admin, recordings):
    visit_id = add_visit(app, audio_path="v.wav", recording_sid="RE" + "a" * 32)
    write_wav(recordings / "v.wav")
    with app.app_context():
        db.session.add(Call(call_sid=visit_row(app, visit_id).call_sid, caller="+84912345678"))
        db.session.commit()
    page = admin.client.get(f"/review/visits/{visit_id}").get_data(as_text=True)
    assert BUTTON in page and 'name="confirm"' in page and 'name="csrf_token"' in page

    # Without the box ticked, or without the CSRF token, nothing happens.
    unticked = admin.post(f"/review/visits/{visit_id}/forget", follow_redirects=True)
    assert "Hãy đánh dấu ô xác nhận trước khi xoá." in unticked.get_data(as_text=True)
    assert admin.client.post(f"/review/visits/{visit_id}/forget",
                             data={"confirm": "y"}).status_code == 400
    assert visit_row(app, visit_id).caller and audit(app, "visit_forget") == []

    done = admin.post(f"/review/visits/{visit_id}/forget", {"confirm": "y"}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and DONE in html and BUTTON not in html
    assert "Đã xoá theo yêu cầu người gọi" in html and "nhà gần chợ" not in html
    visit = visit_row(app, visit_id)
    assert (visit.caller, visit.audio_path, visit.transcript, visit.status) == \
        (None, None, None, "withdrawn")
    assert visit.audio_state == "deleted" and visit.recording_delete_due is not None
    assert not (recordings / "v.wav").exists()
    with app.app_context():
        assert db.session.scalars(db.select(Call.caller)).one() is None
    [entry] = audit(app, "visit_forget")
    assert (entry.actor, entry.target) == ("admin", f"visit:{visit_id}")
    assert entry.detail["from"] == "new" and entry.detail["to"] == "withdrawn"
    assert set(entry.detail["removed"]) == {"audio", "transcript", "caller"}

    # Again: refused, nothing audited twice.
    again = admin.post(f"/review/visits/{visit_id}/forget", {"confirm": "y"}, follow_redirects=True)
    assert "đã được xoá theo yêu cầu" in again.get_data(as_text=True)
    assert len(audit(app, "visit_forget")) == 1


def test_a_closed_visit_keeps_its_outcome_when_deleted_on_request(app, users, admin):
    visit_id = add_visit(app, status="closed", outcome="visited", audio_state="none",
                         audio_path=None)
    admin.post(f"/review/visits/{visit_id}/forget", {"confirm": "y"})
    visit = visit_row(app, visit_id)
    assert (visit.status, visit.outcome, visit.caller) == ("closed", "visited", None)
    [entry] = audit(app, "visit_forget")
    assert entry.detail["to"] == "closed"
    assert DONE in admin.client.get(f"/review/visits/{visit_id}").get_data(as_text=True)


def test_the_visits_call_back_request_loses_the_number_and_is_cancelled(app, users, admin):
    from ivr.models import CallbackRequest
    visit_id = add_visit(app, audio_state="none", audio_path=None)
    with app.app_context():
        visit = db.session.get(VisitRequest, visit_id)
        db.session.add(CallbackRequest(number=visit.caller, reason="visit", status="open",
                                       context={"visit": visit_id}, call_sid=visit.call_sid))
        db.session.commit()
    admin.post(f"/review/visits/{visit_id}/forget", {"confirm": "y"})
    with app.app_context():
        request = db.session.scalars(db.select(CallbackRequest)).one()
        assert (request.number, request.status) == (None, "cancelled")
    [entry] = audit(app, "visit_forget")
    assert "callback" in entry.detail["removed"]
