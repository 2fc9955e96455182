"""Foundation: areas, topics, theme groups, users and roles, organisations.

Reviewed by hand: booleans default with sa.false()/sa.true() so PostgreSQL accepts them,
timestamps default to now() on both databases, and the partial unique index allows one
fallback theme group per district.

Revision ID: 0001_foundation
Revises: 
Create Date: 2026-11-23 05:19:23.980280

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_foundation'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['areas.id'], name=op.f('fk_areas_parent_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_areas')),
    sa.UniqueConstraint('slug', name=op.f('uq_areas_slug'))
    )
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_areas_parent_id'), ['parent_id'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("kind IN ('association', 'company', 'authority', 'municipal_project', 'faith_community')", name=op.f('ck_organisations_kind_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    op.create_table('topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topics')),
    sa.UniqueConstraint('slug', name=op.f('uq_topics_slug'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('language', sa.String(length=5), server_default='sv', nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_verified', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('is_blocked', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('organisation_areas',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_organisation_areas_area_id_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_areas_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'area_id', name=op.f('pk_organisation_areas'))
    )
    with op.batch_alter_table('organisation_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_areas_area_id'), ['area_id'], unique=False)

    op.create_table('organisation_representatives',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_representatives_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_representatives_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'user_id', name=op.f('pk_organisation_representatives'))
    )
    with op.batch_alter_table('organisation_representatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_representatives_user_id'), ['user_id'], unique=False)

    op.create_table('theme_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('question', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('is_fallback', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint('NOT is_fallback OR district_id IS NOT NULL', name=op.f('ck_theme_groups_fallback_has_district')),
    sa.ForeignKeyConstraint(['district_id'], ['areas.id'], name=op.f('fk_theme_groups_district_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_groups')),
    sa.UniqueConstraint('slug', name=op.f('uq_theme_groups_slug'))
    )
    with op.batch_alter_table('theme_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_groups_district_id'), ['district_id'], unique=False)
        batch_op.create_index('uq_theme_groups_fallback_district', ['district_id'], unique=True, sqlite_where=sa.text('is_fallback = 1'), postgresql_where=sa.text('is_fallback'))

    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.CheckConstraint("role IN ('resident', 'organisation', 'staff', 'admin')", name=op.f('ck_user_roles_role_known')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('theme_group_areas',
    sa.Column('theme_group_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_theme_group_areas_area_id_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_theme_group_areas_theme_group_id_theme_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_group_id', 'area_id', name=op.f('pk_theme_group_areas'))
    )
    with op.batch_alter_table('theme_group_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_group_areas_area_id'), ['area_id'], unique=False)

    op.create_table('theme_group_members',
    sa.Column('theme_group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), server_default='member', nullable=False),
    sa.CheckConstraint("role IN ('lead', 'member')", name=op.f('ck_theme_group_members_role_known')),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_theme_group_members_theme_group_id_theme_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_theme_group_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_group_id', 'user_id', name=op.f('pk_theme_group_members'))
    )
    with op.batch_alter_table('theme_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_group_members_user_id'), ['user_id'], unique=False)

    op.create_table('theme_group_topics',
    sa.Column('theme_group_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['theme_group_id'], ['theme_groups.id'], name=op.f('fk_theme_group_topics_theme_group_id_theme_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_theme_group_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_group_id', 'topic_id', name=op.f('pk_theme_group_topics'))
    )
    with op.batch_alter_table('theme_group_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_group_topics_topic_id'), ['topic_id'], unique=False)




def downgrade():

    with op.batch_alter_table('theme_group_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_group_topics_topic_id'))

    op.drop_table('theme_group_topics')
    with op.batch_alter_table('theme_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_group_members_user_id'))

    op.drop_table('theme_group_members')
    with op.batch_alter_table('theme_group_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_group_areas_area_id'))

    op.drop_table('theme_group_areas')
    op.drop_table('user_roles')
    with op.batch_alter_table('theme_groups', schema=None) as batch_op:
        batch_op.drop_index('uq_theme_groups_fallback_district', sqlite_where=sa.text('is_fallback = 1'), postgresql_where=sa.text('is_fallback'))
        batch_op.drop_index(batch_op.f('ix_theme_groups_district_id'))

    op.drop_table('theme_groups')
    with op.batch_alter_table('organisation_representatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_representatives_user_id'))

    op.drop_table('organisation_representatives')
    with op.batch_alter_table('organisation_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_areas_area_id'))

    op.drop_table('organisation_areas')
    op.drop_table('users')
    op.drop_table('topics')
    op.drop_table('organisations')
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_areas_parent_id'))

    op.drop_table('areas')

