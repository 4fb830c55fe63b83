"""Admins' page "Khóa API cho cơ quan chức năng": create a key for a partner organisation (the
full key shown once, on the answer to the POST that made it), list keys with their prefix, dates
and last use, revoke one. Audited as ``partner_key_create`` / ``partner_key_revoke``; the keys
themselves live in :mod:`ivr.partner_keys`, the feed they open in :mod:`ivr.api`.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ivr.models import PartnerKey, db
from ivr.partner_keys import create_key, keys_query, revoke_key
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import review
from ivr.review.forms import PartnerKeyForm


def _target(row: PartnerKey) -> str:
    return f"partner_key:{row.id}"


def _render(form: PartnerKeyForm, status: int = 200):
    keys = list(db.session.scalars(keys_query()))
    return render_template("review/api_keys.html", form=form, keys=keys), status


@review.get("/api-keys")
@admin_required
def api_keys():
    """Every key (live first) and the form for a new one."""
    return _render(PartnerKeyForm(formdata=None))


@review.post("/api-keys")
@admin_required
def create_api_key():
    """Create a key; the answer (never cached: the blueprint sends ``no-store``) is the only place
    the full key ever appears. A bad name re-shows the form with 400."""
    form = PartnerKeyForm()
    if not form.validate():
        return _render(form, 400)
    new = create_key(form.organisation.data, current_user.user)
    audit("partner_key_create", _target(new.row), organisation=new.row.organisation,
          key_prefix=new.row.key_prefix)
    db.session.commit()
    return render_template("review/api_key_created.html", row=new.row, key=new.key)


@review.post("/api-keys/<int:key_id>/revoke")
@admin_required
def revoke_api_key(key_id: int):
    """Revoke a key at once (its next request is refused); revoking twice changes nothing."""
    row = db.get_or_404(PartnerKey, key_id)
    if revoke_key(row, current_user.user):
        audit("partner_key_revoke", _target(row), organisation=row.organisation,
              key_prefix=row.key_prefix)
        db.session.commit()
    flash(f"Đã thu hồi khóa {row.key_prefix}… của {row.organisation}.", "success")
    return redirect(url_for("review.api_keys"))
