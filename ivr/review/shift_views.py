"""The dashboard's pages for volunteers on shift (issue 12).

- "Ca trực" (``/review/shift``), for every logged-in user: their own phone (shown masked but the
  last 3 digits), the on/off switch and weekly hours. Every change is audited (``shift_phone``,
  ``shift_on``, ``shift_off``, ``shift_hours``); the number itself never goes into the log.
- "Ai đang trực" (``/review/shifts``), admins only: who takes transfers now and every user's
  phone in full; opening it is audited (``shift_phones``).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ivr.models import User, db, utcnow
from ivr.people.outbound_rules import CallingHours, parse_calling_hours
from ivr.people.shifts import DAYS, VIETNAM, HoursError, on_shift_now, parse_hours
from ivr.people.volunteers import TAKEN_MESSAGE, mask_phone, phone_taken, on_shift_by, shift_ends, switch_shift
from ivr.reports.masking import display_number
from ivr.review.auth import admin_required, audit
from ivr.review.blueprint import review
from ivr.review.shift_forms import HoursForm, PhoneForm


def _me() -> User:
    return db.session.get(User, current_user.id)


@review.get("/shift")
def shift():
    """The logged-in user's phone (masked), switch and weekly hours."""
    me = _me()
    hours = HoursForm(formdata=None)
    hours.fill(me.shift_hours)
    return _page(me, PhoneForm(formdata=None), hours)


def _max_hours() -> int:
    return int(current_app.config["SHIFT_MAX_HOURS"])


def _limits() -> tuple[int, CallingHours]:
    """``SHIFT_MAX_HOURS`` and ``CALLING_HOURS``: the on-shift switch rings volunteers for that
    long at most, and only inside calling hours."""
    return _max_hours(), parse_calling_hours(current_app.config["CALLING_HOURS"])


def _page(me: User, phone: PhoneForm, hours: HoursForm, status: int = 200):
    now = utcnow()
    return render_template("review/shift.html", me=me, phone_form=phone, hours_form=hours,
                           masked=mask_phone(me.phone), by=on_shift_by(me, now, *_limits()),
                           ends=shift_ends(me, now, *_limits()), max_hours=_max_hours(),
                           calling_hours=current_app.config["CALLING_HOURS"],
                           days=DAYS), status


@review.post("/shift/phone")
def shift_phone():
    """Keep a new phone (a Vietnamese mobile or landline no other active volunteer has);
    audited without the number."""
    me, form = _me(), PhoneForm()
    valid = form.validate_on_submit()
    if valid and phone_taken(form.phone.data, me):
        form.phone.errors.append(TAKEN_MESSAGE)  # naming no one: the other's phone is private
        valid = False
    if not valid:
        hours = HoursForm(formdata=None)
        hours.fill(me.shift_hours)
        return _page(me, form, hours, 400)
    me.phone = form.phone.data
    audit("shift_phone", f"user:{me.id}")
    db.session.commit()
    flash("Đã lưu số điện thoại.", "success")
    return redirect(url_for("review.shift"))


@review.post("/shift/<any(on, off):change>")
def shift_switch(change: str):
    """Go on or off shift now; going on needs a phone first."""
    me = _me()
    if change == "on" and not me.phone:
        flash("Vui lòng lưu số điện thoại trước khi bắt đầu ca trực.", "error")
        return redirect(url_for("review.shift"))
    if switch_shift(me, change == "on", None, *_limits()):
        audit(f"shift_{change}", f"user:{me.id}")
        db.session.commit()
    if change == "off":
        flash("Bạn đã kết thúc ca trực.", "success")
    elif on_shift_by(me, utcnow(), *_limits()) != "switch":
        flash(f"Ngoài giờ gọi ({current_app.config['CALLING_HOURS']}): tổng đài không gọi vào "
              "điện thoại của bạn lúc này. Hãy bật lại trong giờ gọi.", "error")
    else:
        ends = shift_ends(me, utcnow(), *_limits()).astimezone(VIETNAM)
        flash(f"Bạn đang trực đến {ends:%H:%M} (tối đa {_max_hours()} giờ, trong giờ gọi "
              f"{current_app.config['CALLING_HOURS']}).", "success")
    return redirect(url_for("review.shift"))


@review.post("/shift/hours")
def shift_hours():
    """Keep weekly hours (Vietnam time); checked by :func:`ivr.people.shifts.parse_hours`."""
    me, form = _me(), HoursForm()
    entries = form.entries() if form.validate_on_submit() else None
    if entries is None or any(form[name].errors for name in form.data if name != "csrf_token"):
        return _page(me, PhoneForm(formdata=None), form, 400)
    try:
        me.shift_hours = parse_hours(entries) or None
    except HoursError as error:
        flash(str(error), "error")
        return _page(me, PhoneForm(formdata=None), form, 400)
    audit("shift_hours", f"user:{me.id}", days=len(entries))
    db.session.commit()
    flash("Đã lưu giờ trực.", "success")
    return redirect(url_for("review.shift"))


@review.get("/shifts")
@admin_required
def shifts():
    """Who takes transfers now (longest on shift first) and every user's phone; audited."""
    now = utcnow()
    on = [(user, on_shift_by(user, now, *_limits()), shift_ends(user, now, *_limits()))
          for user in on_shift_now(now, *_limits())]
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    audit("shift_phones", "users", shown=sum(1 for u in users if u.phone))
    db.session.commit()
    return render_template("review/shifts.html", on=on, users=users, display=display_number)


__all__ = ["shift", "shift_hours", "shift_phone", "shift_switch", "shifts"]
