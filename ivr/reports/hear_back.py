"""Reporters hear back (issue 12, item 5): a report's status by its reference, in plain words; the
caller's opt-in to a call when a volunteer reaches a verdict; which reports that call is due for.

What a caller may learn is only the status of a report made from the phone they call from (as
for a withdrawal, :func:`ivr.reports.intake.withdraw`): nothing about other callers' reports,
not even whether a reference exists. Wrong references count against the same limits as
withdrawals (``WithdrawalAttempt``, ``WITHDRAW_ATTEMPTS_PER_CALL`` / ``_PER_DAY``): both guess
the same six digits.

Spoken statuses (the outcomes of the flow's ``status_result`` node, prompts/nodes/report.yaml)::

    new ───────────────────────────────> received   "đã nhận"
    in_review, follow_up, or confirmed
      while its number is not yet flagged ─> reviewing  "đang được xem xét"
    confirmed/escalated, number flagged ─> confirmed  "đã xác nhận lừa đảo, đã báo cơ quan chức năng"
    not_scam ──────────────────────────> not_scam   "không phải lừa đảo"
    withdrawn ─────────────────────────> withdrawn

"Flagged" is the two-person rule (:func:`ivr.reports.verdicts.is_flagged`): a single volunteer's
confirmation is not yet a verdict. Every function reads the current session; none commits.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ivr.models import Call, Report, WithdrawalAttempt, db, utcnow

from . import intake, verdicts
from .lifecycle import CONFIRMED

RECEIVED, REVIEWING, CONFIRMED_SCAM, NOT_SCAM, WITHDRAWN = (
    "received", "reviewing", "confirmed", "not_scam", "withdrawn")
NOT_FOUND, TOO_MANY = intake.NOT_FOUND, intake.TOO_MANY
VERDICTS = (CONFIRMED_SCAM, NOT_SCAM)  # the statuses a reporter is called back about
OPTED_IN, UNAVAILABLE = "on", "unavailable"


def spoken_status(report: Report) -> str:
    """The plain status of ``report`` a caller hears (one of the module's outcomes)."""
    if report.status == "withdrawn":
        return WITHDRAWN
    if report.status == "not_scam":
        return NOT_SCAM
    if report.status in CONFIRMED and verdicts.is_flagged(report.reported_number):
        return CONFIRMED_SCAM
    return RECEIVED if report.status == "new" else REVIEWING


def status_by_reference(reference: str, caller_key: str | None, call_sid: str,
                        limits: intake.WithdrawalLimits, now: datetime | None = None) -> str:
    """The status of the report with ``reference`` made from the same phone (``caller_key``).

    Returns :func:`spoken_status`'s outcome, :data:`NOT_FOUND` (no such report from this phone,
    or a withheld number; the attempt is counted, as a withdrawal's) or :data:`TOO_MANY` (the
    limits are reached: checked before the reference, so guessing stops even on a right one).
    """
    now = now or utcnow()
    if intake.limit_reached(caller_key, call_sid, limits, now):
        return TOO_MANY
    report = None
    if caller_key and reference:
        report = db.session.execute(sa.select(Report).where(
            Report.reference == reference, Report.caller_key == caller_key)).scalar_one_or_none()
    if report is None:
        db.session.add(WithdrawalAttempt(call_sid=call_sid, caller_key=caller_key, at=now))
        return NOT_FOUND
    return spoken_status(report)


def opt_in(call: Call) -> str:
    """The caller of ``call`` pressed 1 to be called back with the verdict of the report made in
    this call: sets ``Report.notify_verdict``. Returns :data:`OPTED_IN`, or :data:`UNAVAILABLE`
    when there is nobody to call (withheld number) or no report to follow (none, withdrawn)."""
    report = intake.report_for_call(call.call_sid)
    if report is None or report.status == "withdrawn" or not call.caller or not report.caller:
        return UNAVAILABLE
    report.notify_verdict = True
    return OPTED_IN


def verdict_of(report: Report) -> str | None:
    """The verdict a reporter who opted in is called about: :data:`CONFIRMED_SCAM` or
    :data:`NOT_SCAM`, or ``None`` (no verdict yet, withdrawn, or no number left to call)."""
    if report.status == "withdrawn" or not report.caller:
        return None
    status = spoken_status(report)
    return status if status in VERDICTS else None


def reports_reaching_verdict(report: Report) -> list[Report]:
    """Reports that ``report``'s change may have brought to a verdict and whose callers opted in:
    ``report`` itself, and, when its number is flagged now, every other opted-in report about
    that number in a confirmed status (one report's second confirmation flags them all)."""
    found = {report.id: report} if report.notify_verdict else {}
    if report.reported_number and verdicts.is_flagged(report.reported_number):
        others = db.session.scalars(sa.select(Report).where(
            Report.reported_number == report.reported_number, Report.status.in_(CONFIRMED),
            Report.notify_verdict.is_(True)))
        found.update({other.id: other for other in others})
    return [found[key] for key in sorted(found) if verdict_of(found[key]) is not None]


__all__ = ["spoken_status", "status_by_reference", "opt_in", "verdict_of",
           "reports_reaching_verdict", "RECEIVED", "REVIEWING", "CONFIRMED_SCAM", "NOT_SCAM",
           "WITHDRAWN", "NOT_FOUND", "TOO_MANY", "VERDICTS", "OPTED_IN", "UNAVAILABLE"]
