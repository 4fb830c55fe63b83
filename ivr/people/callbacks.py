"""Callback requests, handled in order (issue 12, item 3): what a caller asked, the queue, the tries.

A caller asks on the phone (the ``request_callback`` effect, :func:`request_from_call`); the
number comes from caller ID, or, withheld or not a Vietnamese number, from the caller's keys
(answer ``callback_number``). One open request per number: asking again updates it. The request
keeps its context (answers ``callback_reason``, ``tutorial``, ``tutorial_step``, ``reference``;
see docs/flow-spec.md, "Callback requests").

A volunteer works the queue (oldest first) in the dashboard: each try is a
:class:`~ivr.models.CallbackAttempt`. :func:`begin_attempt` marks the request ``calling`` so two
volunteers never call the same caller at once; the outcome of a try comes from Twilio's webhooks
(:mod:`ivr.voice.callback_calls`) or by hand, and :func:`finish_attempt` applies it::

    talked, wrong_number      → request done
    no_answer                 → open again, retried after CALLBACK_RETRY_MINUTES;
                                gave_up after CALLBACK_MAX_ATTEMPTS of them
    volunteer_missed, failed  → open again at once (the caller was never rung: not counted)

A try is ``calling`` while the volunteer's phone rings, ``dialing`` once they pressed 1. An
outcome marked by hand applies to the current try only (:func:`record_by_hand`): marking again a
try that already has its outcome is a no-op, so a double-tap never costs the caller a try.

Every change is audited (:mod:`ivr.audit`) in the caller's transaction (:func:`call_volunteer`
commits, around the REST request). No Flask here; Twilio's REST API is passed in.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Mapping

import sqlalchemy as sa

from ivr.audit import record
from ivr.models import Call, CallbackAttempt, CallbackRequest, User, db, utcnow
from ivr.people import outbound_rules as rules
from ivr.people.shifts import VIETNAM, aware
from ivr.phone import classify_number
from ivr.voice.twilio_rest import TwilioApiError, place_call, rest_client

REASONS = ("stuck", "asked", "no_answer", "report")
# A volunteer's "Gọi lại" on a home visit request (ivr.people.visit_queue), never the phone's.
VOLUNTEER_REASONS = ("visit",)
OPEN = ("open", "calling")
CLOSED = ("done", "gave_up", "cancelled")
IN_PROGRESS = ("calling", "dialing")  # a try under way: ringing the volunteer, then the caller
BY_HAND = ("talked", "no_answer", "wrong_number")  # outcomes a volunteer may record on the page
# Outcomes that rang the caller's phone, so they count as a try of the request.
COUNTED = ("talked", "no_answer", "wrong_number")
CALLABLE_KINDS = ("mobile", "fixed_line")  # never premium, toll-free, short codes or abroad

OUTCOME_LABELS = {"calling": "Đang gọi", "dialing": "Đang nối máy với người gọi", "talked": "Đã nói chuyện", "no_answer": "Không nghe máy",
                  "wrong_number": "Nhầm số", "volunteer_missed": "Tình nguyện viên chưa nghe máy",
                  "failed": "Không gọi được (lỗi tổng đài)"}
STATUS_LABELS = {"open": "Chờ gọi", "calling": "Đang gọi", "done": "Đã xong",
                 "gave_up": "Đã thử đủ số lần", "cancelled": "Đã hủy"}
REASON_LABELS = {"stuck": "bị vướng", "asked": "Muốn gặp người",
                 "no_answer": "Đã chờ nối máy nhưng chưa ai nghe", "report": "Về báo cáo",
                 "visit": "Hẹn thăm nhà"}


class CallbackError(Exception):
    """A try that cannot start or an outcome that cannot be recorded; the message is Vietnamese,
    for the volunteer."""


class RequestClosed(CallbackError):
    """The request is closed (``done``, ``gave_up``, ``cancelled``): kept for the audit log,
    never reopened, never called again (the dashboard answers 409)."""


class AlreadyRecorded(CallbackError):
    """The latest try already has its outcome: marking it again changes nothing (no new try, no
    count against the caller)."""


CLOSED_MESSAGE = ("Yêu cầu gọi lại này đã đóng (đã xong, đã thử đủ số lần hoặc đã hủy) nên không "
                  "gọi lại hay ghi kết quả được nữa. Nếu người dân cần giúp thêm, họ gọi tổng đài "
                  "để tạo yêu cầu mới.")


@dataclass(frozen=True)
class Limits:
    """``max_attempts`` tries that rang the caller before giving up; ``retry_minutes`` before a
    try nobody answered may be repeated (settings CALLBACK_MAX_ATTEMPTS, CALLBACK_RETRY_MINUTES)."""

    max_attempts: int = 3
    retry_minutes: int = 30

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(int(config["CALLBACK_MAX_ATTEMPTS"]), int(config["CALLBACK_RETRY_MINUTES"]))


# -- the request, from the phone -----------------------------------------------------------------

def vietnamese_number(raw: str | None) -> str | None:
    """``raw`` (caller ID in E.164, or keys such as ``0912345678``) as E.164 when it is a valid
    Vietnamese mobile or landline (libphonenumber's metadata for VN,
    https://github.com/google/libphonenumber), else ``None``: a volunteer never calls a short code,
    a premium or toll-free number, or abroad."""
    if not raw:
        return None
    info = classify_number(raw)
    if info.valid and info.region == "VN" and info.kind in CALLABLE_KINDS:
        return info.e164
    return None


def request_from_call(call: Call, answers: dict[str, str],
                      tutorial_title: Callable[[str], str | None]) -> str:
    """Create or update the open callback request of ``call``'s caller; return the outcome for the
    flow: ``saved``, ``no_number`` (no usable caller ID and nothing keyed yet) or
    ``invalid_number`` (the keyed ``callback_number`` is not a Vietnamese phone number).

    ``answers``: the call's answers (``callback_number``, ``callback_reason``, ``tutorial``,
    ``tutorial_step``, ``reference``); ``tutorial_title`` gives a tutorial node's spoken title.
    One open request per number: a second request (or a repeated webhook) updates the first.
    Not committed.
    """
    number, source = vietnamese_number(call.caller), "caller_id"
    if number is None:
        keyed = answers.get("callback_number", "")
        if not keyed:
            return "no_number"
        number, source = vietnamese_number(keyed), "keyed"
        if number is None:
            return "invalid_number"
    reason = answers.get("callback_reason")
    reason = reason if reason in REASONS else "asked"
    context = _context(answers, tutorial_title)
    request = db.session.scalars(
        sa.select(CallbackRequest).where(CallbackRequest.number == number,
                                         CallbackRequest.status.in_(OPEN))
        .order_by(CallbackRequest.id).limit(1).with_for_update()).first()
    updated = request is not None
    if request is None:
        request = CallbackRequest(number=number, status="open", attempts=0, context={})
        db.session.add(request)
    request.call_sid, request.caller_key, request.number_source = call.call_sid, call.caller_key, source
    request.reason = reason
    request.context = {**{k: v for k, v in (request.context or {}).items() if k == "last_error"},
                       **context}
    db.session.flush()
    record("callback_request", f"callback:{request.id}", actor="caller",
           detail={"reason": reason, "source": source, "updated": updated})
    return "saved"


def _context(answers: dict[str, str], tutorial_title: Callable[[str], str | None]) -> dict:
    """The context kept with a request: the tutorial (id, title, 1-based step), the report."""
    context: dict = {}
    tutorial = answers.get("tutorial")
    if tutorial:
        context["tutorial"] = tutorial
        context["tutorial_title"] = tutorial_title(tutorial) or tutorial
        step = answers.get("tutorial_step", "")
        if step.isdigit():
            context["step"] = int(step)
    if answers.get("reference"):
        context["reference"] = answers["reference"]
    return context


def context_text(request: CallbackRequest) -> str:
    """The request's context in Vietnamese for the queue, e.g. ``"Đang học bài tạo tài khoản
    VNeID, bước 3 — bị vướng"``, ``"Muốn gặp người"``, ``"Muốn gặp người · Báo cáo 123456"``."""
    context = request.context or {}
    lesson = ""
    if context.get("tutorial_title"):
        lesson = f"Đang học bài {context['tutorial_title']}"
        if context.get("step"):
            lesson += f", bước {context['step']}"
    reason = REASON_LABELS.get(request.reason, request.reason)
    if request.reason == "stuck" and lesson:
        parts = [f"{lesson} — {reason}"]
    else:
        parts = [reason[:1].upper() + reason[1:], *([lesson] if lesson else [])]
    if context.get("reference"):
        parts.append(f"Báo cáo {context['reference']}")
    return " · ".join(parts)


