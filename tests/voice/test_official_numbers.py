"""Official numbers (issue 11, item 2): the seed and ``flask official`` on both databases, and
"check a number" through real signed webhooks for an official number, its look-alikes, an
unverified entry, a mobile claiming to be a hotline and an unknown number."""
import json

import pytest
import sqlalchemy as sa

from ivr.models import OfficialNumber, Report, ReportConfirmation, User, db, utcnow
from ivr.reports import official
from speech.vietnamese import phone_groups
from tests.voice.test_report_intake import grouped

EVN_KEY = "+841900545454"


def seed(app):
    result = app.test_cli_runner().invoke(args=["official", "seed"])
    assert result.exit_code == 0, result.output
    return result.output


def rows(app):
    with app.app_context():
        found = {r.number: r for r in db.session.execute(sa.select(OfficialNumber)).scalars()}
        db.session.expunge_all()
        return found


def check(call, number):
    simulator = call()
    simulator.start()
    simulator.press("4")
    return simulator.press(number + "#")


def answer(heard):
    """What a check answer says after its first sentence: prompt ids, and the text of a prompt
    outside the flow (an organisation's name). Without rendered audio (tests) a prompt is matched by
    its text, and "Số" / "Cẩn thận! Số" open several outcomes alike, so the first is left out."""
    assert heard.prompts[0].text in ("Số", "Cẩn thận! Số")
    return [p.prompt_id or p.text for p in heard.prompts[1:]]


def starts(ids, expected):
    return ids[:len(expected)] == expected


def not_found(heard):
    ids = answer(heard)
    return "check_number_result.not_found3" in ids and not any(
        i.startswith(("check_number_result.official", "check_number_result.lookalike",
                      "check_number_result.claims_hotline")) for i in ids)


# --- the seed file (pure) ----------------------------------------------------------------------

def test_the_seed_file_is_valid_and_leaves_verify_items_unverified():
    entries = official.load_seed()
    assert len({e.number for e in entries}) == len(entries) >= 10
    assert all(e.source_url.startswith("https://") and e.organisation for e in entries)
    by_number = {e.number: e for e in entries}
    # marked [VERIFY] in the domain facts: seeded, never announced until an admin verifies them
    for number in ("156", "5656", "+84692348560", "198", "9090"):
        assert not by_number[number].verified, number
    assert by_number[EVN_KEY].verified and by_number["113"].verified
    assert by_number[EVN_KEY].display == "1900 545 454" and by_number["+8418001091"].display == "1800 1091"


def test_a_bad_seed_entry_is_named(tmp_path):
    bad = tmp_path / "seed.yaml"
    bad.write_text('- {number: "1900545454", organisation: "X", kind: power, '
                   'source_url: "http://example.vn/"}\n', encoding="utf-8")
    with pytest.raises(official.SeedError, match=r"seed.yaml\[0\] \('1900545454'\): .*https://"):
        official.load_seed(bad)


def test_hotline_tails_are_read_in_threes():
    assert phone_groups("1900545454") == ["1900", "545", "454"]
    assert phone_groups("19001006") == ["1900", "1006"]


# --- flask official seed / list ----------------------------------------------------------------

def test_seed_is_idempotent_and_never_overrides_an_admin(app):
    assert f"{len(official.load_seed())} added, 0 updated" in seed(app)
    first = rows(app)
    assert set(first) == {e.number for e in official.load_seed()}
    assert "0 added, 0 updated" in seed(app)
    with app.app_context():
        admin = User(username="admin", role="admin", password_hash="x")
        db.session.add(admin)
        db.session.flush()
        spam = db.session.execute(sa.select(OfficialNumber).filter_by(number="156")).scalar_one()
        spam.verified, spam.verified_by_id, spam.verified_at = True, admin.id, utcnow()
        spam.edited_by_admin = True
        evn = db.session.execute(sa.select(OfficialNumber).filter_by(number=EVN_KEY)).scalar_one()
        evn.active, evn.edited_by_admin = False, True
        vina = db.session.execute(sa.select(OfficialNumber).filter_by(number="+8418001091")).scalar_one()
        vina.organisation = "tên cũ"  # drifted from the file, no admin touched it: refreshed
        db.session.commit()
    assert "0 added, 1 updated" in seed(app)
    after = rows(app)
    assert after["156"].verified and after["156"].verified_by_id is not None  # the admin's word stands
    assert not after[EVN_KEY].active  # a deactivated entry is not brought back
    assert after["+8418001091"].organisation == "Tổng đài chăm sóc khách hàng VinaPhone"


