"""Database models: calls, the path of each call, tutorial progress, caller preferences, reports,
users, audit, partner API keys, warnings.

Works on SQLite (embedded default) and PostgreSQL. Schema changes go through Alembic migrations in
``migrations/`` (``flask db migrate`` / ``flask db upgrade``).
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ivr import sqlite as _sqlite  # noqa: F401  (SQLite connection settings and write queue)
from ivr import postgres as _postgres  # noqa: F401  (PostgreSQL connection timeout)


class Base(DeclarativeBase):
    # Stable constraint names so Alembic migrations are identical on SQLite and PostgreSQL.
    metadata = sa.MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(timezone.utc)


class Call(db.Model):
    """One phone call, keyed by Twilio's CallSid; ``state`` is the engine's JSON state."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    caller: Mapped[str | None] = mapped_column(sa.String(32))  # E.164; None when withheld
    caller_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)  # keyed hash of caller
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(20), default="in-progress")
    duration_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    turn: Mapped[int] = mapped_column(sa.Integer, default=0)
    state: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    events: Mapped[list["CallEvent"]] = relationship(
        back_populates="call", order_by="CallEvent.id", cascade="all, delete-orphan")


class CallEvent(db.Model):
    """One turn of a call: where the caller was, what they did, where it led, what they heard."""

    __tablename__ = "call_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    turn: Mapped[int] = mapped_column(sa.Integer)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    node: Mapped[str] = mapped_column(sa.String(64))  # node before the input ("" at call start)
    input: Mapped[str] = mapped_column(sa.String(32))  # "start", a key, "no-input", "hangup", ...
    next_node: Mapped[str] = mapped_column(sa.String(64))
    prompts: Mapped[str] = mapped_column(sa.Text, default="")  # space-separated prompt ids heard

    call: Mapped[Call] = relationship(back_populates="events")


