"""``flask teams`` (issue 12, item 7): create, communes in bulk from a file, members, list --json;
errors exit 1 with the Vietnamese message; changes audited as ``cli``. Both databases."""
from __future__ import annotations

import json

import sqlalchemy as sa

from ivr.models import AuditEntry, User, db


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["teams", *args])


def test_create_communes_member_and_list_json(app, tmp_path):
    with app.app_context():
        db.session.add_all([User(username="lan", password_hash="x"), User(username="minh", password_hash="x")])
        db.session.commit()
    assert _run(app, "create", "Đội Bắc").exit_code == 0
    communes = tmp_path / "communes.txt"
    communes.write_text("Xã Tân Lập\n\nPhường Hoà Bình\nxã tân lập\n", encoding="utf-8")
    added = _run(app, "communes", "Đội Bắc", "--file", str(communes))
    assert added.exit_code == 0 and "Đã thêm 2 xã" in added.output
    assert _run(app, "member", "Đội Bắc", "lan").exit_code == 0
    assert _run(app, "member", "Đội Bắc", "minh").exit_code == 0
    removed = _run(app, "member", "Đội Bắc", "minh", "--remove")
    assert removed.exit_code == 0 and "minh đã rời đội Đội Bắc." in removed.output
    listed = _run(app, "list", "--json")
    assert listed.exit_code == 0, listed.output
    [team] = json.loads(listed.output)
    assert (team["name"], team["communes"], team["members"]) == (
        "Đội Bắc", ["Phường Hoà Bình", "Xã Tân Lập"], ["lan"])
    with app.app_context():
        actors = set(db.session.scalars(sa.select(AuditEntry.actor)))
        actions = list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actors == {"cli"}
    assert actions == ["team_create", "team_communes", "team_member_add", "team_member_add",
                       "team_member_remove"]


def test_errors_name_the_problem_and_exit_1(app, tmp_path):
    assert _run(app, "create", "Đội Bắc").exit_code == 0
    assert _run(app, "create", "Đội Nam").exit_code == 0
    first = tmp_path / "a.txt"
    first.write_text("Tân Lập\n", encoding="utf-8")
    assert _run(app, "communes", "Đội Bắc", "--file", str(first)).exit_code == 0
    second = tmp_path / "b.txt"
    second.write_text("Xã Mới\nxã TÂN LẬP\n", encoding="utf-8")
    taken = _run(app, "communes", "Đội Nam", "--file", str(second))
    assert taken.exit_code == 1 and "xã TÂN LẬP (đội Đội Bắc)" in taken.output
    assert json.loads(_run(app, "list", "--json").output)[1]["communes"] == []  # all or nothing
    again = _run(app, "create", "Đội Bắc")
    assert again.exit_code == 1 and "Đã có đội tên “Đội Bắc”." in again.output
    assert "Không có đội tên" in _run(app, "member", "Đội Tây", "lan").output
    assert "Không có tài khoản “ai”." in _run(app, "member", "Đội Bắc", "ai").output


def test_a_line_of_only_xa_or_phuong_refuses_the_whole_paste(app):
    assert _run(app, "create", "Đội").exit_code == 0
    for paste, line in (("Xã\nPhường \nMai Lâm\n", "Dòng 1 (“Xã”)"),
                        ("Mai Lâm\nXã/Phường\n", "Dòng 2 (“Xã/Phường”)")):
        result = app.test_cli_runner().invoke(args=["teams", "communes", "Đội", "--file", "-"], input=paste)
        assert result.exit_code == 1 and line in result.output and "không có tên xã" in result.output
    listed = json.loads(_run(app, "list", "--json").output)
    assert listed[0]["communes"] == []


def test_a_file_that_is_not_utf8_is_refused_clearly_and_a_bom_is_fine(app):
    assert _run(app, "create", "X").exit_code == 0
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["teams", "communes", "X", "--file", "-"], input=b"Mai L\xc3\xa2m\n\xff\n")
    assert bad.exit_code == 1 and "không phải văn bản UTF-8 (dòng 2)" in bad.output
    assert "Traceback" not in bad.output and not isinstance(bad.exception, UnicodeDecodeError)
    bom = runner.invoke(args=["teams", "communes", "X", "--file", "-"],
                        input="\ufeffXã Mai Lâm\nTân Lập\n".encode("utf-8"))
    assert bom.exit_code == 0 and "Đã thêm 2 xã" in bom.output, bom.output
    assert json.loads(_run(app, "list", "--json").output)[0]["communes"] == ["Tân Lập", "Xã Mai Lâm"]