def test_list_json_shows_sources_and_verification(app):
    seed(app)
    result = app.test_cli_runner().invoke(args=["official", "list", "--json"])
    assert result.exit_code == 0
    listed = [json.loads(line) for line in result.output.splitlines()]
    assert len(listed) == len(official.load_seed())
    evn = next(item for item in listed if item["number"] == EVN_KEY)
    assert evn["verified"] is True and evn["source_url"].startswith("https://thuonghieucongluan")
    assert evn["organisation"] == "Tổng công ty Điện lực Thành phố Hồ Chí Minh"
    assert [item["verified"] for item in listed] == sorted((i["verified"] for i in listed), reverse=True)
    text = app.test_cli_runner().invoke(args=["official", "list"]).output
    assert "1900 545 454" in text and "NOT verified" in text


def test_a_bad_seed_file_fails_the_command_and_changes_nothing(app, tmp_path, monkeypatch):
    bad = tmp_path / "seed.yaml"
    bad.write_text('- {number: "12", organisation: "X", kind: power, source_url: "https://a.vn/"}\n',
                   encoding="utf-8")
    monkeypatch.setattr(official, "SEED_PATH", bad)
    result = app.test_cli_runner().invoke(args=["official", "seed"])
    assert result.exit_code == 1 and "3 đến 15 chữ số" in result.output
    assert rows(app) == {}


# --- check a number, through signed webhooks ------------------------------------------------------

def test_a_verified_official_number_is_announced_with_the_spoofing_caution(app, call):
    seed(app)
    heard = check(call, "1900545454")
    assert heard.prompts[0].text == "Số"
    assert starts(answer(heard), [*grouped("1900", "545", "454"), "check_number_result.official3",
                                  "Tổng công ty Điện lực Thành phố Hồ Chí Minh",
                                  "check_number_result.official5"])
    assert "Tổng công ty Điện lực Thành phố Hồ Chí Minh</Say>" in heard.twiml  # no audio yet: <Say>
    caution = heard.prompts[heard.prompt_ids.index("check_number_result.official5")].text
    assert "làm giả số hiện trên màn hình" in caution and "vẫn là lừa đảo" in caution
    assert heard.node == "check_next"


def test_a_lookalike_is_warned_about_and_the_real_number_is_said(app, call):
    seed(app)
    heard = check(call, "0981545454")  # the EVN hotline's last six digits, a mobile prefix
    assert heard.prompts[0].text == "Cẩn thận! Số"
    assert starts(answer(heard), [*grouped("0981", "545", "454"), "check_number_result.lookalike3",
                                  "Tổng công ty Điện lực Thành phố Hồ Chí Minh",
                                  "check_number_result.lookalike5", *grouped("1900", "545", "454"),
                                  "check_number_result.lookalike7"])
    texts = {p.prompt_id: p.text for p in heard.prompts}
    assert "không phải số đó" in texts["check_number_result.lookalike5"]
    assert "tự gọi số thật" in texts["check_number_result.lookalike7"]
    swapped = check(call, "18001019")  # two neighbouring digits of 1800 1091 swapped
    said = answer(swapped)
    assert said[said.index("check_number_result.lookalike3") + 1] == "Tổng đài chăm sóc khách hàng VinaPhone"
    assert starts(said[said.index("check_number_result.lookalike5") + 1:], grouped("1800", "1091"))


