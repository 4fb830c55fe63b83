"""The partner feed's pure formatting (ivr.api.formats): the 156 SMS fits one GSM-7 SMS whatever
it is given; diacritics, national form, dates, CSV cells."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ivr.api.formats import (GSM7_SAFE, SMS_LIMIT, NumberSummary, iso_utc, national_form, sms_156,
                             to_csv, to_json, without_diacritics)

LONG_LABELS = ["Công an phường Bến Thành, Thành phố Hồ Chí Minh (Đội Cảnh sát hình sự)",
               "Tổng công ty Điện lực miền Nam – Chi nhánh Điện lực Quận Nhất ~ {ưu đãi} [khẩn]",
               "Ngân hàng Thương mại Cổ phần Đầu tư và Phát triển Việt Nam", "Người thân"] * 5


@pytest.mark.parametrize("number", ["+84987654321", "+842812345678", "+8613800138000", "19001234",
                                    "+84" + "9" * 15])
@pytest.mark.parametrize("labels", [[], ["Công an"], LONG_LABELS, ["Đ" * 400], ["~{}[]`|^\\"]])
@pytest.mark.parametrize("money, confirmed", [(True, 2), (False, 1), (True, 1_000_000)])
def test_the_156_text_is_one_gsm7_sms_whatever_it_is_given(number, labels, money, confirmed):
    text = sms_156(number, labels, money, confirmed)
    assert len(text) <= SMS_LIMIT, (len(text), text)
    assert set(text) <= GSM7_SAFE, set(text) - GSM7_SAFE
    assert text.startswith(f"LD {national_form(number)} ")
    assert ("Da co nguoi mat tien/doc ma." in text) == money


def test_the_156_text_reads_as_the_syntax_asks():
    assert sms_156("+84987654321", ["Công an", "Ngân hàng"], True, 2) == (
        "LD 0987654321 Lua dao qua dien thoai, gia danh Cong an, Ngan hang. "
        "Da co nguoi mat tien/doc ma. 2 bao cao xac nhan.")
    assert sms_156("+84281234567", [], False, 1) == (
        "LD 0281234567 Lua dao qua dien thoai. Chua ghi nhan mat tien. 1 bao cao xac nhan.")


def test_long_identities_are_shortened_at_a_word_and_say_so():
    text = sms_156("+84987654321", LONG_LABELS, False, 3)
    assert "gia danh Cong an phuong Ben Thanh" in text and "..." in text
    assert text.endswith("Chua ghi nhan mat tien. 3 bao cao xac nhan.")
    assert "...." not in text


@pytest.mark.parametrize("text, expected", [
    ("Điện lực / cấp nước", "Dien luc / cap nuoc"), ("Người thân", "Nguoi than"),
    ("Tuyển dụng", "Tuyen dung"), ("ĐẮK LẮK", "DAK LAK"), ("Nhà  mạng\n~x", "Nha mang x"),
    # decomposed (NFD) input folds the same way as precomposed
    ("Co\u0302ng an", "Cong an"),
])
def test_diacritics_are_removed(text, expected):
    assert without_diacritics(text) == expected


def test_dates_are_iso_8601_utc_and_naive_values_are_utc():
    vietnam = timezone(timedelta(hours=7))
    assert iso_utc(datetime(2026, 3, 5, 14, 7, 9, 123, tzinfo=vietnam)) == "2026-03-05T07:07:09Z"
    assert iso_utc(datetime(2026, 3, 5, 7, 7, 9)) == "2026-03-05T07:07:09Z"


def _row(number: str = "+84987654321", **fields) -> NumberSummary:
    values = dict(first_report_at=datetime(2026, 3, 1, tzinfo=timezone.utc),
                  last_report_at=datetime(2026, 3, 2, tzinfo=timezone.utc), report_count=3,
                  confirmed_reports=2, claimed_identities=("police", "other"), money_lost=False)
    return NumberSummary(number, **{**values, **fields})


def test_json_has_the_documented_shape():
    import json

    document = json.loads(to_json([_row()], datetime(2026, 3, 3, 1, tzinfo=timezone.utc)))
    assert document["generated_at"] == "2026-03-03T01:00:00Z"
    assert document["numbers"][0]["claimed_identities"] == [{"code": "police", "label": "Công an"},
                                                            {"code": "other", "label": "Khác"}]
    assert set(document["numbers"][0]) == {"number", "first_report_at", "last_report_at", "report_count",
                                           "confirmed_reports", "claimed_identities", "money_lost",
                                           "sms_156"}


def test_csv_keeps_e164_numbers_and_defuses_anything_else_a_spreadsheet_would_run():
    text = to_csv([_row(), _row("=HYPERLINK(1)"), _row("-1+1")])
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("number,first_report_at,")
    assert lines[1].startswith("+84987654321,2026-03-01T00:00:00Z,")
    assert lines[2].startswith("'=HYPERLINK(1),") and lines[3].startswith("'-1+1,")
