"""Where a call is in the flow: a small immutable value, stored as JSON by the call service."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .commands import Pause, Prompt, Sound
from .events import Resume

RESUME_NODE = "@resume"  # the "continue where you stopped?" question; not a flow node id
IN_CALL = "in_call"  # ``phase`` at ``RESUME_NODE`` when the tutorial was left earlier in this call
STUCK = "stuck"  # ``phase`` on a tutorial step: the offer of a volunteer after the stuck key
DIALING = "dialing"  # ``phase`` at a transfer node while the volunteers are rung


@dataclass(frozen=True)
class State:
    """The engine's memory of one call.

    - ``node``: current node id (or ``RESUME_NODE``: a returning caller's offer at call start, or
      with ``phase == IN_CALL`` the offer when going back into a tutorial left earlier in the call);
    - ``step``: in a tutorial, the 0-based step index; ``len(steps)`` means the end question;
    - ``history``: node ids to go back to, most recent last;
    - ``no_input``: timeouts in a row at this question (on a tutorial step: waits of
      ``settings.step_wait_seconds`` so far);
    - ``resume``: the tutorial offered by ``RESUME_NODE``;
    - ``ended``: the call is over (hung up or said goodbye);
    - ``phase``: where inside a node that has several (``entry``/``confirm`` for a number,
      ``saving``/``record``/``review`` for a recording, ``waiting`` for a lookup);
    - ``pending``: keys waiting for confirmation;
    - ``answers``: what the caller told us (answer name → string), kept for the whole call;
    - ``question``: in a tutorial's quiz, the 0-based question index;
    - ``speech_misses``: spoken answers not understood in a row at this question;
    - ``keys_only``: speech was not understood twice here, so this node takes keys only;
    - ``last_result``: what a result just said (a lookup's outcome, quiz feedback), which the
      repeat key at the question after it says again; cleared by the next other key.
    - ``places``: tutorials left unfinished earlier in this call, tutorial id → 0-based step.
    - ``speech``: the call also listens for speech (``CallStarted.speech``), for the whole call;
      with ``keys_only`` the current question still uses the keys wording (:meth:`speaks`).
    - ``slow``: tutorial steps are said slowly (the slower key, or the caller's stored pace) until
      the normal-speed key;
    - ``notice_due``: the safety notice is still to be said, at the next main menu;
    - ``speakerphone``: hands-on tutorials whose speakerphone sentence was said in this call.
    - ``pending_spoken``: the keys a spoken answer stood for, waiting for the caller to confirm
      them (key ``1`` or a second "có") before they act (:mod:`ivr.engine.confirming`); keys
      pressed are never confirmed.
    - ``return_to``: the tutorial and 0-based step a transfer from a stuck step comes back to
      (set when the transfer starts; ``None`` for a caller who asked from a menu).
    """

    node: str = ""
    step: int = 0
    history: tuple[str, ...] = ()
    no_input: int = 0
    resume: Resume | None = None
    ended: bool = False
    phase: str = ""
    pending: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    question: int = 0
    speech_misses: int = 0
    keys_only: bool = False
    last_result: tuple[Sound, ...] = ()
    places: dict[str, int] = field(default_factory=dict)
    speech: bool = False
    slow: bool = False
    notice_due: bool = False
    speakerphone: tuple[str, ...] = ()
    pending_spoken: str = ""
    return_to: Resume | None = None

    @property
    def speaks(self) -> bool:
        """True when the current question may invite a spoken answer: speech is on for the call
        and not switched off at this question after two answers not understood."""
        return self.speech and not self.keys_only

    def answer(self, name: str, value: str) -> "State":
        """Return a copy with ``answers[name] = value`` (the dict is never shared between states)."""
        return replace(self, answers={**self.answers, name: value})

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (round-trips through :meth:`from_dict`)."""
        data = asdict(self)
        data["history"] = list(self.history)
        data["speakerphone"] = list(self.speakerphone)
        data["last_result"] = [asdict(sound) for sound in self.last_result]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "State":
        """Rebuild a state from :meth:`to_dict` output; ``None`` or ``{}`` gives a fresh state."""
        if not data:
            return cls()
        resume = data.get("resume")
        return cls(
            node=data.get("node", ""),
            step=int(data.get("step", 0)),
            history=tuple(data.get("history", ())),
            no_input=int(data.get("no_input", 0)),
            resume=Resume(**resume) if resume else None,
            ended=bool(data.get("ended", False)),
            phase=data.get("phase", ""),
            pending=data.get("pending", ""),
            answers=dict(data.get("answers") or {}),
            question=int(data.get("question", 0)),
            speech_misses=int(data.get("speech_misses", 0)),
            keys_only=bool(data.get("keys_only", False)),
            last_result=tuple(_sound(item) for item in data.get("last_result") or ()),
            places={str(k): int(v) for k, v in (data.get("places") or {}).items()},
            speech=bool(data.get("speech", False)),
            slow=bool(data.get("slow", False)),
            notice_due=bool(data.get("notice_due", False)),
            speakerphone=tuple(data.get("speakerphone") or ()),
            pending_spoken=str(data.get("pending_spoken") or ""),
            return_to=Resume(**data["return_to"]) if data.get("return_to") else None,
        )


def _sound(item: dict[str, Any]) -> Sound:
    """A prompt (it has an ``id``) or a pause, from :meth:`State.to_dict` output."""
    return Prompt(**item) if "id" in item else Pause(**item)
