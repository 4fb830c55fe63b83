"""``flask call``: place a simulated call against the running server (or in-process with ``--local``).

Scripted: ``flask call --keys 1,2,1,1,0 --json`` prints one JSON object per prompt heard. A key
list item ``-`` means "stay silent until the timeout"; several keys in one item are pressed as one
entry (``0912345678#``). At a recording, ``r`` finishes a (simulated) recording at
``--recording-url`` (default: the development server's sample, :mod:`ivr.simulate.dev_media`),
``h`` hangs up while recording and ``-`` records nothing. While volunteers are rung (a transfer,
shown in ``--json`` as ``{"dial": {"numbers": [masked…], "timeout": …, "whisper": "…"}}``), the
simulator is the volunteers' phone: ``volunteer:1`` the first one takes the call (hears the
whisper, presses 1, talks), ``volunteer:none`` nobody answers (with several on shift, they are
rung in turn: one ``volunteer:…`` item per try). ``--callback ID --as USERNAME`` (with
``--local``) plays a callback instead: the volunteer's phone, then the caller's
(:mod:`ivr.simulate.callback`: keys ``1`` then ``caller:answer``, ``caller:voicemail`` or
``caller:none``). Interactive (no ``--keys``): type keys
and Enter; Enter alone is silence; ``q`` hangs up. ``--play`` plays each prompt's audio (ffplay or
aplay). An answer that is the hotline's apology is noted on stderr and makes the exit status 1.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import PurePosixPath
from typing import Callable

import click
from flask import current_app
from flask.cli import with_appcontext

from ivr.cli_errors import check_app_schema

from . import dev_media
from ivr.people.volunteers import mask_phone

from .callback import CALLER_KEYS, play_callback, printer
from .client import CallSimulator, FlaskTransport, Heard, HeardPrompt, HttpTransport, random_caller


def prompt_describer(flow):
    """Return a function that fills a heard prompt's id and text from ``flow``.

    ``<Play>`` URLs name their prompt (``<prompt-id>.<variant>.<hash>.wav``, see speech/render.py);
    ``<Say>`` texts are looked up by text.
    """
    by_id = {p.id: p.text for p in flow.prompts()}
    by_text = {text: pid for pid, text in reversed(list(by_id.items()))}

    def describe(heard: HeardPrompt) -> HeardPrompt:
        if heard.audio:
            parts = PurePosixPath(heard.audio).name.rsplit(".", 3)
            pid = parts[0] if len(parts) == 4 else None
            slow = len(parts) == 4 and parts[1] == "slow"
            return HeardPrompt(heard.audio, by_id.get(pid, ""), pid, slow)
        return HeardPrompt(None, heard.text, by_text.get(heard.text), heard.slow)

    return describe


DEFAULT_SERVER = "http://127.0.0.1:5000"  # where scripts/run serves without PORT


def local_server() -> str:
    """The development server's address for ``--local``: ``http://127.0.0.1:$PORT`` (default 5000,
    as scripts/run serves). A ``--local`` call's simulated recording points there, where that
    server's worker fetches it from the development media route."""
    return f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"


def local_simulator(app, caller: str) -> CallSimulator:
    """A call from ``caller`` to ``app``'s webhooks in-process (no server), signed with its
    ``TWILIO_AUTH_TOKEN`` for ``PUBLIC_BASE_URL`` (or ``http://localhost``), as ``--local`` does."""
    config = app.config
    return CallSimulator(FlaskTransport(app), config["TWILIO_AUTH_TOKEN"],
                         config.get("PUBLIC_BASE_URL") or "http://localhost", caller=caller,
                         describe=prompt_describer(app.extensions["hotline.flow"]))


@click.command("call")
@click.option("--url", "base_url", default=None, help=f"Server address (default PUBLIC_BASE_URL or {DEFAULT_SERVER}).")
@click.option("--local", is_flag=True, help="Run the call in-process; no server needed.")
@click.option("--keys", default=None, help="Comma-separated keys to press, '-' for silence (e.g. 1,2,1,-,0).")
@click.option("--from", "caller", default=None,
              help="Caller ID to send ('anonymous' for a withheld number); default: a new caller "
                   "each call. Calls from the same number are one returning caller.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per prompt heard.")
@click.option("--play", is_flag=True, help="Play the audio of each prompt.")
@click.option("--recording-url", default=None,
              help="RecordingUrl sent when a simulated recording ends (default: the development "
                   "server's sample recording, <server>/dev/recordings/<RecordingSid>).")
@click.option("--callback", "callback_id", type=int, default=None,
              help="Play the callback of this request instead (needs --local and --as).")
