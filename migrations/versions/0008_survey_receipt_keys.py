"""Surveys: the receipt key is bound to the answers in progress when they are started.

``survey_responses.receipt_key`` holds the keyed hash of the account or browser that started
the answers, so the receipt is written for it even when the answers are sent from another
browser through the "continue later" link or after logging in. The rule that a submitted
response is unlinked now also requires ``receipt_key IS NULL``.

On SQLite, ``survey_receipts`` is rebuilt WITHOUT ROWID: stored in the order of its primary key
(survey, keyed hash), so no hidden rowid keeps the order in which receipts, and so responses,
came in. (PostgreSQL has no rowid; its heap order is not exposed by any column.)

Reviewed by hand: on SQLite the table is rebuilt in batch mode (the named CHECK constraints are
carried over by Alembic; the changed one is dropped and created again). Downgrade drops the
column and restores the earlier rule.

Revision ID: 0008_survey_receipt_keys
Revises: 0007_dialogues
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_survey_receipt_keys'
down_revision = '0007_dialogues'
branch_labels = None
depends_on = None

UNLINKED_BEFORE = "state = 'in_progress' OR (resume_hash IS NULL AND code_id IS NULL AND updated_at IS NULL)"
UNLINKED = ("state = 'in_progress' OR (resume_hash IS NULL AND code_id IS NULL AND updated_at IS NULL"
            " AND receipt_key IS NULL)")


def _rebuild_receipts(with_rowid: bool) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('survey_receipts', schema=None, recreate='always',
                              table_kwargs={'sqlite_with_rowid': with_rowid}):
        pass


def upgrade():
    _rebuild_receipts(with_rowid=False)
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_key', sa.String(length=64), nullable=True))
        batch_op.drop_constraint(op.f('ck_survey_responses_submitted_is_unlinked'), type_='check')
        batch_op.create_check_constraint(op.f('ck_survey_responses_submitted_is_unlinked'), UNLINKED)


def downgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_survey_responses_submitted_is_unlinked'), type_='check')
        batch_op.drop_column('receipt_key')
        batch_op.create_check_constraint(op.f('ck_survey_responses_submitted_is_unlinked'), UNLINKED_BEFORE)
    _rebuild_receipts(with_rowid=True)
