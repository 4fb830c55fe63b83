"""The home visit queue (issue 12, item 7): the volunteers' side of a caller's visit request.

A request (:class:`~ivr.models.VisitRequest`, made by the phone flow with its recording) waits
under the team of its commune. A volunteer sees, oldest first within each group::

    mine     open visits of the teams they belong to
    unknown  open visits with no team (commune not heard, or no team covers it yet)
    other    open visits of the other teams

and works one: sets its commune by hand (``commune_source`` ``volunteer``; the visit moves to that
commune's team), assigns it (to themselves or a member of its team: ``new`` → ``assigned``;
unassigning returns it to ``new``), calls the caller back through the bridged callback
(:func:`callback_for`: a :class:`~ivr.models.CallbackRequest` with reason ``visit`` and context
``{"visit": id}``) and closes it with an outcome and an optional note. A closed or withdrawn
visit is final: it cannot be reopened, re-closed, assigned or moved.

Every change (and opening a visit's page) is audited (:mod:`ivr.audit`, target ``visit:<id>``)
in the caller's transaction; nothing here commits. Refusals are :class:`VisitError`, in
Vietnamese; an unknown visit is ``LookupError``. No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ivr.audit import record
from ivr.models import CallbackRequest, User, VisitRequest, db, utcnow
from ivr.people import visits
from ivr.people.callbacks import OPEN as CALLBACK_OPEN, vietnamese_number
from ivr.people.communes import commune_words
from ivr.people.shifts import aware
from ivr.people.teams import NAME_MAX, team_for_commune, team_ids_of

OPEN = ("new", "assigned")
FINAL = ("closed", "withdrawn")
STATUS_LABELS = {"new": "Chưa ai nhận", "assigned": "Đã có người nhận", "closed": "Đã đóng",
                 "withdrawn": "Người dân đã rút yêu cầu"}
# One whole sentence per final status: "đã" + a label that starts "Đã …" read "đã đã đóng".
FINAL_SENTENCES = {"closed": "Yêu cầu thăm nhà này đã đóng",
                   "withdrawn": "Người dân đã rút yêu cầu thăm nhà này"}
OUTCOME_LABELS = {"visited": "Đã đến thăm, hướng dẫn tại nhà",
                  "helped_by_phone": "Đã giúp qua điện thoại, không cần đến",
                  "unreachable": "Không liên lạc được", "not_needed": "Người dân không cần nữa",
                  "duplicate": "Trùng với yêu cầu khác"}
GROUPS = ("mine", "unknown", "other")
NOTE_MAX = 2000  # characters of a closing note


class VisitError(Exception):
    """A change a visit refuses (final, bad outcome, assignee not in the team, no number to
    call); the message is Vietnamese, for the volunteer."""


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue: the visit, its group (``mine``, ``unknown``, ``other``) and the id
    of an older open visit from the same phone, if any (a possible duplicate)."""

    visit: VisitRequest
    group: str
    duplicate_of: int | None = None


def queue(user: User, closed: bool = False) -> list[QueueRow]:
    """The open visits for ``user``: their teams' first, then those with no team, then other
    teams'; oldest first within each. With ``closed``: closed and withdrawn visits, most
    recently closed (or made) first, grouped the same way."""
    mine = team_ids_of(user.id)
    if closed:
        query = (sa.select(VisitRequest).where(VisitRequest.status.in_(FINAL))
                 .order_by(VisitRequest.closed_at.desc(), VisitRequest.created_at.desc(),
                           VisitRequest.id.desc()))
    else:
        query = (sa.select(VisitRequest).where(VisitRequest.status.in_(OPEN))
                 .order_by(VisitRequest.created_at, VisitRequest.id))
    visits_found = list(db.session.scalars(query))
    first = {} if closed else _first_open_by_phone(visits_found)
    rows = []
    for visit in visits_found:
        earlier = first.get(visit.caller_key)
        rows.append(QueueRow(visit, group_of(visit, mine), earlier if earlier != visit.id else None))
    return sorted(rows, key=lambda row: GROUPS.index(row.group))  # stable: keeps the age order


def _first_open_by_phone(open_visits: list[VisitRequest]) -> dict[str, int]:
    """The oldest visit's id per phone (``caller_key``) among ``open_visits`` (oldest first)."""
    first: dict[str, int] = {}
    for visit in open_visits:
        if visit.caller_key:
            first.setdefault(visit.caller_key, visit.id)
    return first


