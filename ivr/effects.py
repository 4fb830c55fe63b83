"""The call service's side of :class:`~ivr.engine.Effect`: database work the engine asks for.

Each function takes the call and the caller's answers and returns a :class:`~ivr.engine.Result`
naming an outcome the flow's lookup node defines (see ``prompts/nodes/report.yaml``).
"""
from __future__ import annotations

from flask import current_app

from ivr.engine import Effect, Result
from ivr.models import Call, db
from ivr.reports import hear_back, intake, numbers, verdicts
from ivr.reports import official  # issue 11, item 2
from ivr.people import callbacks, outbound_rules  # issue 12, items 3 and 5
from ivr.people import visits  # issue 12, item 7

LATEST_WARNINGS = 5
SAID_IDENTITIES = 2  # "check a number" names the one or two identities callers reported most


def perform(effect: Effect, call: Call) -> Result:
    """Run ``effect`` for ``call`` (in the current transaction) and return its result.

    Raises ``KeyError`` for an effect name this service does not know.
    """
    answers = dict(effect.answers)
    return _EFFECTS[effect.name](call, answers)


def _save_report(call: Call, answers: dict[str, str]):
    report = intake.save_from_answers(call, answers)
    # Issue 12: a withheld number can neither withdraw nor be called back, so it hears other words.
    return Result("saved" if call.caller_key else "saved_withheld", (("reference", report.reference),))


def _withdraw_report(call: Call, answers: dict[str, str]):
    # Issue 12, item 7: the same step withdraws a home visit request by its reference.
    return Result(visits.withdraw(answers.get("withdraw_reference", ""), call.caller_key,
                                  call.call_sid, _reference_limits()))


def _reference_limits() -> intake.WithdrawalLimits:
    config = current_app.config
    return intake.WithdrawalLimits(config["WITHDRAW_ATTEMPTS_PER_CALL"],
                                   config["WITHDRAW_ATTEMPTS_PER_DAY"])


# --- reporters hear back (issue 12, item 5) ---
def _report_status(call: Call, answers: dict[str, str]):
    # Issue 12, item 7: a home visit request's reference is answered too, in its own words.
    return Result(visits.status_by_reference(answers.get("status_reference", ""),
                                             call.caller_key, call.call_sid, _reference_limits()))


def _notify_verdict(call: Call, answers: dict[str, str]):
    # Never a call abroad, to a short code or to a premium number (a spoofed caller ID).
    if call.caller and outbound_rules.number_refusal(call.caller) is not None:
        return Result("not_callable")
    return Result(hear_back.opt_in(call))
# --- end reporters hear back


def _check_number(call: Call, answers: dict[str, str]):
    keyed = answers.get("check_number", "")
    # --- official numbers and look-alikes (issue 11, item 2): before the reports ---
    spoken = official.phone_answer(keyed)
    if spoken is not None:
        return Result(*spoken)
    # --- end official numbers ---
    number = ("number", ("phone", keyed))  # said back with the answer: a mistyped number is heard
    # Issue 11: announced only when flagged (two people confirmed, or an admin with a reason).
    verdict = numbers.confirmed_summary(keyed)
    if not verdict.flagged:
        return Result("not_found", (number,))
    identities = verdict.identities[:SAID_IDENTITIES] or ("other",)
    return Result("found", (number, ("count", verdict.independent_reports),
                            ("identity", ("label", *identities))))


def _latest_warnings(call: Call, answers: dict[str, str]):
    # Issue 11: a warning made from a report plays only while its number is flagged (read now).
    query = verdicts.playable_warnings().limit(LATEST_WARNINGS)
    warnings = db.session.execute(query).scalars().all()
    if not warnings:
        return Result("none")
    spoken = [{"id": w.prompt_id, "text": w.text} for w in warnings]
    return Result("found", (("warnings", spoken),))


def _request_callback(call: Call, answers: dict[str, str]):
    # Issue 12: outcomes saved | no_number | invalid_number (prompts/nodes/callbacks.yaml).
    flow = current_app.extensions["hotline.flow"]
    return Result(callbacks.request_from_call(
        call, answers, lambda node_id: getattr(flow.nodes.get(node_id), "title", None)))


def _save_visit(call: Call, answers: dict[str, str]):
    # Issue 12, item 7: saved | no_number | invalid_number (prompts/nodes/visits.yaml); before
    # the beep only the reference matters (the record node reads the slot).
    outcome, visit = visits.save_from_call(call, answers)
    return Result(outcome, (("visit_reference", visit.reference),))


_EFFECTS = {"save_report": _save_report, "save_visit": _save_visit, "withdraw_report": _withdraw_report,
            "check_number": _check_number, "latest_warnings": _latest_warnings,
            "request_callback": _request_callback,
            "report_status": _report_status, "notify_verdict": _notify_verdict}
