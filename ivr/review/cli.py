"""``flask users ...``: dashboard accounts. Every change is audited (actor ``system``, via ``cli``).

::

    flask users create NAME [--role volunteer|admin] [--password-stdin]
    flask users set-role NAME ROLE
    flask users reset-password NAME [--password-stdin]
    flask users deactivate NAME
    flask users activate NAME
    flask users list

Passwords are prompted twice with echo off, or read from the first line of standard input
(``--password-stdin``, for scripts), and must pass :func:`ivr.review.passwords.problem` (12
characters or more, not a common password, not repeated characters, not the user name). A password
reset and a deactivation end the user's open sessions at once. Exit status 1 with a message on any
refusal.
"""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ivr.audit import record
from ivr.models import User, db
from ivr.review.auth import ROLES, end_sessions, hash_password
from ivr.review.passwords import problem

users_cli = AppGroup("users", help="Manage review dashboard accounts (volunteers and admins).")


def _password(from_stdin: bool, username: str) -> str:
    """The new password from stdin or a hidden double prompt; refuses weak ones
    (:func:`ivr.review.passwords.problem`)."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    reason = problem(password, username)
    if reason:
        raise click.ClickException(reason)
    return password


def _user(username: str) -> User:
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    return user


def _audit(action: str, user: User, **detail) -> None:
    record(action, f"user:{user.id}", actor="system", detail={"via": "cli", **detail})


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="volunteer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(username: str, role: str, password_stdin: bool):
    """Create an account."""
    username = username.strip()
    if not username or len(username) > 80:
        raise click.ClickException("username must have 1 to 80 characters")
    if db.session.execute(db.select(User.id).filter_by(username=username)).first():
        raise click.ClickException(f"user {username!r} already exists")
    user = User(username=username, role=role, active=True, password_hash=hash_password(
        _password(password_stdin, username)))
    db.session.add(user)
    db.session.flush()
    _audit("user_create", user, username=username, role=role)
    db.session.commit()
    click.echo(f"created {role} {username}")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def set_role(username: str, role: str):
    """Make an account a volunteer or an admin."""
    user = _user(username)
    _audit("user_role", user, previous=user.role, role=role)
    user.role = role
    db.session.commit()
    click.echo(f"{username} is now {role}")


@users_cli.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def reset_password(username: str, password_stdin: bool):
    """Set a new password; the user's open sessions end."""
    user = _user(username)
    user.password_hash = hash_password(_password(password_stdin, user.username))
    ended = end_sessions(user)
    _audit("user_password", user, sessions_ended=ended)
    db.session.commit()
    click.echo(f"password of {username} changed; {ended} open session(s) ended")


@users_cli.command("deactivate")
@click.argument("username")
def deactivate(username: str):
    """Stop an account: it cannot log in, and its open sessions end now (the account and its
    history stay; ``activate`` undoes it)."""
    user = _user(username)
    user.active = False
    ended = end_sessions(user)
    _audit("user_deactivate", user, sessions_ended=ended)
    db.session.commit()
    click.echo(f"{username} deactivated; {ended} open session(s) ended")


@users_cli.command("activate")
@click.argument("username")
def activate(username: str):
    """Let a deactivated account log in again (with its old password)."""
    user = _user(username)
    if user.active:
        click.echo(f"{username} is already active")
        return
    user.active = True
    _audit("user_activate", user)
    db.session.commit()
    click.echo(f"{username} activated")


@users_cli.command("list")
def list_users():
    """Accounts: name, role, active, last login (UTC)."""
    for user in db.session.scalars(db.select(User).order_by(User.username)):
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        click.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'inactive'}\t{last}")
