"""``flask reports list`` and ``flask phone check``: what an operator sees from a terminal."""
from __future__ import annotations

import json

import pytest

from tests.jobs.conftest import add_report, days_ago


@pytest.fixture
def reports(app):
    """Four reports about one number, one about another; newest last."""
    about = {"reported_number_raw": "0987 654 321", "reported_number": "+84987654321",
             "number_kind": "mobile"}
    ids = [add_report(app, status=status, created_at=days_ago(10 - i), caller=caller, **about)
           for i, (status, caller) in enumerate([("confirmed", "+84912345678"),
                                                 ("escalated", None),
                                                 ("new", "+84912345679"),
                                                 ("withdrawn", "+84912345670")])]
    ids.append(add_report(app, status="confirmed", reported_number="+84241234567", created_at=days_ago(1),
                          number_kind="fixed_line", claimed_identity="police", money_lost=True,
                          audio_state="stored", recording_seconds=42, category="impersonation"))
    return ids


def test_reports_list_json_has_one_object_per_report_and_masks_callers(app, reports):
    result = app.test_cli_runner().invoke(args=["reports", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["id"] for row in rows] == list(reversed(reports))  # newest first
    newest = rows[0]
    assert {k: newest[k] for k in ("status", "category", "claimed_identity", "reported_number",
                                   "number_kind", "money_lost", "audio_state", "recording_seconds")} \
        == {"status": "confirmed", "category": "impersonation", "claimed_identity": "police",
            "reported_number": "+84241234567", "number_kind": "fixed_line", "money_lost": True,
            "audio_state": "stored", "recording_seconds": 42}
    assert newest["created_at"].endswith("+00:00") and len(newest["reference"]) == 6
    assert newest["caller_masked"] == "09•• ••• 678"
    assert rows[3]["caller_masked"] is None  # withheld
    for clear in ("+84912345678", "0912345678", "912345678", "12345678"):
        assert clear not in result.output


def test_reports_list_filters_by_status_and_prints_lines(app, reports):
    result = app.test_cli_runner().invoke(args=["reports", "list", "--status", "new",
                                                "--status", "withdrawn"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == [f"#{reports[3]}", f"#{reports[2]}"]
    assert "caller 09•• ••• 679" in lines[1] and "+84987654321 (mobile)" in lines[1]


def test_phone_check_json_classifies_and_counts(app, reports):
    result = app.test_cli_runner().invoke(args=["phone", "check", "0987 654 321", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "input": "0987 654 321", "digits": "0987654321", "accepted": True, "valid": True,
        "e164": "+84987654321", "kind": "mobile", "region": "VN",
        "confirmed_reports": 2,  # confirmed and escalated, from different callers
        "confirmers": 0, "flagged": False,  # nobody confirmed them in the dashboard (issue 11)
        "total_reports": 3}  # the withdrawn report does not count


def test_phone_check_of_unknown_and_invalid_numbers(app, reports):
    runner = app.test_cli_runner()
    unknown = json.loads(runner.invoke(args=["phone", "check", "+84 91 111 2222", "--json"]).output)
    assert (unknown["kind"], unknown["confirmed_reports"], unknown["total_reports"]) == ("mobile", 0, 0)
    invalid = json.loads(runner.invoke(args=["phone", "check", "12", "--json"]).output)
    assert (invalid["accepted"], invalid["kind"], invalid["total_reports"]) == (False, "invalid", 0)
    text = runner.invoke(args=["phone", "check", "113"]).output
    assert "kind: emergency" in text and "e164: -" in text
