"""Café dialogues: a participant's proposal can say which round (question) it is about.

``cafe_proposals.round_id`` is set when the participant chooses a round on the proposal form;
the harvest links the contribution back to it. Deleting a round keeps the proposal (SET NULL).

Reviewed by hand: on SQLite the column and its foreign key are added in batch mode (the table
is rebuilt). Downgrade drops both.

Revision ID: 0010_cafe_proposal_rounds
Revises: 0009_survey_result_indexes
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_cafe_proposal_rounds'
down_revision = '0009_survey_result_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cafe_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_cafe_proposals_round_id_cafe_rounds'), 'cafe_rounds', ['round_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('cafe_proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cafe_proposals_round_id_cafe_rounds'), type_='foreignkey')
        batch_op.drop_column('round_id')
