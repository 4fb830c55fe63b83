"""The callback queue "Gọi lại" (issue 12, item 3): callers who asked a volunteer to call back.

Open requests oldest first, with their context in Vietnamese, the number masked, the tries so
far and when a retry is due; closed ones on their own list ("Đã xong"). "Gọi lại" rings the
volunteer's own phone first through Twilio's REST API (:func:`ivr.people.callbacks.call_volunteer`)
and, when they press 1, bridges them to the caller (:mod:`ivr.voice.callback_calls`), so neither
sees the other's number. A volunteer may also record the outcome of a call by hand. Every action
is audited by the service in the same commit.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ivr.models import db, utcnow
from ivr.people import callbacks as service
from ivr.review.blueprint import review
from ivr.voice.twilio_rest import place_call, rest_client

NOT_CONFIGURED = ("Tổng đài chưa gọi ra được: chưa đặt số tổng đài (HOTLINE_NUMBER) hoặc thông tin "
                  "Twilio. Bạn có thể tự gọi cho người dân rồi ghi kết quả bên dưới.")
OUT_OF_HOURS = "Ngoài giờ gọi ({hours}). Tổng đài không gọi cho người dân lúc này."


@review.get("/callbacks")
def callbacks():
    """Open requests oldest first; ``?closed=1``: the closed ones ("Đã xong")."""
    closed = request.args.get("closed") == "1"
    return render_template("review/callbacks.html", rows=service.queue(closed), closed=closed,
                           can_call=_client() is not None, now=utcnow(), service=service)


@review.post("/callbacks/<int:request_id>/call")
def callback_call(request_id: int):
    """"Gọi lại": ring this volunteer's phone, then (on their key 1) the caller."""
    config, client = current_app.config, _client()
    if client is None:
        flash(NOT_CONFIGURED, "error")
    elif not service.within_calling_hours(config["CALLING_HOURS"], utcnow()):
        flash(OUT_OF_HOURS.format(hours=config["CALLING_HOURS"]), "error")
    else:
        _call(request_id, client)
    return redirect(url_for("review.callbacks"))


def _call(request_id: int, client) -> None:
    config = current_app.config

    def place(attempt) -> str:
        return place_call(client, attempt.volunteer.phone, config["HOTLINE_NUMBER"],
                          _public("voice.callback_volunteer", attempt.id),
                          _public("voice.callback_status", attempt.id), config["DIAL_TIMEOUT"])

    try:
        service.call_volunteer(request_id, current_user.user, place,
                               service.Limits.from_config(config))
    except LookupError:
        db.session.rollback()
        abort(404)
    except service.CallbackError as error:
        db.session.rollback()
        flash(str(error), "error")
        return
    flash("Tổng đài đang gọi vào điện thoại của bạn. Nghe máy, nghe tóm tắt, rồi bấm 1 để nối "
          "máy với người dân.", "success")


@review.post("/callbacks/<int:request_id>/outcome/<any(talked, no_answer, wrong_number):outcome>")
def callback_outcome(request_id: int, outcome: str):
    """Record by hand how a call went: "Đã nói chuyện", "Không nghe máy", "Nhầm số"."""
    try:
        service.record_by_hand(request_id, outcome, current_user.user,
                               service.Limits.from_config(current_app.config))
    except LookupError:
        db.session.rollback()
        abort(404)
    except service.CallbackError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("review.callbacks"))
    db.session.commit()
    flash(f"Đã ghi: {service.OUTCOME_LABELS[outcome]}.", "success")
    return redirect(url_for("review.callbacks"))


def _client():
    """Twilio's REST client, or ``None`` when calls cannot be placed (no HOTLINE_NUMBER or no
    credentials)."""
    config = current_app.config
    return rest_client(config) if config.get("HOTLINE_NUMBER") else None


def _public(endpoint: str, attempt_id: int) -> str:
    """An absolute URL Twilio can reach: under ``PUBLIC_BASE_URL``, else this request's host."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base + url_for(endpoint, attempt=attempt_id)
    return url_for(endpoint, attempt=attempt_id, _external=True)
