"""Official numbers: the admins' list of real hotlines, its seed, and what "check a number" says.

- The list is :class:`ivr.models.OfficialNumber`; only ``verified`` and ``active`` entries are
  announced to callers, so an entry whose fact is uncertain (``[VERIFY]`` in the domain facts) waits
  until an admin checks its public source on the dashboard.
- The seed is data, ``ivr/reports/data/official_numbers.yaml``; :func:`seed` adds what is missing
  and refreshes rows no admin has touched (``edited_by_admin``), never an admin's edit,
  verification or deactivation.
- :func:`assess_number` applies :mod:`ivr.reports.lookalike` to a keyed number.

Caller-ID can be faked, so even an official number on the screen proves nothing about who calls:
the phone answer says so (FCC, "Caller ID Spoofing":
https://www.fcc.gov/consumers/guides/spoofing-and-caller-id ; in Vietnam, scammers posing as the
power company show a real power-company number, Thanh Niên 2025-01:
https://thanhnien.vn/dung-tin-tro-lua-dao-yeu-cau-thanh-toan-tien-dien-185250109111833084.htm).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
import yaml

from ivr.models import OfficialNumber, Report, db, utcnow
from ivr.phone import classify_number
from speech.vietnamese import phone_groups

from . import verdicts
from .lifecycle import CONFIRMED
from .lookalike import OfficialEntry, Verdict, assess

SEED_PATH = Path(__file__).resolve().parent / "data" / "official_numbers.yaml"
KINDS = ("bank", "power", "water", "carrier", "police", "public_service", "other")
# Report statuses whose claims count for "a mobile number claiming to be a hotline".
_OPEN_CLAIMS_EXCLUDED = ("withdrawn", "not_scam")


class SeedError(ValueError):
    """The seed file has an entry that is not a valid official number; the message names it."""


@dataclass(frozen=True)
class SeedEntry:
    """One entry of the seed file, checked: ``number`` is the ``classify_number`` key."""

    number: str
    display: str
    organisation: str
    kind: str
    source_url: str
    verified: bool
    note: str | None


def number_problem(raw: str) -> str | None:
    """Why ``raw`` cannot be an official number (Vietnamese), else ``None``.

    Accepted: any number ``ivr.phone.classify_number`` accepts (3–15 digits), short codes included.
    """
    return None if classify_number(raw).accepted else "Số không hợp lệ: cần từ 3 đến 15 chữ số."


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a public source (Vietnamese), else ``None``: only ``https://`` with a
    host."""
    parts = urlsplit((url or "").strip())
    if parts.scheme != "https" or not parts.netloc:
        return "Nguồn phải là một địa chỉ trang công khai bắt đầu bằng https://"
    return None


def load_seed(path: Path | None = None) -> list[SeedEntry]:
    """Read and check the seed file (default :data:`SEED_PATH`). Raises :class:`SeedError` naming
    the first bad entry."""
    path = path or SEED_PATH
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    entries = []
    for index, item in enumerate(raw):
        where = f"{path.name}[{index}] ({item.get('number')!r})"
        problem = (number_problem(str(item.get("number", ""))) or url_problem(item.get("source_url", ""))
                   or (None if item.get("kind") in KINDS else f"kind must be one of {KINDS}")
                   or (None if item.get("organisation") else "organisation is empty"))
        if problem:
            raise SeedError(f"{where}: {problem}")
        info = classify_number(str(item["number"]))
        entries.append(SeedEntry(info.key, display_form(str(item["number"])), item["organisation"],
                                 item["kind"], item["source_url"], bool(item.get("verified")),
                                 item.get("note")))
    return entries


def display_form(raw: str) -> str:
    """How a number is written for people: ``"1900545454"`` → ``"1900 545 454"``,
    ``"0912345678"`` → ``"0912 345 678"``, ``"113"`` → ``"113"`` (the groups it is read in)."""
    return " ".join(phone_groups(classify_number(raw).digits)) or raw.strip()


