"""PostgreSQL connection settings: a connection attempt gives up after :data:`CONNECT_TIMEOUT`.

Without it, a database host that stops answering (a network partition, a failover in progress)
holds every webhook for the operating system's TCP connect timeout, about two minutes on Linux,
long after Twilio gave up on the webhook (15 s) and played its English error; with it, the
webhook meets the outage in seconds and answers in Vietnamese (``ivr/voice/outage.py``).
A ``connect_timeout`` in ``DATABASE_URL`` (libpq's parameter, whole seconds, at least 2:
https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CONNECT-TIMEOUT) wins.
"""
from __future__ import annotations

import sqlalchemy as sa

CONNECT_TIMEOUT = 3  # seconds for one connection attempt, handshake included


@sa.event.listens_for(sa.engine.Engine, "do_connect")
def _connect_timeout(dialect, _record, _cargs, cparams) -> None:
    if dialect.name == "postgresql":
        cparams.setdefault("connect_timeout", CONNECT_TIMEOUT)
