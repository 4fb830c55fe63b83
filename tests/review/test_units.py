"""Pure pieces of the dashboard and the rules it applies: masking, workflow, labels, CSV cells,
warning drafts."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from ivr.models import Report
from ivr.reports.lifecycle import (CATEGORIES, REPORT_STATUSES, TRANSITIONS, TransitionError, allowed_next,
                                   check_transition)
from ivr.reports.masking import display_number, mask_number
from ivr.review.export import BOM, COLUMNS, safe_cell, to_csv
from ivr.review.forms import WARNING_MAX, WARNING_MIN
from ivr.review.labels import (STATUS_LABELS, day_start, duration, label, local_time, target_label,
                               yes_no)
from ivr.review.scam_warnings import suggested_text


@pytest.mark.parametrize("number, masked", [
    ("+84912345678", "09•• ••• 678"),          # mobile: 10 national digits, 4-3-3
    ("+84381234567", "03•• ••• 567"),
    ("+842438234567", "02••• ••• 567"),        # Hà Nội landline: 11 national digits
    ("+12025550123", "+1 20•• ••• 123"),       # foreign: country code kept, national part masked
    ("+84113", "••••"),                        # too short to keep anything
    (None, "Số ẩn"),
    ("", "Số ẩn"),
])
def test_caller_numbers_are_masked(number, masked):
    assert mask_number(number) == masked


def test_masking_hides_every_middle_digit():
    masked = mask_number("+84912345678")
    assert "2345" not in masked.replace(" ", "") and masked.count("•") == 5


@pytest.mark.parametrize("number, shown", [
    ("+84912345678", "0912 345 678"), ("+842438234567", "02438 234 567"), (None, "Số ẩn")])
def test_numbers_are_displayed_in_national_form(number, shown):
    assert display_number(number) == shown


def test_every_status_has_a_workflow_row_and_a_label():
    assert set(TRANSITIONS) == set(REPORT_STATUSES) == set(STATUS_LABELS)
    assert set(CATEGORIES) == {"police", "bank", "utility", "telecom", "delivery", "relative", "job",
                               "other", "not_scam"}


@pytest.mark.parametrize("current, new", [
    ("new", "in_review"), ("in_review", "confirmed"), ("in_review", "not_scam"),
    ("in_review", "follow_up"), ("follow_up", "escalated"), ("confirmed", "escalated"),
    ("confirmed", "in_review"), ("not_scam", "in_review")])
def test_allowed_transitions(current, new):
    check_transition(current, new)


@pytest.mark.parametrize("current, new", [
    ("new", "confirmed"), ("new", "escalated"), ("in_review", "escalated"), ("not_scam", "escalated"),
    ("escalated", "in_review"), ("withdrawn", "in_review"), ("new", "withdrawn"), ("new", "new"),
    ("in_review", "bogus")])
def test_refused_transitions_say_why_in_vietnamese(current, new):
    with pytest.raises(TransitionError, match="Không thể chuyển"):
        check_transition(current, new)


def test_final_statuses_lead_nowhere():
    assert allowed_next("escalated") == allowed_next("withdrawn") == allowed_next("unknown") == ()


def test_labels_dates_and_durations():
    assert label(STATUS_LABELS, "confirmed") == "Đã xác nhận lừa đảo"
    assert label(STATUS_LABELS, None) == "—" and label(STATUS_LABELS, "later") == "later"
    # 18:30 UTC is 01:30 the next day in Vietnam; SQLite's naive values are UTC too.
    assert local_time(datetime(2026, 3, 4, 18, 30, tzinfo=timezone.utc)) == "05/03/2026 01:30"
    assert local_time(datetime(2026, 3, 4, 18, 30)) == "05/03/2026 01:30"
    assert day_start(date(2026, 3, 5)) == datetime(2026, 3, 4, 17, 0, tzinfo=timezone.utc)
    assert (duration(75), duration(5), duration(None)) == ("1:15", "0:05", "không rõ")
    assert (yes_no(True), yes_no(False), yes_no(None)) == ("Có", "Không", "Không rõ")
    assert (target_label("report:12"), target_label("user:3"), target_label("login"),
            target_label("other:1")) == ("Báo cáo #12", "Tài khoản #3", "Trang đăng nhập", "other:1")


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+84912345678", "'+84912345678"),
    ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("091 234 56 78", "091 234 56 78"),
    (None, ""), ("Công an", "Công an")])
def test_csv_cells_cannot_become_formulas(value, cell):
    assert safe_cell(value) == cell


def _report(**fields) -> Report:
    values = dict(reference="R1", reported_number="+84987654321", reported_number_raw="0987654321",
                  number_kind="mobile", claimed_identity="police", money_lost=True, status="confirmed",
                  category="police", transcript="=cmd|' /C calc'!A0",
                  created_at=datetime(2026, 3, 4, 18, 30, tzinfo=timezone.utc))
    return Report(**{**values, **fields})


def test_csv_has_a_bom_vietnamese_header_and_defused_cells():
    text = to_csv([_report()])
    assert text.startswith(BOM)
    lines = text[1:].splitlines()
    assert lines[0] == ",".join(COLUMNS) and lines[0].startswith("Mã báo cáo,Thời gian báo cáo")
    assert "0987 654 321" in lines[1] and "05/03/2026 01:30" in lines[1]
    assert "Giả danh công an" in lines[1] and ",Có," in lines[1]
    assert "'=cmd" in lines[1]


def test_warning_drafts_fit_the_length_limits():
    for identity in ("police", "bank", "other", None):
        text = suggested_text(_report(claimed_identity=identity, category=None))
        assert WARNING_MIN <= len(text) <= WARNING_MAX
    assert "0987 654 321" in suggested_text(_report()) and "công an" in suggested_text(_report())


def test_the_dashboard_imports_no_telephony():
    import ast
    from pathlib import Path

    import ivr.review
    forbidden = ("twilio", "ivr.voice", "ivr.simulate", "ivr.calls")
    for path in Path(ivr.review.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.startswith(forbidden)], (path.name, names)
