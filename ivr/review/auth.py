"""Who is using the dashboard: login, logout, roles, login throttling, and the audit helper.

- Passwords are hashed with ``werkzeug.security`` (scrypt); an unknown name is checked against a
  dummy hash so the answer takes as long as for a real name (no user enumeration by timing).
- A session lives on the server (``ivr.models.ReviewSession``): the cookie holds a random token
  whose hash is a row, so logging out (the row is deleted) ends it even for a copy of the cookie.
  Flask-Login's id is ``<user id>.<password stamp>.<token>`` (its "alternative tokens",
  https://flask-login.readthedocs.io/en/latest/#alternative-tokens); the stamp changes with the
  password hash, and a password reset or a deactivation also deletes every row of the user.
- Sessions end :data:`SESSION_HOURS` after login, however active, because volunteers use shared
  phones.
- Failed logins are throttled (Flask-Limiter, one limiter per app so tests and app instances never
  share counters; in Redis when ``REDIS_URL`` is set, so every web worker counts together); only
  failures count. Three limits, so that one person mistyping, or a guesser, locks out neither the
  rest of an office behind the same address nor the account's owner (OWASP, "Slow Down Online
  Guessing Attacks with Device Cookies",
  https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies):

  * per client and account: ``REVIEW_LOGIN_LIMIT`` failures for one name from one client (its
    address, or its device cookie when it has one for that name);
  * per account: the same number for one name from all clients without a device cookie for it;
  * per address: ``REVIEW_LOGIN_IP_LIMIT`` failures from one address, all names together
    (higher: many volunteers may share an office's or a carrier's address).

  A browser that logged in as a name before holds a signed device cookie for it and is held only
  by the first limit, so a guesser elsewhere cannot lock the owner out. The client's address is
  ``request.remote_addr``, which is the proxy's unless ``TRUSTED_PROXY_COUNT`` says how many
  proxies' ``X-Forwarded-For`` to believe (app.py, ProxyFix).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import timedelta
from functools import wraps
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import (abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_limiter import Limiter
from flask_login import LoginManager, current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from ivr.audit import record
from ivr.models import ReviewSession, User, db, utcnow
from ivr.review.blueprint import csrf, review
from ivr.review.forms import LoginForm

SESSION_HOURS = 12
LOGIN_LIMIT = "5 per minute"  # failures per client and account, and per account (REVIEW_LOGIN_LIMIT)
LOGIN_IP_LIMIT = "30 per minute"  # failures per address, all accounts (REVIEW_LOGIN_IP_LIMIT)
DEVICE_COOKIE = "review_device"
DEVICE_DAYS = 180  # how long a browser stays known for the names that logged in on it
DEVICE_NAMES = 8  # names one device cookie remembers (a shared phone)
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

    def __init__(self, user: User, token: str):
        self.user = user
        self.token = token

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)

    @property
    def is_active(self) -> bool:
        return bool(self.user.active)

    def get_id(self) -> str:
        return f"{self.user.id}.{password_stamp(self.user)}.{self.token}"


def password_stamp(user: User) -> str:
    """16 hex characters that change whenever the user's password hash changes (keyed, so the
    session cookie, which is signed but readable, reveals nothing about the hash)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:16]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def _load(session_id: str) -> Account | None:
    """The account of a live session: its row exists and is younger than :data:`SESSION_HOURS`,
    the user is active and the password unchanged since login; else ``None`` (logged out)."""
    user_id, _, rest = session_id.partition(".")
    stamp, _, token = rest.partition(".")
    if not (user_id.isascii() and user_id.isdigit() and token):
        return None
    since = utcnow() - timedelta(hours=SESSION_HOURS)
    user = db.session.scalar(
        db.select(User).join(ReviewSession, ReviewSession.user_id == User.id)
        .where(ReviewSession.id == _digest(token)).where(User.id == int(user_id))
        .where(ReviewSession.created_at > since))
    if user is None or not user.active or not hmac.compare_digest(stamp, password_stamp(user)):
        return None
    return Account(user, token)


def open_session(user: User) -> str:
    """Add a server-side session for ``user`` (the caller commits) and return its token; sessions
    older than :data:`SESSION_HOURS`, of anyone, are removed on the way."""
    db.session.execute(db.delete(ReviewSession).where(
        ReviewSession.created_at <= utcnow() - timedelta(hours=SESSION_HOURS)))
    token = secrets.token_urlsafe(32)
    db.session.add(ReviewSession(id=_digest(token), user_id=user.id, created_at=utcnow()))
    return token


def end_session(token: str) -> None:
    """Delete the session of ``token`` (the caller commits): its cookie no longer logs anyone in."""
    db.session.execute(db.delete(ReviewSession).where(ReviewSession.id == _digest(token)))


