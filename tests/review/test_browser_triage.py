"""End-to-end in Debian's chromium (Playwright), issue 11: the queue's triage marks as a volunteer
sees them, and an admin's partner key from creation (shown once) to revocation (the API refuses it).

Uses the browser, page and login helpers of ``test_browser``; the app is served on a local port.
"""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug.serving import make_server

from ivr import work
from ivr.models import db
from tests.api.test_feed import confirm_number
from tests.conftest import make_app
from tests.review.conftest import WorkLog, add_report, add_users
from tests.review.test_browser import PHONE, Site, log_in, page, submit  # noqa: F401

pytestmark = pytest.mark.browser
SCAMMER = "+84987654321"


@pytest.fixture
def site(tmp_path):
    """The app on SQLite, served by werkzeug in a thread: an urgent report, an overdue one, an
    ordinary one and a confirmed one (its number is in the feed)."""
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path)
    app.extensions[work.EXTENSION] = WorkLog()
    add_users(app)
    now = datetime.now(timezone.utc)
    ordinary = add_report(app, reference="100001", created_at=now - timedelta(hours=1))
    overdue = add_report(app, reference="100002", created_at=now - timedelta(hours=30))
    urgent = add_report(app, reference="100003", money_lost=True, created_at=now - timedelta(minutes=5))
    confirm_number(app, SCAMMER, reference="100004", created_at=now - timedelta(days=2))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_port}", app, urgent, overdue), ordinary
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def api_get(url: str, key: str) -> tuple[int, str]:
    """GET ``url`` with the key as a bearer token, no cookies: (status, body)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8-sig")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def card_text(page, reference: str) -> str:
    return page.locator("li.report-card", has_text=f"Báo cáo {reference}").inner_text()


def test_the_queue_marks_urgent_overdue_and_new_reports_in_words(page, site):  # noqa: F811
    site, _ordinary = site
    log_in(page, site, "lan")  # lands on the queue: lan's first look at it
    cards = page.locator("li.report-card .ref").all_inner_texts()
    assert cards[0] == "Báo cáo 100003"  # money or a code given: first
    assert "Đã mất tiền / đã đọc mã" in card_text(page, "100003")
    assert "Quá hạn" in card_text(page, "100002") and "Quá hạn" not in card_text(page, "100001")
    assert "Đã mất tiền" not in card_text(page, "100001")
    assert "4 báo cáo mới" in page.inner_text("#new-since")  # first look: everything is new
    assert all("Mới với bạn" in card_text(page, ref) for ref in ("100001", "100002", "100003"))
    # The marks are visible words (not only a colour), on a phone without sideways scrolling.
    assert page.locator("li.report-card .tag-urgent").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    add_report(site.app, reference="100005", created_at=datetime.now(timezone.utc))
    page.reload()
    assert "1 báo cáo mới" in page.inner_text("#new-since")
    assert "Mới với bạn" in card_text(page, "100005")
    assert "Mới với bạn" not in card_text(page, "100001")


def test_an_admin_creates_a_key_sees_it_once_and_revoking_it_shuts_the_feed(page, site):  # noqa: F811
    site, _ordinary = site
    log_in(page, site, "admin")
    page.click("nav >> text=Khóa API")
    assert page.inner_text("h1") == "Khóa API cho cơ quan chức năng"
    page.fill("#organisation", "Tổng đài 156")
    submit(page, "#key-form")
    key = page.inner_text("#new-key").strip()
    assert len(key) == 43 and "Khóa chỉ hiện một lần" in page.inner_text("main")

    status, body = api_get(f"{site.url}/api/v1/scam-numbers.json", key)
    assert status == 200 and [n["number"] for n in json.loads(body)["numbers"]] == [SCAMMER]
    status, body = api_get(f"{site.url}/api/v1/scam-numbers.csv", key)
    assert status == 200 and body.splitlines()[1].startswith(SCAMMER)

    page.click("text=Về danh sách khóa")
    listing = page.inner_text("#keys")
    assert key not in page.content() and key[:8] in listing and "Tổng đài 156" in listing
    assert "Dùng lần cuối: chưa dùng" not in listing  # the reads above were noted
    submit(page, "li.key .revoke-form")
    assert "Đã thu hồi khóa" in page.inner_text("main") and "Đã thu hồi" in page.inner_text("#keys")
    status, body = api_get(f"{site.url}/api/v1/scam-numbers.json", key)
    assert status == 401 and json.loads(body)["error"] == "invalid_api_key" and SCAMMER not in body


def test_a_volunteer_has_no_key_page(page, site):  # noqa: F811
    site, _ordinary = site
    log_in(page, site, "lan")
    assert "Khóa API" not in page.inner_text("header")
    response = page.goto(f"{site.url}/review/api-keys")
    assert response.status == 403 and "chỉ dành cho quản trị viên" in page.inner_text("main")
