"""Fixtures: one app per test session on SQLite or PostgreSQL, a clean database per test.

``DIALOG_TEST_DB=postgres`` runs the same tests on PostgreSQL (``TEST_DATABASE_URL``,
default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import event

from dialog import create_app
from dialog.config import TestConfig
from dialog.extensions import db

from .factories import Factories

TEST_DB = os.environ.get("DIALOG_TEST_DB", "sqlite")
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def database_url(tmp_path: Path) -> str:
    if TEST_DB == "postgres":
        url = POSTGRES_URL
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dialog")
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url(tmp),
        MAIL_OUTBOX_DIR=str(tmp / "outbox"),
        WTF_CSRF_ENABLED=False,
        SERVER_NAME="dialog.test",
    )
    from flask import g

    from dialog.extensions import limiter

    @app.before_request
    def _per_request_csrf():
        # Tests keep one app context pushed, so ``g`` outlives a request; a real server
        # gives every request a fresh ``g``. Drop Flask-WTF's per-request token cache.
        g.pop("csrf_token", None)

    limiter.enabled = False  # see the ``rate_limits`` fixture
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request, app):
    """Empty every table and the outbox after each test."""
    from dialog.extensions import limiter

    # Any create_app() (e.g. in the migration tests) re-enables the shared limiter.
    limiter.enabled = False
    ctx = app.app_context()
    ctx.push()
    yield
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    db.session.remove()
    ctx.pop()
    from dialog.core import cache

    cache.clear()  # the versions restart with the emptied database
    outbox = Path(app.config["MAIL_OUTBOX_DIR"])
    if outbox.exists():
        for message in outbox.glob("*.eml"):
            message.unlink()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factories(app):
    return Factories()


@pytest.fixture
def login(client):
    """Log a user in through the real login form."""

    from .two_factor_helpers import complete_second_factor

    def do_login(user, password="a-good-password-123"):
        response = client.post("/account/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        # Staff and admins: the second step, with a code computed as their app would.
        response = complete_second_factor(client, response, user.id)
        assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]
        return user

    return do_login


@pytest.fixture
def csrf_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def rate_limits(app):
    """Turn rate limiting on (it is off in tests) with a fresh memory store."""
    from dialog.extensions import limiter

    limiter.enabled = True
    limiter.reset()
    yield limiter
    limiter.reset()
    limiter.enabled = False


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside a ``with count_queries() as counter:`` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def before_cursor_execute(conn, cursor, statement, *args):
            if not re.match(r"\s*(SAVEPOINT|RELEASE|PRAGMA)", statement, re.I):
                statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return counting


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in page"
    return match.group(1)


@pytest.fixture(autouse=True)
def _every_xlsform_export_converts(monkeypatch):
    """Every XLSForm export in the suite goes through pyxform's own conversion (xls2xform)."""
    import sys

    from pyxform.xls2xform import convert

    from dialog.surveys import xlsform

    original = xlsform.export_workbook

    def checked(survey):
        data = original(survey)
        result = convert(data, file_type=".xlsx")
        assert "<h:html" in result.xform, "pyxform did not convert the exported XLSForm"
        return data

    for module in list(sys.modules.values()):
        if (getattr(module, "__name__", "") or "").startswith("dialog") and getattr(
            module, "export_workbook", None
        ) is original:
            monkeypatch.setattr(module, "export_workbook", checked)
