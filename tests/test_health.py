"""Health probes, and degrading instead of failing: the database and Redis going away and coming back.

The fault tests start their own PostgreSQL and Redis on free loopback ports (bench/services.py);
the machine's shared servers are never touched.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from flask_migrate import stamp, upgrade
from sqlalchemy import text

from bench.services import ThrowawayPostgres, ThrowawayRedis, postgres_available, redis_available
from dialog import create_app
from dialog.config import TestConfig
from dialog.extensions import db, limiter


def test_healthz_answers_the_allowed_addresses_only(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    assert client.get("/readyz", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404


def test_readyz_needs_the_migrations_at_head(client, app):
    response = client.get("/readyz")  # the test database is made by create_all: never stamped
    assert response.status_code == 503
    assert response.json["checks"]["database"]["migrations_at_head"] is False
    try:
        stamp(directory=app.extensions["migrate"].directory)
        response = client.get("/readyz")
        assert response.status_code == 200, response.json
        assert response.json["checks"]["queue"] == {"ok": True, "backend": "in-process", "depth": 0}
    finally:
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()


def test_allowed_networks_are_configurable(client, app):
    app.config["HEALTH_ALLOWED_NETWORKS"] = "10.0.0.0/8, 192.0.2.7"
    try:
        assert client.get("/healthz", environ_base={"REMOTE_ADDR": "10.20.30.40"}).status_code == 200
        assert client.get("/healthz", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
        assert client.get("/healthz").status_code == 404
    finally:
        app.config["HEALTH_ALLOWED_NETWORKS"] = "127.0.0.1/32,::1/128"


@contextmanager
def _own_app(**overrides):
    """A second app on its own servers; the shared limiter is put back afterwards."""
    saved = dict(limiter.__dict__)
    other = create_app(TestConfig, WTF_CSRF_ENABLED=False, SERVER_NAME="dialog.test", **overrides)
    limiter.enabled = False  # as in every other test; the Redis test turns it on itself
    try:
        with other.app_context():
            upgrade(directory=other.extensions["migrate"].directory)
        # Alembic's logging set-up disables the loggers that existed before it: wake ours again.
        for name, logger in logging.root.manager.loggerDict.items():
            if name.startswith(("dialog", "flask-limiter")) and isinstance(logger, logging.Logger):
                logger.disabled = False
        yield other
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)


needs_postgres = pytest.mark.skipif(not postgres_available(), reason="PostgreSQL binaries not installed")
needs_redis = pytest.mark.skipif(not redis_available(), reason="redis-server not installed")


@needs_postgres
def test_database_restart_gives_a_translated_503_then_recovers_by_itself(tmp_path):
    with ThrowawayPostgres() as pg, _own_app(SQLALCHEMY_DATABASE_URI=pg.url, MAIL_OUTBOX_DIR=str(tmp_path)) as other:
        client = other.test_client()
        client.set_cookie("dialog_lang", "ar", domain="dialog.test")
        assert client.get("/").status_code == 200
        assert client.get("/readyz").status_code == 200
        pg.stop("immediate")
        # The first probe after the database went away already says "not ready".
        probe = client.get("/readyz")
        assert probe.status_code == 503 and probe.json["checks"]["database"]["ok"] is False
        for path in ("/", "/cafe", "/account/login"):
            down = client.get(path)
            html = down.get_data(as_text=True)
            if path == "/account/login":
                assert down.status_code in (200, 503)  # the login form itself needs no database
                continue
            assert down.status_code == 503, path
            assert int(down.headers["Retry-After"]) > 0
            assert '<html lang="ar" dir="rtl">' in html and "Traceback" not in html
        pg.start()
        assert client.get("/").status_code == 200
        assert client.get("/readyz").status_code == 200


@needs_postgres
def test_a_signed_in_page_during_the_outage_is_a_503_not_a_500(tmp_path):
    from tests.factories import Factories

    with ThrowawayPostgres() as pg, _own_app(SQLALCHEMY_DATABASE_URI=pg.url, MAIL_OUTBOX_DIR=str(tmp_path)) as other:
        client = other.test_client()
        with other.app_context():
            user = Factories().user()
            email = user.email
        client.post("/account/login", data={"email": email, "password": "a-good-password-123"})
        assert client.get("/account/profile").status_code == 200
        pg.stop("immediate")
        assert client.get("/account/profile").status_code == 503
        assert client.post("/account/profile", data={"display_name": "X", "language": "sv"}).status_code == 503
        pg.start()
        assert client.get("/account/profile").status_code == 200


@needs_redis
class _Records(logging.Handler):
    """Alembic's logging set-up (run by the upgrade) replaces the root handlers, caplog's too."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_with_redis_down_pages_serve_limits_fall_back_and_jobs_run_here(tmp_path):
    with (
        ThrowawayRedis() as redis,
        _own_app(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'r.sqlite3'}",
            MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
            REDIS_URL=redis.url,
            RATELIMIT_STORAGE_URI=redis.url,
            JOBS_INLINE=False,
        ) as other,
    ):
        limiter.enabled = True
        client = other.test_client()
        assert client.get("/").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json["checks"]["redis"]["ok"] is True
        assert ready.json["checks"]["queue"]["backend"] == "rq"
        redis.stop()
        seen = _Records()
        logging.getLogger("dialog.notifications.jobs").addHandler(seen)
        logging.getLogger("flask-limiter").addHandler(seen)
        assert client.get("/").status_code == 200
        assert client.post("/account/login", data={"email": "a@b.se", "password": "x"}).status_code == 200
        probe = client.get("/readyz")
        assert probe.status_code == 503 and probe.json["checks"]["redis"]["ok"] is False
        # A job queued now runs in this process instead of being lost.
        ran = []
        from dialog.notifications import jobs

        registry = jobs._registry

        def _with_probe():
            table = registry()
            table["probe"] = lambda value: ran.append(value)
            return table

        jobs._registry = _with_probe
        try:
            with other.app_context():
                jobs.enqueue("probe", 7)
            jobs._thread_pool().submit(lambda: None).result(timeout=10)
            deadline = __import__("time").monotonic() + 10
            while not ran and __import__("time").monotonic() < deadline:
                __import__("time").sleep(0.05)
        finally:
            jobs._registry = registry
        assert ran == [7]
        messages = [r.getMessage() for r in seen.records]
        assert any("Redis queue unreachable" in m for m in messages), messages
        assert any("falling back to in-memory" in m for m in messages), messages
        redis.start()
        assert client.get("/readyz").status_code == 200
        limiter.enabled = False


def test_a_database_error_after_the_user_was_loaded_is_a_503(tmp_path):
    """The drill's case: the user's row was read, then the connection died during the view."""
    from flask_login import current_user
    from sqlalchemy.exc import OperationalError

    from tests.factories import Factories

    with _own_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'd.sqlite3'}", MAIL_OUTBOX_DIR=str(tmp_path)
    ) as other:

        @other.get("/_connection_dies")
        def connection_dies():
            assert current_user.is_authenticated
            raise OperationalError("SELECT 1", {}, Exception("terminating connection due to administrator command"))

        client = other.test_client()
        with other.app_context():
            email = Factories().user().email
        client.post("/account/login", data={"email": email, "password": "a-good-password-123"})
        response = client.get("/_connection_dies")
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert client.get("/account/profile").status_code == 200  # and the next request is fine
