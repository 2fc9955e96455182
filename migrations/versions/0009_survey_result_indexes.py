"""Surveys: covering indexes for the results page.

Every figure on the results page is a GROUP BY over ``survey_answers``. The earlier indexes
held only the grouping columns, so each pass looked up every answer row in the table (2.7 M
random reads per pass at 100,000 responses). These indexes hold every column the aggregates
read, in the order they group by, so each pass is one ordered read of an index:

- ``ix_survey_answers_results``: per question, option and matrix row (counts, mean rank,
  numbers, scale points, medians in order of the value);
- ``ix_survey_answers_respondents``: per question in the order of the response, so that
  ``count(DISTINCT response_id)`` needs no temporary B-tree;
- ``ix_survey_answers_by_area`` / ``ix_survey_answers_by_language``: the cross-tables;
- ``ix_survey_answers_texts``: only the rows with a text (partial), for the newest texts.

They replace ``ix_survey_answers_counts`` and ``ix_survey_answers_area`` (whose columns they
begin with, in another order) and ``ix_survey_answers_numbers``.

Reviewed by hand. Downgrade drops them and restores the earlier indexes.

Revision ID: 0009_survey_result_indexes
Revises: 0008_survey_receipt_keys
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_survey_result_indexes'
down_revision = '0008_survey_receipt_keys'
branch_labels = None
depends_on = None

TEXT_ROWS = 'text IS NOT NULL'


def upgrade():
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_answers_counts')
        batch_op.drop_index('ix_survey_answers_area')
        batch_op.drop_index('ix_survey_answers_numbers')
        batch_op.create_index('ix_survey_answers_results', [
            'survey_id', 'question_id', 'option_id', 'row_option_id', 'number', 'response_id',
            'area_id', 'language', 'date_value'], unique=False)
        batch_op.create_index('ix_survey_answers_respondents', [
            'survey_id', 'question_id', 'response_id', 'area_id', 'language'], unique=False)
        batch_op.create_index('ix_survey_answers_by_area', [
            'survey_id', 'question_id', 'area_id', 'option_id', 'row_option_id', 'number',
            'response_id', 'language'], unique=False)
        batch_op.create_index('ix_survey_answers_by_language', [
            'survey_id', 'question_id', 'language', 'option_id', 'row_option_id', 'number',
            'response_id', 'area_id'], unique=False)
        batch_op.create_index('ix_survey_answers_texts', ['survey_id', 'question_id', 'id'], unique=False,
                              sqlite_where=sa.text(TEXT_ROWS), postgresql_where=sa.text(TEXT_ROWS))


def downgrade():
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_answers_texts')
        batch_op.drop_index('ix_survey_answers_by_language')
        batch_op.drop_index('ix_survey_answers_by_area')
        batch_op.drop_index('ix_survey_answers_respondents')
        batch_op.drop_index('ix_survey_answers_results')
        batch_op.create_index('ix_survey_answers_numbers', ['question_id', 'number'], unique=False)
        batch_op.create_index('ix_survey_answers_area', ['survey_id', 'question_id', 'area_id', 'option_id'], unique=False)
        batch_op.create_index('ix_survey_answers_counts', ['survey_id', 'question_id', 'row_option_id', 'option_id'], unique=False)
