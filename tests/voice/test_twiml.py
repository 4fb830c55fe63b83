"""Adapter golden tests: engine commands → exact TwiML."""
from ivr.engine import Ask, Hangup, Pause, Play, Prompt
from ivr.voice import twiml

VOICE = "Google.vi-VN-Standard-A"
HELLO = Prompt("common.welcome", "Chào bác.")
MENU = Prompt("main_menu.prompt", "Đây là mục chính.")


def audio_for(*ids):
    return lambda prompt: f"/audio/{prompt.id}.{prompt.variant}.abc.wav" if prompt.id in ids else None


def test_ask_nests_prompts_in_gather_and_redirects_on_no_input():
    xml = twiml.render([Ask((HELLO, MENU), 10, "12*09")], "/voice/input", 3,
                       audio_for("common.welcome"), VOICE)
    assert xml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        '<Gather action="/voice/input?turn=3" finishOnKey="" input="dtmf" method="POST" '
        'numDigits="1" timeout="10">'
        '<Play>/audio/common.welcome.normal.abc.wav</Play>'
        f'<Say language="vi-VN" voice="{VOICE}">Đây là mục chính.</Say>'
        '</Gather>'
        '<Redirect method="POST">/voice/input?turn=3&amp;event=timeout</Redirect>'
        '</Response>')


def test_fractional_timeouts_round_up_to_whole_seconds():
    xml = twiml.render([Ask((MENU,), 7.2, "")], "/voice/input", 1, audio_for(), VOICE)
    assert 'timeout="8"' in xml


def test_play_then_hangup():
    xml = twiml.render([Play((HELLO,)), Hangup()], "/voice/input", 9, audio_for(), VOICE)
    assert xml == ('<?xml version="1.0" encoding="UTF-8"?><Response>'
                   f'<Say language="vi-VN" voice="{VOICE}">Chào bác.</Say><Hangup /></Response>')


def test_slow_prompt_without_audio_uses_ssml_prosody():
    slow = Prompt("t.step1", "Bước một.", slow=True)
    xml = twiml.render([Play((slow,))], "/voice/input", 1, audio_for(), VOICE)
    assert f'<Say language="vi-VN" voice="{VOICE}"><prosody rate="75%">Bước một.</prosody></Say>' in xml


def test_slow_prompt_with_audio_plays_the_slow_file():
    slow = Prompt("t.step1", "Bước một.", slow=True)
    xml = twiml.render([Play((slow,))], "/voice/input", 1, audio_for("t.step1"), VOICE)
    assert "<Play>/audio/t.step1.slow.abc.wav</Play>" in xml


def test_apology_offers_the_main_menu_then_hangs_up():
    error = Prompt("common.error", "Xin lỗi bác.")
    xml = twiml.apology(error, "/voice/recover", audio_for(), VOICE)
    assert xml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        '<Gather action="/voice/recover" finishOnKey="" input="dtmf" method="POST" numDigits="1" '
        f'timeout="8"><Say language="vi-VN" voice="{VOICE}">Xin lỗi bác.</Say></Gather>'
        '<Hangup /></Response>')


def test_static_apology_is_valid_vietnamese_twiml():
    import xml.etree.ElementTree as ET
    root = ET.fromstring(twiml.STATIC_APOLOGY.encode())
    say = root.find("Say")
    assert root.tag == "Response" and say.get("language") == "vi-VN" and "Xin lỗi" in say.text


def test_number_gather_collects_many_digits_until_hash():
    from ivr.engine import Ask
    xml = twiml.render([Ask((MENU,), 20, "0123456789*#", max_digits=16, finish_on_key="#")],
                       "/voice/input", 4, audio_for(), VOICE)
    assert '<Gather action="/voice/input?turn=4" finishOnKey="#" input="dtmf" method="POST" ' \
           'numDigits="16" timeout="20">' in xml


def test_record_says_the_prompt_beeps_and_reports_status():
    from ivr.engine import Record
    xml = twiml.render([Record((MENU,), 180, 6)], "/voice/input", 5, audio_for(), VOICE,
                       "/voice/recording-status")
    assert xml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        f'<Say language="vi-VN" voice="{VOICE}">Đây là mục chính.</Say>'
        '<Record action="/voice/input?turn=5&amp;event=recorded" finishOnKey="#" maxLength="180" '
        'method="POST" playBeep="true" recordingStatusCallback="/voice/recording-status" '
        'recordingStatusCallbackEvent="completed absent" recordingStatusCallbackMethod="POST" '
        'timeout="6" trim="trim-silence" />'
        '<Redirect method="POST">/voice/input?turn=5&amp;event=no_recording</Redirect></Response>')


