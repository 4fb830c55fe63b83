"""The dashboard page "Số tổng đài chính thức": the official hotlines "check a number" announces.

Everyone logged in sees the list with each entry's public source and who verified it, when;
admins add, edit, verify, unverify, deactivate and reactivate entries. Every change is audited
(``official_*``) and marks the row ``edited_by_admin``, so ``flask official seed`` never overrides
it. Changing an entry's number or source withdraws its verification: what was checked changed.
Only verified, active entries are announced to callers (:mod:`ivr.reports.official`).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ivr.models import OfficialNumber, db, utcnow
from ivr.phone import classify_number
from ivr.reports.official import display_form
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import review
from ivr.review.forms import OFFICIAL_KIND_LABELS, OfficialNumberForm

_TAKEN = "Số này đã có trong danh sách."


@review.get("/official")
def official_list():
    """All official numbers: active first, verified first, then by organisation."""
    query = sa.select(OfficialNumber).order_by(
        OfficialNumber.active.desc(), OfficialNumber.verified.desc(), OfficialNumber.organisation,
        OfficialNumber.id)
    rows = db.session.execute(query).scalars().all()
    return render_template("review/official_numbers.html", rows=rows, kinds=OFFICIAL_KIND_LABELS)


def _taken(key: str, row_id: int | None = None) -> bool:
    query = sa.select(OfficialNumber.id).where(OfficialNumber.number == key)
    return any(found != row_id for found in db.session.execute(query).scalars())


@review.route("/official/new", methods=["GET", "POST"])
@admin_required
def official_new():
    """GET: the form. POST: add an unverified entry (an admin verifies it as a separate step)."""
    form = OfficialNumberForm()
    if form.validate_on_submit():
        key = classify_number(form.number.data).key
        if not _taken(key):
            row = OfficialNumber(number=key, display=display_form(form.number.data), verified=False,
                                 organisation=form.organisation.data, kind=form.kind.data,
                                 source_url=form.source_url.data, note=form.note.data or None,
                                 created_at=utcnow(), active=True, edited_by_admin=True)
            db.session.add(row)
            db.session.flush()  # the id, for the audit target
            audit("official_create", f"official:{row.id}", number=key)
            db.session.commit()
            flash("Đã thêm số. Số chỉ được đọc cho người gọi sau khi xác minh.", "success")
            return redirect(url_for("review.official_list"))
        form.number.errors = [_TAKEN]
    return render_template("review/official_number_form.html", form=form, row=None)


@review.route("/official/<int:official_id>/edit", methods=["GET", "POST"])
@admin_required
def official_edit(official_id: int):
    """GET: the form filled in. POST: save; a new number or source withdraws the verification."""
    row = db.get_or_404(OfficialNumber, official_id)
    form = OfficialNumberForm(obj=row)
    if form.validate_on_submit():
        key = classify_number(form.number.data).key
        if not _taken(key, row.id):
            _save_edit(row, form, key)
            flash("Đã lưu.", "success")
            return redirect(url_for("review.official_list"))
        form.number.errors = [_TAKEN]
    return render_template("review/official_number_form.html", form=form, row=row)


def _save_edit(row: OfficialNumber, form: OfficialNumberForm, key: str) -> None:
    new = {"number": key, "organisation": form.organisation.data, "kind": form.kind.data,
           "source_url": form.source_url.data, "note": form.note.data or None}
    changed = sorted(name for name, value in new.items() if getattr(row, name) != value)
    unverify = row.verified and ("number" in changed or "source_url" in changed)
    for name, value in new.items():
        setattr(row, name, value)
    row.display = display_form(form.number.data) if "number" in changed else row.display
    if unverify:
        row.verified, row.verified_by_id, row.verified_at = False, None, None
    row.updated_at, row.edited_by_admin = utcnow(), True
    audit("official_edit", f"official:{row.id}", changed=changed, unverified=unverify)
    db.session.commit()


_SWITCHES = {
    "verify": ("official_verify", "Đã xác minh: số này sẽ được đọc cho người gọi là số chính thức."),
    "unverify": ("official_unverify", "Đã bỏ xác minh: số này không còn được đọc cho người gọi."),
    "deactivate": ("official_deactivate", "Đã ngừng dùng số này."),
    "activate": ("official_activate", "Đã dùng lại số này."),
}


@review.post("/official/<int:official_id>/<any(verify, unverify, deactivate, activate):change>")
@admin_required
def official_switch(official_id: int, change: str):
    """Verify (recording who and when), unverify, deactivate or reactivate an entry; audited."""
    row = db.get_or_404(OfficialNumber, official_id)
    if change in ("verify", "unverify"):
        row.verified = change == "verify"
        row.verified_by_id = current_user.id if row.verified else None
        row.verified_at = utcnow() if row.verified else None
    else:
        row.active = change == "activate"
    row.updated_at, row.edited_by_admin = utcnow(), True
    action, message = _SWITCHES[change]
    audit(action, f"official:{row.id}", number=row.number)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("review.official_list"))


__all__ = ["official_list", "official_new", "official_edit", "official_switch"]
