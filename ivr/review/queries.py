"""Database questions the dashboard asks: the review queue, counts, reports about one number.

All conditions are joined with chained ``.where()`` (never Python ``and``, which silently drops one).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ivr.models import AuditEntry, Report, ScamWarning, User, db
from ivr.phone import classify_number
from ivr.review.labels import day_start

PER_PAGE = 20
# Unreviewed first: new, then in review, then everything already decided.
_RANK = sa.case((Report.status == "new", 0), (Report.status == "in_review", 1), else_=2)


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; every field optional. ``category="none"`` means unclassified;
    dates are Vietnam calendar days, both ends included."""

    status: str | None = None
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    number: str | None = None


def _filtered(query: sa.Select, filters: QueueFilters, with_status: bool = True) -> sa.Select:
    if with_status and filters.status:
        query = query.where(Report.status == filters.status)
    if filters.category == "none":
        query = query.where(Report.category.is_(None))
    elif filters.category:
        query = query.where(Report.category == filters.category)
    if filters.date_from:
        query = query.where(Report.created_at >= day_start(filters.date_from))
    if filters.date_to:
        query = query.where(Report.created_at < day_start(filters.date_to + timedelta(days=1)))
    if filters.number:
        info = classify_number(filters.number)
        query = query.where(sa.or_(Report.reported_number == info.key,
                                   Report.reported_number_raw == info.digits))
    return query


def queue_query(filters: QueueFilters) -> sa.Select:
    """Reports matching ``filters``: unreviewed first, oldest first among them (so none waits
    forever); decided reports newest first."""
    waiting_since = sa.case((_RANK < 2, Report.created_at), else_=None)
    return _filtered(sa.select(Report), filters).order_by(
        _RANK, waiting_since.asc().nulls_last(), Report.created_at.desc(), Report.id.desc())


def status_counts(filters: QueueFilters) -> dict[str, int]:
    """``{status: number of reports}`` under every filter except the status itself."""
    query = _filtered(sa.select(Report.status, sa.func.count()), filters, with_status=False)
    return dict(db.session.execute(query.group_by(Report.status)).all())


def reports_per_number(numbers: set[str]) -> dict[str, int]:
    """``{reported number: how many reports name it}`` for the given E.164 numbers; reports the
    caller withdrew do not count."""
    if not numbers:
        return {}
    query = (sa.select(Report.reported_number, sa.func.count()).where(Report.reported_number.in_(numbers))
             .where(Report.status != "withdrawn").group_by(Report.reported_number))
    return dict(db.session.execute(query).all())


def same_number(report: Report) -> list[Report]:
    """Other reports about the number ``report`` names, newest first (empty when it names none);
    withdrawn ones are left out."""
    if not report.reported_number:
        return []
    query = (sa.select(Report).where(Report.reported_number == report.reported_number)
             .where(Report.id != report.id).where(Report.status != "withdrawn").order_by(Report.created_at.desc()).limit(50))
    return list(db.session.scalars(query))


def active_users() -> list[User]:
    """Users who can be assigned a report, by name."""
    return list(db.session.scalars(sa.select(User).where(User.active.is_(True)).order_by(User.username)))


def audit_query(user: str | None, action: str | None, report_id: int | None = None) -> sa.Select:
    """Audit entries newest first, optionally for one actor name, one action and/or one report."""
    query = sa.select(AuditEntry)
    if user:
        query = query.where(AuditEntry.actor == user)
    if action:
        query = query.where(AuditEntry.action == action)
    if report_id is not None:
        query = query.where(AuditEntry.target == f"report:{report_id}")
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def warnings_query() -> sa.Select:
    """Warnings, active ones first, newest first."""
    return sa.select(ScamWarning).order_by(ScamWarning.active.desc(), ScamWarning.created_at.desc(),
                                           ScamWarning.id.desc())


def exportable(statuses: tuple[str, ...], date_from: date | None, date_to: date | None) -> sa.Select:
    """Reports with one of ``statuses`` made within the (Vietnam) date range, oldest first."""
    filters = QueueFilters(date_from=date_from, date_to=date_to)
    query = _filtered(sa.select(Report).where(Report.status.in_(statuses)), filters)
    return query.order_by(Report.created_at, Report.id)
