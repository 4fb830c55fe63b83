"""The call-flow engine: pure data in, commands out. Imports neither Flask nor Twilio.

Public surface::

    flow = load_flow("prompts", variables={"volunteer_line": "..."})
    commands, state = step(flow, State(), CallStarted())
"""
from .commands import (EFFECTS, Ask, Command, Effect, Hangup, Listen, Pause, Play, Prompt, Record,
                       SafetyNoticeHeard, SavePace, SaveProgress, Transfer, spoken_prompts)
from .errors import FlowError, Problem
from .events import (CallStarted, Digits, Event, HungUp, NoInput, NoRecording, RecordingDone, Replay,
                     Result, Resume, Spoken, TransferEnded)
from .flow import (Flow, HangupNode, Keys, LookupNode, MenuNode, MessageNode, Node, NumberInputNode,
                   Option, QuizQuestion, RecordNode, Settings, Slot, TransferNode, TutorialNode)
from .interpreter import step
from .loader import load_flow
from .state import RESUME_NODE, State

__all__ = [
    "EFFECTS", "Ask", "Command", "Effect", "Hangup", "Listen", "Pause", "Play", "Prompt", "Record",
    "SafetyNoticeHeard", "SavePace", "SaveProgress", "Spoken", "QuizQuestion", "Transfer",
    "TransferEnded", "TransferNode",
    "spoken_prompts", "FlowError", "Problem",
    "CallStarted", "Digits", "Event", "HungUp", "NoInput", "NoRecording", "RecordingDone", "Replay",
    "Result", "Resume",
    "Flow", "HangupNode", "Keys", "LookupNode", "MenuNode", "MessageNode", "Node", "NumberInputNode",
    "Option", "RecordNode", "Settings", "Slot", "TutorialNode", "step", "load_flow", "RESUME_NODE",
    "State",
]
