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
    """

    id: str
    text: str
    slow: bool = False

    @property
    def variant(self) -> str:
        """Audio variant name: ``"slow"`` or ``"normal"``."""
        return "slow" if self.slow else "normal"


@dataclass(frozen=True)
class Ask:
    """Play ``prompts`` (any key barges in) and wait for one key.

    ``timeout`` is the silence after the last prompt, in seconds, before the engine gets ``NoInput``.
    ``keys`` lists the keys the current node accepts (for adapters that want to filter or hint).
    """

    prompts: tuple[Prompt, ...]
    timeout: float
    keys: str = ""


@dataclass(frozen=True)
class Play:
    """Play ``prompts`` without waiting for input (used before a hang-up)."""

    prompts: tuple[Prompt, ...]


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


Command = Ask | Play | Hangup | SaveProgress


def spoken_prompts(commands: list[Command]) -> list[Prompt]:
    """Return every prompt the caller hears in ``commands``, in order."""
    heard: list[Prompt] = []
    for command in commands:
        if isinstance(command, (Ask, Play)):
            heard.extend(command.prompts)
    return heard


__all__ = ["Prompt", "Ask", "Play", "Hangup", "SaveProgress", "Command", "spoken_prompts"]
