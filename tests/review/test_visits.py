"""The dashboard's "Đội xã" and "Thăm nhà" pages (issue 12, item 7), through the test client on
SQLite and PostgreSQL: who may see and change what, the queue's order and marks, the visit page's
audit (open, listen with a ticket, reveal), and its actions (commune, assign, call, close)."""
from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
import sqlalchemy as sa

from ivr.models import AuditEntry, CallbackRequest, Team, User, VisitRequest, db, utcnow
from ivr.people import teams
from ivr.review.audio import listen_ticket
from tests.conftest import make_app
from tests.review.conftest import Reviewer, add_users, write_wav

_n = count(1)


def add_visit(app, **fields) -> int:
    """A visit request with a stored recording ``v<n>.wav`` (defaults), from 0912 345 678."""
    n = next(_n)
    values = dict(reference=f"V{n:05d}", call_sid=f"CAV{n:030d}", caller="+84912345678",
                  audio_state="stored", audio_path=f"v{n}.wav", recording_seconds=2,
                  transcript="Tôi tên Hoa, ở xã Tân Lập, nhà gần chợ.", status="new",
                  created_at=utcnow() - timedelta(minutes=10 * n))
    values.update(fields)
    with app.app_context():
        visit = VisitRequest(**values)
        db.session.add(visit)
        db.session.commit()
        return visit.id


def make_team(app, name: str, communes: str, *members: str) -> int:
    with app.app_context():
        team = teams.create_team(name)
        teams.add_communes(team, communes)
        for username in members:
            teams.add_member(team, db.session.scalars(sa.select(User).filter_by(username=username)).one())
        db.session.commit()
        return team.id


def audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                                          .order_by(AuditEntry.id)))
        db.session.expunge_all()
        return entries


def visit_row(app, visit_id: int) -> VisitRequest:
    with app.app_context():
        visit = db.session.get(VisitRequest, visit_id)
        db.session.expunge_all()
        return visit


def test_the_pages_need_a_login_and_team_changes_need_an_admin(app, client, volunteer):
    anonymous = app.test_client()
    for url in ("/review/visits", "/review/teams", "/review/visits/1"):
        assert anonymous.get(url).status_code == 302
    assert volunteer.post("/review/teams", {"name": "Đội Bắc"}).status_code == 403
    team_id = make_team(app, "Đội Bắc", "Tân Lập")
    for url in (f"/review/teams/{team_id}/communes", f"/review/teams/{team_id}/members",
                f"/review/teams/{team_id}/rename"):
        assert volunteer.post(url, {"communes": "Hòa Bình", "name": "X", "user": "1"}).status_code == 403
    assert volunteer.client.post("/review/visits/1/close", data={"outcome": "visited"}).status_code == 400


