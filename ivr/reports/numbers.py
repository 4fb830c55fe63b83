"""What the hotline's reports say about one phone number: the verdict read to callers who check a
number (:mod:`ivr.reports.verdicts`, the two-person rule), and the count of every report about it.

Numbers are compared by ``ivr.phone.classify_number(...).key`` (E.164 where it parses), the form
``Report.reported_number`` is stored in.
"""
from __future__ import annotations

import sqlalchemy as sa

from ivr.models import Report, db
from ivr.phone import classify_number

from .verdicts import NumberVerdict, number_verdict


def confirmed_summary(raw_number: str) -> NumberVerdict:
    """The verdict on the number a caller keyed (``raw_number``, as keyed): whether it is flagged
    (announced), its independent confirmed reports, the identities it claimed (most reported
    first) and how many users confirmed it. See :func:`ivr.reports.verdicts.number_verdict`."""
    return number_verdict(classify_number(raw_number).key)


def report_count(key: str) -> int:
    """Every report about the number ``key`` (a ``classify_number`` key), except withdrawn ones."""
    query = (sa.select(sa.func.count()).select_from(Report)
             .where(Report.reported_number == key, Report.status != "withdrawn"))
    return db.session.execute(query).scalar_one()


__all__ = ["confirmed_summary", "report_count"]
