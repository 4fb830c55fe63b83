"""Home visit requests from the phone (issue 12, item 7): the caller's side.

A caller who would rather be shown at home asks for a visit (``prompts/nodes/visits.yaml``): the
``save_visit`` effect creates the request before the beep (:func:`save_from_call`), so a hang-up
during the recording loses nothing; Twilio's ``<Record>`` action and recording status callback
attach the recording (:func:`attach_recording`, idempotent like a report's), the fetch and
transcription jobs (``jobs.fetch``, ``jobs.transcribe`` with ``kind="visit"``) store and
transcribe it, and the transcript names the commune (:func:`place_from_transcript`), whose team
sees the request first in the dashboard (``ivr.people.visit_queue``, the dashboard's side).

The number to call back is the caller ID when it is a Vietnamese mobile or landline, else the
number the caller keys (answer ``callback_number``, as for a callback request). ``caller`` is
personal data: masked for volunteers and the CLI, removed by retention
(``ivr.reports.retention``). Callers of these functions commit.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

import sqlalchemy as sa

from ivr.audit import record
from ivr.models import AuditEntry, Call, CallbackRequest, TeamCommune, User, VisitRequest, db, utcnow
from ivr.people.callbacks import vietnamese_number
from ivr.people.communes import find_commune
from ivr.reports import hear_back, intake
from ivr.reports.intake import take_recording
from ivr.reports.retention import forget_visit

log = logging.getLogger(__name__)

REFERENCE_DIGITS = 6  # read to the caller digit by digit, twice
KEYED = "callback_number"  # the answer a caller without usable caller ID keys
SAVED, NO_NUMBER, INVALID_NUMBER = "saved", "no_number", "invalid_number"
VISIT_WITHDRAWN = "visit_withdrawn"  # the flow's withdraw_result says a visit's own words
OPEN = ("new", "assigned")
STATUS_LABELS = {"new": "Mới", "assigned": "Đã nhận", "closed": "Đã xong", "withdrawn": "Đã rút"}


def visit_for_call(call_sid: str, lock: bool = False) -> VisitRequest | None:
    """The visit request made during call ``call_sid``, if any (``lock``: ``FOR UPDATE``)."""
    query = sa.select(VisitRequest).where(VisitRequest.call_sid == call_sid)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.execute(query).scalar_one_or_none()


def save_from_call(call: Call, answers: dict[str, str]) -> tuple[str, VisitRequest]:
    """Create or update the visit request of ``call`` (one per CallSid); return the outcome for
    the flow and the request (flushed, not committed).

    Outcomes: ``saved`` (a number to call back is known), ``no_number`` (no usable caller ID and
    nothing keyed yet) or ``invalid_number`` (the keyed ``callback_number`` is not a Vietnamese
    mobile or landline). The request is kept whatever the outcome: the recording matters more
    than the order of the questions. A new request is audited (``visit_request``, actor
    ``caller``).
    """
    visit = visit_for_call(call.call_sid)
    if visit is None:
        visit = VisitRequest(call_sid=call.call_sid, reference=_new_reference(), audio_state="none",
                             status="new", context=_context(answers))
        db.session.add(visit)
        db.session.flush()
        record("visit_request", f"visit:{visit.id}", actor="caller",
               detail={"reference": visit.reference})
    outcome = apply_number(visit, call, answers)
    db.session.flush()
    return outcome, visit


def apply_number(visit: VisitRequest, call: Call, answers: dict[str, str]) -> str:
    """Give ``visit`` the number to call back: the caller ID, else the keyed one; return the
    outcome as :func:`save_from_call` does. A withdrawn request takes nothing."""
    visit.caller_key = visit.caller_key or call.caller_key
    number = vietnamese_number(call.caller)
    if number is None:
        keyed = answers.get(KEYED, "")
        if not keyed:
            return NO_NUMBER
        number = vietnamese_number(keyed)
        if number is None:
            return INVALID_NUMBER
    if visit.status != "withdrawn":
        visit.caller = number
    return SAVED


def keep_late_number(call: Call) -> VisitRequest | None:
    """At the end of ``call``: its visit request takes the number keyed after the recording, when
    the caller hung up before the thanks that saves it. Returns the request, if any."""
    visit = visit_for_call(call.call_sid)
    if visit is not None and not visit.caller:
        apply_number(visit, call, (call.state or {}).get("answers", {}))
    return visit


def _context(answers: dict[str, str]) -> dict:
    """Where the caller was: the tutorial and step left in this call, a report's reference."""
    return {name: answers[name] for name in ("tutorial", "tutorial_step", "reference")
            if answers.get(name)}


def _new_reference() -> str:
    # Never a report's reference either: both are keyed at the same "báo cáo cũ" step.
    return intake.new_reference()