@click.option("--as", "volunteer", default=None, help="The volunteer who clicks 'Gọi lại' (--callback).")
@with_appcontext
def call_command(base_url, local, keys, caller, as_json, play, recording_url, callback_id, volunteer):
    """Place a simulated call with real, signed Twilio-format webhook requests.

    Exits 1 when the hotline cannot be reached, answers an HTTP error, or answers with its spoken
    apology (a webhook failed on the server; the caller still hears only the apology).
    """
    keys = _parse_keys(keys) if keys is not None else None  # before the call is placed
    if callback_id is not None:
        if not local or not volunteer or keys is None:
            raise click.UsageError("--callback needs --local, --as USERNAME and --keys")
        check_app_schema(current_app)
        echo = printer(as_json)
        result = play_callback(current_app, callback_id, volunteer, keys, echo)
        click.echo(json.dumps(result, ensure_ascii=False) if as_json else
                   f"\n[kết quả] lần gọi: {result['outcome']}, yêu cầu: {result['status']}")
        return
    caller = caller or random_caller()
    config = current_app.config
    server = (base_url or config.get("PUBLIC_BASE_URL")
              or (local_server() if local else DEFAULT_SERVER)).rstrip("/")
    if local:
        # In-process, a database error becomes the caller's apology: say the real cause first.
        check_app_schema(current_app)
        simulator = local_simulator(current_app, caller)
    else:
        simulator = CallSimulator(HttpTransport(server), config["TWILIO_AUTH_TOKEN"],
                                  config.get("PUBLIC_BASE_URL") or server, caller=caller,
                                  describe=prompt_describer(current_app.extensions["hotline.flow"]))
    transport = simulator.transport
    show = _Printer(as_json, transport if play else None)
    try:
        heard = simulator.start()
    except OSError as error:
        raise click.ClickException(
            f"cannot reach the hotline at {server} ({error}). Start it (scripts/run), give the "
            "address it runs at with --url http://127.0.0.1:PORT, or call in-process with --local."
        ) from error
    apologies = _converse(simulator, heard, keys, show, lambda sid: recording_url or
                          dev_media.recording_url(server, sid))
    if apologies:
        where = "(its traceback is logged above)" if local else f"(see the log of the server at {server})"
        raise click.ClickException(f"the hotline answered {apologies} time(s) with its apology: "
                                   f"a webhook failed {where}")


def _converse(simulator: CallSimulator, heard: Heard, keys: list[str] | None, show: "_Printer",
              recording_url: Callable[[str], str]) -> int:
    """Play the call to its end; return how many answers were the apology (each noted on stderr)."""
    apologies, action = 0, "start"
    inputs = iter(keys) if keys is not None else None
    while True:
        show(heard, action)
        if heard.dial:
            show.dial(heard, simulator.whisper()[0])
        if heard.apologised:
            apologies += 1
            click.echo("warning: the hotline answered with its apology (a webhook failed)", err=True)
        key = _next_key(inputs) if heard.waiting else None
        if key is None:
            break
        heard = _act(simulator, heard, key, recording_url)
        action = key or "(im lặng)"
    if heard.status != 200:
        raise click.ClickException(f"the hotline answered HTTP {heard.status}: {heard.twiml[:200]}")
    simulator.hang_up()
    show.end(heard.hung_up)
    return apologies


def _act(simulator: CallSimulator, heard: Heard, key: str,
         recording_url: Callable[[str], str]) -> Heard:
    if key in CALLER_KEYS:
        raise click.ClickException(f"{key!r} answers as the caller's phone in a callback "
                                   "(--callback); not during a call to the hotline")
    if heard.dial or key in VOLUNTEER_KEYS:
        if key not in VOLUNTEER_KEYS or not heard.dial:
            raise click.ClickException(f"volunteers are being rung: answer as their phone with "
                                       f"{' or '.join(VOLUNTEER_KEYS)} (got {key!r})"
                                       if heard.dial else f"{key!r}: no volunteer is being rung")
        return simulator.volunteer(key.split(":", 1)[1])
    # A recording after the beep; a question that also listens (a short <Record> after its
    # <Gather>, SPEECH_INPUT=vosk) takes keys at its <Gather>.
    recording = heard.record_action and not heard.action
    if recording and key not in ("r", "h", ""):
        raise click.ClickException(f"the call is recording after the beep: end the recording "
                                   f"with 'r' or hang up with 'h' (got {key!r})")
    if recording and key:
        sid = "RE" + secrets.token_hex(16)
        return simulator.record(recording_url(sid), recording_sid=sid,
                                seconds=dev_media.SAMPLE_SECONDS,
                                digits="hangup" if key == "h" else "#")
    return simulator.silence() if key == "" else simulator.press(key)


