"""The dashboard's forms (Flask-WTF). Every POST of the blueprint is checked for its CSRF token
(``auth._check_csrf``; buttons that need nothing else render just the token); the two filter forms
are GET forms without one (they change nothing).

Error messages are Vietnamese: WTForms ships no Vietnamese catalogue, so :class:`_Vietnamese`
translates the few built-in messages our fields can produce.

Text volunteers write (warnings, transcripts, notes) is normalised to Unicode NFC by the fields'
filters, before validation and storage: Vietnamese typed or pasted in decomposed form (NFD: ``e``
+ combining marks, as macOS and some keyboards give it) would otherwise be stored, compared,
counted and spoken differently from the same words precomposed
(https://unicode.org/reports/tr15/).
"""
from __future__ import annotations

import unicodedata

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, PasswordField, SelectChoice, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ivr.audit import ACTIONS
from ivr.review.labels import ACTION_LABELS, CATEGORY_LABELS, STATUS_LABELS
from ivr.reports.lifecycle import CATEGORIES
from ivr.reports.official import KINDS as OFFICIAL_KINDS, number_problem, url_problem  # issue 11

WARNING_MIN, WARNING_MAX = 20, 280  # characters; 280 is about 20 s of speech, the step limit in lint
TRANSCRIPT_MAX, NOTES_MAX = 20_000, 5_000

_MESSAGES = {
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "This field is required.": "Vui lòng điền mục này.",
    "Not a valid date value.": "Ngày không hợp lệ (ngày/tháng/năm).",
}


def nfc(value):
    """A field filter: text in Unicode NFC (other values, such as ``None``, unchanged)."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def nfc_stripped(value):
    """A field filter: text in NFC without surrounding blanks."""
    value = nfc(value)
    return value.strip() if isinstance(value, str) else value


def choices(pairs) -> list[SelectChoice]:
    """``[(value, label), ...]`` as WTForms choices (plain tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, text) for value, text in pairs]


class _Vietnamese:
    """A gettext-like object for WTForms' built-in messages."""

    def gettext(self, string: str) -> str:
        return _MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _MESSAGES.get(singular if n == 1 else plural, singular if n == 1 else plural)


class BaseForm(FlaskForm):
    """FlaskForm with Vietnamese built-in messages."""

    class Meta:
        def get_translations(self, form):
            return _Vietnamese()