class TutorialProgress(db.Model):
    """How far a caller got in one tutorial, so a returning caller can continue."""

    __tablename__ = "tutorial_progress"
    __table_args__ = (sa.UniqueConstraint("caller_key", "tutorial", name="uq_progress_caller_tutorial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caller_key: Mapped[str] = mapped_column(sa.String(64))
    tutorial: Mapped[str] = mapped_column(sa.String(64))
    step: Mapped[int] = mapped_column(sa.Integer, default=0)
    completed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class CallerPreference(db.Model):
    """What the hotline remembers of one caller across calls, under the caller's keyed hash: the
    tutorial pace they chose (``slow``) and when they last heard the safety notice."""

    __tablename__ = "caller_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    caller_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    slow: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    safety_notice_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Report(db.Model):
    """A scam-call report made by phone. One per call (CallSid); its recording by RecordingSid.

    The values of ``status``, ``audio_state``, ``claimed_identity`` and ``category``, and which
    status may follow which, are :mod:`ivr.reports.lifecycle`'s; ``audio_path`` is a bare file name
    in ``RECORDINGS_DIR`` (:mod:`ivr.reports.storage`).
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(12), unique=True)  # read to the caller
    call_sid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    caller: Mapped[str | None] = mapped_column(sa.String(32))  # E.164, personal data
    caller_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    reported_number_raw: Mapped[str | None] = mapped_column(sa.String(32))  # as keyed
    reported_number: Mapped[str | None] = mapped_column(sa.String(32), index=True)  # E.164
    number_kind: Mapped[str | None] = mapped_column(sa.String(20))
    claimed_identity: Mapped[str | None] = mapped_column(sa.String(20))
    money_lost: Mapped[bool | None] = mapped_column(sa.Boolean)
    recording_sid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    recording_url: Mapped[str | None] = mapped_column(sa.String(500))
    recording_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    audio_state: Mapped[str] = mapped_column(sa.String(12), default="none", index=True)
    audio_path: Mapped[str | None] = mapped_column(sa.String(300))
    audio_attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    audio_error: Mapped[str | None] = mapped_column(sa.String(300))
    audio_lease_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    transcript: Mapped[str | None] = mapped_column(sa.Text)
    transcript_words: Mapped[list | None] = mapped_column(sa.JSON)  # [{word, start, end, conf}]
    status: Mapped[str] = mapped_column(sa.String(12), default="new", index=True)
    category: Mapped[str | None] = mapped_column(sa.String(20))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Twilio's copy of the recording (ivr.reports.retention): when it should next be deleted
    # (NULL: nothing to delete), and when Twilio confirmed it gone.
    recording_delete_due: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)
    recording_deleted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Reporters hear back (issue 12): the caller pressed 1 to be called when a volunteer reaches
    # a verdict; the call itself is an OutboundCall (purpose "verdict").
    notify_verdict: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())

    assignee: Mapped["User | None"] = relationship()


# --- issue 11, lane verdicts: who confirmed which report (the two-person rule, ivr.reports.verdicts)
class ReportConfirmation(db.Model):
    """One user's confirmation that a report is a scam; a user counts once per report.

    ``is_admin_override``: an admin confirmed alone, with a written ``reason`` (required then, by a
    check constraint). Rows exist only while their report is confirmed or escalated: leaving those
    statuses (reopen, admin revert) deletes them, with an audit entry naming who had confirmed.
    """

    __tablename__ = "report_confirmations"
    __table_args__ = (
        sa.UniqueConstraint("report_id", "user_id", name="uq_report_confirmations_report_user"),
        sa.CheckConstraint("NOT is_admin_override OR reason IS NOT NULL", name="override_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_admin_override: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user: Mapped["User"] = relationship()
# --- end issue 11 verdicts


class WithdrawalAttempt(db.Model):
    """One reference a caller keyed to withdraw a report that did not match (or was refused), so
    guessing can be limited per call and per caller per day. Keyed by the caller's hash, never the
    number; kept a few days (``ivr.reports.retention``)."""

    __tablename__ = "withdrawal_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    call_sid: Mapped[str] = mapped_column(sa.String(64), index=True)
    caller_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)


class User(db.Model):
    """A volunteer or admin of the review dashboard."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(12), default="volunteer")  # volunteer | admin
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Triage (issue 11): when this user last opened the review queue; reports made after it are
    # "new to them". None: never looked, so every report is new to them.
    queue_seen_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # A person behind the line (issue 12): the phone transfers and callbacks ring, E.164, personal
    # data (never shown to callers or other volunteers; admins see it, audited); whether the
    # volunteer is on shift now (a switch), and weekly hours in Asia/Ho_Chi_Minh as
    # [{"day": 0-6 (Monday 0), "start": "HH:MM", "end": "HH:MM"}] (ivr.people.shifts).
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    on_shift: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    on_shift_since: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    shift_hours: Mapped[list | None] = mapped_column(sa.JSON)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class ReviewSession(db.Model):
    """One login to the review dashboard: the server's half of the session cookie.

    The cookie carries a random token; the row keeps only its SHA-256 (``id``), so a copy of the
    database opens no session. Logging out deletes the row, so a copied cookie stops working;
    a password change or a deactivation deletes every row of the user.
    """

    __tablename__ = "review_sessions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # sha256 hex of the token
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class AuditEntry(db.Model):
    """Who did what to which record, and when. Never updated or deleted by the application."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(sa.String(80))  # username, "caller" or "system"
    action: Mapped[str] = mapped_column(sa.String(32))  # open, listen, edit, reveal, export, ...
    target: Mapped[str] = mapped_column(sa.String(64))  # e.g. "report:12"
    detail: Mapped[dict | None] = mapped_column(sa.JSON)
    ip: Mapped[str | None] = mapped_column(sa.String(64))


class PartnerKey(db.Model):
    """An API key of a partner organisation (156, the police, a carrier) for the read-only feed of
    flagged numbers (:mod:`ivr.api`). Only the SHA-256 of the key is kept (``key_hash``, 64 hex
    characters); ``key_prefix`` is its first 8 characters, shown in lists so people can tell keys
    apart. Revoked keys stay, for the audit log. See :mod:`ivr.partner_keys`.
    """

    __tablename__ = "partner_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(sa.String(120))
    key_prefix: Mapped[str] = mapped_column(sa.String(8))
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped["User | None"] = relationship(foreign_keys=[revoked_by_id])


class ScamWarning(db.Model):
    """A short warning text written by an admin, spoken in the scam-safety menu, newest first."""

    __tablename__ = "warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(sa.Text)
    report_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reports.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)

    @property
    def prompt_id(self) -> str:
        """The audio key of this warning (rendered like any prompt)."""
        return f"warning.{self.id}"


# --- official numbers (issue 11, item 2) ---------------------------------------------------------
class OfficialNumber(db.Model):
    """An official hotline (bank, power or water company, carrier, police, public service), kept by
    admins with its public source. Only ``verified`` and ``active`` entries are ever announced to
    callers as official (:mod:`ivr.reports.official`); ``kind`` is one of
    :data:`ivr.reports.official.KINDS`; ``number`` is the ``ivr.phone.classify_number`` key."""

    __tablename__ = "official_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)  # E.164, or a short code's digits
    display: Mapped[str] = mapped_column(sa.String(40))  # as written for people: "1900 545454"
    organisation: Mapped[str] = mapped_column(sa.String(200))  # Vietnamese, spoken to callers
    kind: Mapped[str] = mapped_column(sa.String(20))
    source_url: Mapped[str] = mapped_column(sa.String(500))  # a public https page stating it
    verified: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Set by an admin's edit in the dashboard: the seed never touches such a row again.
    edited_by_admin: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)

    verified_by: Mapped["User | None"] = relationship()

    @property
    def prompt_id(self) -> str:
        """The audio key of the organisation's name, spoken after "của" (rendered like a warning)."""
        return f"official.{self.id}"


# --- a person behind the line (issue 12) ---------------------------------------------------------
class Transfer(db.Model):
    """One attempt to put a caller through to the volunteers on shift (TwiML ``<Dial>``).

    ``reason``: ``asked`` (main menu 5, "gặp tình nguyện viên") or ``stuck`` (a tutorial step);
    ``context``: where the caller was, e.g. ``{"node": "tutorial_vneid", "tutorial": "vneid",
    "step": 3}``; ``outcome``: ``ringing`` until the dial ends, then ``connected`` (a volunteer
    pressed 1 and talked), ``no_answer``, ``nobody_on_shift``, ``caller_hung_up`` or ``failed``.
    """

    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(sa.String(64), index=True)
    reason: Mapped[str] = mapped_column(sa.String(16))
    context: Mapped[dict | None] = mapped_column(sa.JSON)
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    volunteers_dialed: Mapped[int] = mapped_column(sa.Integer, default=0)
    outcome: Mapped[str] = mapped_column(sa.String(20), default="ringing")
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    dial_call_sid: Mapped[str | None] = mapped_column(sa.String(64))
    seconds: Mapped[int | None] = mapped_column(sa.Integer)

    answered_by: Mapped["User | None"] = relationship()


class CallbackRequest(db.Model):
    """A caller asked to be called back by a volunteer (or a missed-call or verdict callback).

    ``number`` is E.164 (personal data: masked for volunteers, deleted with the caller's data);
    ``number_source``: ``caller_id`` or ``keyed``; ``reason``: ``stuck``, ``asked``,
    ``no_answer`` (a transfer nobody took) or ``report``; ``context`` as in :class:`Transfer`,
    plus ``reference`` for a report. ``status``: ``open`` → ``calling`` → ``done`` or back to
    ``open`` (retried at ``next_attempt_at``), ``gave_up`` after the last attempt, ``cancelled``.
    Closed requests stay, for the audit log.
    """

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    call_sid: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    caller_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    number: Mapped[str | None] = mapped_column(sa.String(32))
    number_source: Mapped[str] = mapped_column(sa.String(12), default="caller_id")
    reason: Mapped[str] = mapped_column(sa.String(16))
    context: Mapped[dict | None] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(12), default="open", index=True)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    closed_by: Mapped["User | None"] = relationship()
    attempt_rows: Mapped[list["CallbackAttempt"]] = relationship(
        back_populates="request", order_by="CallbackAttempt.id", cascade="all, delete-orphan")


class CallbackAttempt(db.Model):
    """One try at a callback: the volunteer's phone is called first through Twilio's REST API
    (``volunteer_call_sid``), and on their key 1 the caller is dialled. ``outcome``: ``calling``
    until it ends, then ``talked``, ``no_answer``, ``wrong_number``, ``volunteer_missed`` or
    ``failed``."""

    __tablename__ = "callback_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("callback_requests.id", ondelete="CASCADE"),
                                            index=True)
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    volunteer_call_sid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    outcome: Mapped[str] = mapped_column(sa.String(16), default="calling")
    seconds: Mapped[int | None] = mapped_column(sa.Integer)

    request: Mapped[CallbackRequest] = relationship(back_populates="attempt_rows")
    volunteer: Mapped["User | None"] = relationship()


