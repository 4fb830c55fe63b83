"""What happened on the call, as the engine sees it: neutral events made by adapters."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resume:
    """An unfinished tutorial of a returning caller: tutorial node id and 0-based step index."""

    tutorial: str
    step: int


@dataclass(frozen=True)
class CallStarted:
    """The call was answered, with what the call service knows of the caller.

    ``resume``: set only for a known caller with unfinished progress; ``safety_notice_due``: the
    caller has not heard the safety notice within ``settings.safety_notice_days`` (always true for
    a withheld number); ``slow``: the caller chose slower steps before, so steps start slow;
    ``speech``: the adapter also listens for spoken answers on this call (a speech model or the
    provider's recognition is on), so questions may invite speech ("bác nói có"); ``False``: keys
    only, and every sentence names keys.
    """

    resume: Resume | None = None
    safety_notice_due: bool = True
    slow: bool = False
    speech: bool = False


@dataclass(frozen=True)
class Digits:
    """The caller pressed keys (DTMF). Only the first key counts in the current flow."""

    keys: str


@dataclass(frozen=True)
class NoInput:
    """The caller said and pressed nothing before the timeout."""


@dataclass(frozen=True)
class Replay:
    """Say the current question again without counting it as input.

    Adapters send it for duplicate or out-of-order webhook deliveries, so a retried request
    changes nothing.
    """


@dataclass(frozen=True)
class RecordingDone:
    """A recording ended: Twilio's RecordingSid and RecordingUrl, its length in seconds, and
    whether the caller hung up to end it (Twilio sends ``Digits=hangup``)."""

    sid: str
    url: str
    seconds: int = 0
    hung_up: bool = False
    keeps: str = "report"  # what it belongs to (``report`` or ``visit``), as the Record said


@dataclass(frozen=True)
class NoRecording:
    """The recording was empty (Twilio skips the ``<Record>`` action and runs the next verb)."""


@dataclass(frozen=True)
class Result:
    """The call service's answer to an :class:`~ivr.engine.commands.Effect`.

    ``outcome`` picks the sentences to say (e.g. ``"found"``); ``slots`` fill them:
    an ``int`` is said as a number, a ``str`` of digits digit by digit, a ``("phone", digits)``
    pair as a phone number in its groups (0912 345 678), a ``("label", key, ...)`` tuple as
    the flow's labels ``label_<key>`` (joined by its message ``label_also``), a list of ``{"id", "text"}`` dicts as prompts of their own.
    """

    outcome: str
    slots: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Spoken:
    """What the caller said, already understood: an intent from ``speech.intents``.

    ``intent``: ``option`` (``value`` = the key), ``yes``, ``no``, ``digits`` (``value`` = the
    digits), ``repeat``, ``back``, ``main_menu``, ``volunteer``, ``visit`` (a home visit,
    issue 12) or ``unknown``.

    On an ``unknown`` answer: ``not_yet`` — "chưa xong", "chưa", "đợi chút" (at a tutorial step:
    stay and encourage, never next); ``negated`` — the option key (or ``"yes"``) the caller
    negated ("không gửi"): never that option; ``guess`` — what the rest of an answer with a
    not-understood word (``[unk]``) means, acted on only after the caller confirms it.
    ``confidence``: the recogniser's own confidence, 0.0–1.0, when it gives one (Twilio's
    ``Confidence``); ``unsure``: the adapter found it below its threshold
    (``SPEECH_MIN_CONFIDENCE``), so the engine confirms the answer before it acts.
    """

    intent: str
    value: str | None = None
    not_yet: bool = False
    negated: str | None = None
    guess: Spoken | None = None
    confidence: float | None = None
    unsure: bool = False


@dataclass(frozen=True)
class HungUp:
    """The caller hung up."""


TRANSFER_OUTCOMES = ("completed", "unavailable", "caller_hung_up")


@dataclass(frozen=True)
class TransferEnded:
    """A :class:`~ivr.engine.commands.Transfer` is over: ``completed`` (a volunteer took the call
    and talked), ``unavailable`` (nobody on shift, nobody answered, busy, failed) or
    ``caller_hung_up``. Raises ``ValueError`` for any other outcome."""

    outcome: str

    def __post_init__(self) -> None:
        if self.outcome not in TRANSFER_OUTCOMES:
            raise ValueError(f"unknown transfer outcome {self.outcome!r}")


Event = (CallStarted | Digits | NoInput | Replay | HungUp | RecordingDone | NoRecording | Result
         | Spoken | TransferEnded)

__all__ = ["Resume", "CallStarted", "Digits", "NoInput", "Replay", "HungUp", "RecordingDone",
           "NoRecording", "Result", "Spoken", "TransferEnded", "TRANSFER_OUTCOMES", "Event"]
