"""The report page and its actions: open, listen, edit, status, assign, reveal, with their audit."""
from __future__ import annotations

import http.client
import re
import threading

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from ivr.models import AuditEntry, Report, db
from tests.review.conftest import add_report, write_wav


def audit(app, action: str | None = None) -> list[AuditEntry]:
    with app.app_context():
        query = sa.select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        entries = list(db.session.scalars(query))
        db.session.expunge_all()
        return entries


def report(app, report_id: int) -> Report:
    with app.app_context():
        found = db.session.get(Report, report_id)
        db.session.expunge_all()
        return found


def test_opening_a_report_shows_it_and_is_audited(app, users, volunteer):
    report_id = add_report(app, money_lost=True)
    html = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "0987 654 321" in html and "Di động" in html and "Công an" in html
    assert "Người gọi đã mất tiền</dt><dd>Có" in html
    assert f'action="/review/reports/{report_id}/listen"' in html and 'data-rate="1.25"' in html
    # The player names no audio until the play button got a ticket, and preloads nothing.
    assert 'preload="none"' in html and f"/review/reports/{report_id}/audio" not in html
    assert "Họ nói tôi liên quan đến vụ án" in html
    [entry] = audit(app, "open")
    assert (entry.actor, entry.user_id, entry.target, entry.ip) == (
        "lan", users["lan"], f"report:{report_id}", "127.0.0.1")
    assert audit(app, "listen") == []  # opening is not listening


def test_the_callers_number_is_masked_and_only_admins_can_reveal_it(app, volunteer):
    report_id = add_report(app)
    html = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "09•• ••• 678" in html and "0912 345 678" not in html and "+84912345678" not in html
    assert "Hiện số đầy đủ" not in html
    assert volunteer.post(f"/review/reports/{report_id}/reveal").status_code == 403
    assert audit(app, "reveal") == []


def test_admins_reveal_the_number_and_the_reveal_is_audited(app, admin):
    report_id = add_report(app)
    assert "Hiện số đầy đủ" in admin.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    response = admin.post(f"/review/reports/{report_id}/reveal")
    assert response.status_code == 200
    assert '<strong id="caller-number">0912 345 678</strong>' in response.get_data(as_text=True)
    [entry] = audit(app, "reveal")
    assert (entry.actor, entry.target) == ("admin", f"report:{report_id}")


def test_withheld_callers_show_as_withheld(app, admin):
    report_id = add_report(app, caller=None)
    html = admin.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "Số ẩn" in html and "Hiện số đầy đủ" not in html


def test_a_number_removed_by_retention_is_not_shown_as_withheld(app, admin):
    # CALLER_NUMBER_DAYS removes the number and keeps its keyed hash: that is no withheld caller
    report_id = add_report(app, caller=None, caller_key="k" * 64)
    html = admin.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "Đã xóa theo thời hạn lưu trữ" in html and "Số ẩn" not in html
    assert "Hiện số đầy đủ" not in html


def test_a_number_removed_by_the_callers_withdrawal_says_so(app, admin):
    # A withdrawal removes the number at once: no retention period removed it
    report_id = add_report(app, caller=None, caller_key="k" * 64, status="withdrawn",
                           audio_state="deleted")
    html = admin.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "Đã xóa khi người gọi rút báo cáo" in html
    assert "thời hạn lưu trữ" not in html and "Số ẩn" not in html


def test_editing_transcript_category_and_notes_is_audited_by_field(app, volunteer):
    report_id = add_report(app)
    response = volunteer.post(f"/review/reports/{report_id}/content", {
        "transcript": "Bản chép đã sửa.", "category": "bank", "notes": "Gọi lúc 9 giờ."})
    assert response.status_code == 302
    saved = report(app, report_id)
    assert (saved.transcript, saved.category, saved.notes) == ("Bản chép đã sửa.", "bank", "Gọi lúc 9 giờ.")
    [entry] = audit(app, "edit")
    assert entry.detail == {"fields": ["transcript", "category", "notes"]}
    volunteer.post(f"/review/reports/{report_id}/content", {
        "transcript": "Bản chép đã sửa.", "category": "bank", "notes": "Gọi lúc 9 giờ."})
    assert len(audit(app, "edit")) == 1  # nothing changed, nothing recorded


