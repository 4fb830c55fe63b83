"""The audit log page (admins only): newest first, 50 a page, filterable by user, action and report.

Reading the log is not itself audited: only admins can, and the log is never changed by the app.
"""
from __future__ import annotations

from flask import render_template, request

from ivr.models import db
import ivr.review.queries as queries
from ivr.review.auth import admin_required
from ivr.review.blueprint import review
from ivr.review.forms import AuditFilterForm
from ivr.review.views import page_arg, query_args

PER_PAGE = 50


@review.get("/audit")
@admin_required
def audit_log():
    """``?user=NAME&action=ACTION&report=ID&page=N``; a filter with an error (an unknown action,
    a report that is not a number) is shown with its message and left out."""
    form = AuditFilterForm(request.args)
    form.validate()
    action = None if form.action.errors else form.action.data or None
    report = int(form.report.data) if form.report.data and not form.report.errors else None
    user = None if form.user.errors else form.user.data or None
    query = queries.audit_query(user, action, report)
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE,
                       error_out=False)
    return render_template("review/audit_log.html", form=form, page=page, args=query_args())