def seed(path: Path | None = None) -> dict[str, int]:
    """Load the seed into the table (the caller commits). Idempotent.

    A missing number is added; a row no admin has edited is refreshed from the file; a row an admin
    edited, verified, unverified or deactivated is left alone. Returns ``{"added", "updated",
    "kept"}`` counts. Raises :class:`SeedError` for a bad file.
    """
    counts = {"added": 0, "updated": 0, "kept": 0}
    existing = {row.number: row for row in db.session.execute(sa.select(OfficialNumber)).scalars()}
    for entry in load_seed(path):
        row = existing.get(entry.number)
        if row is None:
            db.session.add(OfficialNumber(**_fields(entry), created_at=utcnow(), active=True,
                                          edited_by_admin=False))
            counts["added"] += 1
        elif row.edited_by_admin:
            counts["kept"] += 1
        elif any(getattr(row, name) != value for name, value in _fields(entry).items()):
            for name, value in _fields(entry).items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return counts


def _fields(entry: SeedEntry) -> dict:
    return {"number": entry.number, "display": entry.display, "organisation": entry.organisation,
            "kind": entry.kind, "source_url": entry.source_url, "verified": entry.verified,
            "note": entry.note}


def active_entries() -> list[OfficialNumber]:
    """Active official numbers, verified first, then by organisation."""
    query = (sa.select(OfficialNumber).where(OfficialNumber.active.is_(True))
             .order_by(OfficialNumber.verified.desc(), OfficialNumber.organisation, OfficialNumber.id))
    return list(db.session.execute(query).scalars())


def as_dict(row: OfficialNumber) -> dict:
    """One row as JSON-ready data (``flask official list --json``)."""
    return {"id": row.id, "number": row.number, "display": row.display,
            "organisation": row.organisation, "kind": row.kind, "source_url": row.source_url,
            "verified": row.verified,
            "verified_by": row.verified_by.username if row.verified_by else None,
            "verified_at": row.verified_at.isoformat() if row.verified_at else None,
            "note": row.note, "active": row.active, "edited_by_admin": row.edited_by_admin}


def _claims(key: str) -> list[str]:
    """Who the open reports about ``key`` say it claimed to be, most often first; empty when the
    number is flagged under the two-person rule (:mod:`ivr.reports.verdicts`: the confirmed-reports
    answer says more)."""
    query = sa.select(Report.status, Report.claimed_identity).where(
        Report.reported_number == key, Report.status.not_in(_OPEN_CLAIMS_EXCLUDED))
    rows = db.session.execute(query).all()
    if any(status in CONFIRMED for status, _ in rows) and verdicts.is_flagged(key):
        return []
    return [identity for identity, _ in Counter(i for _, i in rows if i).most_common()]


def assess_number(raw: str) -> tuple[Verdict | None, OfficialNumber | None]:
    """What "check a number" says about ``raw`` (as keyed) before the reports: the
    :func:`ivr.reports.lookalike.assess` verdict and the official row it names (or ``None``)."""
    info = classify_number(raw)
    rows = active_entries()
    entries = [OfficialEntry(r.number, r.organisation, r.verified, r.id, r.display) for r in rows]
    verdict = assess(info.key, info.kind, entries, _claims(info.key))
    row = next((r for r in rows if verdict and verdict.entry and r.id == verdict.entry.id), None)
    return verdict, row


def phone_answer(raw: str) -> tuple[str, tuple] | None:
    """The lookup outcome and slots of ``check_number_result`` (``prompts/nodes/report.yaml``) for
    an official number or a look-alike, or ``None`` to fall through to the reports.

    Slots: ``number`` (the keyed number, read back first), ``organisation`` (its name as one prompt
    ``official.<id>``: rendered audio when there is some, else ``<Say>``), ``official`` (the real
    number, read in its groups) and ``identity`` (a ``label_<identity>`` message).
    """
    verdict, row = assess_number(raw)
    if verdict is None:
        return None
    number = ("number", ("phone", raw))
    if verdict.outcome == "claims_hotline":
        return "claims_hotline", (number, ("identity", ("label", verdict.identity)))
    name = ("organisation", [{"id": row.prompt_id, "text": row.organisation}])
    if verdict.outcome == "official":
        return "official", (number, name)
    real = "".join(c for c in row.display if c.isdigit())
    return "lookalike", (number, name, ("official", ("phone", real)))


__all__ = ["KINDS", "SEED_PATH", "SeedEntry", "SeedError", "load_seed", "seed", "display_form",
           "number_problem", "url_problem", "active_entries", "as_dict", "assess_number",
           "phone_answer"]