def test_a_recordings_action_carries_the_reports_reference():
    """Said to the caller from the URL if the database is down when the recording ends."""
    from ivr.engine import Record
    xml = twiml.render([Record((MENU,), 180, 6, reference="042917")], "/voice/input", 5,
                       audio_for(), VOICE)
    assert '<Record action="/voice/input?turn=5&amp;event=recorded&amp;ref=042917" ' in xml


def test_waiting_and_goodbye_keep_the_caller_informed_in_vietnamese():
    wait = twiml.wait(MENU, "/voice/recover?resume=1&wait=1", 4, audio_for(), VOICE)
    assert wait == ('<?xml version="1.0" encoding="UTF-8"?><Response>'
                    f'<Say language="vi-VN" voice="{VOICE}">Đây là mục chính.</Say>'
                    '<Pause length="4" />'
                    '<Redirect method="POST">/voice/recover?resume=1&amp;wait=1</Redirect></Response>')
    bye = twiml.goodbye((MENU,), audio_for(), VOICE)
    assert bye.endswith(f'<Say language="vi-VN" voice="{VOICE}">Đây là mục chính.</Say>'
                        '<Hangup /></Response>')


def test_a_prompt_with_its_own_url_plays_that_url():
    mine = Prompt("rec.recording", "(bản ghi)", url="https://api.twilio.com/x/RE1")
    xml = twiml.render([Play((mine,))], "/voice/input", 1, audio_for(), VOICE)
    assert "<Play>https://api.twilio.com/x/RE1</Play>" in xml


def test_an_unresolved_effect_is_a_bug_not_speech():
    import pytest
    from ivr.engine import Effect
    with pytest.raises(TypeError, match="unresolved"):
        twiml.render([Effect("save_report")], "/voice/input", 1, audio_for(), VOICE)


def test_bookkeeping_commands_render_nothing():
    from ivr.engine import SaveProgress
    xml = twiml.render([SaveProgress("t", 1)], "/voice/input", 1, audio_for(), VOICE)
    assert xml == '<?xml version="1.0" encoding="UTF-8"?><Response />'


def test_a_pause_between_digit_groups_is_a_twiml_pause_inside_the_gather():
    one, two = Prompt("common.digit_1", "một"), Prompt("common.digit_2", "hai")
    xml = twiml.render([Ask((one, Pause(1), two, Pause(1)), 10, "12")], "/voice/input", 4,
                       audio_for("common.digit_1"), VOICE)
    assert xml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        '<Gather action="/voice/input?turn=4" finishOnKey="" input="dtmf" method="POST" '
        'numDigits="1" timeout="10">'
        '<Play>/audio/common.digit_1.normal.abc.wav</Play><Pause length="1" />'
        f'<Say language="vi-VN" voice="{VOICE}">hai</Say><Pause length="1" />'
        '</Gather>'
        '<Redirect method="POST">/voice/input?turn=4&amp;event=timeout</Redirect>'
        '</Response>')


def test_a_patient_question_keeps_waiting_for_a_key_after_the_short_speech_recording():
    from ivr.engine import Listen

    step = Prompt("lesson.step1", "Bước một.")
    listen = Listen("menu", (("1", ("xong",)),))
    vosk = twiml.Listening("vosk", silence_seconds=2, max_seconds=6)
    xml = twiml.render([Ask((step,), 30, "123*09", listen=listen, patient=True)], "/voice/input", 4,
                       audio_for(), VOICE, speech=vosk)
    assert xml.endswith(
        '<Record action="/voice/input?turn=4&amp;event=speech" finishOnKey="0123456789*#" '
        'maxLength="6" method="POST" playBeep="false" timeout="2" trim="trim-silence" />'
        '<Gather action="/voice/input?turn=4" finishOnKey="" input="dtmf" method="POST" '
        'numDigits="1" timeout="27" />'  # 1 s gather + 2 s recording + 27 s = the 30 s wait
        '<Redirect method="POST">/voice/input?turn=4&amp;event=timeout</Redirect>'
        '</Response>')
    hasty = twiml.render([Ask((step,), 30, "123*09", listen=listen)], "/voice/input", 4,
                         audio_for(), VOICE, speech=vosk)
    assert hasty.count("<Gather") == 1  # other questions: as before
    keys_only = twiml.render([Ask((step,), 30, "123*09", listen=listen, patient=True)],
                             "/voice/input", 4, audio_for(), VOICE)
    assert keys_only.count("<Gather") == 1 and 'timeout="30"' in keys_only
