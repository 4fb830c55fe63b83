"""Forms of the "Đội xã" and "Thăm nhà" pages (issue 12, item 7), Flask-WTF with the blueprint's
CSRF check. Text is NFC; :mod:`ivr.people.teams` and :mod:`ivr.people.visit_queue` have the last
word on names, communes, assignees and outcomes (their errors are shown as the field's)."""
from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ivr.people.teams import NAME_MAX
from ivr.people.visit_queue import NOTE_MAX, OUTCOME_LABELS
from ivr.review.forms import BaseForm, choices, nfc, nfc_stripped

COMMUNES_MAX = 20_000  # characters of one bulk paste: a province's communes are a few thousand


class TeamForm(BaseForm):
    """A team's name (new team, or rename)."""

    name = StringField("Tên đội", filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng nhập tên đội."), Length(max=NAME_MAX, message="Tên đội quá dài.")])


class CommunesForm(BaseForm):
    """Communes to add to a team, one per line."""

    communes = TextAreaField("Thêm xã, phường (mỗi dòng một tên)", filters=[nfc], validators=[
        DataRequired("Vui lòng nhập ít nhất một xã."),
        Length(max=COMMUNES_MAX, message="Danh sách quá dài: hãy chia làm nhiều lần.")])


class MemberForm(BaseForm):
    """A user to add to a team; choices are the active users not in it yet."""

    user = SelectField("Thêm thành viên", validators=[DataRequired("Vui lòng chọn người.")])


class VisitCommuneForm(BaseForm):
    """The commune of a visit, typed by a volunteer who listened to the recording."""

    commune = StringField("Xã, phường của người dân", filters=[nfc_stripped], validators=[
        DataRequired("Vui lòng nhập tên xã."), Length(max=NAME_MAX, message="Tên xã quá dài.")])


class VisitAssignForm(BaseForm):
    """Who goes: the volunteer themselves or a member of the visit's team; "" for nobody."""

    assignee = SelectField("Người nhận việc")


class VisitCloseForm(BaseForm):
    """How the visit ended, and an optional note."""

    outcome = SelectField("Kết quả", choices=choices([("", "— Chọn kết quả —")]
                                                     + list(OUTCOME_LABELS.items())),
                          validators=[DataRequired("Vui lòng chọn kết quả.")])
    note = TextAreaField("Ghi chú (không bắt buộc)", filters=[nfc], validators=[
        Length(max=NOTE_MAX, message="Ghi chú quá dài.")])


class VisitForgetForm(BaseForm):
    """Admins: delete the caller's number and recording because the caller asked; the box must
    be ticked (it cannot be undone)."""

    confirm = BooleanField("Người gọi đã yêu cầu xoá. Tôi hiểu: số điện thoại và bản ghi bị xoá "
                           "hẳn, không khôi phục được.",
                           validators=[DataRequired("Hãy đánh dấu ô xác nhận trước khi xoá.")])
