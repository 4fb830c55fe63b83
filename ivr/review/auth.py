"""Who is using the dashboard: login, logout, roles, login throttling, and the audit helper.

- Passwords are hashed with ``werkzeug.security`` (scrypt); an unknown name is checked against a
  dummy hash so the answer takes as long as for a real name (no user enumeration by timing).
- A session names the user *and* a stamp derived from the password hash, so resetting a password
  (``flask users reset-password``) logs out every session that used the old one.
- Sessions end :data:`SESSION_HOURS` after login, however active, because volunteers use shared
  phones.
- Failed logins are throttled per IP and per user name (Flask-Limiter, one limiter per app so tests
  and app instances never share counters); only failures count, so an office behind one IP can
  still log in while someone mistypes.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from functools import wraps
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import (abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_limiter import Limiter
from flask_login import LoginManager, current_user, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from ivr.audit import record
from ivr.models import User, db, utcnow
from ivr.review.blueprint import csrf, review
from ivr.review.forms import LoginForm

SESSION_HOURS = 12
LOGIN_LIMIT = "5 per minute"  # failed attempts, per IP and per user name (settable: REVIEW_LOGIN_LIMIT)
ROLES = ("volunteer", "admin")
PUBLIC_ENDPOINTS = ("review.login", "review.static")
_DUMMY_HASH = generate_password_hash("not-a-real-password")

login_manager = LoginManager()
login_manager.login_view = "review.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
login_manager.login_message_category = "info"


class Account:
    """Flask-Login's view of a :class:`~ivr.models.User` (the model stays free of Flask-Login).

    Attribute reads fall through to the user, so templates can say ``current_user.username``.
    """

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User):
        self.user = user

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)

    @property
    def is_active(self) -> bool:
        return bool(self.user.active)

    def get_id(self) -> str:
        return f"{self.user.id}.{password_stamp(self.user)}"


def password_stamp(user: User) -> str:
    """16 hex characters that change whenever the user's password hash changes (keyed, so the
    session cookie, which is signed but readable, reveals nothing about the hash)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:16]


@login_manager.user_loader
def _load(session_id: str) -> Account | None:
    user_id, _, stamp = session_id.partition(".")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or not hmac.compare_digest(stamp, password_stamp(user)):
        return None
    return Account(user)


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of ``password`` (werkzeug's format)."""
    return generate_password_hash(password)


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with this name and password, else ``None`` (same time either way)."""
    user = db.session.execute(db.select(User).filter_by(username=username.strip())).scalar_one_or_none()
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    return user if valid and user is not None and user.active else None


def audit(action: str, target: str, **detail: Any) -> None:
    """Record ``action`` on ``target`` by the logged-in user from the request's IP (committed by
    the caller, with the change it describes)."""
    user = current_user.user if current_user.is_authenticated else None
    record(action, target, user=user, ip=request.remote_addr, detail=detail or None)


def admin_required(view: Callable) -> Callable:
    """Decorator: 403 for anyone but an admin (login itself is enforced for the whole blueprint)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not (current_user.is_authenticated and current_user.is_admin):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def session_expired() -> bool:
    """True when the logged-in session is older than :data:`SESSION_HOURS` (or has no start)."""
    started = session.get("review_login_at")
    return started is None or time.time() - started > SESSION_HOURS * 3600


@review.before_request
def _require_login():
    """Send anonymous users to the login page (pages and recordings alike); end old sessions."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated and session_expired():
        logout_user()
        flash("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.", "info")
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@review.before_request
def _check_csrf():
    # Here, for this blueprint only: the Twilio webhooks are signed, cookie-less POSTs that
    # must not be asked for a CSRF token. Runs after the login check, so anonymous users are
    # redirected rather than told about tokens.
    if request.method == "POST":
        csrf.protect()


def _safe_next(target: str | None) -> str:
    """Only a path on this dashboard may be a redirect target (no open redirect to another site)."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/review/") or "\\" in target:
        return url_for("review.queue")
    return target


@review.route("/login", methods=["GET", "POST"])
def login():
    """GET: the login form. POST: log in and go to ``next`` (or the queue); wrong credentials
    re-show the form with 200 and count towards the throttle (429 page once exceeded)."""
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("review.queue"))
    if not form.validate_on_submit():
        return render_template("review/login.html", form=form)
    user = authenticate(form.username.data, form.password.data)
    if user is None:
        g.login_failed = True
        record("login_failed", "login", actor="anonymous", ip=request.remote_addr,
               detail={"username": form.username.data[:80]})
        db.session.commit()
        flash("Tên đăng nhập hoặc mật khẩu không đúng.", "error")
        return render_template("review/login.html", form=form)
    return _start_session(user)


def _start_session(user: User):
    session.clear()  # nothing from before the login survives it (session fixation)
    login_user(Account(user))
    session["review_login_at"] = time.time()
    user.last_login_at = utcnow()
    record("login", f"user:{user.id}", user=user, ip=request.remote_addr)
    db.session.commit()
    return redirect(_safe_next(request.args.get("next")))


@review.post("/logout")
def logout():
    """Log out (POST with CSRF, so another site cannot log a volunteer out) and show the login form."""
    if current_user.is_authenticated:  # the CSRF token was checked by _check_csrf
        audit("logout", f"user:{current_user.id}")
        db.session.commit()
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("review.login"))


def _client_ip() -> str:
    return f"ip:{request.remote_addr or '?'}"


def _posted_username() -> str:
    return "user:" + (request.form.get("username") or "").strip().lower()[:80]


def _failed_login(_response) -> bool:
    return bool(g.get("login_failed"))


def _limits_uri(redis_url: str | None) -> str:
    """``REDIS_URL`` in the ``limits`` library's spelling (``unix://`` is ``redis+unix://``
    there); ``memory://`` without one."""
    if not redis_url:
        return "memory://"
    return "redis+" + redis_url if redis_url.startswith("unix://") else redis_url


def install_throttle(app) -> Limiter:
    """Create this app's limiter and wrap the login view with the failed-login limits.

    Storage: ``RATELIMIT_STORAGE_URI`` if set, else ``REDIS_URL`` (shared by every web worker),
    else process memory (each gunicorn worker then counts on its own).
    """
    storage = app.config.get("RATELIMIT_STORAGE_URI") or _limits_uri(app.config.get("REDIS_URL"))
    # in_memory_fallback: if Redis goes away, count in this process rather than fail every login.
    limiter = Limiter(key_func=_client_ip, storage_uri=storage, key_prefix="review",
                      in_memory_fallback_enabled=True)
    limiter.init_app(app)
    limit = app.config.get("REVIEW_LOGIN_LIMIT", LOGIN_LIMIT)
    view = app.view_functions["review.login"]
    for key_func, scope in ((_client_ip, "login-ip"), (_posted_username, "login-user")):
        view = limiter.limit(limit, key_func=key_func, scope=scope, methods=["POST"],
                             deduct_when=_failed_login)(view)
    app.view_functions["review.login"] = view
    app.extensions["review.limiter"] = limiter
    return limiter
