"""``flask teams``: commune teams from a terminal (issue 12, item 7).

- ``flask teams list [--json]``: every team, its communes and members;
- ``flask teams create NAME``;
- ``flask teams communes NAME --file communes.txt``: communes in bulk, one name per line (UTF-8;
  ``-`` reads standard input); all or nothing, a commune another team has is refused naming it;
- ``flask teams member NAME USERNAME [--remove]``.

Changes are audited with the actor ``cli`` (:mod:`ivr.people.teams`); errors exit 1 with the
Vietnamese message the dashboard shows.
"""
from __future__ import annotations

import json

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from ivr.models import Team, User, db
from ivr.people import teams

teams_cli = AppGroup("teams", help="Commune teams: who visits callers at home, by commune.")


def _team(name: str) -> Team:
    team = teams.find_team(name)
    if team is None:
        raise click.ClickException(f"Không có đội tên “{name}”.")
    return team


def _commit(change, *args):
    """Run ``change(*args)``; commit, or exit 1 with the :class:`~ivr.people.teams.TeamError`."""
    try:
        result = change(*args)
    except teams.TeamError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    return result


def _text(data: bytes) -> str:
    """The file's text as UTF-8 (a BOM, as spreadsheet exports write, left out); exit 1 naming
    the line when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise click.ClickException(
            f"Tệp không phải văn bản UTF-8 (dòng {line}). Hãy lưu lại dạng UTF-8 rồi thử lại.") from None


@teams_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array: id, name, communes, members.")
def list_command(as_json: bool) -> None:
    """Every team by name: its communes and members."""
    items = [teams.as_json(team) for team in teams.all_teams()]
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("Chưa có đội nào.")
    for item in items:
        click.echo(f"{item['name']}: {len(item['communes'])} xã, "
                   f"{len(item['members'])} thành viên ({', '.join(item['members']) or '—'})")
        for name in item["communes"]:
            click.echo(f"  {name}")


@teams_cli.command("create")
@click.argument("name")
def create_command(name: str) -> None:
    """Create the team NAME."""
    team = _commit(teams.create_team, name)
    click.echo(f"Đã tạo đội {team.name} (#{team.id}).")


@teams_cli.command("communes")
@click.argument("name")
@click.option("--file", "source", type=click.File("rb"), required=True,
              help="Commune names, one per line (UTF-8, a BOM is fine); - for standard input.")
def communes_command(name: str, source) -> None:
    """Add the communes listed in --file to the team NAME (those it has are skipped)."""
    team = _team(name)
    added = _commit(teams.add_communes, team, _text(source.read()))
    click.echo(f"Đã thêm {len(added)} xã cho đội {team.name} (tổng {len(team.communes)} xã).")


@teams_cli.command("member")
@click.argument("name")
@click.argument("username")
@click.option("--remove", is_flag=True, help="Take the user out of the team instead.")
def member_command(name: str, username: str, remove: bool) -> None:
    """Add USERNAME to the team NAME (or, with --remove, take them out)."""
    team = _team(name)
    user = db.session.scalars(sa.select(User).where(User.username == username)).first()
    if user is None:
        raise click.ClickException(f"Không có tài khoản “{username}”.")
    changed = _commit(teams.remove_member if remove else teams.add_member, team, user)
    if remove:
        click.echo(f"{username} đã rời đội {team.name}." if changed
                   else f"{username} không ở trong đội {team.name}.")
    else:
        click.echo(f"{username} đã vào đội {team.name}." if changed
                   else f"{username} đã ở trong đội {team.name}.")
