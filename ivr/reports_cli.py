"""``flask reports list``, ``flask reports purge`` and ``flask phone check``: scam reports, their
retention and numbers from a terminal.

The caller's own number is personal data: it is only ever shown masked (``ivr.reports.masking``,
the same rule as the dashboard), never in clear. The reported number (the scammer's) is shown.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from ivr.models import Report, db
from ivr.phone import classify_number
from ivr.reports.lifecycle import REPORT_STATUSES
from ivr.reports.masking import mask_number
from ivr.reports import retention
from ivr.reports.numbers import confirmed_summary, report_count
from ivr.reports.verdicts import NumberVerdict
from ivr.reports.retention import RetentionPolicy

REPORT_FIELDS = ("id", "reference", "created_at", "status", "category", "claimed_identity",
                 "reported_number", "number_kind", "money_lost", "audio_state", "recording_seconds")


@click.group("reports", cls=AppGroup)
def reports_cli():
    """Scam reports made by phone."""


@reports_cli.command("list")
@click.option("--status", "statuses", multiple=True, type=click.Choice(REPORT_STATUSES),
              help="Only reports with this status (repeatable).")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True,
              help="Newest reports first, at most this many.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, per report.")
def list_command(statuses: tuple[str, ...], limit: int, as_json: bool) -> None:
    """List reports, newest first; the caller's number is masked."""
    query = sa.select(Report).order_by(Report.created_at.desc(), Report.id.desc()).limit(limit)
    if statuses:
        query = query.where(Report.status.in_(statuses))
    for report in db.session.execute(query).scalars():
        row = report_row(report)
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else _report_line(row))


def report_row(report: Report) -> dict[str, Any]:
    """Return ``report`` as a JSON-ready dict: :data:`REPORT_FIELDS` plus ``caller_masked``.

    ``created_at`` is ISO 8601 in UTC; ``caller_masked`` is ``None`` for a withheld number.
    """
    row = {name: getattr(report, name) for name in REPORT_FIELDS}
    row["created_at"] = _utc_iso(report.created_at)
    row["caller_masked"] = mask_number(report.caller) if report.caller else None
    return row


def _report_line(row: dict[str, Any]) -> str:
    money = {True: "money lost", False: "no loss", None: "loss ?"}[row["money_lost"]]
    seconds = f"{row['recording_seconds']} s" if row["recording_seconds"] is not None else "- s"
    return (f"#{row['id']} {row['reference']} {row['created_at'][:16]} {row['status']:<9} "
            f"{row['reported_number'] or '-'} ({row['number_kind'] or '-'}) "
            f"{row['claimed_identity'] or '-'} {money} audio {row['audio_state']} {seconds} "
            f"caller {row['caller_masked'] or 'withheld'}")


def _utc_iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    # SQLite hands back naive datetimes; everything is stored in UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc).isoformat()


@reports_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def purge_command(dry_run: bool, as_json: bool) -> None:
    """Apply the retention periods now (the worker does it hourly); --dry-run lists what would go.

    Printed: counts, and the id and reference of each report concerned; no personal data.
    Twilio's copies of retired recordings are deleted by the worker's sweeper within a minute.
    """
    policy = RetentionPolicy.from_config(current_app.config)
    result = retention.plan(policy) if dry_run else retention.apply(policy)
    outcome = purge_outcome(result, policy, dry_run)
    if as_json:
        click.echo(json.dumps(outcome, ensure_ascii=False))
        return
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb}: recordings and transcripts of {len(result.recordings)} reports"
               f"{_listed(result.recordings)}")
    click.echo(f"{verb}: what {len(result.withdrawn)} withdrawn reports still held"
               f"{_listed(result.withdrawn)}")
    click.echo(f"{verb}: the caller's number from {len(result.report_numbers)} reports"
               f"{_listed(result.report_numbers)} and {result.call_numbers} calls")
    click.echo(f"{verb}: {result.withdrawal_attempts} old withdrawal attempts")
    click.echo(f"{verb}: the number of {result.callback_numbers} callback requests, "
               f"{result.keyed_numbers} numbers keyed for a callback and "
               f"{result.outbound_numbers} calls the hotline placed")
    click.echo(f"{verb}: recordings and transcripts of {len(result.visit_recordings)} home visit "
               f"requests{_listed(result.visit_recordings)} and the number to call back of "
               f"{result.visit_numbers} home visit requests")


def purge_outcome(result: retention.RetentionPlan, policy: RetentionPolicy,
                  dry_run: bool) -> dict[str, Any]:
    """``flask reports purge --json``'s object: ``dry_run``, the ``policy`` in days,
    ``recordings``, ``withdrawn`` and ``caller_numbers.reports`` as ``[{"id", "reference"}]``,
    ``caller_numbers.calls`` and ``withdrawal_attempts`` as counts; ``people_numbers``
    (issue 12) counts ``callback_requests``, ``keyed`` and ``outbound_calls``; ``visits``
    (issue 12, home visits): ``recordings`` as ``[{"id", "reference"}]``, ``numbers`` a count."""
    return {"dry_run": dry_run, "policy": asdict(policy),
            "recordings": _pairs(result.recordings), "withdrawn": _pairs(result.withdrawn),
            "caller_numbers": {"reports": _pairs(result.report_numbers), "calls": result.call_numbers},
            "withdrawal_attempts": result.withdrawal_attempts,
            "people_numbers": {"callback_requests": result.callback_numbers,
                               "keyed": result.keyed_numbers,
                               "outbound_calls": result.outbound_numbers},
            "visits": {"recordings": _pairs(result.visit_recordings),
                       "numbers": result.visit_numbers}}


def _pairs(rows: list[tuple[int, str]]) -> list[dict[str, Any]]:
    return [{"id": rid, "reference": ref} for rid, ref in rows]


def _listed(rows: list[tuple[int, str]]) -> str:
    return (" (" + ", ".join(f"#{rid} {ref}" for rid, ref in rows) + ")") if rows else ""


@click.group("phone", cls=AppGroup)
def phone_cli():
    """Phone numbers: classification and reports about them."""


@phone_cli.command("check")
@click.argument("number")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check_command(number: str, as_json: bool) -> None:
    """Classify NUMBER as the hotline does and count the reports about it."""
    result = number_check(number)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        click.echo(f"{key}: {'-' if value is None else value}")


def number_check(raw: str) -> dict[str, Any]:
    """Return what the hotline knows about ``raw``.

    Keys: ``input``, ``digits``, ``accepted``, ``valid``, ``e164``, ``kind``, ``region``,
    ``confirmed_reports`` (reports in the statuses ``ivr.reports.lifecycle.CONFIRMED`` from
    different callers, the count the phone line reads to callers), ``confirmers`` (users who
    confirmed them), ``flagged`` (announced to callers: ``ivr.reports.verdicts``),
    ``total_reports`` (every report about the number except withdrawn ones).
    """
    info = classify_number(raw)
    verdict = confirmed_summary(raw) if info.accepted else NumberVerdict(False, 0, (), 0)
    return {"input": raw, "digits": info.digits, "accepted": info.accepted, "valid": info.valid,
            "e164": info.e164, "kind": info.kind, "region": info.region,
            "confirmed_reports": verdict.independent_reports, "confirmers": verdict.confirmers,
            "flagged": verdict.flagged,
            "total_reports": report_count(info.key) if info.accepted else 0}


__all__ = ["reports_cli", "phone_cli", "report_row", "number_check", "purge_outcome"]
