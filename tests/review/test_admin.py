"""Admin pages: CSV export, audit log, warnings; and the ``flask users`` commands."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from ivr import work
from ivr.models import AuditEntry, ScamWarning, User, db
from ivr.review.export import BOM, COLUMNS
from tests.review.conftest import WorkLog, add_confirmations, add_report
from tests.review.test_report import audit


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:])))


def test_export_has_confirmed_reports_only_with_a_vietnamese_header(app, admin):
    confirmed = add_report(app, status="confirmed", category="police", money_lost=True,
                           transcript="=1+1", notes="ghi chú nội bộ")
    add_report(app, status="in_review")
    add_report(app, status="not_scam")
    response = admin.post("/review/export")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.mimetype_params["charset"] == "utf-8"
    assert re.match(r'attachment; filename="bao-cao-lua-dao-\d{8}\.csv"',
                    response.headers["Content-Disposition"])
    rows = read_csv(response)
    assert rows[0] == list(COLUMNS) and rows[0][0] == "Mã báo cáo"
    assert len(rows) == 2
    row = dict(zip(COLUMNS, rows[1]))
    assert row["Số điện thoại bị báo cáo"] == "0987 654 321" and row["Người gọi mất tiền"] == "Có"
    assert row["Phân loại"] == "Giả danh công an" and row["Nội dung lời kể"] == "'=1+1"
    body = response.get_data(as_text=True)
    assert "0912" not in body and "ghi chú nội bộ" not in body  # caller's number, internal notes
    [entry] = audit(app, "export")
    assert entry.actor == "admin" and entry.detail["count"] == 1 and confirmed


def test_export_date_range_uses_vietnam_days(app, admin):
    add_report(app, status="confirmed", created_at=datetime(2026, 3, 4, 17, 30, tzinfo=timezone.utc))
    add_report(app, status="confirmed", created_at=datetime(2026, 3, 4, 16, 30, tzinfo=timezone.utc))
    rows = read_csv(admin.post("/review/export", {"date_from": "2026-03-05", "date_to": "2026-03-05"}))
    assert len(rows) == 2 and rows[1][1] == "05/03/2026 00:30"
    assert audit(app, "export")[0].detail["date_from"] == "2026-03-05"


def test_export_page_counts_what_would_go(app, admin):
    add_report(app, status="confirmed")
    add_report(app, status="new")
    assert "hiện có 1 báo cáo" in admin.client.get("/review/export").get_data(as_text=True)
    assert audit(app, "export") == []  # looking at the page exports nothing


def test_volunteers_cannot_export(app, volunteer):
    add_report(app, status="confirmed")
    assert volunteer.post("/review/export").status_code == 403
    assert audit(app, "export") == []


def test_the_audit_log_filters_by_user_and_action(app, admin):
    report_id = add_report(app)
    admin.client.get(f"/review/reports/{report_id}")
    page = admin.client.get("/review/audit", query_string={"action": "open"}).get_data(as_text=True)
    assert page.count('data-action="open"') == 1 and 'data-action="login"' not in page
    assert f'href="/review/reports/{report_id}">Báo cáo #{report_id}</a>' in page and "Mở báo cáo" in page
    by_user = admin.client.get("/review/audit", query_string={"user": "lan"}).get_data(as_text=True)
    assert "Chưa có mục nào." in by_user
    everything = admin.client.get("/review/audit").get_data(as_text=True)
    assert 'data-action="login"' in everything and "127.0.0.1" in everything


def test_the_audit_log_is_paginated_newest_first(app, admin):
    with app.app_context():
        for n in range(60):
            db.session.add(AuditEntry(actor="system", action="open", target=f"report:{n}"))
        db.session.commit()
    first = admin.client.get("/review/audit", query_string={"action": "open"}).get_data(as_text=True)
    assert first.count('data-action="open"') == 50 and "Trang 1 / 2" in first
    assert first.index(">Báo cáo #59<") < first.index(">Báo cáo #58<")


@pytest.fixture
def queued(app, monkeypatch) -> list[int]:
    """Warning ids the dashboard handed to the app's work queue (``ivr.work``)."""
    log = WorkLog()
    monkeypatch.setitem(app.extensions, work.EXTENSION, log)
    return log.warnings


def warnings_in_db(app) -> list[tuple]:
    with app.app_context():
        return [(w.id, w.text, w.report_id, w.active) for w in
                db.session.scalars(sa.select(ScamWarning).order_by(ScamWarning.id))]


TEXT = "Cảnh báo: kẻ gian giả danh công an gọi điện đòi chuyển tiền. Đừng làm theo."


