"""Contributions: citizen input, routes to theme groups, history, answers, support, reports, e-mail opt-outs.

Reviewed by hand: boolean and timestamp defaults portable to PostgreSQL; check constraints
list the known source kinds, statuses and moderation states.

Revision ID: 0002_contributions
Revises: 0001_foundation
Create Date: 2026-11-23 05:35:14.982602

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_contributions'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('email_opt_outs',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('email', 'kind', name=op.f('pk_email_opt_outs'))
    )
    op.create_table('contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_code', sa.String(length=12), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('source_url', sa.String(length=300), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('consent_publish', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('consent_quote', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('consent_contact', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='received', nullable=False),
    sa.Column('moderation', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('moderation_note', sa.String(length=300), nullable=True),
    sa.Column('hidden_reason', sa.String(length=300), nullable=True),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    sa.Column('support_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("moderation IN ('pending', 'held', 'flagged', 'approved', 'hidden')", name=op.f('ck_contributions_moderation_known')),
    sa.CheckConstraint("source_kind IN ('idea', 'survey', 'cafe_proposal', 'cafe_note', 'story', 'round_offer')", name=op.f('ck_contributions_source_kind_known')),
    sa.CheckConstraint("status IN ('received', 'with_group', 'looking', 'planned', 'in_progress', 'done', 'not_taken')", name=op.f('ck_contributions_status_known')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_contributions_area_id_areas')),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_contributions_assigned_to_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_contributions_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contributions')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_contributions_idempotency_key')),
    sa.UniqueConstraint('receipt_code', name=op.f('uq_contributions_receipt_code'))
    )
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.create_index('ix_contributions_area_created', ['area_id', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contributions_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contributions_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contributions_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_contributions_public', ['moderation', 'consent_publish', 'area_id', 'created_at'], unique=False)

    op.create_table('contribution_answers',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('theme_group_id', sa.Integer(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_contribution_answers_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_answers_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_contribution_answers_theme_group_id_theme_groups'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('contribution_id', name=op.f('pk_contribution_answers'))
    )
    op.create_table('contribution_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('is_internal', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_contribution_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_events_contribution_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_events'))
    )
    with op.batch_alter_table('contribution_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_events_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('contribution_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_reports_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_contribution_reports_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_reports'))
    )
    with op.batch_alter_table('contribution_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_reports_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('contribution_routes',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('theme_group_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_routes_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_contribution_routes_theme_group_id_theme_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_contribution_routes_topic_id_topics'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('contribution_id', 'theme_group_id', name=op.f('pk_contribution_routes'))
    )
    with op.batch_alter_table('contribution_routes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_routes_theme_group_id'), ['theme_group_id'], unique=False)

    op.create_table('contribution_supports',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('supporter_key', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_supports_contribution_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contribution_id', 'supporter_key', name=op.f('pk_contribution_supports'))
    )
    op.create_table('contribution_topics',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_topics_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_contribution_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contribution_id', 'topic_id', name=op.f('pk_contribution_topics'))
    )
    with op.batch_alter_table('contribution_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_topics_topic_id'), ['topic_id'], unique=False)




def downgrade():

    with op.batch_alter_table('contribution_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_topics_topic_id'))

    op.drop_table('contribution_topics')
    op.drop_table('contribution_supports')
    with op.batch_alter_table('contribution_routes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_routes_theme_group_id'))

    op.drop_table('contribution_routes')
    with op.batch_alter_table('contribution_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_reports_contribution_id'))

    op.drop_table('contribution_reports')
    with op.batch_alter_table('contribution_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_events_contribution_id'))

    op.drop_table('contribution_events')
    op.drop_table('contribution_answers')
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_contributions_public')
        batch_op.drop_index(batch_op.f('ix_contributions_author_id'))
        batch_op.drop_index(batch_op.f('ix_contributions_assigned_to_id'))
        batch_op.drop_index(batch_op.f('ix_contributions_area_id'))
        batch_op.drop_index('ix_contributions_area_created')

    op.drop_table('contributions')
    op.drop_table('email_opt_outs')

