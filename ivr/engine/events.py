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
    """The call was answered. ``resume`` is set only for a known caller with unfinished progress."""

    resume: Resume | None = None


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
class HungUp:
    """The caller hung up."""


Event = CallStarted | Digits | NoInput | Replay | HungUp

__all__ = ["Resume", "CallStarted", "Digits", "NoInput", "Replay", "HungUp", "Event"]
