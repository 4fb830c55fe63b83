"""Forms of the "Ca trực" page (issue 12): the volunteer's phone and weekly hours (Flask-WTF, with
the blueprint's CSRF check). Hours are one span per day, ``HH:MM`` to ``HH:MM`` (the end may be
``24:00``; a span past midnight is two days' spans, e.g. 22:00–24:00 and 00:00–02:00), Vietnam time;
:func:`ivr.people.shifts.parse_hours` has the last word."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import Length, Optional, Regexp, ValidationError

from ivr.people.shifts import DAYS
from ivr.people.volunteers import PhoneError, normalise_phone
from ivr.review.forms import BaseForm, nfc_stripped

_CLOCK = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message="Giờ viết dạng HH:MM, ví dụ 08:00.")
_END = Regexp(r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$",
              message="Giờ viết dạng HH:MM, ví dụ 08:00; hết ngày là 24:00.")


def _vietnamese_phone(form, field) -> None:
    try:
        field.data = normalise_phone(field.data)
    except PhoneError as error:
        raise ValidationError(str(error)) from error


class PhoneForm(BaseForm):
    """The phone transfers ring; stored in E.164. A Vietnamese mobile or landline
    (:func:`ivr.people.volunteers.normalise_phone`); the view refuses one another active volunteer
    has (:func:`ivr.people.volunteers.phone_taken`)."""

    phone = StringField("Số điện thoại nhận cuộc gọi chuyển tới", filters=[nfc_stripped],
                        validators=[Length(max=32, message="Số quá dài."), _vietnamese_phone])


class HoursForm(BaseForm):
    """One span a day (``start_<day>``, ``end_<day>``, Monday = 0); both empty: no hours that day."""

    def entries(self) -> list[dict]:
        """The filled days as ``[{"day", "start", "end"}]``; a day with only one time gets an
        error on its field and is left out."""
        found = []
        for day in range(len(DAYS)):
            start, end = self[f"start_{day}"], self[f"end_{day}"]
            if bool(start.data) != bool(end.data):
                (end if start.data else start).errors.append("Điền cả giờ bắt đầu và giờ kết thúc.")
            elif start.data:
                found.append({"day": day, "start": start.data, "end": end.data})
        return found

    def fill(self, hours: list[dict] | None) -> None:
        """Show stored ``hours`` (the first span of each day)."""
        for entry in reversed(hours or []):
            self[f"start_{entry['day']}"].data = entry["start"]
            self[f"end_{entry['day']}"].data = entry["end"]


for _day, _name in enumerate(DAYS):
    setattr(HoursForm, f"start_{_day}", StringField(f"{_name}: từ", filters=[nfc_stripped],
                                                    validators=[Optional(), _CLOCK]))
    setattr(HoursForm, f"end_{_day}", StringField(f"{_name}: đến", filters=[nfc_stripped],
                                                  validators=[Optional(), _END]))
