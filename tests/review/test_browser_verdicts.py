"""End-to-end (Debian's chromium, Playwright) for the two-person rule (issue 11): what volunteers
click in the dashboard, and what a caller then hears when checking the number through the signed
webhooks of the same app and database.

The served site (``tests/review/test_browser.py``'s ``site``) has two reports about 0987 654 321:
``site.report`` (new) and ``site.other`` (confirmed, nobody's confirmation recorded).
"""
from __future__ import annotations

import pytest

from config import TestingConfig
from ivr.models import ReportConfirmation, User, db
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from tests.review.test_browser import (PHONE, Site, browser, log_in, page, site,  # noqa: F401
                                       spoken_wav, submit)

pytestmark = pytest.mark.browser

FOUND, NOT_FOUND = "check_number_result.found1", "check_number_result.not_found1"


def phone_answer(site: Site) -> str:
    """The first prompt a caller hears after checking 0987 654 321 by phone (signed webhooks)."""
    simulator = CallSimulator(FlaskTransport(site.app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                              caller="+84933000111",
                              describe=prompt_describer(site.app.extensions["hotline.flow"]))
    simulator.start()
    simulator.press("4")
    return simulator.press("0987654321#").prompt_ids[0]


def confirm_as(site: Site, report_id: int, *names: str) -> None:
    with site.app.app_context():
        for name in names:
            user = db.session.scalar(db.select(User).where(User.username == name))
            db.session.add(ReportConfirmation(report_id=report_id, user_id=user.id))
        db.session.commit()


def other_user_page(browser, site: Site, name: str):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(15_000)
    second = context.new_page()
    log_in(second, site, name)
    return context, second


def test_one_volunteers_confirmation_does_not_flag_the_number_and_a_second_users_does(browser, page, site):  # noqa: F811
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.report}")
    page.select_option("#status", "in_review")
    submit(page, "#status-form")
    page.select_option("#status", "confirmed")
    submit(page, "#status-form")
    assert page.inner_text("#verdict") == "Cần thêm một người xác nhận"
    assert page.inner_text("#confirmers") == "lan" and page.locator("#confirm-form").count() == 0
    assert phone_answer(site) == NOT_FOUND  # one volunteer's click scares nobody

    context, second = other_user_page(browser, site, "minh")
    second.goto(f"{site.url}/review/reports/{site.report}")
    submit(second, "#confirm-form")
    assert second.inner_text("#verdict") == "Đang cảnh báo cho người gọi"
    assert second.inner_text("#confirmers") == "lan, minh"
    assert "Đã ghi nhận xác nhận của bạn." in second.inner_text("main")
    context.close()
    assert phone_answer(site) == FOUND  # from the next call on
    assert site.actions().count("confirm") == 1


def test_repeated_clicks_on_the_status_button_never_move_a_report(page, site):  # noqa: F811
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.report}")
    assert page.input_value("#status") == "new"  # the form starts on the current status
    for _ in range(3):
        submit(page, "#status-form")
        assert "Trạng thái không đổi" in page.inner_text("main")
    assert site.report_row(site.report).status == "new"
    page.select_option("#status", "in_review")
    for _ in range(3):
        submit(page, "#status-form")
    assert site.report_row(site.report).status == "in_review"
    assert page.input_value("#status") == "in_review"
    assert site.actions().count("status") == 1


def test_an_admins_revert_with_a_reason_takes_the_number_off_the_phone_at_once(page, site):  # noqa: F811
    confirm_as(site, site.other, "lan", "minh")
    assert phone_answer(site) == FOUND
    log_in(page, site, "admin")
    page.goto(f"{site.url}/review/reports/{site.other}")
    assert page.inner_text("#verdict") == "Đang cảnh báo cho người gọi"
    page.click("#revert-form button[type=submit]")  # no reason: the browser keeps the form
    assert site.report_row(site.other).status == "confirmed"
    page.fill("#revert-reason", "Số thật của ngân hàng, báo nhầm.")
    submit(page, "#revert-form")
    assert "Đã hoàn tác về: Đang xem xét." in page.inner_text("main")
    assert page.inner_text("#verdict") == "Chưa cảnh báo cho người gọi"
    assert site.report_row(site.other).status == "in_review"
    assert phone_answer(site) == NOT_FOUND
    assert "revert" in site.actions()


def test_escalation_needs_its_confirmation_step(page, site):  # noqa: F811
    log_in(page, site, "lan")
    page.goto(f"{site.url}/review/reports/{site.other}")
    page.select_option("#status", "escalated")
    submit(page, "#status-form")
    assert "hãy đánh dấu ô xác nhận" in page.inner_text("main")
    assert site.report_row(site.other).status == "confirmed"
    page.select_option("#status", "escalated")
    page.check("#confirm_final")
    submit(page, "#status-form")
    assert "Đã chuyển sang: Đã chuyển cơ quan chức năng." in page.inner_text("main")
    assert site.report_row(site.other).status == "escalated"
    assert page.locator("#status-form").count() == 0  # final for volunteers