# -- the queue -----------------------------------------------------------------------------------

def queue(closed: bool = False) -> list[CallbackRequest]:
    """Open requests (``open`` and ``calling``) oldest first; with ``closed``, the closed ones,
    most recently closed first."""
    if closed:
        query = (sa.select(CallbackRequest).where(CallbackRequest.status.in_(CLOSED))
                 .order_by(CallbackRequest.closed_at.desc(), CallbackRequest.id.desc()))
    else:
        query = (sa.select(CallbackRequest).where(CallbackRequest.status.in_(OPEN))
                 .order_by(CallbackRequest.created_at, CallbackRequest.id))
    return list(db.session.scalars(query))


def retry_after(request: CallbackRequest, now: datetime | None = None) -> datetime | None:
    """When the request may be tried again, if that is later than ``now`` (default now), else
    ``None`` (it may be called now)."""
    due = aware(request.next_attempt_at)
    return due if due is not None and due > (now or utcnow()) else None


def retry_clock(request: CallbackRequest, now: datetime | None = None) -> str | None:
    """"HH:MM" (Vietnam time) of :func:`retry_after`, for "Gọi lại sau HH:MM"; ``None`` when due."""
    due = retry_after(request, now)
    return f"{due.astimezone(VIETNAM):%H:%M}" if due else None


