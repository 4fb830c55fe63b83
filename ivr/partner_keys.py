"""API keys of partner organisations (156, the police, carriers) for the feed of flagged numbers.

A key is ``secrets.token_urlsafe(32)`` (32 random bytes, 43 URL-safe characters), shown once to
the admin who creates it and never stored: the row keeps its SHA-256 (``key_hash``, hex) and its
first :data:`PREFIX_LENGTH` characters (``key_prefix``, for lists). A plain hash is enough here
(no salt, no slow hash): the key is 256 random bits, so nobody can guess it from its hash, and
the hash lets a request's key be looked up directly
(https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html is about
low-entropy passwords, which these are not).

Callers commit; audit entries are written by the views, with the change they describe.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from ivr.models import PartnerKey, User, db, utcnow

PREFIX_LENGTH = 8
KEY_BYTES = 32
MAX_KEY_LENGTH = 200  # what a presented key may be; ours are 43 characters
ORGANISATION_MAX = 120


def key_hash(key: str) -> str:
    """The SHA-256 of ``key`` (UTF-8) as 64 lowercase hex characters."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewKey:
    """A key just created: its row, and the full key, which exists nowhere else after this."""

    row: PartnerKey
    key: str


def create_key(organisation: str, created_by: User | None) -> NewKey:
    """Add a key for ``organisation`` (1–120 characters, already cleaned by the form) made by
    ``created_by``; return it with the full key (not committed). ``ValueError`` for an empty or
    too long name."""
    organisation = organisation.strip()
    if not 0 < len(organisation) <= ORGANISATION_MAX:
        raise ValueError("organisation must have 1 to 120 characters")
    key = secrets.token_urlsafe(KEY_BYTES)
    row = PartnerKey(organisation=organisation, key_prefix=key[:PREFIX_LENGTH], key_hash=key_hash(key),
                     created_by_id=created_by.id if created_by else None, created_at=utcnow())
    db.session.add(row)
    db.session.flush()  # the id, for the audit target
    return NewKey(row, key)


def revoke_key(row: PartnerKey, revoked_by: User | None) -> bool:
    """Revoke ``row`` now; False (nothing changed) when it was already revoked. Not committed."""
    if row.revoked_at is not None:
        return False
    row.revoked_at, row.revoked_by_id = utcnow(), revoked_by.id if revoked_by else None
    return True


def find_live_key(presented: str | None) -> PartnerKey | None:
    """The unrevoked key row whose key is ``presented``, else ``None`` (missing, too long, unknown
    or revoked). The row is found by the SHA-256 of the presented key, and the stored hash is then
    compared with :func:`hmac.compare_digest`, so the answer's timing says nothing about how much
    of a stored hash matched."""
    if not presented or len(presented) > MAX_KEY_LENGTH:
        return None
    wanted = key_hash(presented)
    row = db.session.scalar(sa.select(PartnerKey).where(PartnerKey.key_hash == wanted))
    if row is None or not hmac.compare_digest(row.key_hash, wanted) or row.revoked_at is not None:
        return None
    return row


def keys_query() -> sa.Select:
    """Every key, live ones first, newest first."""
    return sa.select(PartnerKey).order_by(PartnerKey.revoked_at.is_not(None), PartnerKey.created_at.desc(),
                                          PartnerKey.id.desc())


__all__ = ["NewKey", "PREFIX_LENGTH", "create_key", "find_live_key", "key_hash", "keys_query",
           "revoke_key"]
