"""Engine commands → TwiML, with twilio-python's ``VoiceResponse``.

- :class:`~ivr.engine.Ask` → ``<Gather input="dtmf" numDigits="1" finishOnKey="">`` with the prompts
  nested as ``<Play>`` so any key barges in, then an explicit ``<Redirect>`` for no input (Twilio
  moves to the next verb when the gather times out and does not call ``action``; TwiML ``<Gather>``
  docs). ``finishOnKey=""`` makes ``#`` an ordinary key.
- A prompt whose audio is not rendered falls back to ``<Say language="vi-VN">`` with a Google voice
  (the only vi-VN voices Twilio offers); the slow variant uses SSML ``<prosody rate>``.
"""
from __future__ import annotations

import math
from typing import Callable
from urllib.parse import urlencode

from twilio.twiml.voice_response import Gather, VoiceResponse

from ivr.engine import Ask, Command, Hangup, Play, Prompt

AudioUrl = Callable[[Prompt], "str | None"]
SLOW_SAY_RATE = "75%"


def render(commands: list[Command], input_url: str, turn: int, audio_url: AudioUrl,
           voice: str) -> str:
    """Return the TwiML document (UTF-8 XML string) for ``commands``.

    ``input_url`` is the path of the input webhook; ``turn`` goes into its query so late duplicate
    deliveries can be recognised. ``audio_url(prompt)`` gives a URL or ``None`` (→ ``<Say>``).
    """
    response = VoiceResponse()
    for command in commands:
        if isinstance(command, Ask):
            gather = Gather(input="dtmf", num_digits=1, timeout=math.ceil(command.timeout),
                            finish_on_key="", method="POST",
                            action=f"{input_url}?{urlencode({'turn': turn})}")
            for prompt in command.prompts:
                speak(gather, prompt, audio_url, voice)
            response.append(gather)
            no_input = urlencode({"turn": turn, "event": "timeout"})
            response.redirect(f"{input_url}?{no_input}", method="POST")
        elif isinstance(command, Play):
            for prompt in command.prompts:
                speak(response, prompt, audio_url, voice)
        elif isinstance(command, Hangup):
            response.hangup()
    return str(response)


def speak(parent, prompt: Prompt, audio_url: AudioUrl, voice: str) -> None:
    """Append ``<Play>`` of the prompt's audio to ``parent``, or ``<Say>`` its text if none."""
    url = audio_url(prompt)
    if url:
        parent.play(url)
    elif prompt.slow:
        say = parent.say(language="vi-VN", voice=voice)
        say.prosody(prompt.text, rate=SLOW_SAY_RATE)
    else:
        parent.say(prompt.text, language="vi-VN", voice=voice)


def apology(prompt: Prompt, recover_url: str, audio_url: AudioUrl, voice: str) -> str:
    """Return TwiML that apologises and offers the main menu (any key) before hanging up."""
    response = VoiceResponse()
    gather = Gather(input="dtmf", num_digits=1, timeout=8, finish_on_key="", method="POST",
                    action=recover_url)
    speak(gather, prompt, audio_url, voice)
    response.append(gather)
    response.hangup()
    return str(response)


# Last resort when even the flow's apology cannot be rendered: a constant, valid document.
STATIC_APOLOGY = (
    '<?xml version="1.0" encoding="UTF-8"?><Response>'
    '<Say language="vi-VN" voice="Google.vi-VN-Standard-A">Xin lỗi bác, tổng đài đang gặp trục trặc. '
    'Bác vui lòng gọi lại sau ít phút.</Say><Hangup/></Response>'
)