class LoginForm(BaseForm):
    username = StringField("Tên đăng nhập", validators=[
        DataRequired("Vui lòng nhập tên đăng nhập."), Length(max=80)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")])


class ContentForm(BaseForm):
    """What a reviewer writes about a report: transcript, category, notes."""

    transcript = TextAreaField("Nội dung lời kể (bản nháp, có thể sửa)", filters=[nfc], validators=[
        Optional(), Length(max=TRANSCRIPT_MAX, message="Nội dung quá dài.")])
    category = SelectField("Phân loại", choices=choices(
        [("", "— Chưa phân loại —")] + [(code, CATEGORY_LABELS[code]) for code in CATEGORIES]))
    notes = TextAreaField("Ghi chú của tình nguyện viên", filters=[nfc], validators=[
        Optional(), Length(max=NOTES_MAX, message="Ghi chú quá dài.")])


class StatusForm(BaseForm):
    """The status; choices are set per report: the current one first (selected, "giữ nguyên"),
    then those the workflow allows. ``confirm_final``: the second step a final move needs."""

    status = SelectField("Trạng thái", validators=[DataRequired()])
    confirm_final = BooleanField(
        "Tôi chắc chắn: chuyển cơ quan chức năng là bước cuối, tình nguyện viên không hoàn tác được.")


REASON_MAX = 1_000


class ReasonForm(BaseForm):
    """An admin's written reason (confirming alone, reverting a status): required, audited.
    Used with a ``prefix`` per action, so two on one page keep distinct field ids."""

    reason = TextAreaField("Lý do (bắt buộc, được ghi vào nhật ký)", filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng ghi lý do."), Length(max=REASON_MAX, message="Lý do quá dài.")])


class AssignForm(BaseForm):
    """Who handles a report; choices are the active users, "" for nobody."""

    assignee = SelectField("Người xử lý")


class WarningForm(BaseForm):
    text = TextAreaField("Nội dung cảnh báo (sẽ được đọc trên tổng đài)", filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng viết nội dung cảnh báo."),
        Length(min=WARNING_MIN, max=WARNING_MAX,
               message=f"Cảnh báo cần dài từ {WARNING_MIN} đến {WARNING_MAX} ký tự.")])


class PartnerKeyForm(BaseForm):
    """A new API key for a partner organisation (issue 11, ivr.review.api_keys)."""

    organisation = StringField("Tên cơ quan, tổ chức", filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng nhập tên cơ quan, tổ chức."),
        Length(min=2, max=120, message="Tên cơ quan cần dài từ 2 đến 120 ký tự.")])


class ExportForm(BaseForm):
    date_from = DateField("Từ ngày", validators=[Optional()])
    date_to = DateField("Đến ngày", validators=[Optional()])


class _FilterForm(BaseForm):
    """A GET form read from the query string: no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False


class QueueFilterForm(_FilterForm):
    status = SelectField("Trạng thái", choices=choices([("", "Tất cả")] + list(STATUS_LABELS.items())),
                         validators=[Optional()])
    category = SelectField("Phân loại", choices=choices(
        [("", "Tất cả"), ("none", "Chưa phân loại")] +
        [(code, CATEGORY_LABELS[code]) for code in CATEGORIES]),
                           validators=[Optional()])
    date_from = DateField("Từ ngày", validators=[Optional()])
    date_to = DateField("Đến ngày", validators=[Optional()])
    number = StringField("Số bị báo cáo", validators=[Optional(), Length(max=32)])


class AuditFilterForm(_FilterForm):
    user = StringField("Người thực hiện", filters=[nfc_stripped], validators=[Optional(), Length(max=80)])
    action = SelectField("Hành động", choices=choices(
        [("", "Tất cả")] + [(code, ACTION_LABELS.get(code, code)) for code in ACTIONS]),
                         validators=[Optional()])
    # ASCII digits only: "²" or "٣" are digits to Python but name no report.
    report = StringField("Mã số báo cáo (số trong địa chỉ trang)", filters=[nfc_stripped], validators=[
        Optional(), Regexp(r"\A[0-9]{1,9}\Z", message="Mã số báo cáo là một số, ví dụ 12.")])


# --- official numbers (issue 11, item 2) ---------------------------------------------------------
OFFICIAL_KIND_LABELS = {"bank": "Ngân hàng", "power": "Điện lực", "water": "Cấp nước",
                        "carrier": "Nhà mạng", "police": "Công an", "public_service": "Dịch vụ công",
                        "other": "Khác"}


def _official_number(form, field):
    """The number must be one ``ivr.phone`` accepts (short codes included)."""
    problem = number_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def _https_source(form, field):
    """The source must be a public https page."""
    problem = url_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class OfficialNumberForm(BaseForm):
    """An official hotline: number, organisation (spoken to callers), kind, public source, note."""

    number = StringField("Số điện thoại", filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng nhập số."), Length(max=32, message="Số quá dài."), _official_number])
    organisation = StringField("Tên cơ quan, tổ chức (sẽ được đọc cho người gọi)",
                               filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng nhập tên cơ quan, tổ chức."),
        Length(max=120, message="Tên quá dài (tối đa 120 ký tự).")])
    kind = SelectField("Loại", choices=choices((k, OFFICIAL_KIND_LABELS[k]) for k in OFFICIAL_KINDS))
    source_url = StringField("Nguồn công khai (địa chỉ https://)", filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng nhập địa chỉ nguồn."), Length(max=500, message="Địa chỉ quá dài."),
        _https_source])
    note = TextAreaField("Ghi chú", filters=[nfc_stripped], validators=[
        Optional(), Length(max=NOTES_MAX, message="Ghi chú quá dài.")])
