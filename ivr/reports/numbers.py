"""What the hotline's reports say about one phone number: the confirmed count read to callers who
check a number, and the count of every report about it.

Numbers are compared by ``ivr.phone.classify_number(...).key`` (E.164 where it parses), the form
``Report.reported_number`` is stored in.
"""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from ivr.models import Report, db
from ivr.phone import classify_number

from .lifecycle import CONFIRMED


def confirmed_summary(raw_number: str) -> tuple[int, str | None]:
    """Return (confirmed reports about this number, the identity they most often claimed).

    Confirmed: :data:`~ivr.reports.lifecycle.CONFIRMED`. ``raw_number`` as the caller keyed it.
    """
    key = classify_number(raw_number).key
    query = sa.select(Report.claimed_identity).where(Report.reported_number == key,
                                                     Report.status.in_(CONFIRMED))
    identities = db.session.execute(query).scalars().all()
    common = Counter(i for i in identities if i).most_common(1)
    return len(identities), (common[0][0] if common else None)


def report_count(key: str) -> int:
    """Every report about the number ``key`` (a ``classify_number`` key), except withdrawn ones."""
    query = (sa.select(sa.func.count()).select_from(Report)
             .where(Report.reported_number == key, Report.status != "withdrawn"))
    return db.session.execute(query).scalar_one()


__all__ = ["confirmed_summary", "report_count"]
