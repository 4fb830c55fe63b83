"""SQLite write transactions queue on the database's lock file (ivr.sqlite)."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

import ivr.models  # noqa: F401  (registers the SQLite listeners, as the app does)
from ivr.sqlite import QUEUE_SUFFIX, QueuedWriterConnection


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    yield engine
    engine.dispose()


def _dbapi(connection: sa.Connection):
    return connection.connection.dbapi_connection


def test_a_transaction_holds_the_queue_until_commit(engine, tmp_path):
    with engine.connect() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert isinstance(_dbapi(connection), QueuedWriterConnection)
        assert _dbapi(connection)._holder is not None
        connection.commit()
        assert _dbapi(connection)._holder is None
    assert (tmp_path / f"queue.sqlite3{QUEUE_SUFFIX}").exists()


def test_a_second_writer_starts_only_after_the_first_commits(engine):
    order: list[str] = []
    started = threading.Event()

    def second_writer():
        started.set()
        with engine.begin() as connection:
            order.append("second began")
            connection.exec_driver_sql("INSERT INTO t VALUES (2)")

    with engine.connect() as first:
        first.exec_driver_sql("INSERT INTO t VALUES (1)")
        thread = threading.Thread(target=second_writer)
        thread.start()
        started.wait(5)
        thread.join(0.3)
        assert thread.is_alive(), "the second writer began while the first held the database"
        order.append("first commits")
        first.commit()
    thread.join(10)
    assert not thread.is_alive()
    assert order == ["first commits", "second began"]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar_one() == 2


def test_a_thread_holding_the_queue_is_not_made_to_wait_for_itself(engine):
    errors: list[Exception] = []

    def same_thread_twice():
        with engine.connect() as first, engine.connect() as second:
            first.exec_driver_sql("INSERT INTO t VALUES (1)")
            _dbapi(second).execute("PRAGMA busy_timeout=50")
            try:  # SQLite's own answer, as without the queue: locked (after 50 ms)
                second.exec_driver_sql("INSERT INTO t VALUES (2)")
            except sa.exc.OperationalError as error:
                errors.append(error)
            assert _dbapi(second)._holder is None
            first.commit()

    thread = threading.Thread(target=same_thread_twice, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "the second connection waited for its own thread's turn"
    assert len(errors) == 1 and "locked" in str(errors[0])


def test_a_rollback_gives_the_turn_back(engine):
    with engine.connect() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        connection.rollback()
        assert _dbapi(connection)._holder is None
    with engine.begin() as connection:  # would block forever if the turn were still held
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar_one() == 0


def test_an_in_memory_database_has_no_queue():
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert _dbapi(connection)._queue_fd is None
    engine.dispose()
