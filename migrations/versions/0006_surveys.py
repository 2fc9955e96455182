"""Surveys: sections, questions, options, responses, answers, receipts and one-time codes.

Reviewed by hand: booleans default with sa.false()/sa.true() so PostgreSQL accepts them,
timestamps default to now() on both databases. The anonymity rules are check constraints
(an anonymous response has no user; a submitted one keeps no resume secret, code or time),
and the receipts table has no time and no response id.

Revision ID: 0006_surveys
Revises: 0005_contribution_area_updated
Create Date: 2026-11-23 07:03:35.313478

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_surveys'
down_revision = '0005_contribution_area_updated'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), server_default='survey', nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('promise', sa.JSON(), nullable=False),
    sa.Column('end_message', sa.JSON(), nullable=False),
    sa.Column('participation_level', sa.String(length=20), server_default='consultation', nullable=False),
    sa.Column('mode', sa.String(length=12), server_default='anonymous', nullable=False),
    sa.Column('state', sa.String(length=10), server_default='draft', nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('results_public', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=True),
    sa.Column('pulse_area_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("(kind = 'pulse' AND period IS NOT NULL AND pulse_area_id IS NOT NULL) OR (kind <> 'pulse' AND period IS NULL AND pulse_area_id IS NULL)", name=op.f('ck_surveys_pulse_has_area_and_period')),
    sa.CheckConstraint("kind IN ('survey', 'pulse')", name=op.f('ck_surveys_kind_known')),
    sa.CheckConstraint("mode IN ('anonymous', 'identified', 'codes')", name=op.f('ck_surveys_mode_known')),
    sa.CheckConstraint("participation_level IN ('information', 'consultation', 'dialogue', 'co_creation')", name=op.f('ck_surveys_participation_known')),
    sa.CheckConstraint("state IN ('draft', 'open', 'closed')", name=op.f('ck_surveys_state_known')),
    sa.CheckConstraint('closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on', name=op.f('ck_surveys_dates_in_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_surveys_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pulse_area_id'], ['areas.id'], name=op.f('fk_surveys_pulse_area_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
    sa.UniqueConstraint('pulse_area_id', 'period', name='uq_surveys_pulse_area_period')
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveys_pulse_area_id'), ['pulse_area_id'], unique=False)

    op.create_table('survey_areas',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_survey_areas_area_id_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_areas_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'area_id', name=op.f('pk_survey_areas'))
    )
    with op.batch_alter_table('survey_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_areas_area_id'), ['area_id'], unique=False)

    op.create_table('survey_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('is_used', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_codes_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_survey_codes_code_hash'))
    )
    with op.batch_alter_table('survey_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_codes_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_receipts',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('respondent_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_receipts_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'respondent_key', name=op.f('pk_survey_receipts'))
    )
    op.create_table('survey_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('intro', sa.JSON(), nullable=False),
    sa.Column('condition', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_sections_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_sections')),
    sa.UniqueConstraint('survey_id', 'code', name='uq_survey_sections_code')
    )
    with op.batch_alter_table('survey_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_sections_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_theme_groups',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('theme_group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_theme_groups_survey_id_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_survey_theme_groups_theme_group_id_theme_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'theme_group_id', name=op.f('pk_survey_theme_groups'))
    )
    with op.batch_alter_table('survey_theme_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_theme_groups_theme_group_id'), ['theme_group_id'], unique=False)

    op.create_table('survey_topics',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_topics_survey_id_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_survey_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'topic_id', name=op.f('pk_survey_topics'))
    )
    with op.batch_alter_table('survey_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_topics_topic_id'), ['topic_id'], unique=False)

    op.create_table('survey_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('help', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('condition', sa.JSON(), nullable=True),
    sa.Column('display', sa.String(length=10), server_default='radio', nullable=False),
    sa.Column('min_value', sa.Float(), nullable=True),
    sa.Column('max_value', sa.Float(), nullable=True),
    sa.Column('min_label', sa.JSON(), nullable=False),
    sa.Column('max_label', sa.JSON(), nullable=False),
    sa.Column('min_choices', sa.Integer(), nullable=True),
    sa.Column('max_choices', sa.Integer(), nullable=True),
    sa.Column('to_contribution', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("display IN ('radio', 'dropdown')", name=op.f('ck_survey_questions_display_known')),
    sa.CheckConstraint("kind IN ('note', 'short_text', 'long_text', 'integer', 'decimal', 'date', 'single_choice', 'multiple_choice', 'scale', 'matrix', 'ranking', 'yes_no', 'consent')", name=op.f('ck_survey_questions_kind_known')),
    sa.CheckConstraint('min_choices IS NULL OR max_choices IS NULL OR min_choices <= max_choices', name=op.f('ck_survey_questions_choices_in_order')),
    sa.CheckConstraint('min_value IS NULL OR max_value IS NULL OR min_value <= max_value', name=op.f('ck_survey_questions_range_in_order')),
    sa.ForeignKeyConstraint(['section_id'], ['survey_sections.id'], name=op.f('fk_survey_questions_section_id_survey_sections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_questions_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_questions')),
    sa.UniqueConstraint('survey_id', 'code', name='uq_survey_questions_code')
    )
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_questions_section_id'), ['section_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_questions_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), server_default='in_progress', nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=5), server_default='sv', nullable=False),
    sa.Column('is_anonymous', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('is_paper', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('resume_hash', sa.String(length=64), nullable=True),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.CheckConstraint("(state = 'submitted') = (submitted_on IS NOT NULL)", name=op.f('ck_survey_responses_submitted_has_day')),
    sa.CheckConstraint("state = 'in_progress' OR (resume_hash IS NULL AND code_id IS NULL AND updated_at IS NULL)", name=op.f('ck_survey_responses_submitted_is_unlinked')),
    sa.CheckConstraint("state IN ('in_progress', 'submitted')", name=op.f('ck_survey_responses_state_known')),
    sa.CheckConstraint('NOT is_anonymous OR user_id IS NULL', name=op.f('ck_survey_responses_anonymous_has_no_user')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_survey_responses_area_id_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['code_id'], ['survey_codes.id'], name=op.f('fk_survey_responses_code_id_survey_codes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['survey_sections.id'], name=op.f('fk_survey_responses_section_id_survey_sections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_responses_survey_id_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_survey_responses_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('resume_hash', name=op.f('uq_survey_responses_resume_hash'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index('ix_survey_responses_survey_state', ['survey_id', 'state', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_user_id'), ['user_id'], unique=False)

    op.create_table('survey_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), server_default='choice', nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.JSON(), nullable=False),
    sa.Column('is_other', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("role IN ('choice', 'row')", name=op.f('ck_survey_options_role_known')),
    sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'], name=op.f('fk_survey_options_question_id_survey_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_options')),
    sa.UniqueConstraint('question_id', 'role', 'code', name='uq_survey_options_code')
    )
    with op.batch_alter_table('survey_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_options_question_id'), ['question_id'], unique=False)

    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=True),
    sa.Column('row_option_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('date_value', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_survey_answers_area_id_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['option_id'], ['survey_options.id'], name=op.f('fk_survey_answers_option_id_survey_options'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'], name=op.f('fk_survey_answers_question_id_survey_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_survey_answers_response_id_survey_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['row_option_id'], ['survey_options.id'], name=op.f('fk_survey_answers_row_option_id_survey_options'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_answers_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers'))
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index('ix_survey_answers_area', ['survey_id', 'question_id', 'area_id', 'option_id'], unique=False)
        batch_op.create_index('ix_survey_answers_counts', ['survey_id', 'question_id', 'row_option_id', 'option_id'], unique=False)
        batch_op.create_index('ix_survey_answers_numbers', ['question_id', 'number'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answers_response_id'), ['response_id'], unique=False)



def downgrade():
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answers_response_id'))
        batch_op.drop_index('ix_survey_answers_numbers')
        batch_op.drop_index('ix_survey_answers_counts')
        batch_op.drop_index('ix_survey_answers_area')

    op.drop_table('survey_answers')
    with op.batch_alter_table('survey_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_options_question_id'))

    op.drop_table('survey_options')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_user_id'))
        batch_op.drop_index('ix_survey_responses_survey_state')

    op.drop_table('survey_responses')
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_questions_survey_id'))
        batch_op.drop_index(batch_op.f('ix_survey_questions_section_id'))

    op.drop_table('survey_questions')
    with op.batch_alter_table('survey_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_topics_topic_id'))

    op.drop_table('survey_topics')
    with op.batch_alter_table('survey_theme_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_theme_groups_theme_group_id'))

    op.drop_table('survey_theme_groups')
    with op.batch_alter_table('survey_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_sections_survey_id'))

    op.drop_table('survey_sections')
    op.drop_table('survey_receipts')
    with op.batch_alter_table('survey_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_codes_survey_id'))

    op.drop_table('survey_codes')
    with op.batch_alter_table('survey_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_areas_area_id'))

    op.drop_table('survey_areas')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveys_pulse_area_id'))

    op.drop_table('surveys')
