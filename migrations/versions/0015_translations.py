"""Machine translation: stored translations of contributions (with full-text search), machine-made
answer languages and their review, and the languages staff read.

Written by hand and reviewed: the FTS5 table and triggers (SQLite) and the GIN expression index
(PostgreSQL) mirror dialog/translation/search.py, which creates the same objects for
``create_all``. Downgrade drops everything this adds.

Revision ID: 0015_translations
Revises: 0014_staff_two_factor_retention
Create Date: 2026-12-04

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_translations"
down_revision = '0014_staff_two_factor_retention'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS contribution_translations_fts USING fts5("
    "title, place, body, content='contribution_translations', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS contribution_translations_fts_ai AFTER INSERT ON contribution_translations BEGIN "
    "INSERT INTO contribution_translations_fts(rowid, title, place, body) "
    "VALUES (new.id, new.title, new.place, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS contribution_translations_fts_ad AFTER DELETE ON contribution_translations BEGIN "
    "INSERT INTO contribution_translations_fts(contribution_translations_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS contribution_translations_fts_au AFTER UPDATE ON contribution_translations BEGIN "
    "INSERT INTO contribution_translations_fts(contribution_translations_fts, rowid, title, place, body) "
    "VALUES ('delete', old.id, old.title, old.place, old.body); "
    "INSERT INTO contribution_translations_fts(rowid, title, place, body) "
    "VALUES (new.id, new.title, new.place, new.body); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS contribution_translations_fts_au",
    "DROP TRIGGER IF EXISTS contribution_translations_fts_ad",
    "DROP TRIGGER IF EXISTS contribution_translations_fts_ai",
    "DROP TABLE IF EXISTS contribution_translations_fts",
]
PG_UP = [
    "CREATE INDEX IF NOT EXISTS ix_contribution_translations_fulltext ON contribution_translations USING gin "
    "((to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(body, ''))))",
]
PG_DOWN = ["DROP INDEX IF EXISTS ix_contribution_translations_fulltext"]


def upgrade():
    op.create_table(
        "contribution_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("source_language", sa.String(length=5), nullable=False),
        sa.Column("target_language", sa.String(length=5), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("backend", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('done', 'unsupported', 'failed')",
            name=op.f("ck_contribution_translations_translation_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_contribution_translations_contribution_id_contributions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_translations")),
        sa.UniqueConstraint("contribution_id", "target_language", name="uq_contribution_translations_target"),
    )
    op.create_index(
        "ix_contribution_translations_contribution_id", "contribution_translations", ["contribution_id"], unique=False
    )
    op.create_index(
        "ix_contribution_translations_hash",
        "contribution_translations",
        ["source_hash", "target_language"],
        unique=False,
    )
    op.create_table(
        "answer_translations",
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("source_language", sa.String(length=5), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contribution_answers.contribution_id"],
            name=op.f("fk_answer_translations_contribution_id_contribution_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["users.id"],
            name=op.f("fk_answer_translations_reviewed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("contribution_id", "language", name=op.f("pk_answer_translations")),
    )
    op.create_table(
        "staff_languages",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_staff_languages_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "language", name=op.f("pk_staff_languages")),
    )
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else PG_UP
    for statement in statements:
        op.execute(statement)


def downgrade():
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else PG_DOWN
    for statement in statements:
        op.execute(statement)
    op.drop_table("staff_languages")
    op.drop_table("answer_translations")
    op.drop_index("ix_contribution_translations_hash", table_name="contribution_translations")
    op.drop_index("ix_contribution_translations_contribution_id", table_name="contribution_translations")
    op.drop_table("contribution_translations")
