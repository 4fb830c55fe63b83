"""The read-only partner API: ``GET /api/v1/scam-numbers.json`` and ``.csv``.

Who may read: a live partner key (``ivr.partner_keys``), sent as ``Authorization: Bearer <key>``
(RFC 6750 §2.1, https://www.rfc-editor.org/rfc/rfc6750#section-2.1) or ``X-API-Key: <key>``.
No session, no cookie, no CSRF (nothing here changes what the hotline knows), never a redirect to
the login page: a missing, unknown or revoked key is answered 401 with a JSON error and
``WWW-Authenticate: Bearer``. Every successful read is audited (``feed_read``: organisation, key
prefix, endpoint, number of rows) and sets the key's ``last_used_at``, in one commit.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from ivr.api.feed import flagged_rows
from ivr.api.formats import to_csv, to_json
from ivr.audit import record
from ivr.models import PartnerKey, db, utcnow
from ivr.partner_keys import find_live_key

api = Blueprint("api", __name__)

UNAUTHORISED = {"error": "invalid_api_key",
                "message": "Thiếu khóa API, khóa không đúng hoặc đã bị thu hồi. "
                           "Gửi khóa trong tiêu đề 'Authorization: Bearer <khóa>'."}


def presented_key() -> str | None:
    """The key the request carries: ``Authorization: Bearer <key>`` (scheme in any case), else
    ``X-API-Key``; ``None`` when neither holds one."""
    scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key", "").strip() or None


def _refused() -> Response:
    response = jsonify(UNAUTHORISED)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="cong-dan-so", error="invalid_token"'
    return response


def _audited_read(key: PartnerKey, rows: int) -> None:
    """Note one successful read (committed here, before the answer is sent)."""
    key.last_used_at = utcnow()
    record("feed_read", f"partner_key:{key.id}", actor=f"partner:{key.organisation}"[:80],
           ip=request.remote_addr, detail={"organisation": key.organisation,
                                           "key_prefix": key.key_prefix,
                                           "endpoint": request.path, "rows": rows})
    db.session.commit()


@api.after_request
def _api_headers(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


@api.get("/scam-numbers.json")
def scam_numbers_json():
    """``{"generated_at", "numbers": [...]}`` (:func:`ivr.api.formats.to_json`); 401 without a
    live key."""
    key = find_live_key(presented_key())
    if key is None:
        return _refused()
    rows = flagged_rows()
    _audited_read(key, len(rows))
    return Response(to_json(rows, utcnow()), mimetype="application/json")


@api.get("/scam-numbers.csv")
def scam_numbers_csv():
    """The same numbers as CSV (:func:`ivr.api.formats.to_csv`, UTF-8 with a BOM); 401 without a
    live key."""
    key = find_live_key(presented_key())
    if key is None:
        return _refused()
    rows = flagged_rows()
    _audited_read(key, len(rows))
    name = f"so-lua-dao-{utcnow():%Y%m%d}.csv"
    return Response(to_csv(rows).encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