class OutboundCall(db.Model):
    """A call the hotline places to a caller on its own cost: ``purpose`` ``missed_call`` (the
    free line: the caller's ring was rejected busy and the flow runs on this call) or ``verdict``
    (a reporter who opted in hears what became of the report, ``report_id``). ``status``:
    ``scheduled`` (due at ``due_at``), ``calling`` (``call_sid`` set), ``answered``, ``failed``
    (retried once), ``refused`` (``refusal`` says why: withheld, foreign, short code, limit,
    hours). ``number`` is E.164, personal data."""

    __tablename__ = "outbound_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    caller_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    number: Mapped[str | None] = mapped_column(sa.String(32))
    report_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"),
                                                  index=True)
    trigger_call_sid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    due_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="scheduled", index=True)
    refusal: Mapped[str | None] = mapped_column(sa.String(16))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    call_sid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
# --- end issue 12


# --- home visits by commune teams (issue 12, item 7) ------------------------------------------
class Team(db.Model):
    """A commune team of volunteers (admin-managed): the communes it covers and its members.
    One commune belongs to at most one team (:class:`TeamCommune`)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    communes: Mapped[list["TeamCommune"]] = relationship(
        back_populates="team", order_by="TeamCommune.name", cascade="all, delete-orphan")
    members: Mapped[list["User"]] = relationship(secondary="team_members", order_by="User.username")


class TeamCommune(db.Model):
    """A commune (xã, phường or thị trấn) a team covers. ``name`` as people say it ("Tân Lập");
    ``key`` is its normalised form (lower case, tone marks unified, no "xã"/"phường" prefix:
    ``ivr.people.visits.commune_key``), unique: a commune has one team."""

    __tablename__ = "team_communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)

    team: Mapped[Team] = relationship(back_populates="communes")


team_members = sa.Table(
    "team_members", db.metadata,
    sa.Column("team_id", sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class VisitRequest(db.Model):
    """A caller asked to be shown at home: after a beep they said their name, commune and how to
    find the house (one recording). The recording columns mean what they mean on :class:`Report`
    (fetched by the same job, ``audio_state`` ``none`` → ``pending`` → ``fetching`` → ``stored``
    or ``failed``). ``commune``/``team_id`` come from the recording's transcript
    (``commune_source`` ``speech``) or a volunteer (``volunteer``); ``status``: ``new`` →
    ``assigned`` (``assignee_id``) → ``closed`` with ``outcome`` (``visited``,
    ``helped_by_phone``, ``unreachable``, ``not_needed``, ``duplicate``) or ``withdrawn`` by the
    caller. ``caller`` is E.164, personal data (masked for volunteers, deleted with the caller's
    data and by retention like reports)."""

    __tablename__ = "visit_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(12), unique=True)  # read to the caller
    call_sid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    caller: Mapped[str | None] = mapped_column(sa.String(32))
    caller_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    context: Mapped[dict | None] = mapped_column(sa.JSON)  # where the caller was, as on Transfer
    recording_sid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    recording_url: Mapped[str | None] = mapped_column(sa.String(500))
    recording_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    audio_state: Mapped[str] = mapped_column(sa.String(12), default="none", index=True)
    audio_path: Mapped[str | None] = mapped_column(sa.String(300))
    audio_attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    audio_error: Mapped[str | None] = mapped_column(sa.String(300))
    audio_lease_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    transcript: Mapped[str | None] = mapped_column(sa.Text)
    transcript_words: Mapped[list | None] = mapped_column(sa.JSON)
    recording_delete_due: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)
    recording_deleted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    commune: Mapped[str | None] = mapped_column(sa.String(80))
    commune_source: Mapped[str | None] = mapped_column(sa.String(12))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="SET NULL"),
                                                index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="new", index=True)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    outcome_note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    team: Mapped[Team | None] = relationship()
    assignee: Mapped["User | None"] = relationship(foreign_keys=[assignee_id])
    closed_by: Mapped["User | None"] = relationship(foreign_keys=[closed_by_id])
# --- end home visits
