"""Which numbers the partner feed lists, and what it says about each: one query, no formatting
(that is :mod:`ivr.api.formats`)."""
from __future__ import annotations

import sqlalchemy as sa

from ivr.api.formats import NumberSummary, iso_utc
from ivr.models import Report, db
from ivr.reports import verdicts
from ivr.reports.lifecycle import CONFIRMED, IDENTITIES

# Reports that back a number in the feed: every report about it except those the caller withdrew
# and those a volunteer decided were not a scam.
_NOT_COUNTED = ("withdrawn", "not_scam")


def flagged_rows() -> list[NumberSummary]:
    """The flagged numbers, most recently reported first, as :class:`NumberSummary` rows.

    Flagged is issue 11's two-person rule, decided in one place,
    :func:`ivr.reports.verdicts.flagged_numbers`: two different users confirmed reports about the
    number (confirmed or escalated, never withdrawn), or an admin did with a written reason.
    """
    flagged = verdicts.flagged_numbers()
    counted = Report.status.not_in(_NOT_COUNTED)
    confirmed = sa.func.sum(sa.case((Report.status.in_(CONFIRMED), 1), else_=0))
    money = sa.func.sum(sa.case((Report.money_lost.is_(True), 1), else_=0))
    query = (sa.select(Report.reported_number, sa.func.min(Report.created_at),
                       sa.func.max(Report.created_at), sa.func.count(), confirmed, money)
             .where(Report.reported_number.in_(flagged)).where(counted)
             .group_by(Report.reported_number))
    identities = _identities(flagged, counted)
    rows = [NumberSummary(number, first, last, count, int(confirmed_count or 0),
                          identities.get(number, ()), bool(money_count))
            for number, first, last, count, confirmed_count, money_count in db.session.execute(query)]
    return sorted(rows, key=lambda row: (iso_utc(row.last_report_at), row.number), reverse=True)


def _identities(flagged: sa.Select, counted) -> dict[str, tuple[str, ...]]:
    """``{number: identity codes callers gave}`` in the order of ``IDENTITIES``."""
    query = (sa.select(Report.reported_number, Report.claimed_identity).distinct()
             .where(Report.reported_number.in_(flagged)).where(counted)
             .where(Report.claimed_identity.is_not(None)))
    found: dict[str, set[str]] = {}
    for number, identity in db.session.execute(query):
        found.setdefault(number, set()).add(identity)
    order = {code: place for place, code in enumerate(IDENTITIES)}
    return {number: tuple(sorted(codes, key=lambda code: (order.get(code, len(order)), code)))
            for number, codes in found.items()}
