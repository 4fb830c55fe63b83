"""End-to-end in Debian's chromium (Playwright), issue 11 item 2: the official-numbers page shows
each entry's source and verification, an admin verifies an entry and the phone then announces it
(a signed call to the same app), and a volunteer can read the list but change nothing."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from config import TestingConfig
from ivr.models import AuditEntry, OfficialNumber, db
from ivr.simulate import CallSimulator, FlaskTransport
from ivr.simulate.cli import prompt_describer
from tests.review.test_browser import log_in, page, site, submit  # noqa: F401

pytestmark = pytest.mark.browser


def seed(site):
    assert site.app.test_cli_runner().invoke(args=["official", "seed"]).exit_code == 0


def check_number(site, number: str) -> list[str]:
    """Call the hotline (signed webhooks), press 4 and key ``number``: the texts heard."""
    app = site.app
    simulator = CallSimulator(FlaskTransport(app), TestingConfig.TEST_AUTH_TOKEN, "http://localhost",
                              describe=prompt_describer(app.extensions["hotline.flow"]))
    simulator.start()
    simulator.press("4")
    return [p.text for p in simulator.press(number + "#").prompts]


def entry(site, number: str) -> OfficialNumber:
    with site.app.app_context():
        found = db.session.execute(sa.select(OfficialNumber).filter_by(number=number)).scalar_one()
        db.session.expunge_all()
        return found


def test_the_page_shows_sources_and_an_admin_verification_reaches_the_phone(page, site):
    seed(site)
    spam = entry(site, "156")
    heard = check_number(site, "156")
    assert "là số tổng đài chính thức của" not in heard  # [VERIFY]: not announced

    log_in(page, site, "admin")
    page.click("nav >> text=Số tổng đài chính thức")
    card = page.locator(f"li.official[data-number='156']")
    assert card.locator(".official-state").inner_text() == "Chưa xác minh"
    source = card.locator("a.source")
    assert source.get_attribute("href").startswith("https://pld.net.vn/")
    evn = page.locator("li.official[data-number='+841900545454']")
    assert "1900 545 454" in evn.locator("h2").inner_text()
    assert "Đã xác minh" in evn.inner_text() and "thuonghieucongluan.com.vn" in evn.inner_text()

    with page.expect_navigation():
        card.locator("button", has_text="Xác minh").click()
    assert "Đã xác minh" in page.locator("p.flash").inner_text()
    card = page.locator(f"li.official[data-number='156']")
    assert card.locator(".official-state").inner_text() == "Đã xác minh"
    assert "bởi admin" in card.inner_text()
    verified = entry(site, "156")
    assert verified.verified and verified.verified_by_id is not None and verified.id == spam.id

    heard = check_number(site, "156")  # the next call announces it
    index = heard.index("là số tổng đài chính thức của")
    assert heard[index + 1] == "Đầu số 156 phản ánh cuộc gọi rác, cuộc gọi lừa đảo"
    assert "làm giả số hiện trên màn hình" in heard[index + 2]
    assert "official_verify" in site.actions()


def test_an_admin_adds_an_entry_and_a_bad_source_is_refused_in_the_form(page, site):
    log_in(page, site, "admin")
    page.goto(f"{site.url}/review/official/new")
    page.fill("#number", "1900 1006")
    page.fill("#organisation", "Ngân hàng Thử nghiệm")
    page.select_option("#kind", "bank")
    page.fill("#source_url", "http://example.vn/")
    submit(page, "#official-form")
    assert "bắt đầu bằng https://" in page.locator(".has-error .error").inner_text()
    page.fill("#source_url", "https://example.vn/lien-he")
    submit(page, "#official-form")
    card = page.locator("li.official[data-number='+8419001006']")
    assert card.locator(".official-state").inner_text() == "Chưa xác minh"
    assert card.locator("a.source").get_attribute("href") == "https://example.vn/lien-he"
    assert "Ngân hàng Thử nghiệm" in card.locator("h2").inner_text()
    assert "official_create" in site.actions()


def test_a_volunteer_reads_the_list_but_cannot_edit(page, site):
    seed(site)
    log_in(page, site, "lan")
    page.click("nav >> text=Số tổng đài chính thức")
    evn = page.locator("li.official[data-number='+841900545454']")
    assert evn.locator("a.source").get_attribute("href").startswith("https://thuonghieucongluan.com.vn/")
    assert page.locator("li.official button").count() == 0
    assert page.locator("a", has_text="Thêm số").count() == 0
    assert page.locator("a", has_text="Sửa").count() == 0
    response = page.goto(f"{site.url}/review/official/new")
    assert response.status == 403 and "Không có quyền truy cập" in page.content()
    official_id = entry(site, "+841900545454").id
    response = page.goto(f"{site.url}/review/official/{official_id}/edit")
    assert response.status == 403
    with site.app.app_context():
        changes = db.session.execute(sa.select(sa.func.count()).select_from(AuditEntry)
                                     .where(AuditEntry.action.like("official_%"))).scalar_one()
    assert changes == 0 and entry(site, "+841900545454").verified
