"""The review queue and the report page, with its actions: edit, status, assign, reveal.

Every action is audited (``ivr.review.auth.audit``) in the same commit as the change. Actions that
change a report lock its row first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite transactions
already take the write lock) so two reviewers cannot both move it from the same status.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ivr.models import Report, ScamWarning, User, db, utcnow
from ivr.people.outbound import schedule_verdict_calls  # issue 12
from ivr.phone import classify_number
import ivr.review.queries as queries
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import review
from ivr.review.forms import AssignForm, ContentForm, QueueFilterForm, StatusForm, choices
from ivr.review.labels import STATUS_LABELS, draft_words
from ivr.reports import verdicts
from ivr.reports.lifecycle import (CONFIRMED, READ_ONLY, TransitionError, allowed_next,
                                   check_transition, needs_confirmation)
from ivr.reports.masking import display_number
from ivr.reports.verdicts import may_warn
from ivr.review.verdict_view import verdict_context


def _target(report: Report) -> str:
    return f"report:{report.id}"


def _queue_filters(form: QueueFilterForm) -> queries.QueueFilters:
    """The filters of a validated filter form; a field with an error (a mistyped date, an unknown
    status) is left out rather than failing the page."""
    names = ("status", "category", "date_from", "date_to", "number")
    return queries.QueueFilters(**{name: form[name].data or None for name in names
                                   if not form[name].errors})


MAX_PAGE = 100_000  # beyond any real queue; keeps the OFFSET inside the database's integer range


def page_arg() -> int:
    """The ``page`` query argument as a page number from 1 to :data:`MAX_PAGE` (bad values → 1)."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


def query_args(*without: str) -> dict[str, str]:
    """The request's non-empty query arguments minus ``page`` and ``without`` (for links)."""
    return {key: value for key, value in request.args.items()
            if value and key != "page" and key not in without}


@review.get("/")
def queue():
    """The queue: filters (status, category, date range, reported number), counts per status,
    20 reports a page, unreviewed first, money or a code given first among them; what arrived
    since this user last looked, and what is overdue (``REVIEW_OVERDUE_HOURS``)."""
    form = QueueFilterForm(request.args)
    form.validate()
    filters = _queue_filters(form)
    triage = _look_at_queue()
    page = db.paginate(queries.queue_query(filters), page=page_arg(),
                       per_page=queries.PER_PAGE, error_out=False)
    numbers = {report.reported_number for report in page.items if report.reported_number}
    return render_template("review/queue.html", form=form, page=page, args=query_args(),
                           unfiltered_status=query_args("status"),
                           counts=queries.status_counts(filters), triage=triage,
                           per_number=queries.reports_per_number(numbers))


def _look_at_queue() -> queries.Triage:
    """The triage counts as of this user's previous look, then this look noted as their last
    (committed before the page is read, so the page's rows are not expired by a later commit)."""
    now = utcnow()
    triage = queries.triage(current_user.user.queue_seen_at, now,
                            current_app.config["REVIEW_OVERDUE_HOURS"])
    db.session.execute(db.update(User).where(User.id == current_user.user.id)
                       .values(queue_seen_at=now))
    db.session.commit()
    return triage


def _locked_report(report_id: int) -> Report:
    """The report, its row locked until commit; 404 when unknown."""
    report = db.session.get(Report, report_id, with_for_update=True)
    if report is None:
        abort(404)
    return report


def _editable_report(report_id: int) -> Report:
    """A locked report that may still be changed; 409 for escalated or withdrawn ones."""
    report = _locked_report(report_id)
    if report.status in READ_ONLY:
        abort(409)
    return report


def _report_forms(report: Report) -> dict:
    """The report page's forms filled from the database (``formdata=None``: the page may be
    rendered while answering a POST, whose form data belongs to another form)."""
    # The current status first and selected: the form moves a report only on an explicit choice
    # (issue 11: pressing the button again must never move it one more step).
    status = StatusForm(formdata=None, status=report.status)
    status.status.choices = choices(
        [(report.status, f"{STATUS_LABELS[report.status]} (giữ nguyên)")]
        + [(code, STATUS_LABELS[code]) for code in allowed_next(report.status)])
    assign = AssignForm(formdata=None, assignee=str(report.assignee_id or ""))
    assign.assignee.choices = _assignee_choices()
    return {"content_form": ContentForm(formdata=None, obj=report), "status_form": status,
            "assign_form": assign}


def _assignee_choices() -> list:
    users = [(str(user.id), user.username) for user in queries.active_users()]
    return choices([("", "— Chưa giao —")] + users)


def _render_report(report: Report, status_code: int = 200, **overrides):
    """The report page; ``overrides`` replace forms (to show errors, the reason forms included)
    or add ``caller_number``."""
    info = classify_number(report.reported_number_raw or report.reported_number or "")
    warnings = db.session.scalars(db.select(ScamWarning).where(ScamWarning.report_id == report.id))
    context = {"report": report, "number_info": info, "same_number": queries.same_number(report),
               "read_only": report.status in READ_ONLY, "warnable": may_warn(report),
               "warnings": list(warnings), "caller_number": None,
               "draft": draft_words(report.transcript_words),
               **_report_forms(report), **verdict_context(report, **overrides), **overrides}
    return render_template("review/report.html", **context), status_code