def test_an_admin_makes_a_team_with_communes_and_a_member_and_the_member_sees_it(app, users, admin):
    response = admin.post("/review/teams", {"name": "Đội Đông Anh"}, follow_redirects=True)
    assert "Đã tạo đội Đội Đông Anh." in response.get_data(as_text=True)
    with app.app_context():
        team_id = db.session.scalars(sa.select(Team.id)).one()
    html = admin.post(f"/review/teams/{team_id}/communes", {"communes": "Xã Tân Lập\r\nPhường Hòa Bình\r\n"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Đã thêm 2 xã" in html and "Phường Hòa Bình" in html
    admin.post(f"/review/teams/{team_id}/members", {"user": str(users["lan"])})
    other = admin.post("/review/teams", {"name": "Đội khác"})
    assert other.status_code == 302
    with app.app_context():
        other_id = db.session.scalars(sa.select(Team.id).where(Team.name == "Đội khác")).one()
    refused = admin.post(f"/review/teams/{other_id}/communes", {"communes": "tân lập"},
                         follow_redirects=True).get_data(as_text=True)
    assert "tân lập (đội Đội Đông Anh)" in refused
    assert [e.action for e in audit(app, "team_create")] == ["team_create", "team_create"]
    assert len(audit(app, "team_communes")) == 1 and len(audit(app, "team_member_add")) == 1

    lan = Reviewer(app.test_client())
    lan.login("lan")
    page = lan.client.get("/review/teams").get_data(as_text=True)
    assert "Đội Đông Anh" in page and "Đội khác" not in page and "Xã Tân Lập" in page
    assert "add-communes" not in page  # read-only for a volunteer
    minh = Reviewer(app.test_client())
    minh.login("minh")
    assert "Bạn chưa thuộc đội xã nào" in minh.client.get("/review/teams").get_data(as_text=True)


def test_the_queue_shows_the_members_team_first_marked_with_masked_numbers(app, users, volunteer):
    north = make_team(app, "Đội Bắc", "Tân Lập", "lan")
    make_team(app, "Đội Nam", "Hòa Bình")
    other = add_visit(app, commune="Hòa Bình", team_id=north + 1, created_at=utcnow() - timedelta(days=3))
    unknown = add_visit(app, created_at=utcnow() - timedelta(hours=5))
    mine = add_visit(app, commune="Tân Lập", team_id=north, created_at=utcnow() - timedelta(minutes=30))
    html = volunteer.client.get("/review/visits").get_data(as_text=True)
    order = [html.index(f'data-id="{visit}"') for visit in (mine, unknown, other)]
    assert order == sorted(order)
    assert f'class="card visit group-mine mine" data-id="{mine}"' in html
    assert "Đội của bạn" in html and "chưa rõ xã" in html
    assert "09•• ••• 678" in html and "0912345678" not in html and "0912 345 678" not in html
    assert "chờ 30 phút" in html and "chờ 5 giờ" in html and "chờ 3 ngày" in html


def test_opening_a_visit_is_audited_and_only_an_admin_reveals_the_number(app, users, client):
    visit_id = add_visit(app)
    lan = Reviewer(client)
    lan.login("lan")
    html = lan.client.get(f"/review/visits/{visit_id}").get_data(as_text=True)
    assert "09•• ••• 678" in html and "0912 345 678" not in html and "nhà gần chợ" in html
    assert 'preload="none"' in html and f"/review/visits/{visit_id}/audio" not in html
    assert [(e.actor, e.target) for e in audit(app, "visit_open")] == [("lan", f"visit:{visit_id}")]
    assert lan.post(f"/review/visits/{visit_id}/reveal").status_code == 403
    admin = Reviewer(app.test_client())
    admin.login("admin")
    revealed = admin.post(f"/review/visits/{visit_id}/reveal").get_data(as_text=True)
    assert "0912 345 678" in revealed
    assert [(e.actor, e.target) for e in audit(app, "reveal")] == [("admin", f"visit:{visit_id}")]


def test_play_writes_listen_and_only_a_visit_ticket_streams_it(app, users, volunteer, recordings):
    visit_id = add_visit(app, audio_path="visit.wav")
    path = write_wav(recordings / "visit.wav")
    pressed = volunteer.post(f"/review/visits/{visit_id}/listen", headers={"Accept": "application/json"})
    src = pressed.get_json()["src"]
    assert src.startswith(f"/review/visits/{visit_id}/audio?t=")
    with volunteer.client.get(src) as played:
        assert played.status_code == 200 and played.data == path.read_bytes()
        assert "no-store" in played.headers["Cache-Control"]
    with app.test_request_context():
        report_ticket = listen_ticket(users["lan"], visit_id)  # a report's ticket, same number
    for url in (f"/review/visits/{visit_id}/audio", f"/review/visits/{visit_id}/audio?t={report_ticket}",
                f"/review/reports/{visit_id}/audio?t={src.split('?t=')[1]}"):
        assert volunteer.client.get(url).status_code in (403, 404), url
    assert [(e.actor, e.target) for e in audit(app, "listen")] == [("lan", f"visit:{visit_id}")]


def test_a_commune_of_only_xa_is_refused_on_the_page(app, users, volunteer):
    visit_id = add_visit(app, transcript=None)
    for typed in ("Xã", "Xã/Phường"):
        page = volunteer.post(f"/review/visits/{visit_id}/commune", {"commune": typed},
                              follow_redirects=True).get_data(as_text=True)
        assert "chưa có tên xã" in page and "Đã đặt xã" not in page
    assert visit_row(app, visit_id).commune is None


def test_commune_assign_and_close_from_the_page(app, users, volunteer):
    north = make_team(app, "Đội Bắc", "Xã Tân Lập", "lan", "minh")
    visit_id = add_visit(app, transcript=None)
    page = volunteer.post(f"/review/visits/{visit_id}/commune", {"commune": "tân lập"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Đã đặt xã: Xã Tân Lập — đội Đội Bắc." in page
    assert (visit_row(app, visit_id).team_id, visit_row(app, visit_id).commune_source) == (north, "volunteer")
    volunteer.post(f"/review/visits/{visit_id}/assign", {"assignee": str(users["minh"])})
    assert visit_row(app, visit_id).assignee_id == users["minh"]
    refused = volunteer.post(f"/review/visits/{visit_id}/assign", {"assignee": str(users["admin"])},
                             follow_redirects=True).get_data(as_text=True)
    assert "admin không thuộc đội" in refused and visit_row(app, visit_id).assignee_id == users["minh"]
    volunteer.post(f"/review/visits/{visit_id}/close", {"outcome": "visited", "note": "Đã cài VNeID."})
    closed = visit_row(app, visit_id)
    assert (closed.status, closed.outcome, closed.outcome_note, closed.closed_by_id) == (
        "closed", "visited", "Đã cài VNeID.", users["lan"])
    again = volunteer.post(f"/review/visits/{visit_id}/close", {"outcome": "duplicate"},
                           follow_redirects=True).get_data(as_text=True)
    assert "không thay đổi được nữa" in again and visit_row(app, visit_id).outcome == "visited"
    assert 'id="close-form"' not in again
    [entry] = audit(app, "visit_close")
    assert (entry.actor, entry.detail) == ("lan", {"outcome": "visited", "note": True})
    assert volunteer.client.get("/review/visits/999999").status_code == 404


@pytest.fixture
def calling_app(tmp_path, twilio_api):
    app = make_app(f"sqlite:///{tmp_path / 'calls.sqlite3'}", tmp_path, HOTLINE_NUMBER="+842873001234",
                   TWILIO_ACCOUNT_SID=twilio_api.account_sid, TWILIO_API_BASE_URL=twilio_api.origin,
                   CALLING_HOURS="00:00-24:00")
    yield app
    with app.app_context():
        db.engine.dispose()


def test_goi_lai_makes_one_visit_callback_and_rings_the_volunteer(calling_app, twilio_api):
    app = calling_app
    ids = add_users(app)
    with app.app_context():
        db.session.get(User, ids["lan"]).phone = "+84987000111"
        db.session.commit()
    visit_id = add_visit(app)
    lan = Reviewer(app.test_client())
    lan.login("lan")
    page = lan.post(f"/review/visits/{visit_id}/call", follow_redirects=True).get_data(as_text=True)
    assert "Tổng đài đang gọi vào điện thoại của bạn" in page
    [placed] = twilio_api.placed()
    assert (placed.params["To"], placed.params["From"]) == ("+84987000111", "+842873001234")
    assert "/voice/callback/volunteer?attempt=" in placed.params["Url"]
    busy = lan.post(f"/review/visits/{visit_id}/call", follow_redirects=True).get_data(as_text=True)
    assert "đang được gọi" in busy and len(twilio_api.placed()) == 1
    queue = lan.client.get("/review/callbacks").get_data(as_text=True)
    assert "Hẹn thăm nhà" in queue and f'href="/review/visits/{visit_id}"' in queue
    with app.app_context():
        [request] = db.session.scalars(sa.select(CallbackRequest)).all()
        assert (request.reason, request.context, request.status) == ("visit", {"visit": visit_id}, "calling")


def test_an_admin_renames_a_team_and_removes_a_commune_and_a_member(app, users, admin):
    team_id = make_team(app, "Đội Bắc", "Tân Lập\nHòa Bình", "lan")
    visit_id = add_visit(app, commune="Hòa Bình", team_id=team_id)
    admin.post(f"/review/teams/{team_id}/rename", {"name": "Đội Bắc Ninh"})
    with app.app_context():
        commune_id = next(row.id for row in db.session.get(Team, team_id).communes if row.key == "hòa bình")
    page = admin.post(f"/review/teams/{team_id}/communes/{commune_id}/remove",
                      follow_redirects=True).get_data(as_text=True)
    assert "Đã bỏ xã Hòa Bình." in page and "Đội Bắc Ninh" in page
    assert visit_row(app, visit_id).team_id is None  # back under "chưa rõ đội"
    admin.post(f"/review/teams/{team_id}/members/{users['lan']}/remove")
    with app.app_context():
        team = db.session.get(Team, team_id)
        assert (team.name, [c.name for c in team.communes], team.members) == ("Đội Bắc Ninh", ["Tân Lập"], [])
    assert admin.post(f"/review/teams/{team_id}/communes/999/remove").status_code == 404
    assert [len(audit(app, action)) for action in ("team_rename", "team_commune_remove",
                                                   "team_member_remove")] == [1, 1, 1]


def test_a_final_visit_says_so_in_one_sentence_and_stops_counting_its_wait(app, users, volunteer):
    asked = utcnow() - timedelta(days=3)
    closed = add_visit(app, status="closed", outcome="visited", created_at=asked,
                       closed_at=asked + timedelta(minutes=45))
    withdrawn = add_visit(app, caller=None, status="withdrawn", created_at=asked,
                          closed_at=asked + timedelta(hours=2))
    closed_page = volunteer.client.get(f"/review/visits/{closed}").get_data(as_text=True)
    assert "Yêu cầu thăm nhà này đã đóng: không thay đổi được nữa." in closed_page
    assert "kết thúc sau 45 phút" in closed_page and "đã chờ" not in closed_page
    withdrawn_page = volunteer.client.get(f"/review/visits/{withdrawn}").get_data(as_text=True)
    assert "Người dân đã rút yêu cầu thăm nhà này: không thay đổi được nữa." in withdrawn_page
    assert "kết thúc sau 2 giờ" in withdrawn_page
    for page in (closed_page, withdrawn_page):
        assert "đã đã" not in page and "đã người dân" not in page.lower()
    listed = volunteer.client.get("/review/visits?closed=1").get_data(as_text=True)
    assert "kết thúc sau 45 phút" in listed and "chờ 3 ngày" not in listed


def test_a_second_open_request_from_the_same_phone_says_it_may_be_a_duplicate(app, users, volunteer):
    first = add_visit(app, caller_key="a" * 64, created_at=utcnow() - timedelta(hours=5))
    again = add_visit(app, caller_key="a" * 64, created_at=utcnow() - timedelta(hours=1))
    other = add_visit(app, caller_key="b" * 64, created_at=utcnow() - timedelta(hours=2))
    listed = volunteer.client.get("/review/visits").get_data(as_text=True)
    assert listed.count("Có thể trùng với yêu cầu") == 1
    card = listed.split(f'data-id="{again}"')[1].split("</li>")[0]
    assert f"Có thể trùng với yêu cầu #{first}" in card
    page = volunteer.client.get(f"/review/visits/{again}").get_data(as_text=True)
    assert f'id="duplicate">Có thể trùng với <a href="/review/visits/{first}">yêu cầu #{first}</a>' in page
    for alone in (first, other):
        assert 'id="duplicate"' not in volunteer.client.get(f"/review/visits/{alone}").get_data(as_text=True)


def test_a_closed_or_withheld_visit_offers_no_call(app, users, volunteer):
    closed = add_visit(app, status="closed", outcome="duplicate")
    withheld = add_visit(app, caller=None, caller_key="k" * 64, status="withdrawn")
    closed_page = volunteer.client.get(f"/review/visits/{closed}").get_data(as_text=True)
    assert 'id="call-form"' not in closed_page and "Trùng với yêu cầu khác" in closed_page
    refused = volunteer.post(f"/review/visits/{closed}/call", follow_redirects=True).get_data(as_text=True)
    assert "Tổng đài chưa gọi ra được" in refused  # no Twilio here; and never a callback row
    withheld_page = volunteer.client.get(f"/review/visits/{withheld}").get_data(as_text=True)
    assert "Đã xóa khi người dân rút yêu cầu" in withheld_page
    listed = volunteer.client.get("/review/visits?closed=1").get_data(as_text=True)
    assert f'data-id="{closed}"' in listed and f'data-id="{withheld}"' in listed
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CallbackRequest)) == 0
