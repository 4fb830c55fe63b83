"""End-to-end: commune teams and home visits (issue 12, item 7) in Debian's chromium (Playwright,
a phone-sized viewport), against the app served on a local port (SQLite) and the local stand-in of
Twilio's REST API. A caller's visit request (recording, commune) reaches that commune team's queue,
is set, assigned, called back and closed, and the closing shows in the audit log."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from ivr.models import AuditEntry, CallbackRequest, Team, User, VisitRequest, db, utcnow
from ivr.people import teams
from tests.conftest import make_app
from tests.review.conftest import add_users
from tests.review.test_browser import PHONE, log_in, page, submit  # noqa: F401  (page: a fixture)

pytestmark = pytest.mark.browser

HOTLINE = "+842873001234"


@dataclass
class VisitSite:
    url: str
    app: object
    users: dict

    def visit(self, visit_id: int) -> VisitRequest:
        with self.app.app_context():
            row = db.session.get(VisitRequest, visit_id)
            db.session.expunge_all()
            return row

    def actions(self, target: str | None = None) -> list[str]:
        with self.app.app_context():
            query = sa.select(AuditEntry.action).order_by(AuditEntry.id)
            if target:
                query = query.where(AuditEntry.target == target)
            return list(db.session.scalars(query))

    def add_visit(self, reference: str, minutes_ago: int, commune: str | None = None,
                  audio: str = "visit.wav", **fields) -> int:
        """A visit request as the phone side stores it: a stored recording, the commune heard."""
        with self.app.app_context():
            owner = teams.team_for_commune(commune) if commune else None
            visit = VisitRequest(reference=reference, call_sid=f"CA{reference:0>32}",
                                 caller="+84912345678", audio_state="stored", audio_path=audio,
                                 recording_seconds=3, commune=commune,
                                 commune_source="speech" if commune else None,
                                 team_id=owner.team_id if owner else None, status="new",
                                 transcript="Tôi tên Hoa, nhà gần chợ, nhờ người đến chỉ cài VNeID.",
                                 created_at=utcnow() - timedelta(minutes=minutes_ago), **fields)
            db.session.add(visit)
            db.session.commit()
            return visit.id

    def add_team(self, name: str, communes: str, *members: str) -> int:
        with self.app.app_context():
            team = teams.create_team(name)
            teams.add_communes(team, communes)
            for username in members:
                teams.add_member(team, db.session.get(User, self.users[username]))
            db.session.commit()
            return team.id


@pytest.fixture
def site(tmp_path, twilio_api, spoken_wav):
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path, HOTLINE_NUMBER=HOTLINE,
                   TWILIO_ACCOUNT_SID=twilio_api.account_sid, TWILIO_API_BASE_URL=twilio_api.origin,
                   CALLING_HOURS="00:00-24:00", RECORDINGS_DIR=str(tmp_path / "recordings"))
    (tmp_path / "recordings").mkdir()
    shutil.copy(spoken_wav, tmp_path / "recordings" / "visit.wav")
    users = add_users(app)
    with app.app_context():
        db.session.get(User, users["lan"]).phone = "+84987000111"
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield VisitSite(f"http://127.0.0.1:{server.server_port}", app, users)
    server.shutdown()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


def _fits_the_phone(page) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_an_admin_creates_a_team_with_communes_and_a_member(page, site):  # noqa: F811
    log_in(page, site, "admin")
    page.click("nav >> text=Đội xã")
    page.fill("#new-team-name", "Đội Đông Anh")
    submit(page, "form#new-team")
    assert "Đã tạo đội Đội Đông Anh." in page.inner_text("main")
    with site.app.app_context():
        team_id = db.session.scalars(sa.select(Team.id)).one()
    card = f"section.team[data-id='{team_id}']"
    page.fill(f"#communes-{team_id}", "Xã Tân Lập\nPhường Hòa Bình\nxã tân lập")
    submit(page, f"{card} form.add-communes")
    assert "Đã thêm 2 xã cho đội Đội Đông Anh." in page.inner_text("main")
    page.select_option(f"#member-{team_id}", label="lan")
    submit(page, f"{card} form.add-member")
    members = page.locator(f"{card} ul.members").inner_text()
    assert "lan" in members and "minh" not in members
    assert [page.locator(f"{card} ul.communes li").nth(i).get_attribute("data-key")
            for i in range(2)] == ["hòa bình", "tân lập"]
    _fits_the_phone(page)
    assert site.actions(f"team:{team_id}") == ["team_create", "team_communes", "team_member_add"]

    # A caller of that commune asks for a visit: it is first in the new member's queue, marked.
    older = site.add_visit("V0008", 90)
    theirs = site.add_visit("V0009", 5, "Tân Lập")
    page.context.clear_cookies()
    log_in(page, site, "lan")
    page.click("nav >> text=Thăm nhà")
    cards = page.locator("li.visit")
    assert [cards.nth(i).get_attribute("data-id") for i in range(2)] == [str(theirs), str(older)]
    assert "Đội của bạn" in cards.nth(0).inner_text() and "Đội Đông Anh" in cards.nth(0).inner_text()


def test_a_visit_reaches_the_team_queue_and_is_set_assigned_called_and_closed(
        page, site, twilio_api):  # noqa: F811
    team_id = site.add_team("Đội Đông Anh", "Xã Tân Lập", "lan", "minh")
    site.add_team("Đội Sóc Sơn", "Xã Minh Trí")
    other = site.add_visit("V0001", 600, "Minh Trí")
    unknown = site.add_visit("V0002", 300)
    mine = site.add_visit("V0003", 20, "tân lập")

    log_in(page, site, "lan")
    page.click("nav >> text=Thăm nhà")
    cards = page.locator("li.visit")
    assert [cards.nth(i).get_attribute("data-id") for i in range(3)] == [str(mine), str(unknown), str(other)]
    first = cards.nth(0)
    assert "mine" in first.get_attribute("class") and "Đội của bạn" in first.inner_text()
    assert "chưa rõ xã" in cards.nth(1).inner_text()
    assert "09•• ••• 678" in first.inner_text() and "0912345678" not in page.content()
    _fits_the_phone(page)

    # The visit of unknown commune: listen, then set its commune; it moves to the team.
    page.click(f"li.visit[data-id='{unknown}'] a.report-link")
    assert "nhà gần chợ" in page.inner_text("#transcript")
    page.click("#play")
    page.wait_for_function("() => { const a = document.querySelector('audio#recording');"
                           " return a.duration > 0 && a.currentTime > 0.2; }")
    page.fill("#commune", "TÂN LẬP")
    submit(page, "form#commune-form")
    assert "Đội Đông Anh" in page.inner_text("#visit-team")
    assert site.visit(unknown).team_id == team_id
    page.click("text=‹ Về danh sách thăm nhà")
    assert [cards.nth(i).get_attribute("data-group") for i in range(3)] == ["mine", "mine", "other"]
    assert cards.nth(0).get_attribute("data-id") == str(unknown)  # older first among the team's

    # Assign to herself, call back through the bridged callback, close with an outcome.
    page.click(f"li.visit[data-id='{unknown}'] a.report-link")
    page.select_option("#assignee", label="Tôi nhận")
    submit(page, "form#assign-form")
    assert page.inner_text("#visit-assignee") == "lan" and site.visit(unknown).status == "assigned"
    submit(page, "form#call-form")
    assert "Tổng đài đang gọi vào điện thoại của bạn" in page.inner_text("main")
    [placed] = twilio_api.placed()
    assert (placed.params["To"], placed.params["From"]) == ("+84987000111", HOTLINE)
    assert "/voice/callback/volunteer?attempt=" in placed.params["Url"]
    with site.app.app_context():
        request = db.session.scalars(sa.select(CallbackRequest)).one()
        assert (request.reason, request.context, request.number) == ("visit", {"visit": unknown}, "+84912345678")
    page.select_option("#outcome", value="visited")
    page.fill("#note", "Đã đến, cài xong VNeID cho bác.")
    submit(page, "form#close-form")
    assert "Đã đóng" in page.inner_text("#visit-status") and page.locator("#close-form").count() == 0
    _fits_the_phone(page)
    assert site.actions(f"visit:{unknown}") == ["visit_open", "listen", "visit_commune", "visit_open",
                                                "visit_open", "assign", "visit_open", "visit_open",
                                                "visit_close", "visit_open"]

    # The admin finds the closing in the audit log, linked to the visit.
    page.context.clear_cookies()
    log_in(page, site, "admin")
    page.goto(f"{site.url}/review/audit?action=visit_close")
    entry = page.locator("li.entry[data-action='visit_close']")
    assert entry.count() == 1
    assert "Đóng yêu cầu thăm nhà · lan" in entry.inner_text()
    assert "Yêu cầu thăm nhà #" in entry.inner_text() and "visited" in entry.inner_text()
    entry.locator("a").click()
    assert "Đã đến thăm" in page.inner_text("#visit-outcome")


def test_an_admin_deletes_a_visits_number_and_recording_on_the_callers_request(
        page, site):  # noqa: F811
    visit_id = site.add_visit("V0010", 30)
    recording = Path(site.app.config["RECORDINGS_DIR"]) / "visit.wav"
    log_in(page, site, "lan")  # a volunteer has no such button
    page.goto(f"{site.url}/review/visits/{visit_id}")
    assert "nhà gần chợ" in page.inner_text("#transcript")
    assert page.locator("#forget-form").count() == 0

    page.context.clear_cookies()
    log_in(page, site, "admin")
    page.goto(f"{site.url}/review/visits/{visit_id}")
    # The box must be ticked: the browser asks first (the server refuses too, test_visit_forget).
    assert page.locator("#confirm").get_attribute("required") is not None
    page.check("#confirm")
    submit(page, "form#forget-form")
    assert "Đã xoá số điện thoại và bản ghi theo yêu cầu người gọi." in page.inner_text("main")
    assert "đã được xoá theo yêu cầu người gọi" in page.inner_text("#forgotten")
    assert page.inner_text("#caller-number") == "Đã xoá theo yêu cầu người gọi"
    assert page.locator("#transcript").count() == 0 and page.locator("#play").count() == 0
    assert page.locator("#forget-form").count() == 0
    _fits_the_phone(page)
    visit = site.visit(visit_id)
    assert (visit.caller, visit.audio_path, visit.transcript, visit.status) == \
        (None, None, None, "withdrawn")
    assert not recording.exists()
    assert site.actions(f"visit:{visit_id}")[-2:] == ["visit_forget", "visit_open"]
