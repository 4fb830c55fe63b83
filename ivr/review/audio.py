"""Streaming a report's recording to logged-in reviewers, with an audit that says who listened.

A recording is played in two steps, so that "listen" in the audit log means a person pressed
play, not that a page was opened or a browser preloaded audio:

1. ``POST /review/reports/<id>/listen`` (the page's play button; CSRF-checked like every POST)
   writes one ``listen`` entry and hands out a *listen ticket*: the audio URL with ``?t=`` a
   token signed with ``SECRET_KEY`` naming the user and the report. The page's script asks for
   JSON (``{"src": url}``) and starts the player on it; without script the form is submitted and
   the answer is a 303 redirect to the same URL, which the browser plays itself.
2. ``GET /review/reports/<id>/audio?t=…`` streams the file, with Range requests
   (``send_file(conditional=True)``) so the player can seek. It writes nothing: every range of
   one playback rides on the same ticket. Without a valid ticket of this user for this report
   (or with one older than a login lasts) it answers 403, so no recording leaves the server
   without its ``listen`` entry. The page's ``<audio>`` has ``preload="none"`` and no source
   until a ticket exists.

The file is the one recorded in the database for that report, found by the one rule of
:mod:`ivr.reports.storage` (a bare file name inside ``RECORDINGS_DIR``; a path that resolves
outside it is refused like a missing file), so neither a request nor a bad row can reach any
other file.
"""
from __future__ import annotations

from pathlib import Path

from flask import (abort, current_app, jsonify, redirect, render_template, request, send_file,
                   url_for)
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ivr.models import Report, db
from ivr.reports.storage import stored_recording
from ivr.review.auth import SESSION_HOURS, audit
from ivr.review.blueprint import review

WAV_MIMETYPE = "audio/wav"
NO_TICKET = ("Hãy nghe bằng nút trên trang báo cáo",
             "Bản ghi chỉ phát khi bạn bấm nút \u201cNghe bản ghi\u201d trên trang báo cáo, để nhật ký "
             "ghi đúng ai đã nghe. Vui lòng quay lại trang báo cáo.")


def recording_file(report: Report) -> Path | None:
    """The stored recording of ``report`` if its file exists, else ``None`` (not ``stored``, no
    path, a path leading out of ``RECORDINGS_DIR``, the file missing)."""
    path = stored_recording(report)
    return path if path is not None and path.is_file() else None


def _tickets() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="review-listen")


def listen_ticket(user_id: int, report_id: int) -> str:
    """A token allowing ``user_id`` to stream ``report_id``'s recording (URL-safe text)."""
    return _tickets().dumps([user_id, report_id])


def ticket_valid(token: str, user_id: int, report_id: int) -> bool:
    """True when ``token`` was made by :func:`listen_ticket` for this user and report, within the
    last :data:`~ivr.review.auth.SESSION_HOURS` hours."""
    try:
        return _tickets().loads(token, max_age=SESSION_HOURS * 3600) == [user_id, report_id]
    except BadSignature:  # also an expired one
        return False


def _playable(report_id: int) -> tuple[Report, Path]:
    report = db.get_or_404(Report, report_id)
    path = recording_file(report)
    if path is None:
        abort(404)
    return report, path


@review.post("/reports/<int:report_id>/listen")
def listen(report_id: int):
    """Audit ``listen`` and hand out the ticketed audio URL: JSON ``{"src": url}`` to the page's
    script (``Accept: application/json``), else a 303 redirect to it. 404 when there is no
    recording to play."""
    report, _path = _playable(report_id)
    audit("listen", f"report:{report.id}")
    db.session.commit()
    src = url_for("review.recording", report_id=report.id,
                  t=listen_ticket(current_user.user.id, report.id))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(src=src)
    return redirect(src, code=303)


@review.get("/reports/<int:report_id>/audio")
def recording(report_id: int):
    """The report's WAV (200, or 206 for a Range request) for a holder of a listen ticket; 404
    when there is no recording, 403 without a valid ticket. Writes no audit entry (``listen``
    was written when the ticket was given)."""
    report, path = _playable(report_id)
    if not ticket_valid(request.args.get("t", ""), current_user.user.id, report.id):
        return render_template("review/error.html", code=403, title=NO_TICKET[0],
                               text=NO_TICKET[1]), 403
    response = send_file(path, mimetype=WAV_MIMETYPE, conditional=True, etag=True, max_age=0,
                         download_name=f"bao-cao-{report.reference}.wav")
    # A caller's voice is personal data: keep it out of shared caches and the phone's disk cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