# What a telephone keypad sends (Twilio's Digits: 0-9, * and #), plus the simulator's own items.
_KEYPAD = re.compile(r"[0-9*#]+")
SPECIAL_KEYS = {"-": "silence", "r": "finish a recording", "h": "hang up while recording",
                "volunteer:1": "a volunteer takes the transfer", "volunteer:none": "nobody answers",
                **CALLER_KEYS}
VOLUNTEER_KEYS = ("volunteer:1", "volunteer:none")
ALLOWED_KEYS = "keypad keys 0-9 * # (several in one item, e.g. 0912345678#), " + ", ".join(
    f"'{key}' ({meaning})" for key, meaning in SPECIAL_KEYS.items())


def key_problem(item: str) -> str | None:
    """Why ``item`` (one key-list item, stripped) cannot be sent, or ``None`` if it can.

    Twilio's ``Digits`` holds only keypad keys (https://www.twilio.com/docs/voice/twiml/gather#digits).
    """
    if item == "" or item in SPECIAL_KEYS or _KEYPAD.fullmatch(item):
        return None
    return f"{item!r} is not a key: use {ALLOWED_KEYS}"


def _parse_keys(keys: str) -> list[str]:
    items = [item.strip() for item in keys.split(",")]
    problems = [problem for problem in map(key_problem, items) if problem]
    if problems:
        raise click.BadParameter("; ".join(problems), param_hint="'--keys'")
    return items


def _next_key(inputs) -> str | None:
    if inputs is not None:
        item = next(inputs, None)
        return None if item is None else ("" if item == "-" else item)
    while True:
        typed = click.prompt("Phím (Enter = im lặng, r = ghi âm xong, volunteer:1 / volunteer:none "
                             "khi đang nối máy, q = gác máy)", default="",
                             show_default=False).strip()
        if typed.lower() == "q":
            return None
        problem = key_problem(typed)
        if problem is None:
            return "" if typed == "-" else typed
        click.echo(f"error: {problem}; q hangs up", err=True)


class _Printer:
    """Prints what the caller hears, as text or JSON lines; optionally plays the audio."""

    def __init__(self, as_json: bool, transport=None):
        self.as_json, self.transport, self.turn = as_json, transport, 0

    def __call__(self, heard: Heard, action: str) -> None:
        self.turn += 1
        if not self.as_json:
            click.secho(f"\n[{action}] → {heard.node or '?'}", fg="cyan")
        for prompt in heard.prompts:
            if self.as_json:
                click.echo(json.dumps({"turn": self.turn, "input": action, "node": heard.node,
                                       "prompt": prompt.prompt_id, "text": prompt.text,
                                       "audio": prompt.audio, "slow": prompt.slow,
                                       **({"pause": prompt.pause} if prompt.pause else {})},
                                      ensure_ascii=False))
            elif prompt.pause:
                click.echo("  …")
            else:
                click.echo(f"  🔊 {prompt.text}" + ("  (chậm)" if prompt.slow else ""))
            if prompt.pause:
                continue  # silence: nothing to play (a listener's own pause is enough)
            if self.transport is not None:
                _play(self.transport, prompt)

    def dial(self, heard: Heard, whisper: str) -> None:
        """The volunteers being rung: numbers masked, the timeout, what each hears first."""
        dial = heard.dial
        data = {"numbers": [mask_phone(n) for n in dial.numbers], "timeout": dial.timeout,
                "whisper": whisper}
        if self.as_json:
            click.echo(json.dumps({"turn": self.turn, "node": heard.node, "dial": data},
                                  ensure_ascii=False))
        else:
            click.echo(f"  ☎ đang gọi {len(dial.numbers)} tình nguyện viên "
                       f"({', '.join(data['numbers'])}), tối đa {dial.timeout} giây")
            click.echo(f"    tình nguyện viên nghe: {whisper}")

    def end(self, hung_up: bool) -> None:
        if not self.as_json:
            click.secho("\n[tổng đài gác máy]" if hung_up else "\n[bác gác máy]", fg="cyan")


def _play(transport, prompt: HeardPrompt) -> None:
    player = shutil.which("ffplay") or shutil.which("aplay")
    if player is None:
        raise click.ClickException("--play needs ffplay (Debian package ffmpeg) or aplay")
    with tempfile.NamedTemporaryFile(suffix=".wav") as handle:
        if prompt.audio:
            handle.write(transport.get(prompt.audio))
        else:
            subprocess.run(["espeak-ng", "-v", "vi", "-w", handle.name, prompt.text], check=True)
        handle.flush()
        args = [player, "-nodisp", "-autoexit", "-loglevel", "quiet"] if player.endswith("ffplay") else [player, "-q"]
        subprocess.run([*args, handle.name], check=False)
