"""The dashboard page "Đội xã" (``/review/teams``, issue 12, item 7): the commune teams that visit
callers at home.

Admins see every team with its communes and members, and create and rename teams, add communes in
bulk (one name per line; a commune another team has is refused, naming that team), remove a
commune, add and remove members. A volunteer sees the teams they belong to, read-only. The rules
and the audit (``team_*``, in the same commit) are :mod:`ivr.people.teams`'.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ivr.models import Team, TeamCommune, User, db
from ivr.people import teams as service
from ivr.review.auth import admin_required
from ivr.review.blueprint import review
from ivr.review.forms import choices
from ivr.review.queries import active_users
from ivr.review.visit_forms import CommunesForm, MemberForm, TeamForm


def _me() -> User:
    return db.session.get(User, current_user.id)


def _member_form(team: Team, posted: bool = False) -> MemberForm:
    """The member form of ``team``: its choices are the active users not in it yet; ``posted``:
    filled from this request's form."""
    form = MemberForm() if posted else MemberForm(formdata=None)
    inside = {user.id for user in team.members}
    form.user.choices = choices([("", "— Chọn người —")] + [
        (str(user.id), user.username) for user in active_users() if user.id not in inside])
    return form


@review.get("/teams")
def teams_page():
    """Admins: every team and its forms; volunteers: their own teams."""
    me = _me()
    shown = service.all_teams() if me.is_admin else service.teams_of(me)
    # One set of forms per team on one page: the template gives their fields ids of their own.
    forms = {team.id: {"communes": CommunesForm(formdata=None), "member": _member_form(team),
                       "rename": TeamForm(formdata=None, name=team.name)}
             for team in shown} if me.is_admin else {}
    return render_template("review/teams.html", teams=shown, forms=forms,
                           new_form=TeamForm(formdata=None))


def _back(team: Team | None = None):
    anchor = f"team-{team.id}" if team is not None else None
    return redirect(url_for("review.teams_page", _anchor=anchor))


def _apply(change, *args, success: str, team: Team | None = None):
    """Run ``change(*args, by=me, ip=…)`` of :mod:`ivr.people.teams`: commit and flash
    ``success``, or roll back and flash the :class:`~ivr.people.teams.TeamError`."""
    try:
        change(*args, by=_me(), ip=request.remote_addr)
    except service.TeamError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(team)
    db.session.commit()
    flash(success, "success")
    return _back(team)


def _form_error(form) -> str:
    return next((error for field in form for error in field.errors), "Dữ liệu không hợp lệ.")


@review.post("/teams")
@admin_required
def team_create():
    """A new team, by name."""
    form = TeamForm()
    if not form.validate():
        flash(_form_error(form), "error")
        return _back()
    return _apply(service.create_team, form.name.data, success=f"Đã tạo đội {form.name.data}.")


@review.post("/teams/<int:team_id>/rename")
@admin_required
def team_rename(team_id: int):
    """A team's new name."""
    team = db.get_or_404(Team, team_id)
    form = TeamForm()
    if not form.validate():
        flash(_form_error(form), "error")
        return _back(team)
    return _apply(service.rename_team, team, form.name.data, success="Đã đổi tên đội.", team=team)


@review.post("/teams/<int:team_id>/communes")
@admin_required
def team_communes(team_id: int):
    """Communes added in bulk, one per line."""
    team = db.get_or_404(Team, team_id)
    form = CommunesForm()
    if not form.validate():
        flash(_form_error(form), "error")
        return _back(team)
    before = len(team.communes)
    try:
        service.add_communes(team, form.communes.data, by=_me(), ip=request.remote_addr)
    except service.TeamError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(team)
    added = len(team.communes) - before
    db.session.commit()
    flash(f"Đã thêm {added} xã cho đội {team.name}." if added else "Các xã này đã thuộc đội.",
          "success" if added else "info")
    return _back(team)


@review.post("/teams/<int:team_id>/communes/<int:commune_id>/remove")
@admin_required
def team_commune_remove(team_id: int, commune_id: int):
    """One commune taken from the team (its open visits wait under "chưa rõ đội")."""
    team = db.get_or_404(Team, team_id)
    row = db.get_or_404(TeamCommune, commune_id)
    if row.team_id != team.id:
        abort(404)
    return _apply(service.remove_commune, team, row.name, success=f"Đã bỏ xã {row.name}.", team=team)


@review.post("/teams/<int:team_id>/members")
@admin_required
def team_member_add(team_id: int):
    """An active user joins the team."""
    team = db.get_or_404(Team, team_id)
    form = _member_form(team, posted=True)
    if not form.validate():
        flash(_form_error(form), "error")
        return _back(team)
    user = db.get_or_404(User, int(form.user.data))
    return _apply(service.add_member, team, user, success=f"{user.username} đã vào đội.", team=team)


@review.post("/teams/<int:team_id>/members/<int:user_id>/remove")
@admin_required
def team_member_remove(team_id: int, user_id: int):
    """A member leaves the team (their assigned visits stay theirs)."""
    team = db.get_or_404(Team, team_id)
    user = db.get_or_404(User, user_id)
    return _apply(service.remove_member, team, user, success=f"{user.username} đã rời đội.", team=team)


__all__ = ["teams_page", "team_create", "team_rename", "team_communes", "team_commune_remove",
           "team_member_add", "team_member_remove"]
