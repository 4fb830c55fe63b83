"""The review queue: order, filters, counts, grouping by reported number, pagination."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.review.conftest import add_report


def refs(response) -> list[str]:
    """Report references in queue order."""
    return re.findall(r'<span class="ref">Báo cáo (R\d+)</span>', response.get_data(as_text=True))


def reference(app, report_id: int) -> str:
    from ivr.models import Report, db
    with app.app_context():
        return db.session.get(Report, report_id).reference


def test_unreviewed_reports_come_first_oldest_first(app, volunteer):
    now = datetime.now(timezone.utc)
    ids = {
        "done_old": add_report(app, status="confirmed", created_at=now - timedelta(days=3)),
        "done_new": add_report(app, status="not_scam", created_at=now - timedelta(hours=1)),
        "review": add_report(app, status="in_review", created_at=now - timedelta(days=5)),
        "new_young": add_report(app, status="new", created_at=now - timedelta(minutes=5)),
        "new_old": add_report(app, status="new", created_at=now - timedelta(days=1)),
    }
    order = ["new_old", "new_young", "review", "done_new", "done_old"]
    assert refs(volunteer.client.get("/review/")) == [reference(app, ids[key]) for key in order]


def test_filters_by_status_category_number_and_dates(app, volunteer):
    # Vietnam time: 2026-03-05 00:30 ICT is 2026-03-04 17:30 UTC, so it belongs to 5 March.
    early_fifth = datetime(2026, 3, 4, 17, 30, tzinfo=timezone.utc)
    a = add_report(app, status="confirmed", category="bank", created_at=early_fifth)
    b = add_report(app, status="new", reported_number="+84281234567", reported_number_raw="0281234567",
                   created_at=datetime(2026, 3, 4, 16, 30, tzinfo=timezone.utc))  # 23:30 on the 4th
    c = add_report(app, status="new", category=None, created_at=datetime(2026, 3, 6, 2, tzinfo=timezone.utc))

    def get(**args) -> set[str]:
        return set(refs(volunteer.client.get("/review/", query_string=args)))

    def ref(report_id: int) -> str:
        return reference(app, report_id)

    assert get(status="confirmed") == {ref(a)}
    assert get(category="bank") == {ref(a)}
    assert get(category="none") == {ref(b), ref(c)}
    assert get(number="028 123 4567") == {ref(b)} == get(number="+84281234567")
    assert get(date_from="2026-03-05", date_to="2026-03-05") == {ref(a)}
    assert get(date_to="2026-03-04") == {ref(b)}
    assert get(date_from="2026-03-06") == {ref(c)}
    assert get(status="new", number="0987654321") == {ref(c)}


def test_bad_filter_values_are_ignored_not_fatal(app, volunteer):
    add_report(app)
    response = volunteer.client.get("/review/", query_string={
        "status": "bogus", "date_from": "05/03/2026", "category": "x", "page": "-3"})
    assert response.status_code == 200 and len(refs(response)) == 1


def test_counts_per_status_follow_the_other_filters(app, volunteer):
    for status in ("new", "new", "in_review", "confirmed"):
        add_report(app, status=status)
    add_report(app, status="new", category="bank")
    html = volunteer.client.get("/review/", query_string={"status": "confirmed"}).get_data(as_text=True)

    def count(status: str) -> str:
        pattern = rf'data-status="{status}"[^>]*>\s*[^<]+<span class="count">(\d+)</span>'
        return re.search(pattern, html).group(1)

    assert (count("new"), count("in_review"), count("confirmed"), count("escalated")) == ("3", "1", "1", "0")
    html = volunteer.client.get("/review/", query_string={"category": "bank"}).get_data(as_text=True)
    assert count("new") == "1"


def test_reports_about_the_same_number_are_counted_and_linked(app, volunteer):
    add_report(app)
    add_report(app)
    add_report(app, reported_number="+84281234567", reported_number_raw="0281234567")
    html = volunteer.client.get("/review/").get_data(as_text=True)
    assert html.count("2 báo cáo về số này") == 2
    assert 'href="/review/?number=%2B84987654321"' in html


def test_pagination_keeps_the_filters(app, volunteer):
    for _ in range(23):
        add_report(app, status="new")
    add_report(app, status="confirmed")
    first = volunteer.client.get("/review/", query_string={"status": "new"})
    html = first.get_data(as_text=True)
    assert len(refs(first)) == 20 and "Trang 1 / 2" in html
    assert 'href="/review/?page=2&amp;status=new"' in html
    second = volunteer.client.get("/review/", query_string={"status": "new", "page": 2})
    assert len(refs(second)) == 3 and not set(refs(first)) & set(refs(second))


def test_audio_state_is_shown_in_vietnamese(app, volunteer):
    add_report(app, audio_state="fetching", audio_path=None)
    assert "Đang tải bản ghi từ Twilio" in volunteer.client.get("/review/").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/review/?page=99999999999999999999", "/review/audit?page=-5",
                                 "/review/warnings?page=abc"])
def test_absurd_page_numbers_show_a_page_not_an_error(admin, url):
    assert admin.client.get(url).status_code == 200
