"""Errors every ``flask`` command can meet, said plainly: a database that was never migrated, or
one that cannot be reached.

On a fresh clone the first ``flask reports list`` or ``flask users create`` would end in a
traceback about ``no such table`` (SQLite) or ``UndefinedTable`` (PostgreSQL). :func:`install`
wraps every command of the app's CLI once, so any of them ends instead with one line that says
to run ``flask db upgrade``, and a non-zero exit status (``click.ClickException`` exits 1).
A database server that is down, or a wrong host, port, user or password in ``DATABASE_URL``, ends
the same way in one line, ``cannot reach the database at <URL without its password>: <reason>``.
``flask db ...`` itself (Flask-Migrate) is not one of the app's commands: :func:`install` is given
its group with ``schema=False``, so it gets that line too, but never the migration hint.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

import click
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import exc as sa_exc

from ivr.models import db

SCHEMA_HINT = ("the database has no tables yet, or is older than this code: run `flask db upgrade` "
               "first (scripts/run does it for you)")
# PostgreSQL error codes undefined_table and undefined_column (SQLSTATE classes,
# https://www.postgresql.org/docs/current/errcodes-appendix.html).
_POSTGRES_CODES = frozenset({"42P01", "42703"})
# SQLite has no codes for these: its messages (https://www.sqlite.org/lang.html statements fail
# with "no such table: X", "no such column: X" or "table X has no column named Y").
_SQLITE_MESSAGES = ("no such table", "no such column", "has no column named")
_WRAPPED = "__hotline_schema_hint__"


def is_missing_schema(error: BaseException) -> bool:
    """True if ``error`` is a database error saying a table or column does not exist.

    Recognises SQLAlchemy's ``OperationalError`` (SQLite) and ``ProgrammingError`` (PostgreSQL via
    psycopg 3 ``sqlstate`` or psycopg2 ``pgcode``); anything else is ``False``.
    """
    if not isinstance(error, (sa_exc.OperationalError, sa_exc.ProgrammingError)):
        return False
    original = error.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return code in _POSTGRES_CODES or any(text in str(original) for text in _SQLITE_MESSAGES)


def is_connection_failure(error: BaseException) -> bool:
    """True if ``error`` is SQLAlchemy's ``OperationalError`` raised while opening a connection (the
    server refused or did not answer, the host is unknown, the login was refused, a SQLite file
    cannot be opened), not while running a statement.

    SQLAlchemy wraps a driver error raised by ``connect()`` without a statement
    (``Connection._handle_dbapi_exception_noconnection``); a missing table is reported by a
    statement, so it is never taken for a connection failure.
    """
    return isinstance(error, sa_exc.OperationalError) and error.statement is None \
        and not is_missing_schema(error)


def connection_error(error: BaseException, url: sa.URL | str | None) -> click.ClickException:
    """Return the ``ClickException`` that replaces ``error``: where, with the password hidden, and
    the driver's first line without its ``connection failed:`` preamble."""
    reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
    reason = reason.removeprefix("connection failed: ")
    where = f" at {sa.make_url(url).render_as_string(hide_password=True)}" if url else ""
    return click.ClickException(f"cannot reach the database{where}: {reason}")


def schema_error(error: BaseException) -> click.ClickException:
    """Return the ``ClickException`` that replaces ``error``: the hint, then the database's words."""
    detail = str(getattr(error, "orig", error)).strip().splitlines()[0]
    return click.ClickException(f"{SCHEMA_HINT}. ({detail})")


def check_schema(engine: sa.Engine, migrations_dir: str) -> None:
    """Raise ``click.ClickException`` with the hint unless the database is at the newest migration.

    For commands whose database errors would otherwise be swallowed, such as ``flask call --local``
    (its webhooks answer every failure with the spoken apology). Compares Alembic's
    ``alembic_version`` (none on a new database) with the heads under ``migrations_dir``.
    """
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    expected = set(ScriptDirectory(migrations_dir).get_heads())
    if current != expected:
        found = ", ".join(sorted(current)) or "none"
        raise click.ClickException(f"{SCHEMA_HINT}. (database revision: {found}; "
                                   f"this code needs: {', '.join(sorted(expected))})")


def check_app_schema(app: Flask) -> None:
    """Raise :func:`check_schema`'s ``click.ClickException`` unless ``app``'s database is migrated.

    The one check for commands that would otherwise meet the missing tables late or elsewhere:
    ``flask call --local`` (its webhooks turn a database error into the spoken apology) and the
    job worker (its sweeper would log a ``no such table`` traceback every minute). Outside click
    (``worker.py``), print ``error.message`` and exit 1.
    """
    with app.app_context():
        check_schema(db.engine, app.extensions["migrate"].directory)


def install(group: click.Group, *, schema: bool = True) -> None:
    """Wrap the callback of every command under ``group`` (recursively) with :func:`_hinting`:
    an unreachable database is said in one line, and with ``schema`` a missing migration too.

    Idempotent: commands are module-level objects shared by every app built in one process.
    """
    for command in group.commands.values():
        if isinstance(command, click.Group):
            install(command, schema=schema)
        if command.callback is not None and not getattr(command.callback, _WRAPPED, False):
            command.callback = _hinting(command.callback, schema)


def _database_url() -> str | None:
    """The URL of the app the running ``flask`` command loaded (``ScriptInfo`` keeps it)."""
    context = click.get_current_context(silent=True)
    info = context.find_object(ScriptInfo) if context else None
    return info.load_app().config.get("SQLALCHEMY_DATABASE_URI") if info else None


def _hinting(callback: Callable[..., Any], schema: bool = True) -> Callable[..., Any]:
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except (sa_exc.OperationalError, sa_exc.ProgrammingError) as error:
            if schema and is_missing_schema(error):
                raise schema_error(error) from error
            if is_connection_failure(error):
                raise connection_error(error, _database_url()) from error
            raise

    setattr(run, _WRAPPED, True)
    return run
