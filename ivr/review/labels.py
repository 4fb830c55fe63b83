"""Every word a volunteer reads for a stored code: statuses, categories, audio states, number kinds,
audit actions; and how dates are shown (Vietnam time, ``dd/mm/yyyy HH:MM``).

Codes stay English in the database; only these tables are Vietnamese. Unknown codes fall back to
the code itself, so a value added elsewhere shows up rather than disappearing.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

# Vietnam has had no daylight saving time since 1975, so a fixed offset is exact and needs no tzdata.
VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")

STATUS_LABELS = {
    "new": "Mới",
    "in_review": "Đang xem xét",
    "confirmed": "Đã xác nhận lừa đảo",
    "not_scam": "Không phải lừa đảo",
    "follow_up": "Cần tìm hiểu thêm",
    "escalated": "Đã chuyển cơ quan chức năng",
    "withdrawn": "Người gọi đã rút báo cáo",
}

CATEGORY_LABELS = {
    "police": "Giả danh công an",
    "bank": "Giả danh ngân hàng",
    "utility": "Giả danh điện lực / cấp nước",
    "telecom": "Giả danh nhà mạng",
    "delivery": "Giả danh giao hàng",
    "relative": "Giả danh người thân",
    "job": "Mời làm việc / việc nhẹ lương cao",
    "other": "Lừa đảo khác",
    "not_scam": "Không phải lừa đảo",
}

# What the caller said the scammer claimed to be (Report.claimed_identity).
IDENTITY_LABELS = {
    "police": "Công an", "bank": "Ngân hàng", "utility": "Điện lực / cấp nước",
    "telecom": "Nhà mạng", "delivery": "Giao hàng", "relative": "Người thân",
    "job": "Tuyển dụng", "other": "Khác",
}

AUDIO_STATE_LABELS = {
    "none": "Chưa có bản ghi âm",
    "pending": "Đang chờ tải bản ghi từ Twilio",
    "fetching": "Đang tải bản ghi từ Twilio",
    "stored": "Đã lưu bản ghi",
    "failed": "Chưa tải được bản ghi từ Twilio; hệ thống sẽ thử lại",
    "absent": "Người gọi không ghi âm lời kể",
    "deleted": "Bản ghi đã bị xóa (hết hạn lưu trữ hoặc người gọi rút báo cáo)",
}

NUMBER_KIND_LABELS = {
    "mobile": "Di động", "fixed_line": "Cố định", "toll_free": "Miễn cước (1800)",
    "premium": "Dịch vụ thu phí cao (1900)", "uan": "Số dịch vụ", "voip": "Điện thoại Internet (VoIP)",
    "shared_cost": "Chia sẻ cước", "short_code": "Đầu số ngắn", "emergency": "Số khẩn cấp",
    "international": "Số nước ngoài", "unknown": "Không rõ loại", "invalid": "Số không hợp lệ",
}

ACTION_LABELS = {
    "login": "Đăng nhập", "login_failed": "Đăng nhập sai", "logout": "Đăng xuất",
    "open": "Mở báo cáo", "listen": "Nghe bản ghi", "edit": "Sửa nội dung", "status": "Đổi trạng thái",
    "assign": "Giao việc", "reveal": "Xem số người gọi", "export": "Xuất CSV",
    "withdraw": "Người gọi rút báo cáo", "retention_delete": "Xoá theo hạn lưu trữ",
    "warning_create": "Tạo cảnh báo", "warning_retire": "Gỡ cảnh báo",
    "user_create": "Tạo tài khoản", "user_role": "Đổi vai trò", "user_password": "Đặt lại mật khẩu",
    "user_deactivate": "Khoá tài khoản", "user_activate": "Mở lại tài khoản",
    # official numbers (issue 11, item 2)
    "official_create": "Thêm số chính thức", "official_edit": "Sửa số chính thức",
    "official_verify": "Xác minh số chính thức", "official_unverify": "Bỏ xác minh số chính thức",
    "official_deactivate": "Ngừng dùng số chính thức", "official_activate": "Dùng lại số chính thức",
    "confirm": "Xác nhận lừa đảo", "revert": "Hoàn tác trạng thái",
}

# The partner feed (issue 11): API keys and the reads made with them.
ACTION_LABELS.update({"partner_key_create": "Tạo khóa API", "partner_key_revoke": "Thu hồi khóa API",
                      "feed_read": "Cơ quan chức năng đọc dữ liệu"})

# Callback requests (issue 12).
ACTION_LABELS.update({"callback_request": "Người gọi xin gọi lại", "callback_call": "Gọi lại",
                      "callback_outcome": "Kết quả gọi lại"})
# Volunteers on shift (issue 12).
ACTION_LABELS.update({"shift_phone": "Đổi số điện thoại trực", "shift_on": "Bắt đầu ca trực",
                      "shift_off": "Kết thúc ca trực", "shift_hours": "Đổi giờ trực hằng tuần",
                      "shift_phones": "Xem số điện thoại tình nguyện viên"})

# Home visits by commune teams (issue 12, item 7).
ACTION_LABELS.update({"team_create": "Tạo đội xã", "team_rename": "Đổi tên đội xã",
                      "team_communes": "Thêm xã cho đội", "team_commune_remove": "Bỏ xã khỏi đội",
                      "team_member_add": "Thêm thành viên đội", "team_member_remove": "Bỏ thành viên đội",
                      "visit_open": "Mở yêu cầu thăm nhà", "visit_commune": "Đặt xã cho yêu cầu thăm nhà",
                      "visit_close": "Đóng yêu cầu thăm nhà",
                      "visit_forget": "Xoá số và lời nhắn thăm nhà theo yêu cầu người gọi"})

ROLE_LABELS = {"volunteer": "Tình nguyện viên", "admin": "Quản trị viên"}

# Audit targets are "<kind>:<id>" (ivr.audit); these name the kind.
TARGET_LABELS = {"report": "Báo cáo", "user": "Tài khoản", "warning": "Cảnh báo",
                 "official": "Số chính thức"}  # official: issue 11, item 2
TARGET_LABELS["partner_key"] = "Khóa API"  # issue 11, the partner feed
TARGET_LABELS["callback"] = "Yêu cầu gọi lại"  # issue 12
TARGET_LABELS.update({"team": "Đội xã", "visit": "Yêu cầu thăm nhà"})  # issue 12, item 7
TARGET_WORDS = {"reports": "Danh sách báo cáo", "login": "Trang đăng nhập"}


# The machine draft of a recording (Report.transcript_words): None = not transcribed yet (or no
# speech model), [] = transcribed and no speech in it (jobs/transcribe.py stores ("", []) then).
# Short words for the queue, a sentence for the report page.
TRANSCRIPT_STATE_LABELS = {
    "pending": ("Chưa chép", "Chưa chép: máy chưa chép lời bản ghi này (đang chờ, hoặc tổng đài chưa "
                "bật nhận dạng giọng nói). Hãy nghe bản ghi."),
    "silent": ("Im lặng", "Im lặng: máy đã chép bản ghi nhưng không nghe thấy lời nói nào. Hãy nghe "
               "lại để chắc chắn."),
}


def transcript_state(words: list | None, audio_state: str) -> str | None:
    """``"draft"`` (words recognised), ``"silent"`` (transcribed, no speech), ``"pending"`` (not
    transcribed, though there is or will be audio) or ``None`` (no audio to transcribe: the caller
    recorded nothing, or it was deleted)."""
    if words is None:
        return "pending" if audio_state in ("stored", "pending", "fetching", "failed") else None
    return "draft" if words else "silent"


# A recognised word below this confidence (0–1, Vosk's per-word ``conf``) is marked as unsure in
# the draft transcript, so a volunteer knows where to listen again.
UNSURE_BELOW = 0.6


def draft_words(words: list | None) -> list[tuple[str, bool]]:
    """Return (word, unsure) pairs of a draft transcript's ``transcript_words`` (may be None)."""
    return [(str(w.get("word", "")), (w.get("conf") if w.get("conf") is not None else 1.0) < UNSURE_BELOW)
            for w in words or () if isinstance(w, dict)]


