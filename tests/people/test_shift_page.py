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


def _save_phone(reviewer: Reviewer, raw: str):
    return reviewer.post("/review/shift/phone", {"phone": raw})


def test_a_premium_short_or_foreign_number_is_refused_as_a_volunteer_phone(app, client):
    reviewer = _volunteer(app, client, phone=None)
    for raw in ("1900 1234", "1800 1234", "113", "+1 202 555 0123"):
        response = _save_phone(reviewer, raw)
        assert response.status_code == 400, raw
        assert "hợp lệ" in response.get_data(as_text=True)
    assert "1800, 1900" in _save_phone(reviewer, "1900 1234").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(User.phone).where(User.username == "lan")).one() is None


def test_a_number_another_active_volunteer_has_is_refused_without_naming_them(app, client):
    reviewer = _volunteer(app, client, phone="+84912345678")
    with app.app_context():  # minh takes lan's number: refused; an inactive one does not count
        minh = db.session.scalars(db.select(User).where(User.username == "minh")).one()
        minh.phone = "+84987654321"
        db.session.commit()
    reviewer.client.get("/review/logout")
    client2 = app.test_client()
    other = Reviewer(client2)
    assert other.login("minh").status_code == 302
    response = _save_phone(other, "0912 345 678")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Số này đã có tình nguyện viên khác dùng." in page
    assert "lan" not in page.split("<main", 1)[-1]
    assert _save_phone(other, "0987 654 321").status_code == 302  # their own number again
    with app.app_context():
        db.session.scalars(db.select(User).where(User.username == "lan")).one().active = False
        db.session.commit()
    assert _save_phone(other, "0912 345 678").status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(User.phone).where(User.username == "minh")).one() \
            == "+84912345678"


def test_weekly_hours_accept_24_00_as_an_end(app, client):
    reviewer = _volunteer(app, client)
    assert reviewer.post("/review/shift/hours", {"start_0": "00:00", "end_0": "24:00",
                                                 "start_5": "19:00", "end_5": "24:00"}).status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(User.shift_hours).where(User.username == "lan")).one() \
            == [{"day": 0, "start": "00:00", "end": "24:00"}, {"day": 5, "start": "19:00", "end": "24:00"}]
    page = reviewer.client.get("/review/shift").get_data(as_text=True)
    assert 'value="24:00"' in page
    refused = reviewer.post("/review/shift/hours", {"start_1": "24:00", "end_1": "24:00"})
    assert refused.status_code == 400  # 24:00 ends a day, never starts one