def duplicate_of(visit: VisitRequest) -> int | None:
    """The id of the oldest other open visit from the same phone made before ``visit`` (open
    itself), or ``None``. A caller who asks again while waiting keeps both recordings (the
    second may say more), and a volunteer closes one as "Trùng với yêu cầu khác"."""
    if visit.status not in OPEN or not visit.caller_key:
        return None
    return db.session.scalar(
        sa.select(VisitRequest.id)
        .where(VisitRequest.caller_key == visit.caller_key, VisitRequest.status.in_(OPEN),
               VisitRequest.id != visit.id)
        .where(sa.or_(VisitRequest.created_at < visit.created_at,
                      sa.and_(VisitRequest.created_at == visit.created_at, VisitRequest.id < visit.id)))
        .order_by(VisitRequest.created_at, VisitRequest.id).limit(1))


def group_of(visit: VisitRequest, team_ids: set[int]) -> str:
    """``mine`` when the visit's team is one of ``team_ids``, ``unknown`` when it has none,
    else ``other``."""
    if visit.team_id is None:
        return "unknown"
    return "mine" if visit.team_id in team_ids else "other"


def counts(rows: list[QueueRow]) -> dict[str, int]:
    """Rows of :func:`queue` per group: ``{"mine": n, "unknown": n, "other": n}``."""
    found = dict.fromkeys(GROUPS, 0)
    for row in rows:
        found[row.group] += 1
    return found


