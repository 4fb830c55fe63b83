"""The call-flow engine: pure data in, commands out. Imports neither Flask nor Twilio.

Public surface::

    flow = load_flow("prompts", variables={"volunteer_line": "..."})
    commands, state = step(flow, State(), CallStarted())
"""
from .commands import Ask, Command, Hangup, Play, Prompt, SaveProgress, spoken_prompts
from .errors import FlowError, Problem
from .events import CallStarted, Digits, Event, HungUp, NoInput, Replay, Resume
from .flow import Flow, HangupNode, Keys, MenuNode, MessageNode, Node, Option, Settings, TutorialNode
from .interpreter import step
from .loader import load_flow
from .state import RESUME_NODE, State

__all__ = [
    "Ask", "Command", "Hangup", "Play", "Prompt", "SaveProgress", "spoken_prompts",
    "FlowError", "Problem",
    "CallStarted", "Digits", "Event", "HungUp", "NoInput", "Replay", "Resume",
    "Flow", "HangupNode", "Keys", "MenuNode", "MessageNode", "Node", "Option", "Settings",
    "TutorialNode", "step", "load_flow", "RESUME_NODE", "State",
]
