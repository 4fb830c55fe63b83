"""End-to-end in Debian's chromium (Playwright), issue 12 item 1: a volunteer keeps their phone
(shown to them masked but the last 3 digits), goes on shift and sets weekly hours; an admin sees
who is on shift and every phone, and that viewing is audited. Another volunteer never sees it."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from ivr.models import AuditEntry, User, db
from ivr.people.shifts import aware, on_shift_now
from ivr.review.labels import local_time
from tests.review.test_browser import log_in, page, site, submit  # noqa: F401

pytestmark = pytest.mark.browser


def user(site, name: str) -> User:
    with site.app.app_context():
        found = db.session.execute(sa.select(User).filter_by(username=name)).scalar_one()
        db.session.expunge_all()
        return found


def audit_rows(site) -> list[tuple[str, str, dict | None]]:
    with site.app.app_context():
        return [(e.actor, e.action, e.detail) for e in
                db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


def on_shift_names(site) -> list[str]:
    with site.app.app_context():
        return [u.username for u in on_shift_now()]


def test_a_volunteer_keeps_a_masked_phone_goes_on_shift_and_sets_hours(page, site):
    log_in(page, site, "lan")
    page.click("nav >> text=Ca trực")
    assert page.locator("#my-phone").inner_text() == "chưa có"
    page.fill("#phone", "+1 202 555 0123")  # not Vietnamese: refused in the form
    response = submit(page, "form[action$='/shift/phone']")
    assert response.status == 400 and "số điện thoại Việt Nam" in page.content()
    page.fill("#phone", "0903 216 789")
    submit(page, "form[action$='/shift/phone']")
    assert page.locator("#my-phone").inner_text() == "•••••••789"
    assert "0903" not in page.content() and "216" not in page.locator("main").inner_text()
    assert user(site, "lan").phone == "+84903216789"
    submit(page, "#shift-status")
    assert page.locator("#shift-status .shift-state").inner_text() == "Đang trực"
    ends = local_time(aware(user(site, "lan").on_shift_since) + timedelta(hours=8))
    assert page.locator("#shift-status .shift-ends").inner_text() == f"đến {ends}"
    assert "chỉ kéo dài 8 giờ" in page.locator("#shift-status").inner_text()
    assert on_shift_names(site) == ["lan"]
    page.fill("#start_0", "08:00")
    page.fill("#end_0", "07:00")  # reversed: parse_hours refuses it, nothing stored
    assert submit(page, "form[action$='/shift/hours']").status == 400
    assert user(site, "lan").shift_hours is None
    page.fill("#end_0", "11:30")
    page.fill("#start_5", "19:00")
    page.fill("#end_5", "21:00")
    submit(page, "form[action$='/shift/hours']")
    assert user(site, "lan").shift_hours == [{"day": 0, "start": "08:00", "end": "11:30"},
                                            {"day": 5, "start": "19:00", "end": "21:00"}]
    assert page.input_value("#start_5") == "19:00"
    submit(page, "#shift-status")  # off again
    assert on_shift_names(site) in ([], ["lan"])  # weekly hours may hold at this very moment
    actions = [action for actor, action, _ in audit_rows(site) if actor == "lan"]
    assert actions[-4:] == ["shift_phone", "shift_on", "shift_hours", "shift_off"]
    assert all("903" not in str(detail) for _, _, detail in audit_rows(site))


def test_the_admin_sees_who_is_on_shift_and_the_phones_and_it_is_audited(page, site):
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/shift")
    page.fill("#phone", "0987654321")
    submit(page, "form[action$='/shift/phone']")
    submit(page, "#shift-status")
    page.goto(f"{site.url}/review/shifts")  # a volunteer may not see anyone's phone
    assert "0987" not in page.content() and "Không có quyền" in page.content()
    page.context.clear_cookies()
    log_in(page, site, "admin")
    before = [a for _, a, _ in audit_rows(site)].count("shift_phones")
    page.click("nav >> text=Ai đang trực")
    assert page.locator("#on-shift tr[data-user=lan] td").first.inner_text() == "lan"
    assert page.locator("#phones tr[data-user=lan] .phone").inner_text() == "0987 654 321"
    assert page.locator("#phones tr[data-user=minh] .phone").inner_text() == "chưa có"
    viewed = [(actor, action) for actor, action, _ in audit_rows(site) if action == "shift_phones"]
    assert len(viewed) == before + 1 and viewed[-1] == ("admin", "shift_phones")
    page.goto(f"{site.url}/review/audit")
    assert "Xem số điện thoại tình nguyện viên" in page.content()


def test_another_volunteer_never_sees_a_colleagues_phone(page, site):
    with site.app.app_context():
        found = db.session.execute(sa.select(User).filter_by(username="lan")).scalar_one()
        found.phone = "+84903216789"
        db.session.commit()
    log_in(page, site, "minh")
    for path in ("/review/shift", "/review/", "/review/shifts"):
        page.goto(f"{site.url}{path}")
        assert "789" not in page.locator("main").inner_text()
    assert page.locator("nav >> text=Ai đang trực").count() == 0
