"""Sessions that end when they should, and login limits that stop guessers without locking out
the people behind the same address (issue 10), on SQLite and PostgreSQL; the shared counters on
the real Redis at 127.0.0.1:6379."""
from __future__ import annotations

import os
import secrets

import pytest
import redis
import sqlalchemy as sa

from ivr.models import ReviewSession, db
from tests.conftest import make_app
from tests.review.conftest import Reviewer, add_users, csrf_token

REDIS_URL = "redis://127.0.0.1:6379/0"


def copy_of(app, client):
    """A second browser holding a copy of ``client``'s session cookie (what a thief would use)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def session_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ReviewSession))


def test_a_copied_session_cookie_stops_working_after_logout(app, volunteer):
    thief = copy_of(app, volunteer.client)
    assert thief.get("/review/").status_code == 200  # the copy works while the session lives
    assert volunteer.post("/review/logout").status_code == 302
    response = thief.get("/review/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/review/login")
    assert session_rows(app) == 0


def test_logout_ends_only_that_session(app, users):
    phone, laptop = Reviewer(app.test_client()), Reviewer(app.test_client())
    assert phone.login("lan").status_code == 302 and laptop.login("lan").status_code == 302
    phone.post("/review/logout")
    assert phone.client.get("/review/").status_code == 302
    assert laptop.client.get("/review/").status_code == 200


def test_a_password_reset_ends_every_session_even_copied_ones(app, volunteer):
    thief = copy_of(app, volunteer.client)
    result = app.test_cli_runner().invoke(args=["users", "reset-password", "lan", "--password-stdin"],
                                          input="một mật khẩu mới dài\n")
    assert result.exit_code == 0 and "1 open session(s) ended" in result.output, result.output
    assert thief.get("/review/").status_code == 302 and volunteer.client.get("/review/").status_code == 302
    assert session_rows(app) == 0
    assert Reviewer(app.test_client()).login("lan", "một mật khẩu mới dài").status_code == 302


def test_a_session_older_than_twelve_hours_is_refused_by_the_server(app, volunteer):
    with app.app_context():
        db.session.execute(sa.update(ReviewSession).values(
            created_at=sa.func.current_timestamp() - sa.text("INTERVAL '13 hours'")
            if db.engine.dialect.name == "postgresql" else sa.text("datetime('now', '-13 hours')")))
        db.session.commit()
    assert volunteer.client.get("/review/").status_code == 302


def test_a_forged_session_id_opens_nothing(app, users):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{users['admin']}.0123456789abcdef.{secrets.token_urlsafe(32)}"
        session["review_login_at"] = 9e12
    assert client.get("/review/").status_code == 302


# ---- flask users deactivate / activate ----

def test_deactivating_an_account_ends_its_sessions_and_stops_logins(app, volunteer):
    thief = copy_of(app, volunteer.client)
    result = app.test_cli_runner().invoke(args=["users", "deactivate", "lan"])
    assert result.exit_code == 0 and "lan deactivated" in result.output, result.output
    assert volunteer.client.get("/review/").status_code == 302 and thief.get("/review/").status_code == 302
    again = Reviewer(app.test_client()).login("lan")
    assert again.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in again.get_data(as_text=True)
    listing = app.test_cli_runner().invoke(args=["users", "list"]).output
    assert "lan\tvolunteer\tinactive" in listing
    assert app.test_cli_runner().invoke(args=["users", "activate", "lan"]).exit_code == 0
    assert Reviewer(app.test_client()).login("lan").status_code == 302
    with app.app_context():
        from ivr.models import AuditEntry
        actions = list(db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.action.in_(("user_deactivate", "user_activate"))).order_by(AuditEntry.id)))
    assert actions == ["user_deactivate", "user_activate"]


def test_deactivating_an_unknown_user_fails(app, users):
    result = app.test_cli_runner().invoke(args=["users", "deactivate", "nobody"])
    assert result.exit_code == 1 and "no user named 'nobody'" in result.output


def test_a_deactivated_user_leaves_the_assignee_choices(app, admin, users):
    app.test_cli_runner().invoke(args=["users", "deactivate", "minh"])
    from tests.review.conftest import add_report
    page = admin.client.get(f"/review/reports/{add_report(app)}").get_data(as_text=True)
    assert f'value="{users["minh"]}"' not in page and f'value="{users["lan"]}"' in page


# ---- login limits ----

def _fail(client, username: str, ip: str):
    page = client.get("/review/login", environ_base={"REMOTE_ADDR": ip})
    return client.post("/review/login", environ_base={"REMOTE_ADDR": ip}, data={
        "username": username, "password": "wrong-password",
        "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_a_guesser_cannot_lock_the_admin_out_of_a_browser_the_admin_used_before(app, users):
    owner = Reviewer(app.test_client())
    assert owner.login("admin", environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code == 302
    owner.post("/review/logout", environ_base={"REMOTE_ADDR": "10.1.0.1"})
    guesser = app.test_client()
    for n in range(6):  # from many addresses, even the admin's own office address
        _fail(guesser, "admin", f"10.1.{n % 2}.{n}")
    assert _fail(guesser, "admin", "10.1.9.9").status_code == 429  # unknown browsers wait
    assert Reviewer(app.test_client()).login(
        "admin", environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code == 429
    # The admin's own browser, known from its earlier login, still gets in.
    assert owner.login("admin", environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code == 302


def test_a_known_browser_is_still_limited_on_its_own(app, users):
    owner = Reviewer(app.test_client())
    assert owner.login("lan").status_code == 302
    owner.post("/review/logout")
    for _ in range(5):
        assert _fail(owner.client, "lan", "10.2.0.1").status_code == 200
    assert _fail(owner.client, "lan", "10.2.0.2").status_code == 429


def test_a_forged_device_cookie_is_ignored(app, users):
    guesser = app.test_client()
    guesser.set_cookie("review_device", "eyJpZCI6IngiLCJuYW1lcyI6WyJhZG1pbiJdfQ.forged.sig",
                       path="/review/")
    for n in range(5):
        _fail(guesser, "admin", f"10.3.0.{n}")
    assert _fail(guesser, "admin", "10.3.1.1").status_code == 429


def test_one_address_trying_many_names_is_stopped(database_url, tmp_path):
    app = make_app(database_url, tmp_path, REVIEW_LOGIN_IP_LIMIT="6 per minute")
    add_users(app)
    client = app.test_client()
    codes = [_fail(client, f"name{n}", "10.4.0.1").status_code for n in range(7)]
    assert codes == [200] * 6 + [429]
    assert _fail(client, "name9", "10.4.0.2").status_code == 200
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def redis_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("Redis required but unreachable at 127.0.0.1:6379")
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    return REDIS_URL


def test_two_web_workers_count_failures_together_through_redis(database_url, tmp_path, redis_url):
    """Two apps (two gunicorn workers) with REDIS_URL: failures on either count towards one
    limit; with memory counters each would allow five."""
    queue = f"test-{secrets.token_hex(4)}"  # counters are named after the queue: no other run's
    workers = [make_app(database_url, tmp_path / str(n), REDIS_URL=redis_url, JOBS_QUEUE_NAME=queue)
               for n in (1, 2)]
    add_users(workers[0])
    clients = [worker.test_client() for worker in workers]
    codes = [_fail(clients[n % 2], "lan", "10.5.0.1").status_code for n in range(6)]
    assert codes == [200] * 5 + [429]
    keys = redis.Redis.from_url(redis_url).keys(f"*review:{queue}*")
    assert keys, "the counters are not in Redis"
    redis.Redis.from_url(redis_url).delete(*keys)
    for worker in workers:
        with worker.app_context():
            db.engine.dispose()


def test_the_proxy_count_decides_which_address_is_the_clients(database_url, tmp_path):
    """Behind one trusted proxy, clients are told apart by X-Forwarded-For; without the setting,
    a forged header changes nothing (everyone is the proxy)."""
    for count, expected in ((1, 200), (0, 429)):
        app = make_app(database_url, tmp_path / str(count), TRUSTED_PROXY_COUNT=count,
                       REVIEW_LOGIN_IP_LIMIT="3 per minute")
        client = app.test_client()

        def fail(forwarded):
            page = client.get("/review/login")
            return client.post("/review/login", headers={"X-Forwarded-For": forwarded}, data={
                "username": f"x{secrets.token_hex(2)}", "password": "wrong",
                "csrf_token": csrf_token(page.get_data(as_text=True))}).status_code

        for n in range(3):
            fail(f"10.6.0.{n}")
        assert fail("10.6.1.1") == expected, count
        with app.app_context():
            db.engine.dispose()


def test_the_sessions_migration_matches_the_model_and_downgrades(database_url, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import downgrade, upgrade
    from tests.conftest import ROOT
    app = make_app(database_url, tmp_path)
    with app.app_context():
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert [d for d in diff if "review_sessions" in repr(d)] == []
        downgrade(directory=str(ROOT / "migrations"), revision="0004")
        assert "review_sessions" not in sa.inspect(db.engine).get_table_names()
        upgrade(directory=str(ROOT / "migrations"))
        assert "review_sessions" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
