"""CSV export of confirmed scam reports for the authorities (admins only, audited as ``export``).

UTF-8 with a byte-order mark, because Excel opens a CSV without one in the local code page and
mangles Vietnamese. Column names are Vietnamese. The caller's own number and the volunteers'
notes are not exported (personal data; internal). Cells that Excel would run as a formula
(``= + - @``, tab, CR) get a leading apostrophe (OWASP "CSV injection").
"""
from __future__ import annotations

import csv
import io
from datetime import date
from typing import Iterable

from flask import Response, render_template

from ivr.models import Report, db
from ivr.phone import classify_number
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import review
from ivr.review.forms import ExportForm
from ivr.review.labels import (CATEGORY_LABELS, IDENTITY_LABELS, NUMBER_KIND_LABELS, STATUS_LABELS,
                               label, local_time, yes_no)
from ivr.review.queries import exportable
from ivr.reports.lifecycle import EXPORTABLE

BOM = "\ufeff"
COLUMNS = ("Mã báo cáo", "Thời gian báo cáo", "Số điện thoại bị báo cáo", "Loại số", "Giả danh",
           "Người gọi mất tiền", "Phân loại", "Trạng thái", "Thời gian xác nhận", "Nội dung lời kể")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text for one cell; defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def readable_number(report: Report) -> str:
    """The reported number as people write it (``"0912 345 678"``), else as keyed."""
    info = classify_number(report.reported_number_raw or report.reported_number or "")
    return info.national if info.region == "VN" and info.national else \
        (report.reported_number or report.reported_number_raw or "")


def report_row(report: Report) -> list[str]:
    """One CSV row, in the order of :data:`COLUMNS`."""
    return [safe_cell(value) for value in (
        report.reference, local_time(report.created_at), readable_number(report),
        label(NUMBER_KIND_LABELS, report.number_kind, ""),
        label(IDENTITY_LABELS, report.claimed_identity, ""), yes_no(report.money_lost),
        label(CATEGORY_LABELS, report.category, ""), label(STATUS_LABELS, report.status),
        local_time(report.reviewed_at), report.transcript)]


def to_csv(reports: Iterable[Report]) -> str:
    """The whole file as text, BOM first, CRLF line ends (what Excel writes)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(report_row(report) for report in reports)
    return buffer.getvalue()


@review.route("/export", methods=["GET", "POST"])
@admin_required
def export():
    """GET: choose a date range (how many reports would go). POST: download the CSV."""
    form = ExportForm()
    if not form.validate_on_submit():
        count = db.session.scalar(db.select(db.func.count()).select_from(
            exportable(EXPORTABLE, None, None).order_by(None).subquery()))
        return render_template("review/export.html", form=form, count=count)
    reports = list(db.session.scalars(exportable(EXPORTABLE, form.date_from.data, form.date_to.data)))
    audit("export", "reports", count=len(reports), statuses=list(EXPORTABLE),
          date_from=_iso(form.date_from.data), date_to=_iso(form.date_to.data))
    db.session.commit()
    name = f"bao-cao-lua-dao-{date.today():%Y%m%d}.csv"
    return Response(to_csv(reports).encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
