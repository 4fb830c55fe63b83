"""Triage in the review queue (issue 11): money or a code given first and marked, what is new since
this volunteer last looked, and what waits longer than REVIEW_OVERDUE_HOURS."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from ivr.models import User, db
from tests.conftest import make_app
from tests.review.conftest import Reviewer, add_report, add_users
from tests.review.test_queue import reference, refs

URGENT = "Đã mất tiền / đã đọc mã"


def card(html: str, ref: str) -> str:
    """The queue card of the report with reference ``ref``."""
    match = re.search(rf'<li class="card report-card[^"]*"[^>]*>\s*<a[^>]*>\s*<span class="ref">Báo cáo {ref}</span>'
                      rf'.*?</li>', html, re.S)
    assert match, f"no card for {ref}"
    return match.group(0)


def new_count(html: str) -> int:
    return int(re.search(r'<p id="new-since"><strong>(\d+) báo cáo mới</strong>', html).group(1))


def test_money_or_a_code_given_comes_first_among_open_reports_and_is_marked(app, volunteer):
    now = datetime.now(timezone.utc)
    ids = {
        "new_old": add_report(app, status="new", created_at=now - timedelta(hours=5)),
        "urgent_young": add_report(app, status="new", money_lost=True, created_at=now - timedelta(minutes=3)),
        "review_urgent": add_report(app, status="in_review", money_lost=True, created_at=now - timedelta(hours=1)),
        "review": add_report(app, status="in_review", created_at=now - timedelta(hours=9)),
        "decided_urgent": add_report(app, status="confirmed", money_lost=True, created_at=now - timedelta(minutes=1)),
        "unknown": add_report(app, status="new", money_lost=None, created_at=now - timedelta(hours=2)),
    }
    # Urgent open reports first (new before in review, as in the rest of the queue), then the rest.
    order = ["urgent_young", "review_urgent", "new_old", "unknown", "review", "decided_urgent"]
    response = volunteer.client.get("/review/")
    assert refs(response) == [reference(app, ids[key]) for key in order]
    html = response.get_data(as_text=True)
    for key in ("urgent_young", "review_urgent", "decided_urgent"):
        mark = card(html, reference(app, ids[key]))
        assert URGENT in mark and " urgent" in mark  # words, and the card's class for the colour
    for key in ("new_old", "review", "unknown"):
        assert URGENT not in card(html, reference(app, ids[key]))
    assert re.search(rf'<p id="urgent-count">.*?{URGENT}</span> 2 báo cáo', html)  # open ones only


def test_the_queue_counts_and_marks_what_arrived_since_this_volunteer_last_looked(app, users, client):
    now = datetime.now(timezone.utc)
    before = [add_report(app, created_at=now - timedelta(hours=hours)) for hours in (3, 2)]
    add_report(app, status="withdrawn", created_at=now - timedelta(hours=1))  # counts nowhere
    lan = Reviewer(client)
    lan.login("lan")
    first = lan.client.get("/review/").get_data(as_text=True)
    assert new_count(first) == 2 and "lần đầu bạn xem hàng đợi" in first  # first look: all are new
    assert all("Mới với bạn" in card(first, reference(app, i)) for i in before)

    arrived = add_report(app, status="new", created_at=datetime.now(timezone.utc))
    second = lan.client.get("/review/").get_data(as_text=True)
    assert new_count(second) == 1 and "từ lần bạn xem trước" in second
    assert "Mới với bạn" in card(second, reference(app, arrived))
    assert not any("Mới với bạn" in card(second, reference(app, i)) for i in before)
    assert new_count(lan.client.get("/review/").get_data(as_text=True)) == 0  # looked: nothing new

    # Each volunteer has their own last look: minh has never looked, so all three are new to him.
    lan.client.post("/review/logout", data={"csrf_token": lan.token()})
    minh = Reviewer(client)
    minh.login("minh")
    assert new_count(minh.client.get("/review/").get_data(as_text=True)) == 3
    with app.app_context():
        seen = {user.username: user.queue_seen_at for user in db.session.scalars(db.select(User))}
    assert seen["lan"] and seen["minh"] and seen["admin"] is None


def test_open_reports_waiting_longer_than_the_setting_are_marked_overdue(app, volunteer):
    now = datetime.now(timezone.utc)
    old_new = add_report(app, status="new", created_at=now - timedelta(hours=25))
    old_review = add_report(app, status="in_review", created_at=now - timedelta(hours=30))
    young = add_report(app, status="new", created_at=now - timedelta(hours=23))
    old_done = add_report(app, status="confirmed", created_at=now - timedelta(days=3))
    html = volunteer.client.get("/review/").get_data(as_text=True)
    marked = {i for i in (old_new, old_review, young, old_done)
              if '<span class="tag tag-overdue">Quá hạn</span>' in card(html, reference(app, i))}
    assert marked == {old_new, old_review}
    assert re.search(r'<p id="overdue-count">.*?Quá hạn</span> 2 báo cáo chờ quá 24 giờ', html)


def test_the_overdue_time_is_a_setting(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEW_OVERDUE_HOURS", "2.5")
    app = make_app(database_url, tmp_path)
    try:
        add_users(app)
        now = datetime.now(timezone.utc)
        three_hours = add_report(app, created_at=now - timedelta(hours=3))
        two_hours = add_report(app, created_at=now - timedelta(hours=2))
        reviewer = Reviewer(app.test_client())
        reviewer.login("lan")
        html = reviewer.client.get("/review/").get_data(as_text=True)
        assert "Quá hạn" in card(html, reference(app, three_hours))
        assert "Quá hạn" not in card(html, reference(app, two_hours))
        assert "chờ quá 2.5 giờ" in html
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("value", ["-1", "ngày", "1e9"])
def test_a_bad_overdue_setting_is_refused_at_start_up(tmp_path, monkeypatch, value):
    from config import ConfigError, load_config

    monkeypatch.setenv("REVIEW_OVERDUE_HOURS", value)
    with pytest.raises(ConfigError, match=r"REVIEW_OVERDUE_HOURS must be"):
        load_config(tmp_path, "testing")