def label(table: dict[str, str], code: str | None, empty: str = "—") -> str:
    """Return the Vietnamese label of ``code`` in ``table``; ``empty`` for None, the code if unknown."""
    if code is None or code == "":
        return empty
    return table.get(code, code)


def target_label(target: str) -> str:
    """``"report:12"`` → ``"Báo cáo #12"``; ``"login"`` → ``"Trang đăng nhập"``; others unchanged."""
    kind, _, ident = target.partition(":")
    if ident and kind in TARGET_LABELS:
        return f"{TARGET_LABELS[kind]} #{ident}"
    return TARGET_WORDS.get(target, target)


def local_time(value: datetime | None, with_time: bool = True) -> str:
    """Format a stored time in Vietnam time: ``"05/03/2026 14:07"``; naive values are taken as UTC
    (SQLite returns naive datetimes). ``""`` for None."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(VIETNAM_TZ)
    return local.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in Vietnam, as an aware UTC datetime (for date filters).

    UTC because SQLite stores the wall-clock time of an aware value without its offset, and every
    stored time is UTC (``ivr.models.utcnow``).
    """
    return datetime.combine(day, time.min, VIETNAM_TZ).astimezone(timezone.utc)


def yes_no(value: bool | None) -> str:
    """``Có`` / ``Không`` / ``Không rõ`` (the caller did not answer)."""
    return "Không rõ" if value is None else ("Có" if value else "Không")


def duration(seconds: int | None) -> str:
    """``75`` → ``"1:15"``; ``None`` → ``"không rõ"``."""
    if seconds is None:
        return "không rõ"
    return f"{seconds // 60}:{seconds % 60:02d}"