def within_calling_hours(hours: str, moment: datetime) -> bool:
    """Whether ``moment`` (aware) is inside ``hours`` (setting CALLING_HOURS, ``"HH:MM-HH:MM"`` in
    Asia/Ho_Chi_Minh; the end may be ``24:00``): the free line's rules
    (:mod:`ivr.people.outbound_rules`). Raises ``ValueError`` for another shape."""
    return rules.within_calling_hours(moment, rules.parse_calling_hours(hours))


# -- tries ---------------------------------------------------------------------------------------

def locked_request(request_id: int) -> CallbackRequest | None:
    """The request, locked for this transaction (``FOR UPDATE`` on PostgreSQL; SQLite's
    transactions hold the write lock)."""
    return db.session.scalars(sa.select(CallbackRequest).where(CallbackRequest.id == request_id)
                              .with_for_update()).first()


def check_open(request_id: int) -> None:
    """Raise ``LookupError`` for an unknown request, :class:`RequestClosed` for a closed one
    (before anything else is said about calling it)."""
    request = db.session.get(CallbackRequest, request_id)
    if request is None:
        raise LookupError(request_id)
    if request.status in CLOSED:
        raise RequestClosed(CLOSED_MESSAGE)


def begin_attempt(request_id: int, volunteer: User, now: datetime | None = None) -> CallbackAttempt:
    """Start a try of request ``request_id`` by ``volunteer``: a new attempt (``calling``), the
    request ``calling``. Not committed; commit before placing the call, so a second volunteer
    sees it taken. Raises ``LookupError`` for an unknown request, :class:`RequestClosed` for a
    closed one and :class:`CallbackError` when it is being called, not yet due, or the volunteer has no phone."""
    request = locked_request(request_id)
    if request is None:
        raise LookupError(request_id)
    if request.status in CLOSED:
        raise RequestClosed(CLOSED_MESSAGE)
    if request.status == "calling":
        raise CallbackError("Yêu cầu này đang được gọi. Hãy chờ cuộc gọi kết thúc.")
    due = retry_after(request, now)
    if due is not None:
        raise CallbackError(f"Chưa đến giờ gọi lại: gọi lại sau {due.astimezone(VIETNAM):%H:%M}.")
    if not volunteer.phone:
        raise CallbackError("Bạn chưa có số điện thoại để tổng đài gọi. Hãy thêm số điện thoại "
                            "của bạn ở trang Ca trực, rồi bấm Gọi lại.")
    attempt = CallbackAttempt(request=request, volunteer_id=volunteer.id, outcome="calling",
                              started_at=now or utcnow())
    request.status = "calling"
    db.session.add(attempt)
    db.session.flush()
    record("callback_call", f"callback:{request.id}", user=volunteer,
           detail={"attempt": attempt.id})
    return attempt


