"""The read-only partner API (issue 11): keys refused or accepted, every read audited, the numbers
it lists and what it says about them, and nothing about any caller."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from ivr.models import AuditEntry, PartnerKey, Report, ReportConfirmation, User, db
from tests.review.conftest import add_report

JSON_URL, CSV_URL = "/api/v1/scam-numbers.json", "/api/v1/scam-numbers.csv"
SCAMMER = "+84987654321"
CALLER = "+84912345678"
TRANSCRIPT = "Họ xưng là công an phường, bảo tôi chuyển 20 triệu vào tài khoản tạm giữ."
NOTES = "Bác Hòa, nhà gần chợ, đã báo con trai."


def confirm_number(app, number: str = SCAMMER, **fields) -> int:
    """Make ``number`` flagged for the feed: one confirmed report about it, confirmed by two
    different users (issue 11's two-person rule); return its id. The ONE place these tests
    create confirmed data."""
    values = dict(reported_number=number, reported_number_raw="0" + number[3:], status="confirmed",
                  reviewed_at=datetime.now(timezone.utc))
    report_id = add_report(app, **{**values, **fields})
    with app.app_context():
        users = list(db.session.scalars(sa.select(User.id).order_by(User.id).limit(2)))
        for name in ("feed_confirmer_1", "feed_confirmer_2")[:2 - len(users)]:
            user = User(username=name, role="volunteer", password_hash="x")
            db.session.add(user)
            db.session.flush()
            users.append(user.id)
        for user_id in users:
            db.session.add(ReportConfirmation(report_id=report_id, user_id=user_id,
                                              created_at=datetime.now(timezone.utc)))
        db.session.commit()
    return report_id


def make_key(admin, organisation: str = "Tổng đài 156") -> str:
    """Create a key through the admin page; return the full key the page shows once."""
    response = admin.post("/review/api-keys", {"organisation": organisation})
    assert response.status_code == 200
    return re.search(r'<p class="key-once" id="new-key">([^<]+)</p>', response.get_data(as_text=True)).group(1)


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def feed_reads(app) -> list[AuditEntry]:
    with app.app_context():
        entries = list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "feed_read")
                                          .order_by(AuditEntry.id)))
        db.session.expunge_all()
        return entries


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Basic abc"},
                                     {"Authorization": "Bearer not-a-real-key-0123456789"},
                                     {"X-API-Key": "x" * 5000}])
def test_a_missing_or_wrong_key_is_refused_with_401_json(app, users, url, headers):
    confirm_number(app)
    response = app.test_client().get(url, headers=headers)
    assert response.status_code == 401 and "Location" not in response.headers
    assert response.get_json()["error"] == "invalid_api_key"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert SCAMMER not in response.get_data(as_text=True)
    assert feed_reads(app) == []


def test_a_dashboard_login_is_no_key(app, admin):
    confirm_number(app)
    response = admin.client.get(JSON_URL)  # carries the admin's session cookie, no key
    assert response.status_code == 401 and SCAMMER not in response.get_data(as_text=True)


def test_a_key_works_as_bearer_or_x_api_key_without_any_cookie(app, admin):
    confirm_number(app)
    key = make_key(admin)
    anonymous = app.test_client()
    for headers in (bearer(key), {"Authorization": f"bearer {key}"}, {"X-API-Key": key}):
        response = anonymous.get(JSON_URL, headers=headers)
        assert response.status_code == 200, headers
        assert [row["number"] for row in response.get_json()["numbers"]] == [SCAMMER]
        assert "Set-Cookie" not in response.headers and response.headers["Cache-Control"] == "no-store"


def test_a_revoked_key_is_refused_at_once(app, admin):
    confirm_number(app)
    key = make_key(admin)
    assert app.test_client().get(CSV_URL, headers=bearer(key)).status_code == 200
    with app.app_context():
        key_id = db.session.scalar(sa.select(PartnerKey.id))
    response = admin.post(f"/review/api-keys/{key_id}/revoke")
    assert response.status_code == 302
    for url in (JSON_URL, CSV_URL):
        assert app.test_client().get(url, headers=bearer(key)).status_code == 401
    assert len(feed_reads(app)) == 1  # the one read before the revocation


def test_every_read_is_audited_and_sets_last_used(app, admin):
    confirm_number(app)
    confirm_number(app, "+84281234567")
    key = make_key(admin, "Công an tỉnh Trà Vinh")
    client = app.test_client()
    assert client.get(JSON_URL, headers=bearer(key)).status_code == 200
    assert client.get(CSV_URL, headers={"X-API-Key": key}).status_code == 200
    entries = feed_reads(app)
    assert [entry.detail["endpoint"] for entry in entries] == [JSON_URL, CSV_URL]
    for entry in entries:
        assert entry.detail["organisation"] == "Công an tỉnh Trà Vinh" and entry.detail["rows"] == 2
        assert entry.detail["key_prefix"] == key[:8] and entry.actor == "partner:Công an tỉnh Trà Vinh"
        assert entry.target.startswith("partner_key:") and entry.user_id is None
    with app.app_context():
        row = db.session.scalar(sa.select(PartnerKey))
        assert row.last_used_at is not None
        assert key not in json.dumps([e.detail for e in entries])  # the key itself is never logged


def test_the_feed_lists_flagged_numbers_with_counts_identities_and_the_156_sms(app, admin):
    now = datetime.now(timezone.utc)
    first = confirm_number(app, claimed_identity="police", money_lost=False, created_at=now - timedelta(days=3))
    confirm_number(app, claimed_identity="bank", money_lost=True, created_at=now - timedelta(days=1))
    add_report(app, status="new", claimed_identity="utility", created_at=now - timedelta(hours=5))
    add_report(app, status="withdrawn", claimed_identity="job", money_lost=True, created_at=now)
    add_report(app, status="not_scam", claimed_identity="delivery", created_at=now - timedelta(days=9))
    add_report(app, status="new", reported_number="+84281234567")  # never confirmed: not listed
    key = make_key(admin)
    document = app.test_client().get(JSON_URL, headers=bearer(key)).get_json()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["generated_at"])
    [number] = document["numbers"]
    with app.app_context():
        created = db.session.get(Report, first).created_at.replace(tzinfo=timezone.utc)
    assert number["number"] == SCAMMER
    assert number["first_report_at"] == created.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert number["last_report_at"] > number["first_report_at"]
    assert (number["report_count"], number["confirmed_reports"], number["money_lost"]) == (3, 2, True)
    assert number["claimed_identities"] == [{"code": "police", "label": "Công an"},
                                            {"code": "bank", "label": "Ngân hàng"},
                                            {"code": "utility", "label": "Điện lực / cấp nước"}]
    assert number["sms_156"].startswith("LD 0987654321 ") and len(number["sms_156"]) <= 160
    assert "Cong an, Ngan hang, Dien luc / cap nuoc" in number["sms_156"]
    assert "Da co nguoi mat tien" in number["sms_156"]


def test_the_csv_has_a_bom_a_header_and_one_row_per_number(app, admin):
    confirm_number(app, claimed_identity="telecom")
    confirm_number(app, "+84281234567", claimed_identity=None, money_lost=None)
    response = app.test_client().get(CSV_URL, headers=bearer(make_key(admin)))
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    by_number = {row["number"]: row for row in rows}
    assert set(by_number) == {SCAMMER, "+84281234567"}
    assert by_number[SCAMMER]["claimed_identities"] == "Nhà mạng"
    assert by_number[SCAMMER]["claimed_identity_codes"] == "telecom"
    assert by_number["+84281234567"]["money_lost"] == "false"
    assert by_number["+84281234567"]["sms_156"].startswith("LD 0281234567 Lua dao qua dien thoai.")


def test_neither_format_carries_any_caller_data(app, admin, users):
    report = confirm_number(app, caller=CALLER, transcript=TRANSCRIPT, notes=NOTES,
                            assignee_id=users["minh"], reference="735194")
    with app.app_context():
        row = db.session.get(Report, report)
        secrets_of_caller = [CALLER, CALLER[3:], "0" + CALLER[3:], "0912 345 678", row.reference,
                             row.call_sid, TRANSCRIPT, TRANSCRIPT[:20], NOTES, row.recording_url,
                             row.audio_path, "minh", "admin"]
    key = make_key(admin)
    bodies = [app.test_client().get(url, headers=bearer(key)).get_data(as_text=True)
              for url in (JSON_URL, CSV_URL)]
    assert all(SCAMMER in body for body in bodies)  # the feed did list the report's number
    for body in bodies:
        found = [value for value in secrets_of_caller if value and value in body]
        assert found == [], found


def test_keys_are_stored_hashed_and_shown_only_on_the_answer_that_made_them(app, admin):
    key = make_key(admin, "Viettel")
    assert len(key) == 43  # secrets.token_urlsafe(32)
    listing = admin.client.get("/review/api-keys").get_data(as_text=True)
    assert key not in listing and key[:8] in listing and "Viettel" in listing
    with app.app_context():
        row = db.session.scalar(sa.select(PartnerKey))
        assert row.key_hash == hashlib.sha256(key.encode()).hexdigest() and row.key_prefix == key[:8]
        assert row.created_by_id is not None and row.revoked_at is None
        actions = list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
        dump = json.dumps([e.detail for e in db.session.scalars(sa.select(AuditEntry))])
    assert "partner_key_create" in actions and key not in dump


def test_revoking_is_audited_once(app, admin):
    make_key(admin)
    with app.app_context():
        key_id = db.session.scalar(sa.select(PartnerKey.id))
    admin.post(f"/review/api-keys/{key_id}/revoke")
    admin.post(f"/review/api-keys/{key_id}/revoke")
    with app.app_context():
        row = db.session.get(PartnerKey, key_id)
        assert row.revoked_at is not None and row.revoked_by_id is not None
        revokes = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "partner_key_revoke")).all()
        assert len(revokes) == 1 and revokes[0].detail["key_prefix"] == row.key_prefix
    assert "Đã thu hồi" in admin.client.get("/review/api-keys").get_data(as_text=True)


def test_a_bad_organisation_name_is_refused_in_vietnamese(app, admin):
    response = admin.post("/review/api-keys", {"organisation": " x "})
    assert response.status_code == 400 and "Tên cơ quan cần dài từ 2 đến 120 ký tự." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PartnerKey)) == 0


def test_volunteers_cannot_see_make_or_revoke_keys(app, admin, client):
    make_key(admin)
    with app.app_context():
        key_id = db.session.scalar(sa.select(PartnerKey.id))
    admin.client.post("/review/logout", data={"csrf_token": admin.token()})
    admin.login("lan")
    assert admin.client.get("/review/api-keys").status_code == 403
    assert admin.post("/review/api-keys", {"organisation": "Kẻ gian"}).status_code == 403
    assert admin.post(f"/review/api-keys/{key_id}/revoke").status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PartnerKey)) == 1
        assert db.session.get(PartnerKey, key_id).revoked_at is None
