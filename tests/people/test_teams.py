"""Commune teams and the home visit queue (issue 12, item 7), on SQLite and PostgreSQL: teams and
their communes (one team per commune), members, the queue's order, commune by hand, assignment,
closing, the visit's callback request, and the audit of each."""
from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
import sqlalchemy as sa

from ivr.models import AuditEntry, CallbackRequest, User, VisitRequest, db, utcnow
from ivr.people import teams, visit_queue
from ivr.people.teams import TeamError
from ivr.people.visit_queue import VisitError

_n = count(1)


def _user(name: str, **fields) -> User:
    user = User(username=name, password_hash="x", **fields)
    db.session.add(user)
    db.session.flush()
    return user


def _visit(minutes_ago: int, commune: str | None = None, team=None, **fields) -> VisitRequest:
    n = next(_n)
    values = dict(reference=f"V{n:05d}", call_sid=f"CAV{n:030d}", caller="+84912345678",
                  commune=commune, commune_source="speech" if commune else None,
                  team_id=team.id if team else None, status="new",
                  created_at=utcnow() - timedelta(minutes=minutes_ago))
    visit = VisitRequest(**{**values, **fields})
    db.session.add(visit)
    db.session.flush()
    return visit


def _actions(target: str | None = None) -> list[str]:
    query = sa.select(AuditEntry.action).order_by(AuditEntry.id)
    if target:
        query = query.where(AuditEntry.target == target)
    return list(db.session.scalars(query))


def test_communes_are_added_in_bulk_by_key_and_one_team_owns_each(app):
    with app.app_context():
        north = teams.create_team("  Đội   Bắc ")
        added = teams.add_communes(north, "Xã Tân Lập\n\n  phường Hoà Bình \ntân lập\nThị trấn Đông Anh\n")
        assert [row.name for row in added] == ["Xã Tân Lập", "phường Hoà Bình", "Thị trấn Đông Anh"]
        assert sorted(row.key for row in north.communes) == ["hòa bình", "tân lập", "đông anh"]
        assert north.name == "Đội Bắc"
        assert teams.add_communes(north, "TÂN LẬP") == []  # already this team's: skipped
        south = teams.create_team("Đội Nam")
        with pytest.raises(TeamError, match=r"Hòa Bình \(đội Đội Bắc\)"):
            teams.add_communes(south, "Xã Mới\nPhường Hòa Bình")
        assert south.communes == []  # all or nothing: "Xã Mới" was not added either
        with pytest.raises(TeamError, match="Dòng 2"):
            teams.add_communes(south, "Xã Mới\n--\n")
        with pytest.raises(TeamError, match="Đã có đội"):
            teams.create_team("Đội Bắc")
        db.session.commit()
        assert _actions() == ["team_create", "team_communes", "team_create"]
        assert teams.team_for_commune("xã tân lập").team.name == "Đội Bắc"
        assert teams.team_for_commune("Nơi khác") is None


def test_a_hundred_communes_from_one_province_in_one_go(app):
    with app.app_context():
        team = teams.create_team("Đội tỉnh")
        text = "\n".join(f"Xã Số {i}" for i in range(1, 103))
        assert len(teams.add_communes(team, text)) == 102
        db.session.commit()
        assert len(db.session.get(type(team), team.id).communes) == 102


def test_adding_and_removing_a_commune_moves_its_open_visits(app):
    with app.app_context():
        team = teams.create_team("Đội Bắc")
        waiting = _visit(30, "Tân Lập")
        closed = _visit(40, "Tân Lập", status="closed", outcome="visited")
        teams.add_communes(team, "xã Tân Lập")
        assert (waiting.team_id, closed.team_id) == (team.id, None)
        teams.remove_commune(team, "TÂN LẬP")
        assert waiting.team_id is None and team.communes == []
        with pytest.raises(TeamError, match="không có xã"):
            teams.remove_commune(team, "Tân Lập")
        db.session.commit()
        removed = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "team_commune_remove")).one()
        assert removed.detail == {"commune": "xã Tân Lập", "visits": 1}


def test_members_are_added_once_and_removed(app):
    with app.app_context():
        team = teams.create_team("Đội Bắc")
        lan, admin = _user("lan"), _user("admin", role="admin")
        assert teams.add_member(team, lan, by=admin) is True
        assert teams.add_member(team, lan, by=admin) is False
        assert [t.name for t in teams.teams_of(lan)] == ["Đội Bắc"]
        assert teams.team_ids_of(lan.id) == {team.id}
        assert teams.remove_member(team, lan, by=admin) is True
        assert teams.remove_member(team, lan, by=admin) is False
        with pytest.raises(TeamError, match="khoá"):
            teams.add_member(team, _user("old", active=False))
        db.session.commit()
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action.like("team_member%")).order_by(AuditEntry.id)).all()
        assert [(e.action, e.actor, e.detail) for e in entries] == [
            ("team_member_add", "admin", {"username": "lan"}),
            ("team_member_remove", "admin", {"username": "lan"})]


