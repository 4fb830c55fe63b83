"""Commune teams (issue 12, item 7): the volunteers who visit callers at home, by commune.

Admins make a team, give it its communes (many at once, one name per line, e.g. the 102 communes of
one province shared among a few teams) and its members. A commune is stored under its key
(:func:`ivr.people.communes.commune_key`: "Xã Tân Lập", "tân lập" and "TÂN LẬP" are one commune),
and one commune belongs to one team at most: adding a commune another team owns is refused with
that team's name. A visit request whose commune becomes a team's (or stops being one) moves with
it while it is open (:mod:`ivr.people.visit_queue` reads ``VisitRequest.team_id``).

Every change is audited (:mod:`ivr.audit`, targets ``team:<id>``) in the caller's transaction;
nothing here commits. Errors for people are :class:`TeamError`, in Vietnamese. No Flask here.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from ivr.audit import record
from ivr.models import Team, TeamCommune, User, VisitRequest, db, team_members
from ivr.people.communes import commune_key

NAME_MAX = 80  # Team.name and TeamCommune.name are VARCHAR(80)
OPEN_VISITS = ("new", "assigned")


class TeamError(ValueError):
    """A change to a team that cannot be made; the message is Vietnamese, for the admin."""


def _clean_name(name: str, what: str) -> str:
    """``name`` with its whitespace collapsed; :class:`TeamError` when empty or too long."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise TeamError(f"Hãy nhập tên {what}.")
    if len(cleaned) > NAME_MAX:
        raise TeamError(f"Tên {what} dài quá {NAME_MAX} ký tự: {cleaned[:30]}…")
    return cleaned


def find_team(name: str) -> Team | None:
    """The team called ``name`` (whitespace collapsed, case as stored), or ``None``."""
    return db.session.scalars(sa.select(Team).where(Team.name == " ".join(name.split()))).first()


def all_teams() -> list[Team]:
    """Every team, by name."""
    return list(db.session.scalars(sa.select(Team).order_by(Team.name, Team.id)))


def teams_of(user: User) -> list[Team]:
    """The teams ``user`` belongs to, by name (usually one)."""
    return [team for team in all_teams() if any(member.id == user.id for member in team.members)]


def team_ids_of(user_id: int) -> set[int]:
    """The ids of the teams user ``user_id`` belongs to (one query)."""
    rows = db.session.execute(sa.select(team_members.c.team_id)
                              .where(team_members.c.user_id == user_id))
    return {row[0] for row in rows}


def create_team(name: str, by: User | None = None, ip: str | None = None) -> Team:
    """A new team called ``name`` (whitespace collapsed, at most 80 characters); audited
    ``team_create`` by ``by`` (``None``: the CLI, actor ``cli``). Not committed. Raises
    :class:`TeamError` for an empty or long name or one another team has."""
    name = _clean_name(name, "đội")
    if find_team(name) is not None:
        raise TeamError(f"Đã có đội tên “{name}”.")
    team = Team(name=name)
    db.session.add(team)
    db.session.flush()
    _audit("team_create", team, by, ip, name=name)
    return team


def rename_team(team: Team, name: str, by: User | None = None, ip: str | None = None) -> None:
    """Give ``team`` a new ``name`` (rules of :func:`create_team`); audited ``team_rename``.
    Not committed."""
    name = _clean_name(name, "đội")
    other = find_team(name)
    if other is not None and other.id != team.id:
        raise TeamError(f"Đã có đội tên “{name}”.")
    old, team.name = team.name, name
    _audit("team_rename", team, by, ip, previous=old, name=name)


