"""Database questions the dashboard asks: the review queue, counts, reports about one number.

All conditions are joined with chained ``.where()`` (never Python ``and``, which silently drops one).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from ivr.models import AuditEntry, Report, ScamWarning, User, db
from ivr.phone import classify_number
from ivr.review.labels import day_start

PER_PAGE = 20
# Reports still waiting for a decision (triage: urgent first among them, overdue after a while).
OPEN = ("new", "in_review")
# Unreviewed first: new, then in review, then everything already decided.
_RANK = sa.case((Report.status == "new", 0), (Report.status == "in_review", 1), else_=2)
# Triage (issue 11): an open report whose caller said money or a code was already given (the
# money question's "1" or "3", stored as ``Report.money_lost``) comes before every other one.
_URGENT = sa.case((sa.and_(Report.status.in_(OPEN), Report.money_lost.is_(True)), 0), else_=1)


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
    """Reports matching ``filters``: unreviewed first, and among them those where the caller said
    money or a code was already given (``money_lost``) before the rest, then new before in review,
    oldest first (so none waits forever); decided reports newest first."""
    waiting_since = sa.case((_RANK < 2, Report.created_at), else_=None)
    return _filtered(sa.select(Report), filters).order_by(
        sa.case((_RANK < 2, 0), else_=1), _URGENT, _RANK, waiting_since.asc().nulls_last(),
        Report.created_at.desc(), Report.id.desc())


def status_counts(filters: QueueFilters) -> dict[str, int]:
    """``{status: number of reports}`` under every filter except the status itself."""
    query = _filtered(sa.select(Report.status, sa.func.count()), filters, with_status=False)
    return dict(db.session.execute(query.group_by(Report.status)).all())


def as_utc(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive UTC values); None stays."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


@dataclass(frozen=True)
class Triage:
    """What the queue tells one volunteer beyond the list: reports made since they last looked
    (``seen_at``; None = never, so every report counts), open reports waiting since before
    ``overdue_before`` (aware UTC), and how many open reports say money or a code was given.
    Withdrawn reports count nowhere."""

    seen_at: datetime | None
    overdue_before: datetime
    new_count: int
    overdue_count: int
    urgent_count: int

    def is_new(self, report: Report) -> bool:
        """True when ``report`` arrived after this volunteer last looked at the queue."""
        return report.status != "withdrawn" and (
            self.seen_at is None or as_utc(report.created_at) > as_utc(self.seen_at))

    def is_overdue(self, report: Report) -> bool:
        """True when ``report`` is still open and was made before ``overdue_before``."""
        return report.status in OPEN and as_utc(report.created_at) < self.overdue_before

    @staticmethod
    def is_urgent(report: Report) -> bool:
        """True when the caller said money or a code was already given (any status)."""
        return report.money_lost is True


def triage(seen_at: datetime | None, now: datetime, overdue_hours: float) -> Triage:
    """The counts of :class:`Triage` for a volunteer who last looked at ``seen_at``, at ``now``
    (aware UTC), with reports open for more than ``overdue_hours`` hours overdue."""
    overdue_before = now - timedelta(hours=overdue_hours)
    live = sa.select(sa.func.count()).select_from(Report).where(Report.status != "withdrawn")
    new = live if seen_at is None else live.where(Report.created_at > seen_at)
    open_ = sa.select(sa.func.count()).select_from(Report).where(Report.status.in_(OPEN))
    return Triage(seen_at, overdue_before, db.session.scalar(new),
                  db.session.scalar(open_.where(Report.created_at < overdue_before)),
                  db.session.scalar(open_.where(Report.money_lost.is_(True))))


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
