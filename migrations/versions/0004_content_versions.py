"""Content versions: one counter per cache scope, bumped by admin writes.

Revision ID: 0004_content_versions
Revises: 0003_contribution_search
Create Date: 2026-11-23

Reviewed by hand.
"""
from alembic import op
import sqlalchemy as sa

revision = '0004_content_versions'
down_revision = '0003_contribution_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_versions',
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_content_versions')),
    )


def downgrade():
    op.drop_table('content_versions')
