"""The ``review`` blueprint's shell: security headers, Vietnamese error pages, template helpers.

Who may enter (login on every page, CSRF on every POST) is enforced by hooks in
:mod:`ivr.review.auth`.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

import ivr.review.labels as labels
from ivr.reports.masking import display_number, mask_number

review = Blueprint("review", __name__, template_folder="templates", static_folder="static",
                   static_url_path="/static")
csrf = CSRFProtect()

# script-src 'self': even if some text escaped the template's escaping, no inline script would run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

ERROR_TEXT = {
    400: ("Yêu cầu không hợp lệ", "Vui lòng quay lại trang trước và thử lại."),
    403: ("Không có quyền truy cập", "Trang hoặc thao tác này chỉ dành cho quản trị viên."),
    404: ("Không tìm thấy", "Trang hoặc báo cáo bạn tìm không tồn tại."),
    405: ("Thao tác không hợp lệ", "Vui lòng dùng các nút trên trang."),
    409: ("Không thể thay đổi báo cáo này",
          "Báo cáo đã chuyển cơ quan chức năng hoặc đã được người gọi rút lại, nên không sửa được nữa."),
    429: ("Quá nhiều lần đăng nhập sai",
          "Để bảo vệ tài khoản, việc đăng nhập tạm bị khoá. Vui lòng đợi một phút rồi thử lại."),
    500: ("Đã có lỗi xảy ra", "Hệ thống gặp sự cố. Vui lòng thử lại sau ít phút."),
}
CSRF_TEXT = ("Biểu mẫu đã hết hạn",
             "Biểu mẫu thiếu mã bảo vệ hoặc đã hết hạn. Vui lòng tải lại trang rồi làm lại thao tác.")


# Ids are INTEGER columns: PostgreSQL refuses a larger number with an error (a 500), so a URL naming
# one cannot name any row and is answered 404 before the database is asked.
# https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-INT
DB_INT_MAX = 2**31 - 1


@review.url_value_preprocessor
def _ids_in_range(_endpoint, values):
    for value in (values or {}).values():
        if isinstance(value, int) and not 0 < value <= DB_INT_MAX:
            abort(404)


@review.before_request
def _no_nul_bytes():
    # PostgreSQL text cannot hold U+0000 (psycopg raises, a 500); no field of the dashboard needs
    # one, so a request carrying one anywhere in its query or form is answered 400.
    for values in (request.args, request.form):
        if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
            abort(400)


def id_arg(name: str) -> int | None:
    """The query argument ``name`` as a row id: ``None`` when absent or empty; 404 for anything
    but ASCII digits naming a number from 1 to :data:`DB_INT_MAX` (``²``, ``٣`` and ``1e3`` are not
    ids, though Python's ``int`` and ``str.isdigit`` accept some of them)."""
    raw = request.args.get(name, "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= DB_INT_MAX):
        abort(404)
    return int(raw)


@review.after_request
def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "review.static":
        # Pages hold personal data: never kept by shared caches or a shared phone's back button cache.
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


@review.errorhandler(CSRFError)
def _csrf_error(_error):
    return render_template("review/error.html", code=400, title=CSRF_TEXT[0], text=CSRF_TEXT[1]), 400


@review.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    code = error.code or 500
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[400 if code < 500 else 500])
    response = current_app.make_response(
        (render_template("review/error.html", code=code, title=title, text=text), code))
    if code == 429:
        response.headers["Retry-After"] = "60"
    return response


@review.context_processor
def _template_helpers():
    return {"labels": labels, "label": labels.label, "local_time": labels.local_time,
            "yes_no": labels.yes_no, "mask_number": mask_number, "display_number": display_number}
