"""Index contributions on (area_id, updated_at) for the cached public idea list.

Revision ID: 0005_contribution_area_updated
Revises: 0004_content_versions
Create Date: 2026-11-23

Reviewed by hand.
"""
from alembic import op

revision = '0005_contribution_area_updated'
down_revision = '0004_content_versions'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX (not batch mode): recreating the table would drop the FTS triggers.
    op.create_index('ix_contributions_area_updated', 'contributions', ['area_id', 'updated_at'])


def downgrade():
    op.drop_index('ix_contributions_area_updated', table_name='contributions')
