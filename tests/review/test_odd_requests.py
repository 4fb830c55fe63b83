"""Odd URLs and query values get a Vietnamese 404 or 400, never a 500 (issue 10): ids beyond
PostgreSQL's INTEGER, digits that are not ASCII, NUL bytes, junk page numbers; and the audit page
filtered by user, action and report. On SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ivr.models import AuditEntry, db
from tests.review.conftest import add_report

HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [
    f"/review/reports/{HUGE}", f"/review/reports/{HUGE}/audio", "/review/reports/2147483648",
    "/review/reports/0", f"/review/warnings/new?report={HUGE}", "/review/warnings/new?report=²",
    "/review/warnings/new?report=٣", "/review/warnings/new?report=1e3",
    "/review/warnings/new?report=-1",
])
def test_ids_that_name_no_row_are_404(app, admin, url):
    response = admin.client.get(url)
    assert response.status_code == 404, url
    assert "Không tìm thấy" in response.get_data(as_text=True)


@pytest.mark.parametrize("action", ["content", "status", "assign", "reveal", "listen"])
def test_posts_to_huge_ids_are_404(app, admin, action):
    assert admin.post(f"/review/reports/{HUGE}/{action}", {"status": "x"}).status_code == 404


@pytest.mark.parametrize("url", [
    "/review/audit?user=%00", "/review/audit?user=lan%00", "/review/?number=09%0012",
    "/review/?status=%00", "/review/audit?report=1%00", "/review/export?date_from=%00",
])
def test_nul_bytes_are_400(app, admin, url):
    response = admin.client.get(url)
    assert response.status_code == 400, url
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_posted_form_is_400_and_stores_nothing(app, admin):
    report_id = add_report(app)
    response = admin.post(f"/review/reports/{report_id}/content", {"notes": "a\x00b"})
    assert response.status_code == 400


@pytest.mark.parametrize("query", [
    "page=", "page=abc", "page=²", "page=-3", "page=0", f"page={HUGE}", "page=1e9", "page=%FF",
    "user=²", "user=" + "x" * 500, "action=²", "action=nothing", "report=²", f"report={HUGE}",
    "report=abc", "report=-1", "user=%E2%80%8F&action=&report=",
])
def test_odd_audit_filters_never_fail(app, admin, query):
    response = admin.client.get(f"/review/audit?{query}")
    assert response.status_code == 200, query


@pytest.mark.parametrize("query", ["page=²", f"page={HUGE}", "number=²²²", "status=²",
                                   "date_from=²", "category=%FF", "number=" + "9" * 40])
def test_odd_queue_filters_never_fail(app, volunteer, query):
    assert volunteer.client.get(f"/review/?{query}").status_code == 200, query


def test_the_audit_page_filters_by_user_action_and_report(app, admin, volunteer_client):
    first, second = add_report(app), add_report(app)
    for report_id in (first, second):
        volunteer_client.get(f"/review/reports/{report_id}")
        admin.client.get(f"/review/reports/{report_id}")

    def entries(query: str) -> int:
        page = admin.client.get(f"/review/audit?{query}").get_data(as_text=True)
        return page.count('class="card entry"')

    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    assert entries("") == total
    assert entries("action=open") == 4
    assert entries(f"action=open&report={first}") == 2
    assert entries(f"action=open&report={first}&user=lan") == 1
    assert entries(f"report={second}&user=admin") == 1
    assert entries("report=²") == total  # a report filter that is no id is left out, and said so
    assert "Mã số báo cáo là một số" in admin.client.get("/review/audit?report=²").get_data(as_text=True)
    page = admin.client.get(f"/review/reports/{first}").get_data(as_text=True)
    assert f'href="/review/audit?report={first}"' in page


@pytest.fixture
def volunteer_client(app, users):
    from tests.review.conftest import Reviewer
    reviewer = Reviewer(app.test_client())
    assert reviewer.login("lan").status_code == 302
    return reviewer.client
