"""Summaries ("Vi hörde – vi gör"): the theme vocabulary and its tags, detected languages,
summaries with their sentences and citations, their history and deliveries, and the promises
of when feedback comes (a date per engagement, answer days per theme group's idea box).

Reviewed by hand: new tables only, so upgrade creates and downgrade drops them.

Revision ID: 0012_summaries
Revises: 0011_matchmaking
Create Date: 2026-12-04 03:22:51.167100

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_summaries'
down_revision = '0011_matchmaking'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('summary_engagement_promises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_kind', sa.String(length=20), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('promised_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_engagement_promises')),
    sa.UniqueConstraint('engagement_kind', 'engagement_id', name='uq_engagement_promise')
    )
    op.create_table('summaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_group_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('engagement_kind', sa.String(length=20), nullable=True),
    sa.Column('engagement_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='draft', nullable=False),
    sa.Column('job_state', sa.String(length=10), server_default='idle', nullable=False),
    sa.Column('job_progress', sa.Integer(), server_default='0', nullable=False),
    sa.Column('covered_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("job_state IN ('idle', 'queued', 'running', 'done', 'failed')", name=op.f('ck_summaries_job_state_known')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_summaries_status_known')),
    sa.CheckConstraint('(engagement_kind IS NULL) = (engagement_id IS NULL)', name=op.f('ck_summaries_engagement_whole')),
    sa.CheckConstraint('job_progress BETWEEN 0 AND 100', name=op.f('ck_summaries_progress_percent')),
    sa.CheckConstraint('period_end IS NULL OR period_start IS NULL OR period_end >= period_start', name=op.f('ck_summaries_period_in_order')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_summaries_area_id_areas')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_summaries_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_summaries_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_summaries_theme_group_id_theme_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summaries'))
    )
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summaries_area_id'), ['area_id'], unique=False)
        batch_op.create_index('ix_summaries_published', ['status', 'theme_group_id', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_summaries_theme_group_id'), ['theme_group_id'], unique=False)

    op.create_table('summary_detected_languages',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_summary_detected_languages_contribution_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contribution_id', name=op.f('pk_summary_detected_languages'))
    )
    op.create_table('summary_group_promises',
    sa.Column('theme_group_id', sa.Integer(), nullable=False),
    sa.Column('answer_days', sa.Integer(), server_default='30', nullable=False),
    sa.CheckConstraint('answer_days BETWEEN 1 AND 365', name=op.f('ck_summary_group_promises_answer_days_range')),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_summary_group_promises_theme_group_id_theme_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_group_id', name=op.f('pk_summary_group_promises'))
    )
    op.create_table('summary_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('origin', sa.String(length=12), server_default='vocabulary', nullable=False),
    sa.Column('state', sa.String(length=10), server_default='accepted', nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('top_terms', sa.JSON(), nullable=False),
    sa.Column('theme_group_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("origin IN ('vocabulary', 'cluster')", name=op.f('ck_summary_themes_origin_known')),
    sa.CheckConstraint("state IN ('proposed', 'accepted')", name=op.f('ck_summary_themes_state_known')),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_summary_themes_theme_group_id_theme_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_themes'))
    )
    with op.batch_alter_table('summary_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_themes_theme_group_id'), ['theme_group_id'], unique=False)

    op.create_table('summary_deliveries',
    sa.Column('summary_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_summary_deliveries_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['summary_id'], ['summaries.id'], name=op.f('fk_summary_deliveries_summary_id_summaries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('summary_id', 'contribution_id', name=op.f('pk_summary_deliveries'))
    )
    op.create_table('summary_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('summary_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_summary_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['summary_id'], ['summaries.id'], name=op.f('fk_summary_events_summary_id_summaries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_events'))
    )
    with op.batch_alter_table('summary_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_events_summary_id'), ['summary_id'], unique=False)

    op.create_table('summary_sentences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('summary_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('quote', sa.String(length=600), nullable=True),
    sa.Column('quote_language', sa.String(length=5), nullable=True),
    sa.CheckConstraint("kind != 'quote' OR quote IS NOT NULL", name=op.f('ck_summary_sentences_quote_has_text')),
    sa.CheckConstraint("kind IN ('statement', 'quote', 'chart')", name=op.f('ck_summary_sentences_kind_known')),
    sa.ForeignKeyConstraint(['summary_id'], ['summaries.id'], name=op.f('fk_summary_sentences_summary_id_summaries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_sentences'))
    )
    with op.batch_alter_table('summary_sentences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_sentences_summary_id'), ['summary_id'], unique=False)

    op.create_table('summary_theme_tags',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_summary_theme_tags_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['summary_themes.id'], name=op.f('fk_summary_theme_tags_theme_id_summary_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contribution_id', 'theme_id', name=op.f('pk_summary_theme_tags'))
    )
    with op.batch_alter_table('summary_theme_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_theme_tags_theme_id'), ['theme_id'], unique=False)

    op.create_table('summary_citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sentence_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=True),
    sa.Column('survey_question_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(contribution_id IS NULL) != (survey_question_id IS NULL)', name=op.f('ck_summary_citations_one_source')),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_summary_citations_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sentence_id'], ['summary_sentences.id'], name=op.f('fk_summary_citations_sentence_id_summary_sentences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_question_id'], ['survey_questions.id'], name=op.f('fk_summary_citations_survey_question_id_survey_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_citations'))
    )
    with op.batch_alter_table('summary_citations', schema=None) as batch_op:
        batch_op.create_index('ix_summary_citations_contribution', ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_citations_sentence_id'), ['sentence_id'], unique=False)



def downgrade():
    with op.batch_alter_table('summary_citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_citations_sentence_id'))
        batch_op.drop_index('ix_summary_citations_contribution')

    op.drop_table('summary_citations')
    with op.batch_alter_table('summary_theme_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_theme_tags_theme_id'))

    op.drop_table('summary_theme_tags')
    with op.batch_alter_table('summary_sentences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_sentences_summary_id'))

    op.drop_table('summary_sentences')
    with op.batch_alter_table('summary_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_events_summary_id'))

    op.drop_table('summary_events')
    op.drop_table('summary_deliveries')
    with op.batch_alter_table('summary_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_themes_theme_group_id'))

    op.drop_table('summary_themes')
    op.drop_table('summary_group_promises')
    op.drop_table('summary_detected_languages')
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summaries_theme_group_id'))
        batch_op.drop_index('ix_summaries_published')
        batch_op.drop_index(batch_op.f('ix_summaries_area_id'))

    op.drop_table('summaries')
    op.drop_table('summary_engagement_promises')