def age_minutes(visit: VisitRequest, now: datetime | None = None) -> int:
    """Whole minutes the caller waited: from asking until ``now``, or until the visit was closed
    or withdrawn (a final visit's wait stops then); 0 for a time in the future."""
    end = aware(visit.closed_at) if visit.status in FINAL and visit.closed_at else (now or utcnow())
    seconds = (end - aware(visit.created_at)).total_seconds()
    return max(0, int(seconds // 60))


def locked_visit(visit_id: int) -> VisitRequest:
    """The visit, its row locked for this transaction (``FOR UPDATE`` on PostgreSQL; SQLite's
    transactions hold the write lock). Raises ``LookupError`` when unknown."""
    visit = db.session.get(VisitRequest, visit_id, with_for_update=True)
    if visit is None:
        raise LookupError(visit_id)
    return visit


def opened(visit_id: int, by: User, ip: str | None = None) -> VisitRequest:
    """A volunteer opened the visit's page: audited ``visit_open``. Raises ``LookupError``."""
    visit = db.session.get(VisitRequest, visit_id)
    if visit is None:
        raise LookupError(visit_id)
    record("visit_open", _target(visit), user=by, ip=ip)
    return visit


def _open_visit(visit_id: int) -> VisitRequest:
    visit = locked_visit(visit_id)
    if visit.status in FINAL:
        raise VisitError(f"{FINAL_SENTENCES[visit.status]}: không thay đổi được nữa.")
    return visit


def set_commune(visit_id: int, name: str, by: User, ip: str | None = None) -> VisitRequest:
    """Set the visit's commune by hand (``commune_source`` ``volunteer``): the name a team has
    for it when a team covers it (the visit moves to that team), else ``name`` as typed (no
    team: it stays in ``unknown``). Audited ``visit_commune`` with the previous commune and
    team. Raises ``LookupError``, :class:`VisitError` (final visit, empty or long name)."""
    visit = _open_visit(visit_id)
    typed = " ".join((name or "").split())
    if not typed or len(typed) > NAME_MAX:
        raise VisitError(f"Hãy nhập tên xã (tối đa {NAME_MAX} ký tự).")
    if not commune_words(typed):
        # "Xã" alone names no commune: it would be a commune found in every caller's words.
        raise VisitError(f"“{typed}” chưa có tên xã. Hãy nhập tên xã, ví dụ “Xã Tân Lập”.")
    owner = team_for_commune(typed)
    previous = {"commune": visit.commune, "team": visit.team_id}
    visit.commune = owner.name if owner else typed
    visit.commune_source = "volunteer"
    visit.team_id = owner.team_id if owner else None
    record("visit_commune", _target(visit), user=by, ip=ip,
           detail={"commune": visit.commune, "team": visit.team_id, "previous": previous})
    return visit


def assignable(visit: VisitRequest, by: User) -> list[User]:
    """Who ``by`` may give the visit to: themselves, and the active members of its team."""
    members = [user for user in (visit.team.members if visit.team else []) if user.active]
    return [by] + [user for user in members if user.id != by.id]


def assign(visit_id: int, assignee: User | None, by: User, ip: str | None = None) -> VisitRequest:
    """Give the visit to ``assignee`` (``by`` or a member of its team; ``None``: nobody, back to
    ``new``). Audited ``assign`` with the new and previous assignee. Raises ``LookupError``,
    :class:`VisitError` (final visit, assignee not allowed)."""
    visit = _open_visit(visit_id)
    if assignee is not None and assignee.id not in {user.id for user in assignable(visit, by)}:
        raise VisitError(f"{assignee.username} không thuộc đội của xã này: chỉ giao được cho bạn "
                         "hoặc thành viên của đội.")
    previous = visit.assignee.username if visit.assignee else None
    visit.assignee = assignee
    visit.status = "assigned" if assignee else "new"
    record("assign", _target(visit), user=by, ip=ip,
           detail={"to": assignee.username if assignee else None, "previous": previous})
    return visit


def close(visit_id: int, outcome: str, note: str | None, by: User,
          ip: str | None = None, now: datetime | None = None) -> VisitRequest:
    """Close the visit with ``outcome`` (a key of :data:`OUTCOME_LABELS`) and an optional
    ``note`` (blank: none; at most :data:`NOTE_MAX` characters): ``closed``, ``closed_at``,
    ``closed_by``. Audited ``visit_close`` with the outcome and whether a note was written.
    Raises ``LookupError``, :class:`VisitError` (already closed or withdrawn, unknown outcome,
    long note)."""
    visit = _open_visit(visit_id)
    if outcome not in OUTCOME_LABELS:
        raise VisitError("Hãy chọn kết quả.")
    note = (note or "").replace("\r\n", "\n").strip() or None
    if note and len(note) > NOTE_MAX:
        raise VisitError(f"Ghi chú dài quá {NOTE_MAX} ký tự.")
    visit.status, visit.outcome, visit.outcome_note = "closed", outcome, note
    visit.closed_at, visit.closed_by_id = now or utcnow(), by.id
    record("visit_close", _target(visit), user=by, ip=ip,
           detail={"outcome": outcome, "note": note is not None})
    return visit


def forget_on_request(visit_id: int, by: User, ip: str | None = None,
                      now: datetime | None = None) -> VisitRequest:
    """An admin deletes the visit's number and recording because the caller asked
    (:func:`ivr.people.visits.forget_on_request`): an open visit becomes ``withdrawn``, a closed
    one keeps its outcome; audited ``visit_forget`` by ``by``. Raises ``LookupError``,
    :class:`VisitError` (already deleted on the caller's request)."""
    visit = locked_visit(visit_id)
    if visits.forgotten_on_request(visit) is not None:
        raise VisitError("Số điện thoại và bản ghi của yêu cầu này đã được xoá theo yêu cầu "
                         "người gọi.")
    visits.forget_on_request(visit, "visit_forget", user=by, ip=ip, now=now)
    return visit


def callback_for(visit_id: int, by: User, ip: str | None = None) -> CallbackRequest:
    """The open callback request of this visit (reason ``visit``, context ``{"visit": id}``),
    made now if there is none (audited ``callback_request`` by ``by``); the caller's number as
    the callback queue keeps it. Flushed, not committed: ring it with
    :func:`ivr.people.callbacks.ring_volunteer`. Raises ``LookupError``, :class:`VisitError`
    (final visit; no Vietnamese number to call: withheld, deleted by retention, or abroad)."""
    visit = _open_visit(visit_id)
    number = vietnamese_number(visit.caller)
    if number is None:
        raise VisitError("Không có số điện thoại để gọi lại (người dân giấu số, số đã xoá theo "
                         "thời hạn lưu trữ, hoặc không phải số Việt Nam).")
    candidates = db.session.scalars(sa.select(CallbackRequest).where(
        CallbackRequest.reason == "visit", CallbackRequest.number == number,
        CallbackRequest.status.in_(CALLBACK_OPEN)).order_by(CallbackRequest.id))
    found = next((row for row in candidates if (row.context or {}).get("visit") == visit.id), None)
    if found is not None:
        return found
    found = CallbackRequest(number=number, number_source="caller_id", reason="visit",
                            context={"visit": visit.id}, status="open", attempts=0,
                            call_sid=visit.call_sid, caller_key=visit.caller_key)
    db.session.add(found)
    db.session.flush()
    record("callback_request", f"callback:{found.id}", user=by, ip=ip,
           detail={"reason": "visit", "visit": visit.id})
    return found


def _target(visit: VisitRequest) -> str:
    return f"visit:{visit.id}"
