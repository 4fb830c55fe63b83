"""The two-person rule's actions on the report page (issue 11): a second user's confirmation
("Xác nhận thêm"), an admin confirming alone with a written reason, and an admin reverting any
decided status with a reason. The rule itself is :mod:`ivr.reports.verdicts`; every action here
is audited in the same commit as its change, on a locked report row.
"""
from __future__ import annotations

from flask import current_app, flash, redirect, url_for
from flask_login import current_user

from ivr.models import Report, db
from ivr.people.outbound import schedule_verdict_calls
from ivr.reports import verdicts
from ivr.reports.lifecycle import CONFIRMED, TransitionError, admin_confirm_target, revert_target
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import review
from ivr.review.forms import ReasonForm
from ivr.review.labels import STATUS_LABELS
from ivr.review.verdict_view import verdict_line
from ivr.review.views import _locked_report, _render_report, _target, move


def _back(report: Report):
    return redirect(url_for("review.report_page", report_id=report.id))


def _flash_verdict(report: Report) -> None:
    if report.reported_number:
        line = verdict_line(verdicts.number_verdict(report.reported_number))
        flash(f"Số này: {line}.", "info")


@review.post("/reports/<int:report_id>/confirm")
def confirm(report_id: int):
    """Add the user's confirmation to a confirmed (or escalated) report: a second opinion.
    A user counts once per report; audited as ``confirm``."""
    report = _locked_report(report_id)
    if report.status not in CONFIRMED:
        flash("Chỉ xác nhận thêm được báo cáo đã được xác nhận lừa đảo.", "error")
        return _back(report)
    if verdicts.confirm(report, current_user.id) is None:
        flash("Bạn đã xác nhận báo cáo này rồi; mỗi người chỉ được tính một lần.", "info")
        return _back(report)
    audit("confirm", _target(report), override=False)
    schedule_verdict_calls(report, current_app.config)  # issue 12: the second person's flags it
    db.session.commit()
    flash("Đã ghi nhận xác nhận của bạn.", "success")
    _flash_verdict(report)
    return _back(report)


@review.post("/reports/<int:report_id>/override")
@admin_required
def override(report_id: int):
    """Admins: confirm a report alone, with a written reason (required); a report not yet
    confirmed becomes confirmed. Its number is announced at once. Audited as ``confirm``
    (override, reason) and, when the status moved, ``status``."""
    report = _locked_report(report_id)
    form = ReasonForm(prefix="override")
    if not form.validate():
        return _render_report(report, 400, override_form=form)
    try:
        target = admin_confirm_target(report.status)
    except TransitionError as error:
        flash(str(error), "error")
        return _back(report)
    moved = target != report.status
    if moved:
        move(report, target, reason=form.reason.data)
    if verdicts.confirm(report, current_user.id, reason=form.reason.data) is None and not moved:
        flash("Bạn đã xác nhận báo cáo này với tư cách quản trị viên rồi.", "info")
        return _back(report)
    audit("confirm", _target(report), override=True, reason=form.reason.data)
    schedule_verdict_calls(report, current_app.config)  # issue 12
    db.session.commit()
    flash("Đã xác nhận với tư cách quản trị viên.", "success")
    _flash_verdict(report)
    return _back(report)


@review.post("/reports/<int:report_id>/revert")
@admin_required
def revert(report_id: int):
    """Admins: move a decided report (escalated and confirmed included) back to review, with a
    written reason (required). Its confirmations are cleared, so its number stops being
    announced at once unless other reports still flag it. Audited as ``revert``."""
    report = _locked_report(report_id)
    form = ReasonForm(prefix="revert")
    if not form.validate():
        return _render_report(report, 400, revert_form=form)
    try:
        target = revert_target(report.status)
    except TransitionError as error:
        flash(str(error), "error")
        return _back(report)
    move(report, target, action="revert", reason=form.reason.data)
    db.session.commit()
    flash(f"Đã hoàn tác về: {STATUS_LABELS[target]}.", "success")
    _flash_verdict(report)
    return _back(report)