def test_admins_write_a_warning_and_its_audio_is_queued_after_commit(app, admin, queued):
    response = admin.post("/review/warnings/new", {"text": TEXT})
    assert response.status_code == 302
    [(warning_id, text, report_id, active)] = warnings_in_db(app)
    assert (text, report_id, active) == (TEXT, None, True) and queued == [warning_id]
    assert audit(app, "warning_create")[0].target == f"warning:{warning_id}"
    assert TEXT in admin.client.get("/review/warnings").get_data(as_text=True)


@pytest.mark.parametrize("text", ["Quá ngắn", "x" * 281, "   "])
def test_warning_length_is_validated(app, admin, queued, text):
    response = admin.post("/review/warnings/new", {"text": text})
    assert response.status_code == 200
    assert re.search("Cảnh báo cần dài từ 20 đến 280 ký tự|Vui lòng viết", response.get_data(as_text=True))
    assert warnings_in_db(app) == [] and queued == []


def test_a_confirmed_report_becomes_a_warning(app, users, admin, queued):
    report_id = add_report(app, status="confirmed")
    add_confirmations(app, report_id, users["lan"], users["minh"])  # its number is flagged
    page = admin.client.get(f"/review/reports/{report_id}").get_data(as_text=True)
    assert "Tạo cảnh báo từ báo cáo này" in page
    form = admin.client.get("/review/warnings/new", query_string={"report": report_id}).get_data(as_text=True)
    assert "0987 654 321" in form and "công an" in form  # a prefilled draft
    admin.post(f"/review/warnings/new?report={report_id}", {"text": TEXT})
    [(warning_id, _, linked, _)] = warnings_in_db(app)
    assert linked == report_id and queued == [warning_id]
    assert audit(app, "warning_create")[0].detail == {"report_id": report_id}


def test_only_confirmed_reports_become_warnings(app, admin, queued):
    report_id = add_report(app, status="in_review")
    assert admin.client.get("/review/warnings/new", query_string={"report": report_id}).status_code == 409
    assert admin.post(f"/review/warnings/new?report={report_id}", {"text": TEXT}).status_code == 409
    assert admin.client.get("/review/warnings/new", query_string={"report": 999}).status_code == 404
    assert warnings_in_db(app) == []


def test_warnings_are_retired_not_deleted(app, admin, queued):
    admin.post("/review/warnings/new", {"text": TEXT})
    [(warning_id, *_)] = warnings_in_db(app)
    admin.post(f"/review/warnings/{warning_id}/retire")
    assert warnings_in_db(app)[0][3] is False
    assert [e.target for e in audit(app, "warning_retire")] == [f"warning:{warning_id}"]
    assert "Đã gỡ" in admin.client.get("/review/warnings").get_data(as_text=True)


def test_volunteers_cannot_write_or_retire_warnings(app, volunteer, queued):
    assert volunteer.post("/review/warnings/new", {"text": TEXT}).status_code == 403
    assert volunteer.post("/review/warnings/1/retire").status_code == 403
    assert warnings_in_db(app) == []


# ---- flask users ----

def users_in_db(app) -> dict[str, tuple[str, bool]]:
    with app.app_context():
        return {u.username: (u.role, u.active) for u in db.session.scalars(sa.select(User))}


def test_users_create_list_set_role_and_reset_password(app):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["users", "create", "hoa", "--password-stdin"], input="mat-khau-dai-1\n")
    assert made.exit_code == 0, made.output
    assert users_in_db(app) == {"hoa": ("volunteer", True)}
    assert runner.invoke(args=["users", "set-role", "hoa", "admin"]).exit_code == 0
    assert users_in_db(app)["hoa"] == ("admin", True)
    reset = runner.invoke(args=["users", "reset-password", "hoa", "--password-stdin"],
                          input="mat-khau-moi-2\n")
    assert reset.exit_code == 0
    listing = runner.invoke(args=["users", "list"])
    assert re.search(r"^hoa\tadmin\tactive\tnever$", listing.output, re.M)
    actions = [(e.actor, e.action, e.detail.get("via")) for e in audit(app)]
    assert actions == [("system", "user_create", "cli"), ("system", "user_role", "cli"),
                       ("system", "user_password", "cli")]
    assert audit(app, "user_role")[0].detail == {"via": "cli", "previous": "volunteer", "role": "admin"}


def test_cli_passwords_can_log_in_and_are_hashed(app):
    from tests.review.conftest import Reviewer
    app.test_cli_runner().invoke(args=["users", "create", "hoa", "--role", "admin"],
                                 input="mat-khau-dai-1\nmat-khau-dai-1\n")
    with app.app_context():
        stored = db.session.scalar(sa.select(User.password_hash).filter_by(username="hoa"))
    assert stored.startswith("scrypt:") and "mat-khau" not in stored
    assert Reviewer(app.test_client()).login("hoa", "mat-khau-dai-1").status_code == 302