def test_textarea_line_ends_and_blank_text_are_normalised(app, volunteer):
    report_id = add_report(app, transcript="Dòng 1\nDòng 2", notes="cũ")
    volunteer.post(f"/review/reports/{report_id}/content", {
        "transcript": "Dòng 1\r\nDòng 2", "category": "", "notes": "   "})
    saved = report(app, report_id)
    assert (saved.transcript, saved.notes) == ("Dòng 1\nDòng 2", None)
    assert [entry.detail for entry in audit(app, "edit")] == [{"fields": ["notes"]}]


@pytest.mark.parametrize("data", [{"category": "robbery"}, {"notes": "x" * 5001}])
def test_invalid_edits_are_refused_with_a_vietnamese_message(app, volunteer, data):
    report_id = add_report(app)
    response = volunteer.post(f"/review/reports/{report_id}/content", data)
    assert response.status_code == 400
    assert re.search("Lựa chọn không hợp lệ|Ghi chú quá dài", response.get_data(as_text=True))
    assert report(app, report_id).category is None and audit(app, "edit") == []


def test_status_follows_the_workflow_and_sets_reviewed_at(app, volunteer):
    report_id = add_report(app)
    url = f"/review/reports/{report_id}/status"
    volunteer.post(url, {"status": "confirmed", "current": "new"})  # must go through in_review
    assert report(app, report_id).status == "new"
    volunteer.post(url, {"status": "in_review", "current": "new"})
    volunteer.post(url, {"status": "confirmed", "current": "in_review"})
    done = report(app, report_id)
    assert done.status == "confirmed" and done.reviewed_at is not None
    details = [entry.detail for entry in audit(app, "status")]
    assert details == [{"from": "new", "to": "in_review"}, {"from": "in_review", "to": "confirmed"}]


def test_a_status_chosen_on_a_stale_page_is_refused(app, volunteer):
    report_id = add_report(app, status="confirmed")
    # The volunteer's page still shows in_review; "in_review" is also a legal next step from
    # confirmed, but it is not what they chose it from.
    response = volunteer.post(f"/review/reports/{report_id}/status",
                              {"status": "in_review", "current": "in_review"}, follow_redirects=True)
    assert "vừa được người khác thay đổi" in response.get_data(as_text=True)
    assert report(app, report_id).status == "confirmed" and audit(app, "status") == []


def test_the_status_form_offers_only_allowed_next_steps(app, volunteer):
    report_id = add_report(app, status="in_review")
    html = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    form = html[html.index('id="status-form"'):html.index("</form>", html.index('id="status-form"'))]
    # The current status first and selected (issue 11: nothing moves without an explicit choice).
    options = re.findall(r'<option( selected)? value="([a-z_]+)"', form)
    assert options == [(" selected", "in_review"), ("", "confirmed"), ("", "not_scam"), ("", "follow_up")]


@pytest.mark.parametrize("status", ["escalated", "withdrawn"])
def test_escalated_and_withdrawn_reports_are_read_only(app, volunteer, status):
    report_id = add_report(app, status=status, notes="<i>ghi chú</i>")
    html = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert 'id="content-form"' not in html and "&lt;i&gt;ghi chú&lt;/i&gt;" in html
    for action, data in (("content", {"notes": "x"}), ("status", {"status": "in_review", "current": status}),
                         ("assign", {"assignee": ""})):
        assert volunteer.post(f"/review/reports/{report_id}/{action}", data).status_code == 409


def test_assignment_to_a_volunteer_and_back_to_nobody(app, users, volunteer):
    report_id = add_report(app)
    volunteer.post(f"/review/reports/{report_id}/assign", {"assignee": str(users["minh"])})
    assert report(app, report_id).assignee_id == users["minh"]
    page = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "Người xử lý</dt><dd>minh" in page
    volunteer.post(f"/review/reports/{report_id}/assign", {"assignee": ""})
    assert report(app, report_id).assignee_id is None
    assert [entry.detail for entry in audit(app, "assign")] == [
        {"to": "minh", "previous": None}, {"to": None, "previous": "minh"}]
    volunteer.post(f"/review/reports/{report_id}/assign", {"assignee": "999"})
    assert len(audit(app, "assign")) == 2


def test_reports_about_the_same_number_link_to_each_other(app, volunteer):
    first = add_report(app)
    second = add_report(app)
    other = add_report(app, reported_number="+84281234567", reported_number_raw="0281234567")
    html = volunteer.client.get(f"/review/reports/{first}").get_data(as_text=True)
    assert f'href="/review/reports/{second}"' in html and f'href="/review/reports/{other}"' not in html
    assert "Báo cáo khác về số này (1)" in html


