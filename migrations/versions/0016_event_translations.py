"""Machine translations of the staff-written texts in contributions' histories (notes, reasons).

One row per history entry and target language; deleted with the entry (ON DELETE CASCADE), and so
with its contribution.

Revision ID: 0016_event_translations
Revises: 0015_translations
Create Date: 2026-12-04

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_event_translations"
down_revision = "0015_translations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "contribution_event_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_language", sa.String(length=5), nullable=False),
        sa.Column("target_language", sa.String(length=5), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("backend", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('done', 'unsupported', 'failed')",
            name=op.f("ck_contribution_event_translations_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["contribution_events.id"],
            name=op.f("fk_contribution_event_translations_event_id_contribution_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_event_translations")),
        sa.UniqueConstraint("event_id", "target_language", name="uq_contribution_event_translations_target"),
    )
    op.create_index(
        "ix_contribution_event_translations_event_id", "contribution_event_translations", ["event_id"], unique=False
    )
    op.create_index(
        "ix_contribution_event_translations_hash",
        "contribution_event_translations",
        ["source_hash", "target_language"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_contribution_event_translations_hash", table_name="contribution_event_translations")
    op.drop_index("ix_contribution_event_translations_event_id", table_name="contribution_event_translations")
    op.drop_table("contribution_event_translations")
