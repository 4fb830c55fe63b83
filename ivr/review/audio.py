"""Streaming a report's recording to logged-in reviewers.

The URL names only the report (``/review/reports/<id>/audio``); the file is the one recorded in the
database for that report, found by the one rule of :mod:`ivr.reports.storage` (a bare file name
inside ``RECORDINGS_DIR``; a path that resolves outside it is refused like a missing file), so
neither a request nor a bad row can reach any other file. Range requests are answered
(``send_file(conditional=True)``) so the browser can seek.
"""
from __future__ import annotations

from pathlib import Path

from flask import abort, request, send_file

from ivr.models import Report, db
from ivr.reports.storage import stored_recording
from ivr.review.auth import audit
from ivr.review.blueprint import review

WAV_MIMETYPE = "audio/wav"


def recording_file(report: Report) -> Path | None:
    """The stored recording of ``report`` if its file exists, else ``None`` (not ``stored``, no
    path, a path leading out of ``RECORDINGS_DIR``, the file missing)."""
    path = stored_recording(report)
    return path if path is not None and path.is_file() else None


@review.get("/reports/<int:report_id>/audio")
def recording(report_id: int):
    """The report's WAV (200, or 206 for a Range request); 404 when there is none. Audited as
    ``listen`` on every request, including each range a seeking player asks for."""
    report = db.get_or_404(Report, report_id)
    path = recording_file(report)
    if path is None:
        abort(404)
    asked = request.headers.get("Range")
    audit("listen", f"report:{report.id}", **({"range": asked} if asked else {}))
    db.session.commit()
    response = send_file(path, mimetype=WAV_MIMETYPE, conditional=True, etag=True, max_age=0,
                         download_name=f"bao-cao-{report.reference}.wav")
    # A caller's voice is personal data: keep it out of shared caches and the phone's disk cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
