"""Full-text search over contributions: FTS5 on SQLite, a GIN expression index on PostgreSQL.

Revision ID: 0003_contribution_search
Revises: 0002_contributions
Create Date: 2026-11-23

Written by hand (autogenerate cannot see these objects); the statements mirror
dialog/contributions/search.py, which creates the same objects for ``create_all``.
"""
from alembic import op

revision = '0003_contribution_search'
down_revision = '0002_contributions'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS contributions_fts USING fts5("
    "title, place, body, content='contributions', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS contributions_fts_ai AFTER INSERT ON contributions BEGIN "
    "INSERT INTO contributions_fts(rowid, title, place, body) VALUES (new.id, new.title, new.place, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS contributions_fts_ad AFTER DELETE ON contributions BEGIN "
    "INSERT INTO contributions_fts(contributions_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS contributions_fts_au AFTER UPDATE OF title, place, body ON contributions BEGIN "
    "INSERT INTO contributions_fts(contributions_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); "
    "INSERT INTO contributions_fts(rowid, title, place, body) VALUES (new.id, new.title, new.place, new.body); END",
    "INSERT INTO contributions_fts(contributions_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS contributions_fts_au",
    "DROP TRIGGER IF EXISTS contributions_fts_ad",
    "DROP TRIGGER IF EXISTS contributions_fts_ai",
    "DROP TABLE IF EXISTS contributions_fts",
]
PG_UP = [
    "CREATE INDEX IF NOT EXISTS ix_contributions_fulltext ON contributions USING gin "
    "((to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || body)))",
]
PG_DOWN = ["DROP INDEX IF EXISTS ix_contributions_fulltext"]


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(PG_UP)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(PG_DOWN)
