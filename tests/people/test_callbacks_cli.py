"""``flask callbacks list --json`` (issue 12, item 3): open requests first, oldest first; numbers
masked; the context in Vietnamese; the tries. Both databases."""
from __future__ import annotations

import json
from datetime import timedelta

from ivr.models import CallbackAttempt, CallbackRequest, db, utcnow


def _add(app, minutes_ago: int, **fields) -> int:
    values = dict(number="+84912345678", number_source="caller_id", reason="asked", status="open",
                  attempts=0, context={}, created_at=utcnow() - timedelta(minutes=minutes_ago))
    values.update(fields)
    with app.app_context():
        row = CallbackRequest(**values)
        db.session.add(row)
        db.session.commit()
        return row.id


def test_list_json_open_oldest_first_masked_with_context_and_tries(app):
    newer = _add(app, 5, number="+84911222333", context={"reference": "123456"})
    oldest = _add(app, 90, reason="stuck", attempts=1, status="open",
                  next_attempt_at=utcnow() + timedelta(minutes=20),
                  context={"tutorial": "tutorial_vneid", "tutorial_title": "tạo tài khoản VNeID",
                           "step": 3})
    closed = _add(app, 200, status="done", closed_at=utcnow())
    with app.app_context():
        db.session.add(CallbackAttempt(request_id=oldest, outcome="no_answer"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["callbacks", "list", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [item["id"] for item in items] == [oldest, newer]  # closed ones only with --closed
    first = items[0]
    assert first["number"] == "09•• ••• 678" and "+84912345678" not in result.output
    assert first["context"] == "Đang học bài tạo tài khoản VNeID, bước 3 — bị vướng"
    assert (first["attempts"], first["tries"], first["last_outcome"]) == (1, 1, "no_answer")
    assert first["next_attempt_at"] is not None and first["step"] == 3
    assert items[1]["context"] == "Muốn gặp người · Báo cáo 123456"
    every = json.loads(app.test_cli_runner().invoke(
        args=["callbacks", "list", "--json", "--closed"]).output)
    assert [item["id"] for item in every] == [oldest, newer, closed]


def test_list_says_so_when_nobody_waits(app):
    result = app.test_cli_runner().invoke(args=["callbacks", "list"])
    assert result.exit_code == 0 and "Không có yêu cầu gọi lại nào." in result.output
