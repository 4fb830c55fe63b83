"""Warnings spoken in the hotline's scam-safety menu: write one, publish one from a confirmed
report, list them, retire one (admins only; audited as ``warning_create`` / ``warning_retire``).

A warning made from a report is created only while the report's number is flagged, and played
only while it still is (``ivr.reports.verdicts.may_warn`` / ``playable_warnings``, issue 11).

After the commit that creates a warning, the work queue (``ivr.work``) is asked to render its
audio; the warning row is the source of truth, so a failed enqueue is found again by the jobs'
hourly maintenance.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ivr.models import Report, ScamWarning, db, utcnow
from ivr.reports.lifecycle import WARNABLE
from ivr.reports.masking import display_number
from ivr.reports.verdicts import may_warn
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import id_arg, review
from ivr.review.forms import WarningForm
from ivr.review.labels import IDENTITY_LABELS
from ivr.review.queries import warnings_query
from ivr.review.views import page_arg
from ivr.work import work_queue


def suggested_text(report: Report) -> str:
    """A first draft of a warning from a report, for the admin to edit."""
    who = IDENTITY_LABELS.get(report.claimed_identity or report.category or "", "")
    claim = f", tự xưng là {who.lower()}" if who and report.claimed_identity != "other" else ""
    number = f" từ số {display_number(report.reported_number)}" if report.reported_number else ""
    return (f"Cảnh báo: có kẻ gian gọi điện{number}{claim}. Không đọc mã OTP, "
            "không chuyển tiền, không cài ứng dụng theo yêu cầu qua điện thoại.")


def _warnable_report() -> Report | None:
    """The report named by ``?report=``: None without one, 404 if unknown, 409 if not confirmed."""
    report_id = id_arg("report")
    if report_id is None:
        return None
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    if report.status not in WARNABLE:
        abort(409)
    return report


NOT_FLAGGED = ("Chưa tạo được cảnh báo từ báo cáo này: số của nó chưa được cảnh báo cho người gọi "
               "(cần hai người khác nhau xác nhận, hoặc quản trị viên xác nhận kèm lý do).")


@review.get("/warnings")
@admin_required
def warnings_list():
    """All warnings, active first, with the form for a new one."""
    page = db.paginate(warnings_query(), page=page_arg(), per_page=30,
                       error_out=False)
    return render_template("review/warnings.html", page=page, form=WarningForm(formdata=None))


@review.route("/warnings/new", methods=["GET", "POST"])
@admin_required
def new_warning():
    """GET: the form (prefilled from ``?report=ID`` when given). POST: create, commit, queue audio."""
    report = _warnable_report()
    if report is not None and not may_warn(report):  # issue 11: only a flagged number's reports
        flash(NOT_FLAGGED, "error")
        return redirect(url_for("review.report_page", report_id=report.id))
    form = WarningForm(data={"text": suggested_text(report)} if report else None)
    if not form.validate_on_submit():
        return render_template("review/warning_new.html", form=form, report=report)
    warning = ScamWarning(text=form.text.data, report_id=report.id if report else None,
                          created_by_id=current_user.id, created_at=utcnow(), active=True)
    db.session.add(warning)
    db.session.flush()  # the id, for the audit target
    audit("warning_create", f"warning:{warning.id}", report_id=warning.report_id)
    db.session.commit()
    work_queue().render_warning(warning.id)  # never raises: <Say> speaks it until then
    flash("Đã tạo cảnh báo. Bản ghi âm của cảnh báo đang được tạo.", "success")
    return redirect(url_for("review.warnings_list"))


@review.post("/warnings/<int:warning_id>/retire")
@admin_required
def retire_warning(warning_id: int):
    """Stop playing a warning (kept for the record, never deleted)."""
    warning = db.get_or_404(ScamWarning, warning_id)
    if warning.active:
        warning.active = False
        audit("warning_retire", f"warning:{warning.id}")
        db.session.commit()
    flash("Đã gỡ cảnh báo khỏi tổng đài.", "success")
    return redirect(url_for("review.warnings_list"))