def test_the_queue_puts_the_users_team_first_then_unknown_then_others_oldest_first(app):
    with app.app_context():
        north, south = teams.create_team("Đội Bắc"), teams.create_team("Đội Nam")
        teams.add_communes(north, "Tân Lập")
        teams.add_communes(south, "Hòa Bình")
        lan = _user("lan")
        teams.add_member(north, lan)
        other_old = _visit(300, "Hòa Bình", south)
        unknown = _visit(200)
        mine_new = _visit(10, "Tân Lập", north)
        mine_old = _visit(100, "Tân Lập", north)
        _visit(500, "Tân Lập", north, status="closed", outcome="visited")
        rows = visit_queue.queue(lan)
        assert [(row.visit.id, row.group) for row in rows] == [
            (mine_old.id, "mine"), (mine_new.id, "mine"), (unknown.id, "unknown"),
            (other_old.id, "other")]
        assert visit_queue.counts(rows) == {"mine": 2, "unknown": 1, "other": 1}
        # someone in no team: everything with a team is "other"
        assert [row.group for row in visit_queue.queue(_user("minh"))] == ["unknown", "other",
                                                                           "other", "other"]
        assert [row.visit.status for row in visit_queue.queue(lan, closed=True)] == ["closed"]


def test_setting_the_commune_by_hand_routes_the_visit_to_that_team(app):
    with app.app_context():
        north = teams.create_team("Đội Bắc")
        teams.add_communes(north, "Xã Tân Lập")
        lan = _user("lan")
        visit = _visit(20)
        visit_queue.set_commune(visit.id, "tan lap", lan)  # no tone marks: a different commune
        assert (visit.commune, visit.team_id, visit.commune_source) == ("tan lap", None, "volunteer")
        visit_queue.set_commune(visit.id, "tân lập", lan)
        assert (visit.commune, visit.team_id) == ("Xã Tân Lập", north.id)
        with pytest.raises(VisitError, match="tên xã"):
            visit_queue.set_commune(visit.id, "   ", lan)
        db.session.commit()
        last = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "visit_commune")
                                  .order_by(AuditEntry.id.desc())).first()
        assert last.detail == {"commune": "Xã Tân Lập", "team": north.id,
                               "previous": {"commune": "tan lap", "team": None}}


def test_assignment_to_self_or_a_team_member_only(app):
    with app.app_context():
        north = teams.create_team("Đội Bắc")
        teams.add_communes(north, "Tân Lập")
        lan, minh, hoa = _user("lan"), _user("minh"), _user("hoa")
        teams.add_member(north, lan)
        teams.add_member(north, minh)
        visit = _visit(20, "Tân Lập", north)
        visit_queue.assign(visit.id, minh, lan)
        assert (visit.status, visit.assignee.username) == ("assigned", "minh")
        with pytest.raises(VisitError, match="hoa không thuộc đội"):
            visit_queue.assign(visit.id, hoa, lan)
        visit_queue.assign(visit.id, hoa, hoa)  # anyone may take it themselves
        visit_queue.assign(visit.id, None, hoa)
        assert (visit.status, visit.assignee) == ("new", None)
        db.session.commit()
        assert _actions(f"visit:{visit.id}") == ["assign", "assign", "assign"]


def test_closing_is_final_and_audited(app):
    with app.app_context():
        lan = _user("lan")
        visit = _visit(20)
        with pytest.raises(VisitError, match="kết quả"):
            visit_queue.close(visit.id, "reopened", None, lan)
        visit_queue.close(visit.id, "helped_by_phone", "  Đã hướng dẫn cài VNeID.\r\n ", lan)
        assert (visit.status, visit.outcome, visit.outcome_note, visit.closed_by_id) == (
            "closed", "helped_by_phone", "Đã hướng dẫn cài VNeID.", lan.id)
        for change in (lambda: visit_queue.close(visit.id, "visited", None, lan),
                       lambda: visit_queue.assign(visit.id, lan, lan),
                       lambda: visit_queue.set_commune(visit.id, "Tân Lập", lan),
                       lambda: visit_queue.callback_for(visit.id, lan)):
            with pytest.raises(VisitError, match="đã đóng"):
                change()
        withdrawn = _visit(5, status="withdrawn")
        with pytest.raises(VisitError, match="rút"):
            visit_queue.close(withdrawn.id, "visited", None, lan)
        with pytest.raises(LookupError):
            visit_queue.close(999_999, "visited", None, lan)
        db.session.commit()
        [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "visit_close"))
        assert (entry.target, entry.actor, entry.detail) == (
            f"visit:{visit.id}", "lan", {"outcome": "helped_by_phone", "note": True})


def test_the_visits_callback_request_is_made_once_and_reused(app):
    with app.app_context():
        lan = _user("lan")
        visit = _visit(20)
        first = visit_queue.callback_for(visit.id, lan)
        assert (first.reason, first.context, first.number, first.status) == (
            "visit", {"visit": visit.id}, "+84912345678", "open")
        assert visit_queue.callback_for(visit.id, lan).id == first.id
        first.status = "done"
        assert visit_queue.callback_for(visit.id, lan).id != first.id  # a closed one is not reused
        withheld = _visit(10, caller=None)
        with pytest.raises(VisitError, match="Không có số"):
            visit_queue.callback_for(withheld.id, lan)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CallbackRequest)) == 2
        assert _actions().count("callback_request") == 2