@review.get("/reports/<int:report_id>")
def report_page(report_id: int):
    """One report: recording, details, forms. Audited as ``open``."""
    report = db.get_or_404(Report, report_id)
    audit("open", _target(report))
    db.session.commit()
    return _render_report(report)


def _text(value: str | None) -> str | None:
    """Submitted text as stored: browsers send textarea line ends as CRLF; blank means none."""
    value = (value or "").replace("\r\n", "\n")
    return value if value.strip() else None


@review.post("/reports/<int:report_id>/content")
def edit_content(report_id: int):
    """Save transcript, category and notes; audited as ``edit`` with the names of changed fields."""
    report = _editable_report(report_id)
    form = ContentForm()
    if not form.validate():
        return _render_report(report, 400, content_form=form)
    submitted = {name: _text(form[name].data) for name in ("transcript", "category", "notes")}
    # A silent recording's draft is "" (jobs/transcribe.py); blank and none are the same here.
    changed = [name for name, value in submitted.items() if (getattr(report, name) or None) != value]
    for name in changed:
        setattr(report, name, submitted[name])
    if changed:
        audit("edit", _target(report), fields=changed)
    db.session.commit()
    flash("Đã lưu nội dung." if changed else "Không có gì thay đổi.", "success" if changed else "info")
    return redirect(url_for("review.report_page", report_id=report.id))


def _checked_move(report: Report, new: str, seen: str) -> None:
    """Raise :class:`TransitionError` unless the form's choice may move ``report`` to ``new``."""
    if seen != report.status:
        raise TransitionError("Trạng thái vừa được người khác thay đổi; vui lòng xem lại.")
    check_transition(report.status, new)
    if needs_confirmation(new) and request.form.get("confirm_final") != "y":
        raise TransitionError("Chuyển cơ quan chức năng là bước cuối: hãy đánh dấu ô xác nhận "
                              "bên dưới rồi bấm lại.")


def move(report: Report, new: str, action: str = "status", **detail) -> None:
    """Set the status (and ``reviewed_at``); entering a confirmed status records the user's
    confirmation, leaving them clears every confirmation (``ivr.reports.verdicts``). Audited as
    ``action`` with from, to, ``detail`` and the users whose confirmations were cleared."""
    old = report.status
    report.status, report.reviewed_at = new, utcnow()
    if new in CONFIRMED and old != new:
        verdicts.confirm(report, current_user.id)
    if old in CONFIRMED and new not in CONFIRMED:
        detail["cleared_confirmations"] = verdicts.clear_confirmations(report)
    audit(action, _target(report), **{"from": old, "to": new}, **detail)


@review.post("/reports/<int:report_id>/status")
def change_status(report_id: int):
    """Move the report along the workflow (``ivr.reports.lifecycle``). Only an explicit choice
    of another status moves it: the current status changes nothing; a choice made on a page
    showing an older status is refused; escalation needs its confirmation box ticked."""
    report = _editable_report(report_id)
    new, seen = request.form.get("status", ""), request.form.get("current", "")
    back = redirect(url_for("review.report_page", report_id=report.id))
    if seen == report.status == new:
        flash(f"Trạng thái không đổi: vẫn là {STATUS_LABELS[new]}.", "info")
        return back
    try:
        _checked_move(report, new, seen)
    except TransitionError as error:
        flash(str(error), "error")
        return back
    move(report, new)
    schedule_verdict_calls(report, current_app.config)  # issue 12: reporters who opted in
    db.session.commit()
    flash(f"Đã chuyển sang: {STATUS_LABELS[new]}.", "success")
    return back


@review.post("/reports/<int:report_id>/assign")
def assign(report_id: int):
    """Give the report to an active user ("" = nobody); audited as ``assign``."""
    report = _editable_report(report_id)
    form = AssignForm()
    form.assignee.choices = _assignee_choices()
    if not form.validate():
        flash("Người được giao không hợp lệ.", "error")
        return redirect(url_for("review.report_page", report_id=report.id))
    assignee = db.session.get(User, int(form.assignee.data)) if form.assignee.data else None
    audit("assign", _target(report), to=assignee.username if assignee else None,
          previous=report.assignee.username if report.assignee else None)
    report.assignee = assignee
    db.session.commit()
    flash(f"Đã giao cho {assignee.username}." if assignee else "Đã bỏ giao việc.", "success")
    return redirect(url_for("review.report_page", report_id=report.id))


@review.post("/reports/<int:report_id>/reveal")
@admin_required
def reveal(report_id: int):
    """Admins: show the caller's full number on the report page; audited as ``reveal``."""
    report = db.get_or_404(Report, report_id)
    audit("reveal", _target(report))
    db.session.commit()
    return _render_report(report, caller_number=display_number(report.caller))