def attach_recording(call_sid: str, recording_sid: str, url: str, seconds: int | None,
                     status: str, *, from_action: bool, call: Call | None = None
                     ) -> VisitRequest | None:
    """Record that Twilio has (or has not) a recording for the call's visit request; return the
    request when its audio should now be fetched, else ``None``.

    The rules are a report's (:func:`ivr.reports.intake.take_recording`): the ``<Record>`` action
    is authoritative, a status callback only fills an empty slot; the same RecordingSid twice
    changes nothing. A request the database lost (a call never seen) is created from the call,
    so the recording is kept. The row is read ``FOR UPDATE`` (PostgreSQL).
    """
    visit = visit_for_call(call_sid, lock=True)
    if visit is None:
        call = call or db.session.execute(sa.select(Call).where(Call.call_sid == call_sid)
                                          ).scalar_one_or_none()
        if call is None:
            visit = VisitRequest(call_sid=call_sid, reference=_new_reference(), audio_state="none",
                                 status="new")
            db.session.add(visit)
        else:
            visit = save_from_call(call, (call.state or {}).get("answers", {}))[1]
    if visit.status == "withdrawn":
        return None
    return visit if take_recording(visit, recording_sid, url, seconds, status,
                                   from_action=from_action) else None


def withdraw(reference: str, caller_key: str | None, call_sid: str,
             limits: intake.WithdrawalLimits = intake.WithdrawalLimits(),
             now: datetime | None = None) -> str:
    """The caller keyed ``reference`` at "rút báo cáo": withdraw their home visit request with
    that reference, else their report (:func:`ivr.reports.intake.withdraw`). Not committed.

    A visit request counts only when made from the same phone (``caller_key``; a withheld caller
    never matches); the limits on wrong references are the report's, checked first, and a wrong
    reference is counted once (by the report's withdrawal). Returns :data:`VISIT_WITHDRAWN`
    (also when it already was: nothing changes twice) or the report's outcome
    (``withdrawn``, ``not_found``, ``too_many``).
    """
    now = now or utcnow()
    if intake.limit_reached(caller_key, call_sid, limits, now):
        return intake.TOO_MANY
    visit = _own_visit(reference, caller_key, lock=True)
    if visit is None:
        return intake.withdraw(reference, caller_key, call_sid, limits, now)
    if visit.status != "withdrawn":  # as a report: withdrawn whatever its status was
        forget_on_request(visit, "withdraw", actor="caller", now=now,
                          withdraw_from=OPEN + ("closed",))
    return VISIT_WITHDRAWN


def _own_visit(reference: str, caller_key: str | None, lock: bool = False) -> VisitRequest | None:
    """The visit request with ``reference`` made from the phone ``caller_key`` (row-locked when
    ``lock``), or ``None``; a withheld caller (no key) never has one."""
    if not (caller_key and reference):
        return None
    query = sa.select(VisitRequest).where(VisitRequest.reference == reference,
                                          VisitRequest.caller_key == caller_key)
    return db.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


# What a caller hears of their visit request at "hỏi kết quả" (the flow's status_result node).
SPOKEN_STATUS = {"new": "visit_received", "assigned": "visit_arranging", "closed": "visit_closed",
                 "withdrawn": "visit_withdrawn"}


def status_by_reference(reference: str, caller_key: str | None, call_sid: str,
                        limits: intake.WithdrawalLimits = intake.WithdrawalLimits(),
                        now: datetime | None = None) -> str:
    """The caller keyed ``reference`` at "hỏi kết quả": the plain state of their home visit
    request with it (:data:`SPOKEN_STATUS`: received, a volunteer is arranging, closed,
    withdrawn), else their report's (:func:`ivr.reports.hear_back.status_by_reference`). Same
    phone only, the report's limits checked first; reads only."""
    now = now or utcnow()
    if intake.limit_reached(caller_key, call_sid, limits, now):
        return intake.TOO_MANY
    visit = _own_visit(reference, caller_key)
    if visit is None:
        return hear_back.status_by_reference(reference, caller_key, call_sid, limits, now)
    return SPOKEN_STATUS.get(visit.status, "visit_received")


def forget_on_request(visit: VisitRequest, action: str, *, actor: str | None = None,
                      user: User | None = None, ip: str | None = None,
                      now: datetime | None = None, withdraw_from: tuple[str, ...] = OPEN
                      ) -> list[str]:
    """The caller asked for their data to go: remove the visit's numbers, recording and
    transcript (:func:`ivr.reports.retention.forget_visit`; a file that resists removal is logged
    and the request goes on) and the number on its "Gọi lại" requests (a waiting one is
    cancelled); a request in a ``withdraw_from`` status becomes ``withdrawn`` (a closed one keeps
    its outcome); audit ``action`` on ``visit:<id>`` with what was removed and the status change.
    Returns what was removed. Not committed."""
    now = now or utcnow()
    name, had_number = visit.audio_path, bool(visit.caller)
    try:
        removed = forget_visit(visit, now)
    except OSError:
        # As a withdrawn report's: the name stays for the maintenance to try the file again,
        # while the audio state already keeps it from being served.
        log.exception("could not delete the audio file of visit request %s", visit.id)
        visit.audio_path, removed = name, ["audio"] + (["caller"] if had_number else [])
    if _forget_callbacks(visit, now):
        removed.append("callback")
    previous = visit.status
    if previous in withdraw_from:
        visit.status, visit.closed_at = "withdrawn", visit.closed_at or now
    record(action, f"visit:{visit.id}", actor=actor, user=user, ip=ip,
           detail={"reference": visit.reference, "removed": removed, "from": previous,
                   "to": visit.status, "on_request": True})
    return removed