def parse_commune_lines(text: str | Iterable[str]) -> list[tuple[str, str]]:
    """Commune names typed one per line (a text or lines) → ``[(name, key)]`` in order, blank
    lines and repeats (same key) left out; names keep their kind as typed ("Xã Tân Lập").
    Raises :class:`TeamError` naming the line of a name with no words or too long a name."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    found: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        name = _clean_name(line, f"xã ở dòng {number}")
        try:
            key = commune_key(name)
        except ValueError:
            raise TeamError(f"Dòng {number} (“{name}”) không có tên xã: chỉ “xã”, “phường” hay "
                            f"“thị trấn” thôi chưa đủ. Không thêm xã nào.") from None
        found.setdefault(key, name)
    return [(name, key) for key, name in found.items()]


def add_communes(team: Team, text: str | Iterable[str], by: User | None = None,
                 ip: str | None = None) -> list[TeamCommune]:
    """Give ``team`` the communes in ``text`` (one name per line, :func:`parse_commune_lines`);
    communes it already has are skipped. All or nothing: a commune owned by another team raises
    :class:`TeamError` naming the commune and that team, and nothing is added. Open visits of
    the new communes that had no team join this one. Audited ``team_communes`` with the names
    added. Returns the new rows. Not committed."""
    wanted = parse_commune_lines(text)
    owners = _owners([key for _name, key in wanted])
    taken = [(name, owners[key]) for name, key in wanted
             if key in owners and owners[key].team_id != team.id]
    if taken:
        listed = "; ".join(f"{name} (đội {row.team.name})" for name, row in taken[:5])
        more = f" và {len(taken) - 5} xã nữa" if len(taken) > 5 else ""
        raise TeamError(f"Mỗi xã chỉ thuộc một đội. Đã thuộc đội khác: {listed}{more}.")
    added = [TeamCommune(team=team, name=name, key=key) for name, key in wanted if key not in owners]
    db.session.add_all(added)
    db.session.flush()
    moved = route_open_visits({row.key for row in added}, team.id)
    if added:
        _audit("team_communes", team, by, ip, added=[row.name for row in added], visits=moved)
    return added


def remove_commune(team: Team, name: str, by: User | None = None, ip: str | None = None) -> None:
    """Take the commune ``name`` (any spelling of its key) from ``team``; its open visits lose
    their team (they wait under "chưa rõ đội"). Audited ``team_commune_remove``. Not committed.
    Raises :class:`TeamError` when the team does not have it."""
    try:
        key = commune_key(name)
    except ValueError:
        raise TeamError("Hãy nhập tên xã.") from None
    row = next((row for row in team.communes if row.key == key), None)
    if row is None:
        raise TeamError(f"Đội {team.name} không có xã “{name}”.")
    team.communes.remove(row)
    db.session.flush()
    moved = route_open_visits({key}, None)
    _audit("team_commune_remove", team, by, ip, commune=row.name, visits=moved)


def add_member(team: Team, user: User, by: User | None = None, ip: str | None = None) -> bool:
    """Make ``user`` a member of ``team``; False (nothing audited) when they already are.
    Audited ``team_member_add``. Not committed. Raises :class:`TeamError` for a deactivated user."""
    if not user.active:
        raise TeamError(f"Tài khoản {user.username} đã bị khoá.")
    if any(member.id == user.id for member in team.members):
        return False
    team.members.append(user)
    _audit("team_member_add", team, by, ip, username=user.username)
    return True


def remove_member(team: Team, user: User, by: User | None = None, ip: str | None = None) -> bool:
    """Take ``user`` out of ``team``; False when they were not a member. Their visits stay
    assigned to them. Audited ``team_member_remove``. Not committed."""
    member = next((member for member in team.members if member.id == user.id), None)
    if member is None:
        return False
    team.members.remove(member)
    _audit("team_member_remove", team, by, ip, username=user.username)
    return True


def team_for_commune(name: str | None) -> TeamCommune | None:
    """The commune row (with its team) of ``name`` in any spelling, or ``None`` (unknown commune,
    or a name with no words)."""
    try:
        key = commune_key(name or "")
    except ValueError:
        return None
    return _owners([key]).get(key)


def route_open_visits(keys: set[str], team_id: int | None) -> int:
    """Put the open visits whose commune has one of ``keys`` under ``team_id`` (``None``: no
    team); returns how many moved. Not committed."""
    if not keys:
        return 0
    visits = db.session.scalars(sa.select(VisitRequest).where(
        VisitRequest.status.in_(OPEN_VISITS), VisitRequest.commune.is_not(None)))
    moved = 0
    for visit in visits:
        if _key_or_none(visit.commune) in keys and visit.team_id != team_id:
            visit.team_id, moved = team_id, moved + 1
    return moved


def as_json(team: Team) -> dict:
    """A team for ``flask teams list --json``: ``{"id", "name", "communes": [names],
    "members": [usernames]}``."""
    return {"id": team.id, "name": team.name, "communes": [row.name for row in team.communes],
            "members": [user.username for user in team.members]}


def _key_or_none(name: str | None) -> str | None:
    try:
        return commune_key(name or "")
    except ValueError:
        return None


def _owners(keys: list[str]) -> dict[str, TeamCommune]:
    """The stored communes among ``keys``, by key."""
    if not keys:
        return {}
    rows = db.session.scalars(sa.select(TeamCommune).where(TeamCommune.key.in_(keys)))
    return {row.key: row for row in rows}


def _audit(action: str, team: Team, by: User | None, ip: str | None, **detail) -> None:
    record(action, f"team:{team.id}", user=by, actor=None if by else "cli", detail=detail, ip=ip)
