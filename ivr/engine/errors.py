"""Errors raised while loading or checking a flow.

::

    FlowError                 the flow data is wrong; ``str(error)`` lists every problem
      └─ (carries) Problem    one located problem: ``path`` + ``message``
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in the flow data, located by file and dotted path.

    Example: ``Problem("prompts/nodes/tutorials.yaml", "tutorial_vneid.steps[3]", "about 24 s ...")``.
    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.path}: {self.message}"


class FlowError(Exception):
    """The flow under ``prompts/`` cannot be used. ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
