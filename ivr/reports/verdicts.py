"""The verdict on a phone number, in one place: when the hotline tells callers it is a scam.

The rule (issue 11): a number is *flagged* (announced by "check a number", and warnings made from
its reports are played) only while its reports in :data:`~ivr.reports.lifecycle.CONFIRMED`
statuses carry confirmations (:class:`~ivr.models.ReportConfirmation`) by at least
:data:`CONFIRMERS_NEEDED` different users, or one admin's confirmation with a written reason (an
override). Nothing is cached: every question reads the reports' current status, so a report that
is withdrawn by its caller or reverted by an admin stops counting at once, and a number that
reaches its second confirmation is announced from the next call on.

Numbers are ``ivr.phone.classify_number(...).key`` strings (E.164 where they parse), the form of
``Report.reported_number``. Every function reads the current database session; none commits.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

import sqlalchemy as sa

from sqlalchemy.orm import selectinload

from ivr.models import Report, ReportConfirmation, ScamWarning, db, utcnow

from .lifecycle import CONFIRMED, WARNABLE

CONFIRMERS_NEEDED = 2


@dataclass(frozen=True)
class NumberVerdict:
    """What the hotline may say about one number.

    ``flagged``: announced to callers as a confirmed scam. ``independent_reports``: its confirmed
    reports from different callers (by ``Report.caller_key``; a report without one counts on its
    own). ``identities``: who the callers said it claimed to be (``lifecycle.IDENTITIES`` codes),
    most reported first. ``confirmers``: different users who confirmed its reports.
    """

    flagged: bool
    independent_reports: int
    identities: tuple[str, ...]
    confirmers: int


@dataclass(frozen=True)
class NumberSummary:
    """One flagged number as the authorities need it (no caller data): ``key`` in E.164; first
    and last confirmed report (UTC); how many confirmed reports, from how many callers; claimed
    identities (most reported first); ``money_lost``: some caller said money or a code was already
    given (the intake's first question, ``Report.money_lost``)."""

    key: str
    first_report_at: datetime
    last_report_at: datetime
    report_count: int
    independent_reports: int
    identities: tuple[str, ...]
    money_lost: bool


def _confirmed_reports() -> sa.Select:
    """Reports in a confirmed status that name a number, with their confirmations joined."""
    return (sa.select(Report.reported_number)
            .join(ReportConfirmation, ReportConfirmation.report_id == Report.id)
            .where(Report.status.in_(CONFIRMED))
            .where(Report.reported_number.is_not(None)))


def flagged_numbers(keys: Iterable[str] | None = None) -> sa.Select:
    """A select of the flagged numbers' keys (one column, one row per number), optionally only
    among ``keys``. Usable as a subquery: ``Report.reported_number.in_(flagged_numbers())``."""
    override = sa.func.max(sa.case((ReportConfirmation.is_admin_override.is_(True), 1), else_=0))
    query = _confirmed_reports()
    if keys is not None:
        query = query.where(Report.reported_number.in_(list(keys)))
    return query.group_by(Report.reported_number).having(sa.or_(
        sa.func.count(sa.distinct(ReportConfirmation.user_id)) >= CONFIRMERS_NEEDED, override == 1))


def is_flagged(key: str | None) -> bool:
    """True when the number ``key`` is flagged now (``None``, no number: never)."""
    if not key:
        return False
    return db.session.execute(flagged_numbers([key])).first() is not None


def _confirmed_rows(keys: list[str]) -> list[Report]:
    query = (sa.select(Report).where(Report.reported_number.in_(keys))
             .where(Report.status.in_(CONFIRMED)).order_by(Report.created_at, Report.id))
    return list(db.session.scalars(query))


def _independent(reports: list[Report]) -> int:
    keyed = {report.caller_key for report in reports if report.caller_key}
    return len(keyed) + sum(1 for report in reports if not report.caller_key)


def _identities(reports: list[Report]) -> tuple[str, ...]:
    # Counter keeps first-seen order among equal counts, and reports come oldest first.
    counts = Counter(report.claimed_identity for report in reports if report.claimed_identity)
    return tuple(identity for identity, _ in counts.most_common())


def number_verdict(key: str | None) -> NumberVerdict:
    """The verdict on the number ``key`` (a ``classify_number`` key; ``None`` or unknown: nothing
    reported, not flagged)."""
    if not key:
        return NumberVerdict(False, 0, (), 0)
    reports = _confirmed_rows([key])
    confirmers = db.session.execute(
        sa.select(sa.func.count(sa.distinct(ReportConfirmation.user_id)))
        .where(ReportConfirmation.report_id.in_([report.id for report in reports]))).scalar_one()
    return NumberVerdict(is_flagged(key), _independent(reports), _identities(reports), confirmers)


def flagged_summaries() -> list[NumberSummary]:
    """Every flagged number with its confirmed reports summed up, most recently reported first
    (for the authorities' feed; carries no caller data)."""
    keys = list(db.session.scalars(flagged_numbers()))
    by_key: dict[str, list[Report]] = {key: [] for key in keys}
    for report in _confirmed_rows(keys) if keys else ():
        by_key[report.reported_number].append(report)
    summaries = [NumberSummary(key, reports[0].created_at, reports[-1].created_at, len(reports),
                               _independent(reports), _identities(reports),
                               any(report.money_lost for report in reports))
                 for key, reports in by_key.items() if reports]
    return sorted(summaries, key=lambda summary: (summary.last_report_at, summary.key), reverse=True)


def confirm(report: Report, user_id: int, reason: str | None = None) -> ReportConfirmation | None:
    """Record that user ``user_id`` confirmed ``report`` (the caller audits and commits).

    ``reason``: an admin's written reason, making it an override (the caller checks the role).
    Returns the new or changed confirmation, or ``None`` when nothing changed (the user already
    confirmed it, the same way): a user counts once per report. An override given after a plain
    confirmation upgrades that row.
    """
    query = sa.select(ReportConfirmation).where(ReportConfirmation.report_id == report.id,
                                                ReportConfirmation.user_id == user_id)
    existing = db.session.execute(query).scalar_one_or_none()
    if existing is not None:
        if reason is None or existing.is_admin_override:
            return None
        existing.is_admin_override, existing.reason = True, reason
        return existing
    confirmation = ReportConfirmation(report_id=report.id, user_id=user_id, created_at=utcnow(),
                                      is_admin_override=reason is not None, reason=reason)
    db.session.add(confirmation)
    return confirmation


def confirmations(report_id: int) -> list[ReportConfirmation]:
    """The confirmations of one report, oldest first (with their users loaded)."""
    query = (sa.select(ReportConfirmation).where(ReportConfirmation.report_id == report_id)
             .options(selectinload(ReportConfirmation.user))
             .order_by(ReportConfirmation.created_at, ReportConfirmation.id))
    return list(db.session.scalars(query))


def clear_confirmations(report: Report) -> list[str]:
    """Delete the confirmations of ``report`` (it left the confirmed statuses; the caller audits
    and commits); return the names of the users who had confirmed it."""
    names = [confirmation.user.username for confirmation in confirmations(report.id)]
    db.session.execute(sa.delete(ReportConfirmation).where(ReportConfirmation.report_id == report.id))
    return names


def playable_warnings() -> sa.Select:
    """Active warnings callers may hear: written freely by an admin, or made from a report that is
    still in a :data:`~ivr.reports.lifecycle.WARNABLE` status about a number that is flagged now.
    Newest first."""
    from_report = (sa.select(Report.id).where(Report.status.in_(WARNABLE))
                   .where(Report.reported_number.in_(flagged_numbers())))
    return (sa.select(ScamWarning).where(ScamWarning.active.is_(True))
            .where(sa.or_(ScamWarning.report_id.is_(None), ScamWarning.report_id.in_(from_report)))
            .order_by(ScamWarning.created_at.desc(), ScamWarning.id.desc()))


def may_warn(report: Report) -> bool:
    """True when a warning may be published from ``report`` now: it is in a warnable status and
    its number is flagged."""
    return report.status in WARNABLE and is_flagged(report.reported_number)


__all__ = ["CONFIRMERS_NEEDED", "NumberVerdict", "NumberSummary", "flagged_numbers", "is_flagged",
           "number_verdict", "flagged_summaries", "playable_warnings", "may_warn", "confirm", "confirmations", "clear_confirmations"]