def call_volunteer(request_id: int, volunteer: User, place: Callable[[CallbackAttempt], str],
                   limits: Limits, now: datetime | None = None) -> CallbackAttempt:
    """"Gọi lại": start a try (:func:`begin_attempt`), commit it (the request is ``calling`` for
    every other volunteer), then ring the volunteer with ``place`` (Twilio's REST API: returns
    the leg's CallSid, raises :class:`~ivr.voice.twilio_rest.TwilioApiError`) and commit the
    outcome: the CallSid, or on failure the try ``failed`` and the request open with the error.
    Raises what :func:`begin_attempt` raises (nothing committed then) and, after a failed
    placement, :class:`CallbackError` with the error for the volunteer."""
    attempt = begin_attempt(request_id, volunteer, now)
    db.session.commit()
    try:
        call_sid = place(attempt)
    except TwilioApiError as error:
        place_failed(attempt, str(error), limits, now)
        db.session.commit()
        raise CallbackError(f"Tổng đài chưa gọi được ({error}). Yêu cầu vẫn chờ trong hàng đợi; "
                            "bạn thử lại sau ít phút.") from error
    placed(attempt, call_sid)
    db.session.commit()
    return attempt


def can_place(config: Mapping[str, Any]) -> bool:
    """Whether "Gọi lại" can ring anyone: ``HOTLINE_NUMBER`` and Twilio's REST credentials
    (``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``) are set."""
    return bool(config.get("HOTLINE_NUMBER")) and rest_client(config) is not None


def ring_volunteer(request_id: int, volunteer: User, config: Mapping[str, Any],
                   answer_url: Callable[[int], str], status_url: Callable[[int], str],
                   now: datetime | None = None) -> CallbackAttempt:
    """"Gọi lại" through Twilio's REST API (:func:`ivr.voice.twilio_rest.place_call`): the
    volunteer's phone rings from ``HOTLINE_NUMBER`` for ``DIAL_TIMEOUT`` seconds; Twilio fetches
    ``answer_url(attempt id)`` when they answer and posts the leg's status to
    ``status_url(attempt id)``. Raises as :func:`call_volunteer`, :class:`CallbackError` outside
    ``CALLING_HOURS`` (nothing stored); ``ValueError`` when calls cannot be placed
    (:func:`can_place`)."""
    client = rest_client(config) if config.get("HOTLINE_NUMBER") else None
    if client is None:
        raise ValueError("HOTLINE_NUMBER and Twilio's REST credentials are needed to place calls")
    if not within_calling_hours(config["CALLING_HOURS"], now or utcnow()):
        raise CallbackError(f"Ngoài giờ gọi ({config['CALLING_HOURS']}). Tổng đài không gọi cho "
                            "người dân lúc này.")  # quiet hours hold for every outbound call

    def place(attempt: CallbackAttempt) -> str:
        return place_call(client, attempt.volunteer.phone, config["HOTLINE_NUMBER"],
                          answer_url(attempt.id), status_url(attempt.id),
                          int(config["DIAL_TIMEOUT"]))

    return call_volunteer(request_id, volunteer, place, Limits.from_config(config), now)


def placed(attempt: CallbackAttempt, call_sid: str) -> None:
    """The volunteer's phone is ringing: Twilio's CallSid of that leg. Not committed."""
    attempt.volunteer_call_sid = call_sid
    context = dict(attempt.request.context or {})
    context.pop("last_error", None)
    attempt.request.context = context


def place_failed(attempt: CallbackAttempt, error: str, limits: Limits,
                 now: datetime | None = None) -> None:
    """Twilio's REST API refused or failed: the try ends ``failed`` (not counted against the
    caller), the request is open again, with the error kept for the queue. Not committed."""
    context = dict(attempt.request.context or {})
    context["last_error"] = error[:300]
    attempt.request.context = context
    finish_attempt(attempt, "failed", limits, now=now)


