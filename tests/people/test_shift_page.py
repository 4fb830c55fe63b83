"""The "Ca trực" page (issue 12) through the Flask test client with CSRF: the on-shift switch
counts only inside CALLING_HOURS, and the page says until when. Both databases."""
from __future__ import annotations

from datetime import datetime, timedelta

from ivr.models import User, db, utcnow
from ivr.people.shifts import VIETNAM
from tests.review.conftest import Reviewer, add_users


def _volunteer(app, client, phone: str = "+84912345678") -> Reviewer:
    ids = add_users(app)
    with app.app_context():
        db.session.get(User, ids["lan"]).phone = phone
        db.session.commit()
    reviewer = Reviewer(client)
    assert reviewer.login("lan").status_code == 302
    return reviewer


def test_switching_on_ends_at_the_end_of_calling_hours(app, client):
    local = utcnow().astimezone(VIETNAM)
    app.config["CALLING_HOURS"] = f"{max(local.hour - 1, 0):02d}:00-{local.hour + 1:02d}:00"
    reviewer = _volunteer(app, client)
    page = reviewer.post("/review/shift/on", follow_redirects=True).get_data(as_text=True)
    end = (datetime.combine(local.date(), datetime.min.time(), tzinfo=VIETNAM)
           + timedelta(hours=local.hour + 1))
    clock = f"{end.hour:02d}:00"
    assert f"Bạn đang trực đến {clock}" in page
    assert "Đang trực" in page and f"{clock}</span>" in page


def test_switching_on_outside_calling_hours_says_so_and_nobody_is_rung(app, client):
    app.config["CALLING_HOURS"] = "00:00-00:01" if utcnow().astimezone(VIETNAM).hour else "12:00-12:01"
    reviewer = _volunteer(app, client)
    page = reviewer.post("/review/shift/on", follow_redirects=True).get_data(as_text=True)
    assert "Ngoài giờ gọi (" in page and "Không trực" in page
    assert "Bạn đang trực" not in page