def test_an_unverified_entry_gets_the_ordinary_answer_until_an_admin_verifies_it(app, call):
    seed(app)
    for number in ("156", "0692348560"):  # [VERIFY] in the facts
        assert not_found(check(call, number)), number
    with app.app_context():
        row = db.session.execute(sa.select(OfficialNumber).filter_by(number="156")).scalar_one()
        row.verified = True
        db.session.commit()
    heard = check(call, "156")
    assert answer(heard)[:5] == ["common.digit_1", "common.digit_5", "common.digit_6", "pause",
                                 "check_number_result.official3"]


def test_an_unknown_number_and_a_deactivated_entry_get_the_ordinary_answer(app, call):
    seed(app)
    assert not_found(check(call, "0987654321"))
    assert not not_found(check(call, "1900545454"))
    with app.app_context():
        db.session.execute(sa.update(OfficialNumber).values(active=False))
        db.session.commit()
    assert not_found(check(call, "1900545454"))
    assert not_found(check(call, "0981545454"))


def test_a_mobile_reported_as_a_bank_is_not_a_hotline(app, call):
    with app.app_context():
        db.session.add(Report(call_sid="CA1", reference="100001", status="new", claimed_identity="bank",
                              reported_number="+84987654321"))
        db.session.add(Report(call_sid="CA2", reference="100002", status="withdrawn",
                              claimed_identity="police", reported_number="+84911111111"))
        db.session.commit()
    heard = check(call, "0987654321")
    assert starts(answer(heard), [*grouped("0987", "654", "321"), "check_number_result.claims_hotline3",
                                  "common.label_bank", "check_number_result.claims_hotline5"])
    texts = {p.prompt_id: p.text for p in heard.prompts}
    assert "không phải số tổng đài" in texts["check_number_result.claims_hotline3"]
    # a withdrawn report counts nowhere
    assert not_found(check(call, "0911111111"))
    # one volunteer's confirmation does not flag it: still what callers said it claimed to be
    with app.app_context():
        db.session.execute(sa.update(Report).where(Report.call_sid == "CA1").values(status="confirmed"))
        report_id = db.session.scalar(sa.select(Report.id).where(Report.call_sid == "CA1"))
        users = [User(username=name, password_hash="x") for name in ("lan", "minh")]
        db.session.add_all(users)
        db.session.flush()
        user_ids = [user.id for user in users]
        db.session.add(ReportConfirmation(report_id=report_id, user_id=user_ids[0], created_at=utcnow()))
        db.session.commit()
    assert "check_number_result.claims_hotline3" in answer(check(call, "0987654321"))
    # a second user's confirmation flags it: the confirmed answer (count and identity) instead
    with app.app_context():
        db.session.add(ReportConfirmation(report_id=report_id, user_id=user_ids[1], created_at=utcnow()))
        db.session.commit()
    assert "check_number_result.found3" in answer(check(call, "0987654321"))


def test_the_official_answer_is_repeated_with_star(app, call):
    seed(app)
    simulator = call()
    simulator.start()
    simulator.press("4")
    answer = simulator.press("1900545454#")
    assert simulator.press("*").prompt_ids == answer.prompt_ids


def test_rendered_organisation_names_are_played_as_audio(app, call):
    seed(app)
    app.config["TTS_ENGINE"] = "espeak"
    # The catalog looks at its manifest at most once a second (speech.catalog.AudioCatalog); a
    # render faster than that (an idle machine) would otherwise not be seen yet.
    app.extensions["hotline.catalog"].recheck_seconds = 0
    result = app.test_cli_runner().invoke(args=["official", "render"])
    verified = sum(e.verified for e in official.load_seed())
    assert result.exit_code == 0 and f"{verified} prompts, {2 * verified} files rendered" in result.output
    with app.app_context():
        evn_id = db.session.execute(sa.select(OfficialNumber.id).filter_by(number=EVN_KEY)).scalar_one()
    heard = check(call, "1900545454")
    name = next(p for p in heard.prompts if p.audio and f"/official.{evn_id}." in p.audio)
    assert "Điện lực Thành phố Hồ Chí Minh</Say>" not in heard.twiml
    with app.test_client().get(name.audio) as response:
        assert response.status_code == 200 and response.data[:4] == b"RIFF"
