"""End-to-end: the callback queue "Gọi lại" in Debian's chromium (Playwright), against the app
served on a local port (SQLite) and the local stand-in of Twilio's REST API (issue 12, item 3)."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from ivr.models import AuditEntry, CallbackRequest, User, db, utcnow
from tests.conftest import make_app
from tests.review.conftest import add_users
from tests.review.test_browser import log_in, page, submit  # noqa: F401  (page: a fixture)

pytestmark = pytest.mark.browser

HOTLINE = "+842873001234"


@dataclass
class CallbackSite:
    url: str
    app: object
    oldest: int
    newer: int

    def row(self, request_id: int) -> CallbackRequest:
        with self.app.app_context():
            row = db.session.get(CallbackRequest, request_id)
            row.attempt_rows  # noqa: B018 (loaded before the session closes)
            db.session.expunge_all()
            return row

    def actions(self) -> list[str]:
        with self.app.app_context():
            return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def _serve(app, tmp_path):
    ids = add_users(app)
    now = utcnow()
    with app.app_context():
        db.session.get(User, ids["lan"]).phone = "+84987000111"
        newer = CallbackRequest(number="+84911222333", number_source="caller_id", reason="asked",
                                status="open", attempts=0, context={"reference": "123456"},
                                created_at=now - timedelta(minutes=5))
        oldest = CallbackRequest(number="+84912345678", number_source="keyed", reason="stuck",
                                 status="open", attempts=0, created_at=now - timedelta(hours=2),
                                 context={"tutorial": "tutorial_vneid", "step": 3,
                                          "tutorial_title": "tạo tài khoản VNeID"})
        db.session.add_all([newer, oldest])
        db.session.commit()
        oldest_id, newer_id = oldest.id, newer.id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, CallbackSite(f"http://127.0.0.1:{server.server_port}", app, oldest_id, newer_id)


@pytest.fixture
def site(tmp_path, twilio_api):
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path, HOTLINE_NUMBER=HOTLINE,
                   TWILIO_ACCOUNT_SID=twilio_api.account_sid, TWILIO_API_BASE_URL=twilio_api.origin,
                   CALLING_HOURS="00:00-24:00")
    server, site = _serve(app, tmp_path)
    yield site
    server.shutdown()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def unconfigured_site(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path)
    server, site = _serve(app, tmp_path)
    yield site
    server.shutdown()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


def test_the_queue_lists_oldest_first_with_context_and_masked_numbers(page, site):  # noqa: F811
    log_in(page, site, "lan")
    page.click("nav >> text=Gọi lại")
    cards = page.locator("li.callback")
    assert [cards.nth(i).get_attribute("data-id") for i in range(2)] == [str(site.oldest), str(site.newer)]
    first = cards.nth(0).inner_text()
    assert "Đang học bài tạo tài khoản VNeID, bước 3 — bị vướng" in first
    assert "09•• ••• 678" in first and "0912345678" not in page.content()
    assert "đã gọi 0 lần" in first
    assert "Muốn gặp người · Báo cáo 123456" in cards.nth(1).inner_text()


def test_goi_lai_places_the_call_on_the_stand_in(page, site, twilio_api):  # noqa: F811
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/callbacks")
    submit(page, f"li.callback[data-id='{site.oldest}'] form.call")
    assert "Tổng đài đang gọi vào điện thoại của bạn" in page.inner_text("main")
    [placed] = twilio_api.placed()
    assert (placed.params["To"], placed.params["From"]) == ("+84987000111", HOTLINE)
    assert "/voice/callback/volunteer?attempt=" in placed.params["Url"]
    card = page.locator(f"li.callback[data-id='{site.oldest}']")
    assert "Đang gọi…" in card.inner_text() and card.locator("form.call").count() == 0
    assert site.row(site.oldest).status == "calling" and "callback_call" in site.actions()


def test_manual_outcomes_retry_later_and_close_a_request(page, site):  # noqa: F811
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/callbacks")
    submit(page, f"li.callback[data-id='{site.newer}'] form.outcome-no_answer")
    card = page.locator(f"li.callback[data-id='{site.newer}']")
    assert "Gọi lại sau" in card.inner_text() and "đã gọi 1 lần" in card.inner_text()
    submit(page, f"li.callback[data-id='{site.oldest}'] form.outcome-wrong_number")
    assert page.locator(f"li.callback[data-id='{site.oldest}']").count() == 0
    row = site.row(site.oldest)
    assert (row.status, row.attempt_rows[-1].outcome) == ("done", "wrong_number")
    page.click("text=Đã xong")
    closed = page.locator(f"li.callback[data-id='{site.oldest}']").inner_text()
    assert "Đã xong" in closed and "lan" in closed
    assert site.actions().count("callback_outcome") == 2


def test_without_twilio_settings_the_page_says_so_and_outcomes_still_work(
        page, unconfigured_site):  # noqa: F811
    site = unconfigured_site
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/callbacks")
    assert "Tổng đài chưa gọi ra được" in page.inner_text("#cannot-call")
    assert page.locator("form.call").count() == 0
    submit(page, f"li.callback[data-id='{site.oldest}'] form.outcome-talked")
    assert site.row(site.oldest).status == "done"
