"""The report domain: a scam report's life from the phone call to the reviewer's decision.

Used by the phone side (``ivr.calls``, ``ivr.effects``), the dashboard (``ivr.review``), the jobs
and the CLI, so each rule has one home:

- ``lifecycle``  statuses, audio states, identities, categories, transitions, named groups (pure);
- ``intake``     reports made by phone: from the caller's answers, recordings attached, withdrawal;
- ``numbers``    what the reports say about one phone number (the count read to callers);
- ``verdicts``   when a number is announced as a scam: the two-person rule, and confirmations;
- ``storage``    a recording's file: its name, its path, conversion, deletion;
- ``retention``  what is kept of a caller and for how long: withdrawal's and retention's deletions;
- ``masking``    the caller's number masked for volunteers, numbers shown readably.

The names most code needs are re-exported here. ``ivr.models`` must not import this package (it
imports the models).
"""
from .intake import attach_recording, report_for_call, save_from_answers, withdraw
from .lifecycle import REPORT_STATUSES, TransitionError, allowed_next, check_transition
from .masking import display_number, mask_number
from .numbers import confirmed_summary
from .storage import delete_audio, stored_recording

__all__ = ["attach_recording", "report_for_call", "save_from_answers", "withdraw", "REPORT_STATUSES",
           "TransitionError", "allowed_next", "check_transition", "display_number", "mask_number",
           "confirmed_summary", "delete_audio", "stored_recording"]