def finish_attempt(attempt: CallbackAttempt, outcome: str, limits: Limits,
                   now: datetime | None = None, user: User | None = None,
                   seconds: int | None = None) -> bool:
    """End a try with ``outcome`` and move its request on (see the module's table); audited as
    ``user`` or ``system``. Returns False, changing nothing, when the try had already ended (a
    repeated webhook). A closed request stays closed: the try ends, the request is not touched
    (nothing reopens it). Not committed. Raises ``ValueError`` for an unknown outcome."""
    if outcome not in OUTCOME_LABELS or outcome in IN_PROGRESS:
        raise ValueError(f"unknown callback outcome {outcome!r}")
    if attempt.outcome not in IN_PROGRESS:
        return False
    now = now or utcnow()
    attempt.outcome, attempt.ended_at = outcome, now
    attempt.seconds = seconds if seconds is not None else attempt.seconds
    request = attempt.request
    if request.status in CLOSED:
        record("callback_outcome", f"callback:{request.id}", user=user,
               detail={"attempt": attempt.id, "outcome": outcome, "status": request.status})
        return True
    if outcome in COUNTED:
        request.attempts += 1
    if outcome in ("talked", "wrong_number"):
        _close(request, "done", now, user)
    elif outcome == "no_answer" and request.attempts >= limits.max_attempts:
        _close(request, "gave_up", now, user)
    else:
        request.status = "open"
        if outcome == "no_answer":
            request.next_attempt_at = now + timedelta(minutes=limits.retry_minutes)
    record("callback_outcome", f"callback:{request.id}", user=user,
           detail={"attempt": attempt.id, "outcome": outcome, "status": request.status})
    return True


def _close(request: CallbackRequest, status: str, now: datetime, user: User | None) -> None:
    request.status, request.closed_at, request.next_attempt_at = status, now, None
    request.closed_by_id = user.id if user else request.closed_by_id


def record_by_hand(request_id: int, outcome: str, user: User, limits: Limits,
                   now: datetime | None = None) -> CallbackAttempt:
    """A volunteer records the outcome of a call (``talked``, ``no_answer``, ``wrong_number``).
    It applies to the current try: the one under way, else a try of its own (a call made by
    hand) when the request is due for one. A latest try that already has a counted outcome
    (the caller's phone rang) while the request waits for its retry, or that closed the request,
    is not tried again: a double-tap or a resubmitted form costs the caller nothing
    (:class:`AlreadyRecorded`). Not committed. Raises ``LookupError`` for an unknown request,
    :class:`AlreadyRecorded` for such a repeat, :class:`RequestClosed` for another closed one and
    ``ValueError`` for another outcome."""
    if outcome not in BY_HAND:
        raise ValueError(f"not an outcome recorded by hand: {outcome!r}")
    request = locked_request(request_id)
    if request is None:
        raise LookupError(request_id)
    latest = request.attempt_rows[-1] if request.attempt_rows else None
    if latest is not None and _already_recorded(request, latest, now):
        raise AlreadyRecorded(f"Lần gọi này đã được ghi: {OUTCOME_LABELS[latest.outcome]}. "
                              "Không ghi thêm lần gọi nào.")
    if request.status in CLOSED:
        raise RequestClosed(CLOSED_MESSAGE)
    attempt = next((a for a in request.attempt_rows if a.outcome in IN_PROGRESS), None)
    if attempt is None:
        attempt = CallbackAttempt(request=request, volunteer_id=user.id, outcome="calling",
                                  started_at=now or utcnow())
        db.session.add(attempt)
        db.session.flush()
    finish_attempt(attempt, outcome, limits, now=now, user=user)
    return attempt


def _already_recorded(request: CallbackRequest, latest: CallbackAttempt,
                      now: datetime | None) -> bool:
    """Whether ``latest`` (the request's latest try) already holds a counted outcome that a new
    mark would only repeat: the request still waits for its retry, or that try closed it."""
    if latest.outcome not in COUNTED:
        return False
    if request.status in CLOSED:
        return aware(request.closed_at) == aware(latest.ended_at)
    return retry_after(request, now) is not None


def last_outcome(request: CallbackRequest) -> str | None:
    """The outcome of the request's latest try, ``None`` before any."""
    return request.attempt_rows[-1].outcome if request.attempt_rows else None


def as_json(request: CallbackRequest, mask: Callable[[str | None], str]) -> dict:
    """A request for ``flask callbacks list --json``: the number through ``mask``, never in full."""
    due = aware(request.next_attempt_at)
    return {"id": request.id, "status": request.status, "created_at": aware(request.created_at).isoformat(),
            "number": mask(request.number), "number_source": request.number_source,
            "reason": request.reason, "context": context_text(request),
            "tutorial": (request.context or {}).get("tutorial"),
            "step": (request.context or {}).get("step"),
            "reference": (request.context or {}).get("reference"),
            "attempts": request.attempts, "tries": len(request.attempt_rows),
            "last_outcome": last_outcome(request),
            "next_attempt_at": due.isoformat() if due else None,
            "error": (request.context or {}).get("last_error")}
