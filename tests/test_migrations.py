"""Migrations: upgrade from empty matches the models, and downgrade removes everything.

Runs on the database the suite runs on: a fresh SQLite file, or a separate PostgreSQL schema.
"""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from dialog import create_app
from dialog.config import TestConfig
from dialog.extensions import db

from .conftest import POSTGRES_URL, TEST_DB


@pytest.fixture
def migration_app(tmp_path):
    if TEST_DB == "postgres":
        schema = f"migr_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = POSTGRES_URL
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        options = {}
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options)
    yield app
    with app.app_context():
        db.engine.dispose()
    if TEST_DB == "postgres":
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _include_object(obj, name, type_, reflected, compare_to):
    from dialog.contributions.search import NON_MODEL_OBJECTS

    return not (
        reflected and compare_to is None and any((name or "").startswith(prefix) for prefix in NON_MODEL_OBJECTS)
    )


def test_upgrade_from_empty_matches_models_and_downgrade_empties(migration_app):
    with migration_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "compare_server_default": False,
                    "include_object": _include_object,
                },
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"areas", "topics", "theme_groups", "users", "organisations"} <= tables
        if db.engine.dialect.name == "sqlite":
            assert "contributions_fts" in tables
            with db.engine.connect() as conn:
                triggers = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
            assert {"contributions_fts_ai", "contributions_fts_ad", "contributions_fts_au"} <= triggers
        else:
            indexes = {i["name"] for i in inspect(db.engine).get_indexes("contributions")}
            assert "ix_contributions_fulltext" in indexes

        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()

        upgrade()  # and back up again: the downgrade left nothing behind that breaks it


def test_fallback_uniqueness_is_a_database_rule(app, factories):
    import sqlalchemy.exc

    district = factories.area("d")
    factories.group("one", district=district, fallback=True)
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        factories.group("two", district=district, fallback=True)
    db.session.rollback()