@pytest.mark.parametrize("state, text", [
    ("pending", "Đang chờ tải bản ghi từ Twilio"), ("fetching", "Đang tải bản ghi từ Twilio"),
    ("failed", "Chưa tải được bản ghi từ Twilio"), ("absent", "Người gọi không ghi âm"),
    ("deleted", "Bản ghi đã bị xóa"), ("none", "Chưa có bản ghi âm")])
def test_audio_that_is_not_stored_shows_its_state(app, admin, state, text):
    report_id = add_report(app, audio_state=state, audio_path=None)
    html = admin.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert text in html and "<audio" not in html
    remote = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/"
    assert (remote in html) == (state in ("pending", "fetching", "failed"))


def test_volunteers_do_not_see_the_twilio_url(app, volunteer):
    report_id = add_report(app, audio_state="failed", audio_path=None)
    assert "api.twilio.com" not in volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)


def listen(reviewer, report_id: int, **kwargs):
    """Press play: POST the listen form as the page's script does (asking for JSON)."""
    return reviewer.post(f"/review/reports/{report_id}/listen",
                         headers={"Accept": "application/json"}, **kwargs)


def test_pressing_play_writes_one_listen_and_its_ticket_streams_every_range(
        app, users, volunteer, recordings):
    report_id = add_report(app, audio_path="report-1-RE0123.wav")
    path = write_wav(recordings / "report-1-RE0123.wav")
    size = path.stat().st_size
    pressed = listen(volunteer, report_id)
    assert pressed.status_code == 200
    src = pressed.get_json()["src"]
    assert src.startswith(f"/review/reports/{report_id}/audio?t=")
    with volunteer.client.get(src) as whole:
        assert whole.status_code == 200 and whole.mimetype == "audio/wav"
        assert whole.data == path.read_bytes()
        assert whole.headers["Accept-Ranges"] == "bytes" and "no-store" in whole.headers["Cache-Control"]
    for start in (100, 2000, 0):  # a seeking player: several ranges, one playback
        with volunteer.client.get(src, headers={"Range": f"bytes={start}-{start + 99}"}) as part:
            assert part.status_code == 206
            assert part.headers["Content-Range"] == f"bytes {start}-{start + 99}/{size}"
            assert part.data == path.read_bytes()[start:start + 100]
    entries = audit(app, "listen")
    assert [(e.actor, e.user_id, e.target, e.detail) for e in entries] == [
        ("lan", users["lan"], f"report:{report_id}", None)]
    listen(volunteer, report_id)  # pressing play again is a second listening
    assert len(audit(app, "listen")) == 2