def _forget_callbacks(visit: VisitRequest, now: datetime) -> int:
    """The visit's "Gọi lại" requests (reason ``visit``, made with the visit's CallSid) lose the
    number; one still waiting is cancelled. Returns how many held a number."""
    made_for = sa.and_(CallbackRequest.call_sid == visit.call_sid, CallbackRequest.reason == "visit")
    db.session.execute(sa.update(CallbackRequest).where(made_for, CallbackRequest.status == "open")
                       .values(status="cancelled", closed_at=now)
                       .execution_options(synchronize_session=False))
    return db.session.execute(sa.update(CallbackRequest)
                              .where(made_for, CallbackRequest.number.is_not(None))
                              .values(number=None)
                              .execution_options(synchronize_session=False)).rowcount


def forgotten_on_request(visit: VisitRequest) -> AuditEntry | None:
    """The audit entry of the caller's request that deleted ``visit``'s number and recording
    (a withdrawal on the phone, or an admin's deletion), else ``None``."""
    return db.session.execute(sa.select(AuditEntry).where(
        AuditEntry.target == f"visit:{visit.id}",
        AuditEntry.action.in_(("withdraw", "visit_forget")))
        .order_by(AuditEntry.id).limit(1)).scalar_one_or_none()


def place_from_transcript(visit_id: int, transcript: str,
                          keys: Callable[[], dict[str, int]] | None = None) -> str | None:
    """Set the commune a caller named in ``transcript`` on visit request ``visit_id``, with its
    team (not committed); return the commune's key, or ``None`` when none was found.

    The communes are every ``TeamCommune.key`` (``ivr.people.communes.find_commune``: the longest
    name said as whole words; two different ones said → none). A commune a volunteer set
    (``commune_source == "volunteer"``) is never overwritten; ``commune_source`` becomes
    ``speech``. ``keys`` returns ``{key: team id}`` (default: read from the database).
    """
    known = (keys or commune_teams)()
    key = find_commune(transcript or "", known)
    if key is None:
        return None
    query = (sa.update(VisitRequest)
             .where(VisitRequest.id == visit_id,
                    sa.or_(VisitRequest.commune_source.is_(None),
                           VisitRequest.commune_source != "volunteer"))
             .values(commune=_commune_name(key), commune_source="speech", team_id=known[key])
             .execution_options(synchronize_session=False))
    return key if db.session.execute(query).rowcount == 1 else None


def commune_teams() -> dict[str, int]:
    """``{TeamCommune.key: team id}`` for every commune a team covers."""
    rows = db.session.execute(sa.select(TeamCommune.key, TeamCommune.team_id))
    return {row.key: row.team_id for row in rows}


def _commune_name(key: str) -> str:
    """The commune's name as the admin typed it (``TeamCommune.name``), else its key."""
    name = db.session.execute(sa.select(TeamCommune.name).where(TeamCommune.key == key)).scalar()
    return (name or key)[:80]


def listing(limit: int = 200) -> list[VisitRequest]:
    """The visit requests, newest first (at most ``limit``)."""
    return list(db.session.scalars(sa.select(VisitRequest)
                                   .order_by(VisitRequest.created_at.desc(), VisitRequest.id.desc())
                                   .limit(limit)))


DELETED_NUMBER = "Đã xoá"


def as_json(visit: VisitRequest, mask: Callable[[str | None], str]) -> dict:
    """One request for the CLI: id, reference, status, the number masked by ``mask``, commune,
    where the commune came from, team id and name, audio state, recording seconds, created (ISO 8601).
    The number of a withdrawn request reads ``Đã xoá`` (deleted on the caller's request), not
    the masked "no number" of a withheld caller."""
    deleted = visit.caller is None and visit.status == "withdrawn"
    return {"id": visit.id, "reference": visit.reference, "status": visit.status,
            "number": DELETED_NUMBER if deleted else mask(visit.caller), "commune": visit.commune,
            "commune_source": visit.commune_source, "team_id": visit.team_id,
            "team": visit.team.name if visit.team else None,
            "audio_state": visit.audio_state, "recording_seconds": visit.recording_seconds,
            "outcome": visit.outcome,
            "created_at": visit.created_at.isoformat() if visit.created_at else None}


__all__ = ["visit_for_call", "save_from_call", "apply_number", "keep_late_number",
           "attach_recording", "withdraw", "status_by_reference", "forget_on_request", "forgotten_on_request",
           "place_from_transcript", "commune_teams", "listing", "as_json",
           "SAVED", "NO_NUMBER", "INVALID_NUMBER", "VISIT_WITHDRAWN", "REFERENCE_DIGITS", "STATUS_LABELS"]