@pytest.mark.parametrize("args, stdin, message", [
    (["users", "create", "hoa", "--password-stdin"], "short\n", "at least 12 characters"),
    (["users", "create", "lan", "--password-stdin"], "mat-khau-dai-1\n", "already exists"),
    (["users", "set-role", "nobody", "admin"], "", "no user named 'nobody'"),
    (["users", "set-role", "lan", "boss"], "", "Invalid value"),
    (["users", "reset-password", "nobody", "--password-stdin"], "mat-khau-dai-1\n", "no user named"),
])
def test_cli_refusals_exit_1_and_change_nothing(app, users, args, stdin, message):
    before = users_in_db(app)
    result = app.test_cli_runner().invoke(args=args, input=stdin)
    assert result.exit_code != 0 and message in result.output
    assert users_in_db(app) == before and audit(app) == []


# ---- Unicode: what volunteers paste is stored precomposed (NFC) ----

def test_a_warning_pasted_in_decomposed_unicode_is_stored_in_nfc(app, admin, queued):
    import unicodedata
    decomposed = unicodedata.normalize("NFD", TEXT)
    assert decomposed != TEXT  # the test pastes what macOS and some keyboards send
    assert admin.post("/review/warnings/new", {"text": "  " + decomposed + "\n"}).status_code == 302
    [(_, text, _, _)] = warnings_in_db(app)
    assert text == TEXT and unicodedata.is_normalized("NFC", text)


def test_a_warning_is_measured_after_normalising(app, admin, queued):
    import unicodedata
    from ivr.review.forms import WARNING_MAX
    # 280 precomposed characters are about 390 in NFD: still accepted.
    text = ("Cảnh báo lừa đảo, đừng chuyển tiền. " * 10)[:WARNING_MAX]
    assert len(unicodedata.normalize("NFD", text)) > WARNING_MAX
    response = admin.post("/review/warnings/new", {"text": unicodedata.normalize("NFD", text)})
    assert response.status_code == 302
    assert warnings_in_db(app)[0][1] == text.strip()


def test_transcripts_and_notes_typed_in_decomposed_unicode_are_stored_in_nfc(app, volunteer):
    import unicodedata
    from tests.review.conftest import add_report
    from ivr.models import Report
    report_id = add_report(app)
    typed = {"transcript": "Họ bảo tôi chuyển tiền gấp.", "notes": "Người gọi rất lo lắng."}
    volunteer.post(f"/review/reports/{report_id}/content",
                   {"category": "", **{name: unicodedata.normalize("NFD", value)
                                       for name, value in typed.items()}})
    with app.app_context():
        saved = db.session.get(Report, report_id)
        assert (saved.transcript, saved.notes) == (typed["transcript"], typed["notes"])


# ---- passwords ----

@pytest.mark.parametrize("password, message", [
    ("aaaaaaaaaa", "at least 12 characters"),  # accepted before (10 characters was the minimum)
    ("short-pw", "at least 12 characters"),
    ("zzzzzzzzzzzzzz", "one character or one group"),
    ("ababababababab", "one character or one group"),
    ("123123123123", "common passwords"),
    ("matkhau123456", "common passwords"),
    ("MatKhau@2026!", "common passwords"),
    ("123456789abc", "common passwords"),
    ("anhyeuem123456", "common passwords"),
    ("qwertyuiop123", "common passwords"),
    ("Password1234", "common passwords"),
    ("hoa-nguyen-2026!", "must not contain the user name"),
    ("HOA1234567890xyz", "must not contain the user name"),
])
def test_weak_passwords_are_refused(app, password, message):
    result = app.test_cli_runner().invoke(args=["users", "create", "hoa", "--password-stdin"],
                                          input=password + "\n")
    assert result.exit_code == 1 and message in result.output, (password, result.output)
    assert users_in_db(app) == {}


@pytest.mark.parametrize("password", ["ngựa-ô-chạy-qua-cầu", "tím lịm 7 chiếc lá", "V8#qLw2!tZr9"])
def test_long_unusual_passwords_are_accepted(app, password):
    result = app.test_cli_runner().invoke(args=["users", "create", "hoa", "--password-stdin"],
                                          input=password + "\n")
    assert result.exit_code == 0, result.output


def test_the_common_password_list_is_loaded():
    from ivr.review.passwords import common_passwords
    words = common_passwords()
    assert len(words) > 500 and {"123456", "password", "matkhau123", "123456789abc"} <= words
    assert not any(word.startswith("#") or word != word.strip().lower() for word in words)