def test_without_script_the_listen_form_redirects_to_the_recording(app, volunteer, recordings):
    report_id = add_report(app, audio_path="r.wav")
    write_wav(recordings / "r.wav")
    pressed = volunteer.post(f"/review/reports/{report_id}/listen",
                             headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert pressed.status_code == 303
    assert pressed.headers["Location"].startswith(f"/review/reports/{report_id}/audio?t=")
    with volunteer.client.get(pressed.headers["Location"]) as played:
        assert played.status_code == 200
    assert len(audit(app, "listen")) == 1


def test_the_recording_is_not_served_without_a_ticket_of_this_user_for_this_report(
        app, users, client, recordings):
    from tests.review.conftest import Reviewer
    write_wav(recordings / "a.wav")
    write_wav(recordings / "b.wav")
    first, second = add_report(app, audio_path="a.wav"), add_report(app, audio_path="b.wav")
    lan = Reviewer(client)
    assert lan.login("lan").status_code == 302
    ticket = listen(lan, first).get_json()["src"].split("?t=")[1]
    minh = Reviewer(app.test_client())
    assert minh.login("minh").status_code == 302
    for who, url in ((lan, f"/review/reports/{first}/audio"),  # no ticket: what preloading asks
                     (lan, f"/review/reports/{first}/audio?t=forged"),
                     (lan, f"/review/reports/{second}/audio?t={ticket}"),  # another report
                     (minh, f"/review/reports/{first}/audio?t={ticket}")):  # another user
        response = who.client.get(url)
        assert response.status_code == 403, url
        assert b"RIFF" not in response.data
        assert "Nghe bản ghi" in response.get_data(as_text=True)
    assert len(audit(app, "listen")) == 1
    with lan.client.get(f"/review/reports/{first}/audio?t={ticket}") as played:
        assert played.status_code == 200


def test_listening_needs_the_csrf_token(app, volunteer, recordings):
    write_wav(recordings / "r.wav")
    report_id = add_report(app, audio_path="r.wav")
    response = volunteer.client.post(f"/review/reports/{report_id}/listen",
                                     headers={"Accept": "application/json"})
    assert response.status_code == 400 and audit(app, "listen") == []


@pytest.mark.parametrize("stored", ["../secret.wav", "a/../../secret.wav", "/etc/passwd"])
def test_a_stored_path_outside_the_recordings_folder_is_never_served(app, volunteer, recordings, stored):
    write_wav(recordings.parent / "secret.wav")
    write_wav(recordings / "a" / "ok.wav")
    report_id = add_report(app, audio_path=stored)
    assert volunteer.client.get(f"/review/reports/{report_id}/audio").status_code == 404
    assert listen(volunteer, report_id).status_code == 404
    assert audit(app, "listen") == []


def test_missing_or_unstored_audio_is_404(app, volunteer, recordings):
    write_wav(recordings / "x.wav")
    write_wav(recordings / "sub" / "y.wav")  # recordings are bare names in the folder, never deeper
    for fields in ({"audio_path": "missing.wav"}, {"audio_path": "x.wav", "audio_state": "deleted"},
                   {"audio_path": None}, {"audio_path": "sub/y.wav"}):
        report_id = add_report(app, **fields)
        assert volunteer.client.get(f"/review/reports/{report_id}/audio").status_code == 404
        assert listen(volunteer, report_id).status_code == 404


def test_recording_urls_with_dot_dot_are_refused_on_the_wire(app, volunteer, recordings):
    """Raw HTTP, so no client normalises the ``..`` away before the server sees it."""
    write_wav(recordings / "r.wav")
    report_id = add_report(app, audio_path="r.wav")
    cookie = volunteer.client.get_cookie("session").value
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path in (f"/review/reports/{report_id}/audio/../../../../etc/passwd",
                     f"/review/reports/{report_id}/../{report_id}/audio",
                     f"/review/reports/{report_id}/audio%2F..%2F..%2Fsecret.wav"):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
            connection.request("GET", path, headers={"Cookie": f"session={cookie}"})
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status == 404 and b"RIFF" not in body, path
    finally:
        server.shutdown()
        server.server_close()


def test_draft_transcript_marks_the_words_the_recogniser_was_unsure_of(app, volunteer):
    words = [{"word": "chuyển", "start": 0.1, "end": 0.4, "conf": 0.97},
             {"word": "tiền", "start": 0.4, "end": 0.7, "conf": 0.41},
             {"word": "<b>gấp</b>", "start": 0.7, "end": 1.0, "conf": 0.2}]
    report_id = add_report(app, transcript="chuyển tiền gấp", transcript_words=words)
    html = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "Bản chép tự động" in html
    assert '<mark class="unsure">tiền</mark>' in html
    assert '<mark class="unsure">&lt;b&gt;gấp&lt;/b&gt;</mark>' in html  # shown as text
    assert '<mark class="unsure">chuyển</mark>' not in html and "chuyển" in html



@pytest.mark.parametrize("fields, shown, hidden", [
    # Transcribed, no speech in it: jobs/transcribe.py stores ("", []).
    ({"transcript": "", "transcript_words": []}, "Im lặng: máy đã chép bản ghi", "Chưa chép"),
    # Not transcribed yet (or no speech model): nothing stored.
    ({"transcript": None, "transcript_words": None}, "Chưa chép: máy chưa chép", "Im lặng"),
])
def test_a_silent_recording_and_one_not_yet_transcribed_look_different(app, volunteer, fields,
                                                                       shown, hidden):
    report_id = add_report(app, **fields)
    page = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert shown in page and hidden not in page
    queue = volunteer.client.get("/review/").get_data(as_text=True)
    assert shown.split(":")[0] in queue and hidden not in queue


def test_no_transcript_state_without_audio_to_transcribe(app, volunteer):
    for state in ("absent", "deleted"):
        report_id = add_report(app, audio_state=state, audio_path=None, transcript_words=None)
        page = volunteer.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
        assert "Chưa chép" not in page and "draft-heading" not in page
