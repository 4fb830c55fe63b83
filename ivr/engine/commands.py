"""What the engine asks an adapter to do: neutral commands, no telephony in them.

An adapter turns a list of commands into its own output (TwiML for Twilio, lines of text for the
simulator). Commands are frozen dataclasses so they compare by value in tests.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Prompt:
    """One piece of speech: a stable id (also the audio file key) and its Vietnamese text.

    ``slow`` asks for the slower rendering of the same prompt (a separate audio variant).
    ``url`` is set only for audio that is not a rendered prompt (the caller's own recording).
    """

    id: str
    text: str
    slow: bool = False
    url: str | None = None

    @property
    def variant(self) -> str:
        """Audio variant name: ``"slow"`` or ``"normal"``."""
        return "slow" if self.slow else "normal"


@dataclass(frozen=True)
class Pause:
    """A short silence among prompts, e.g. between the groups of a number read back.

    ``seconds`` is whole seconds (Twilio's ``<Pause length>`` is whole seconds:
    https://www.twilio.com/docs/voice/twiml/pause). Adapters render it where prompts go;
    :func:`spoken_prompts` leaves it out.
    """

    seconds: int = 1


Sound = Prompt | Pause  # what a prompts tuple holds


@dataclass(frozen=True)
class Listen:
    """What a question also accepts as speech, for adapters that can listen.

    ``mode``: ``menu`` (``choices`` maps each key to its spoken phrases), ``yes_no`` (a yes counts
    as the key ``yes``, a no as ``no``) or ``digits`` (a spoken number, for a number input). A
    ``menu`` with ``yes`` and ``no`` set is also a yes/no question ("Bác đã … chưa?"): an answer
    that names no option is read as a yes or a no for those keys. The controls (repeat, back,
    main menu) are understood in every mode.
    """

    mode: str
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    yes: str = ""
    no: str = ""

    def phrases(self) -> dict[str, list[str]]:
        """Return key → phrases for ``menu`` mode (what speech.intents calls keywords)."""
        return {key: list(words) for key, words in self.choices}


@dataclass(frozen=True)
class Ask:
    """Play ``prompts`` (any key barges in) and wait for one key.

    ``timeout`` is the silence after the last prompt, in seconds, before the engine gets ``NoInput``.
    ``keys`` lists the keys the current node accepts (for adapters that want to filter or hint).
    ``max_digits`` > 1 collects a number that ends with ``finish_on_key`` (``#``).
    ``patient``: the caller may be busy for all of ``timeout`` (a tutorial step done on the phone);
    an adapter that listens for speech only briefly keeps waiting for a key for the rest of it.
    """

    prompts: tuple[Sound, ...]
    timeout: float
    keys: str = ""
    max_digits: int = 1
    finish_on_key: str = ""
    listen: Listen | None = None
    patient: bool = False


@dataclass(frozen=True)
class Record:
    """Say ``prompts``, beep, and record the caller for up to ``max_seconds``.

    Recording stops after ``silence_seconds`` of silence or on ``finish_on_key``; the adapter
    answers with :class:`~ivr.engine.events.RecordingDone` or
    :class:`~ivr.engine.events.NoRecording`.
    """

    prompts: tuple[Sound, ...]
    max_seconds: int
    silence_seconds: int
    finish_on_key: str = "#"
    # The report's reference (saved before the beep), if any: the adapter carries it with the
    # recording, so the caller can be told it even if the database is down when the recording ends.
    reference: str | None = None
    # What the recording belongs to (``report`` or ``visit``): the adapter carries it in the
    # action and status callback URLs, so each recording reaches its own table.
    keeps: str = "report"


@dataclass(frozen=True)
class Effect:
    """Ask the call service to do something with the database and answer with a ``Result`` event.

    ``name`` is one of :data:`EFFECTS`; ``answers`` are what the caller keyed so far
    (e.g. ``{"reported_number": "0912345678", "claimed_identity": "police"}``). The service
    performs it and steps the engine again within the same webhook.
    """

    name: str
    answers: tuple[tuple[str, str], ...] = ()


# The contract between the engine and the call service (ivr/effects.py performs them).
EFFECTS = ("save_report", "withdraw_report", "check_number", "latest_warnings")
# Issue 12: a caller asks a volunteer to call back (ivr/people/callbacks.py; docs/flow-spec.md,
# "Callback requests", for the answers it reads).
EFFECTS += ("request_callback",)
# Reporters hear back (issue 12): a report's status by its reference; the opt-in to a verdict call.
EFFECTS += ("report_status", "notify_verdict")
# Home visits (issue 12, item 7): a visit request saved before its beep and at its thanks.
EFFECTS += ("save_visit",)


@dataclass(frozen=True)
class Play:
    """Play ``prompts`` without waiting for input (used before a hang-up)."""

    prompts: tuple[Sound, ...]


@dataclass(frozen=True)
class Hangup:
    """End the call."""


@dataclass(frozen=True)
class SaveProgress:
    """Remember how far this caller got in a tutorial.

    ``step`` is the 0-based index of the step the caller is on; ``completed`` is true once the last
    step was confirmed. The call service stores it by caller; withheld callers store nothing.
    """

    tutorial: str
    step: int
    completed: bool = False


@dataclass(frozen=True)
class SavePace:
    """Remember the caller's tutorial pace for their next calls: ``slow`` true after the slower key,
    false after the normal-speed key. Stored by caller; withheld callers store nothing."""

    slow: bool


@dataclass(frozen=True)
class SafetyNoticeHeard:
    """The caller has just heard the safety notice; the call service stores when, by caller, so it
    is said again only after ``settings.safety_notice_days``. Withheld callers store nothing."""


@dataclass(frozen=True)
class Transfer:
    """Put the caller through to a person: say ``prompts`` (the hold sentence) and ring the
    volunteers on shift, each hearing ``whisper`` before accepting with key 1. The call service
    decides who is rung (nobody on shift: it answers :class:`~ivr.engine.events.TransferEnded`
    ``unavailable`` at once); the adapter answers ``TransferEnded`` when the dial is over.

    ``reason``: ``asked`` (main menu, "gặp tình nguyện viên") or ``stuck`` (a tutorial step);
    ``tutorial`` and ``step`` (1-based, as the caller hears it) say where a stuck caller was.
    """

    prompts: tuple[Sound, ...]
    whisper: Prompt
    reason: str = "asked"
    tutorial: str | None = None
    step: int | None = None

    def context(self) -> dict[str, object]:
        """Where the caller was, for the stored transfer (``{"reason": "stuck", "tutorial":
        "tutorial_vneid", "step": 3}``)."""
        found: dict[str, object] = {"reason": self.reason}
        if self.tutorial is not None:
            found.update(tutorial=self.tutorial, step=self.step)
        return found


Command = (Ask | Play | Hangup | SaveProgress | SavePace | SafetyNoticeHeard | Record | Effect
           | Transfer)


def spoken_prompts(commands: list[Command]) -> list[Prompt]:
    """Return every prompt the caller hears in ``commands``, in order (pauses left out)."""
    heard: list[Prompt] = []
    for command in commands:
        if isinstance(command, (Ask, Play, Record, Transfer)):
            heard.extend(p for p in command.prompts if isinstance(p, Prompt))
    return heard


__all__ = ["Prompt", "Pause", "Sound", "Listen", "Ask", "Play", "Hangup", "SaveProgress", "SavePace",
           "SafetyNoticeHeard", "Record", "Transfer",
           "Effect", "EFFECTS",
           "Command", "spoken_prompts"]
