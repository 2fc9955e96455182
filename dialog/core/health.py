"""Health probes and degrading instead of failing when the database goes away.

``/healthz`` says the process answers. ``/readyz`` checks the database (reachable, migrations at
head), Redis when configured, and reports the job queue's depth; it answers 503 as soon as a check
fails, so a proxy or monitor takes the server out of rotation within one probe interval. Both are
only answered to addresses in ``HEALTH_ALLOWED_NETWORKS`` (others get a 404).

While the database restarts, any request that needs it gets a translated 503 page with
``Retry-After`` instead of an error trace; the connection pool's pre-ping replaces dead
connections, so the app recovers by itself when the database is back.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import time

from alembic.script import ScriptDirectory
from flask import Blueprint, abort, current_app, g, jsonify, render_template, request
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from ..extensions import db

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)

#: Errors that mean "the database cannot be reached right now", not "the code is wrong".
DATABASE_ERRORS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError)
RETRY_AFTER_SECONDS = 15


class DatabaseUnavailable(HTTPException):
    code = 503
    description = "The database is not reachable."


# -- probes ------------------------------------------------------------------------------


def _allowed() -> bool:
    spec = current_app.config.get("HEALTH_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")
    try:
        address = ipaddress.ip_address((request.remote_addr or "").split("%")[0])
    except ValueError:
        return False
    for network in filter(None, (part.strip() for part in spec.split(","))):
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            log.warning("HEALTH_ALLOWED_NETWORKS has a bad entry: %r", network)
    return False


_heads: set[str] | None = None


def migration_heads() -> set[str]:
    """The revisions the code expects (read once per process from migrations/)."""
    global _heads
    if _heads is None:
        directory = current_app.extensions["migrate"].directory
        _heads = set(ScriptDirectory(directory).get_heads())
    return _heads


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            try:
                applied = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
            except sa_exc.DatabaseError:
                applied = set()
    except Exception as error:  # noqa: BLE001 — any failure means "not ready"
        return {"ok": False, "error": type(error).__name__}
    at_head = applied == migration_heads()
    return {
        "ok": at_head,
        "migrations_at_head": at_head,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def redis_client():
    from redis import Redis  # local: only with REDIS_URL set; other set-ups never load redis

    return Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=1)


#: Set by the job queue (``notifications.jobs``, a layer above): its RQ queue's name and how many
#: jobs wait in this process when there is no Redis.
_queue = {"name": "dialog", "in_process_depth": lambda: 0}


def register_queue(name: str, in_process_depth) -> None:
    _queue.update(name=name, in_process_depth=in_process_depth)


def check_redis_and_queue() -> tuple[dict | None, dict]:
    if not current_app.config.get("REDIS_URL"):
        return None, {"ok": True, "backend": "in-process", "depth": _queue["in_process_depth"]()}
    try:
        client = redis_client()
        client.ping()
        from rq import Queue  # local: only with REDIS_URL set, like redis above

        depth = Queue(_queue["name"], connection=client).count
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "error": type(error).__name__}, {"ok": False, "backend": "rq", "depth": None}
    limit = current_app.config.get("READY_MAX_QUEUE_DEPTH") or 0
    return {"ok": True}, {"ok": not limit or depth <= limit, "backend": "rq", "depth": depth}


@bp.get("/healthz")
def healthz():
    if not _allowed():
        abort(404)
    return jsonify(status="ok"), 200, {"Cache-Control": "no-store"}


@bp.get("/readyz")
def readyz():
    if not _allowed():
        abort(404)
    checks = {"database": check_database()}
    redis_check, queue_check = check_redis_and_queue()
    if redis_check is not None:
        checks["redis"] = redis_check
    checks["queue"] = queue_check
    ready = all(check["ok"] for check in checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return jsonify(body), 200 if ready else 503, {"Cache-Control": "no-store"}


# -- degrading ----------------------------------------------------------------------------


def load_user_or_unavailable(load):
    """Wrap the login manager's user loader: a database outage becomes a 503, once per request."""

    def loader(user_id: str):
        if g.get("database_unavailable"):
            return None  # after_request hooks ask again: answer as anonymous, do not raise twice
        try:
            return load(user_id)
        except DATABASE_ERRORS as error:
            g.database_unavailable = True
            _reset_session()
            raise DatabaseUnavailable() from error

    return loader


def _reset_session() -> None:
    with contextlib.suppress(Exception):  # the connection is gone; the pool replaces it
        db.session.rollback()
    db.session.remove()
    # The signed-in user's row can no longer be read: the rest of this request (the 503 page, the
    # response headers) sees an anonymous visitor instead of touching the database again.
    g._login_user = current_app.login_manager.anonymous_user()


@bp.app_errorhandler(DatabaseUnavailable)
def _database_unavailable(error):
    return unavailable_page()


def _database_error(error):
    g.database_unavailable = True
    log.warning("Database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    _reset_session()
    return unavailable_page()


for _error in DATABASE_ERRORS:
    bp.app_errorhandler(_error)(_database_error)


def unavailable_page():
    """The translated 'back soon' page; it needs nothing from the database."""
    return (
        render_template("errors/unavailable.html", retry_after=RETRY_AFTER_SECONDS),
        503,
        {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


def _close_session_quietly(exc) -> None:
    """End the request's session before Flask-SQLAlchemy does, without letting a dead connection
    turn an answered request into a 500 (its rollback fails when the database went away)."""
    try:
        db.session.remove()
    except DATABASE_ERRORS:
        log.warning("Database connection lost while closing the request's session")
        try:
            db.session.remove()  # the dead connection is invalidated now: closing works
        except Exception:  # noqa: BLE001
            db.session.registry.clear()


# Runs before Flask-SQLAlchemy's own teardown (registered later, so called earlier).
bp.record_once(lambda state: state.app.teardown_appcontext(_close_session_quietly))