def end_sessions(user: User) -> int:
    """Delete every session of ``user`` (the caller commits); return how many there were.
    Used on a password change and a deactivation."""
    result = db.session.execute(db.delete(ReviewSession).where(ReviewSession.user_id == user.id))
    return result.rowcount or 0


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
    """Only a path on this dashboard, or the browser phone (``/phone``, issue 13), may be a
    redirect target (no open redirect to another site)."""
    parts = urlsplit(target or "")
    ours = parts.path.startswith("/review/") or parts.path in ("/phone", "/phone/")
    if parts.scheme or parts.netloc or not ours or "\\" in target:
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
    token = open_session(user)
    login_user(Account(user, token))
    session["review_login_at"] = time.time()
    user.last_login_at = utcnow()
    record("login", f"user:{user.id}", user=user, ip=request.remote_addr)
    db.session.commit()
    response = redirect(_safe_next(request.args.get("next")))
    _remember_device(response, user.username)
    return response


@review.post("/logout")
def logout():
    """Log out (POST with CSRF, so another site cannot log a volunteer out) and show the login form."""
    if current_user.is_authenticated:  # the CSRF token was checked by _check_csrf
        audit("logout", f"user:{current_user.id}")
        end_session(current_user.token)
        db.session.commit()
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("review.login"))


def _device_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="review-device")


def _device() -> dict:
    """This browser's device cookie, checked: ``{"id": str, "names": [lower-cased names]}``;
    ``{}`` when it has none, or a forged or expired one."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        value = _device_signer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:  # includes SignatureExpired
        return {}
    return value if isinstance(value, dict) and isinstance(value.get("names"), list) else {}


def _remember_device(response, username: str) -> None:
    """Mark this browser as one ``username`` logged in from (a signed cookie, no personal data but
    the names)."""
    device = _device()
    name = username.strip().lower()
    names = [name] + [other for other in device.get("names", []) if other != name]
    value = {"id": device.get("id") or secrets.token_urlsafe(16), "names": names[:DEVICE_NAMES]}
    config = current_app.config
    response.set_cookie(DEVICE_COOKIE, _device_signer().dumps(value), max_age=DEVICE_DAYS * 86400,
                        path="/review/", secure=config["SESSION_COOKIE_SECURE"], httponly=True,
                        samesite="Lax")


def _posted_name() -> str:
    return (request.form.get("username") or "").strip().lower()[:80]


def _known_device() -> bool:
    """True when this browser logged in before as the name now posted."""
    return _posted_name() in _device().get("names", [])


def _client_ip() -> str:
    return f"ip:{request.remote_addr or '?'}"


def _client_and_account() -> str:
    client = f"device:{_device()['id']}" if _known_device() else _client_ip()
    return f"{client}|user:{_posted_name()}"


def _posted_username() -> str:
    return "user:" + _posted_name()


def _failed_login(_response) -> bool:
    return bool(g.get("login_failed"))


def _limits_uri(redis_url: str | None) -> str:
    """``REDIS_URL`` in the ``limits`` library's spelling (``unix://`` is ``redis+unix://``
    there); ``memory://`` without one."""
    if not redis_url:
        return "memory://"
    return "redis+" + redis_url if redis_url.startswith("unix://") else redis_url


def install_throttle(app) -> Limiter:
    """Create this app's limiter and wrap the login view with the failed-login limits (see the
    module docstring: per client and account, per account, per address).

    Storage: ``RATELIMIT_STORAGE_URI`` if set, else ``REDIS_URL`` (shared by every web worker),
    else process memory (each gunicorn worker then counts on its own). Counters are named after
    ``JOBS_QUEUE_NAME`` too, so hotlines sharing one Redis do not share them.
    """
    storage = app.config.get("RATELIMIT_STORAGE_URI") or _limits_uri(app.config.get("REDIS_URL"))
    # in_memory_fallback: if Redis goes away, count in this process rather than fail every login.
    limiter = Limiter(key_func=_client_ip, storage_uri=storage,
                      key_prefix=f"review:{app.config.get('JOBS_QUEUE_NAME', 'hotline')}",
                      in_memory_fallback_enabled=True)
    limiter.init_app(app)
    limit = app.config.get("REVIEW_LOGIN_LIMIT") or LOGIN_LIMIT
    ip_limit = app.config.get("REVIEW_LOGIN_IP_LIMIT") or LOGIN_IP_LIMIT
    view = app.view_functions["review.login"]
    for value, key_func, scope, exempt in (
            (limit, _client_and_account, "login-client", None),
            (limit, _posted_username, "login-user", _known_device),
            (ip_limit, _client_ip, "login-ip", _known_device)):
        view = limiter.limit(value, key_func=key_func, scope=scope, methods=["POST"],
                             deduct_when=_failed_login, exempt_when=exempt)(view)
    app.view_functions["review.login"] = view
    app.extensions["review.limiter"] = limiter
    return limiter
