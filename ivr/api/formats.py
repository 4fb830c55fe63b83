"""The feed's pure formatting: summaries of flagged numbers → JSON document, CSV text, and the
ready-made 156 SMS per number. No Flask, no database: the query lives in :mod:`ivr.api.feed`.

What a number's summary holds, and what it never holds: the number, when it was first and last
reported, how many reports back it and how many of those were confirmed, who the callers said the
scammer claimed to be, and whether a caller lost money. Never anything about a caller (their
number, the report references read to them, what they said, the recording, volunteers' notes or
names).
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Sequence

from ivr.review.labels import IDENTITY_LABELS

# One SMS in the GSM 7-bit default alphabet holds 160 characters (140 octets of 7-bit septets):
# 3GPP TS 23.038 §6.1.2.1, https://www.3gpp.org/ftp/Specs/archive/23_series/23.038/
SMS_LIMIT = 160
# Printable ASCII minus the characters GSM 7-bit lacks (`) or has only in its extension table,
# where each costs two septets ([ \ ] ^ { | } ~): TS 23.038 §6.2.1 and §6.2.1.1.
GSM7_SAFE = frozenset(chr(code) for code in range(32, 127)) - set("`[\\]^{|}~")
BOM = "\ufeff"
CSV_COLUMNS = ("number", "first_report_at", "last_report_at", "report_count", "confirmed_reports",
               "claimed_identities", "claimed_identity_codes", "money_lost", "sms_156")


@dataclass(frozen=True)
class NumberSummary:
    """One flagged number, as the feed shows it.

    ``number``: E.164 (``+84987654321``; the keyed digits when it did not parse);
    ``first_report_at`` / ``last_report_at``: aware UTC datetimes (naive ones are taken as UTC);
    ``report_count``: reports about it (withdrawn and "not a scam" left out);
    ``confirmed_reports``: of those, confirmed ones; ``claimed_identities``: identity codes
    (``ivr.reports.lifecycle.IDENTITIES``) callers gave, in that order; ``money_lost``: a caller
    said money or a code was already given.
    """

    number: str
    first_report_at: datetime
    last_report_at: datetime
    report_count: int
    confirmed_reports: int
    claimed_identities: tuple[str, ...]
    money_lost: bool


def iso_utc(value: datetime) -> str:
    """``2026-03-05T07:07:00Z``: ISO 8601 in UTC, to the second (naive values are UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def national_form(number: str) -> str:
    """``+84987654321`` → ``0987654321`` (how a Vietnamese number is written in a 156 SMS);
    other numbers unchanged."""
    return "0" + number[3:] if number.startswith("+84") else number


def without_diacritics(text: str) -> str:
    """Vietnamese text in plain GSM-7-safe ASCII: ``"Điện lực / cấp nước"`` → ``"Dien luc / cap
    nuoc"``. Tone and vowel marks are dropped (Unicode NFD, combining marks removed), đ/Đ become
    d/D, and any character left outside :data:`GSM7_SAFE` becomes a space (runs of spaces close up)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(" " if char not in GSM7_SAFE else char for char in folded
                   if not unicodedata.combining(char))
    return " ".join(kept.split())


def _shorten(text: str, room: int) -> str:
    """``text`` cut at a word boundary to at most ``room`` characters, ending in ``...`` when cut
    (``""`` when not even one word fits)."""
    if len(text) <= room:
        return text
    cut = text[:max(room - 3, 0)]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(",;:. ")
    return cut + "..." if cut else ""


def sms_156(number: str, identities: Sequence[str], money_lost: bool, confirmed: int) -> str:
    """The SMS that reports a suspected fraud call to 156: ``LD <number> <content>``.

    Syntax: ``LD <source number> <content>`` for suspected fraud calls, sent free to 156
    (https://pld.net.vn/dau-so-156-tra-cuu-thong-tin-ten-mien-phan-anh-mien-phi-cuoc-goi-rac-a10959.html).
    ``number`` is E.164 (written in its national form ``0…`` for Vietnam); ``identities`` are who
    the callers said it claimed to be (Vietnamese labels, any length); ``confirmed`` the confirmed
    reports. The content is written without diacritics (GSM 7-bit) so the whole text is ONE SMS:
    at most :data:`SMS_LIMIT` (160) characters, all in :data:`GSM7_SAFE`. The list of identities is
    shortened (``...``) or left out to fit; the number and the money sentence never are.
    Example: ``LD 0987654321 Lua dao qua dien thoai, gia danh Cong an, Ngan hang. Da co nguoi mat
    tien/doc ma. 2 bao cao xac nhan.``
    """
    head = f"LD {without_diacritics(national_form(number))} "
    money = "Da co nguoi mat tien/doc ma." if money_lost else "Chua ghi nhan mat tien."
    tail = f" {money} {confirmed} bao cao xac nhan."
    claimed = ", ".join(filter(None, (without_diacritics(label) for label in identities)))
    prefix = "Lua dao qua dien thoai, gia danh "
    short = _shorten(claimed, SMS_LIMIT - len(head) - len(prefix) - 1 - len(tail))
    content = f"{prefix}{short}{'' if short.endswith('...') else '.'}" if short else \
        "Lua dao qua dien thoai."
    return (head + content + tail)[:SMS_LIMIT].rstrip()


def identity_labels(codes: Iterable[str]) -> list[str]:
    """Vietnamese labels of identity codes (an unknown code is shown as itself)."""
    return [IDENTITY_LABELS.get(code, code) for code in codes]


def sms_for(row: NumberSummary) -> str:
    """:func:`sms_156` for one summary."""
    return sms_156(row.number, identity_labels(row.claimed_identities), row.money_lost,
                   row.confirmed_reports)


def number_record(row: NumberSummary) -> dict:
    """One number as a JSON-ready dict (the keys of :data:`CSV_COLUMNS`; identities as
    ``[{"code": "police", "label": "Công an"}, …]``)."""
    return {"number": row.number, "first_report_at": iso_utc(row.first_report_at),
            "last_report_at": iso_utc(row.last_report_at), "report_count": row.report_count,
            "confirmed_reports": row.confirmed_reports,
            "claimed_identities": [{"code": code, "label": label} for code, label in
                                   zip(row.claimed_identities, identity_labels(row.claimed_identities))],
            "money_lost": row.money_lost, "sms_156": sms_for(row)}


def to_json(rows: Sequence[NumberSummary], generated_at: datetime) -> str:
    """``{"generated_at": "…Z", "numbers": [record, …]}`` as UTF-8-ready JSON text (Vietnamese
    labels kept as they are, not ``\\u`` escapes)."""
    document = {"generated_at": iso_utc(generated_at), "numbers": [number_record(row) for row in rows]}
    return json.dumps(document, ensure_ascii=False, indent=1)


def _cell(value: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (OWASP "CSV Injection",
    https://owasp.org/www-community/attacks/CSV_Injection), except a number: ``+`` and digits only,
    which a spreadsheet can at worst read as a number."""
    is_number = value[:1] == "+" and value[1:].isdigit()
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) and not is_number else value


def to_csv(rows: Sequence[NumberSummary]) -> str:
    """The feed as CSV text: a BOM, then a header row of :data:`CSV_COLUMNS` and one row per
    number, CRLF line ends (Python's ``csv`` default, what Excel writes).

    With a BOM because the people at 156 or the police who open it will use Excel, which reads a
    CSV without one in the Windows code page and garbles Vietnamese (the hotline's own export does
    the same); programs read the JSON, or this with ``encoding="utf-8-sig"``. Identities are joined
    with ``"; "`` (labels) and ``";"`` (codes); ``money_lost`` is ``true``/``false``.
    """
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        record = number_record(row)
        writer.writerow([_cell(str(value)) for value in (
            record["number"], record["first_report_at"], record["last_report_at"], record["report_count"],
            record["confirmed_reports"], "; ".join(identity_labels(row.claimed_identities)),
            ";".join(row.claimed_identities), "true" if row.money_lost else "false", record["sms_156"])])
    return buffer.getvalue()
