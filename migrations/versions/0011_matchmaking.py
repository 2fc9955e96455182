"""Idésluss (matchmaking rounds): rounds with meetings, participants, items with tags from the
district's tag list, suggested pairs, the meeting-2 conversations, collaborations and their
follow-ups, check-ins, the suggestion job's progress, and the thank-you mail log. Organisations
get contact fields, a verified flag and a public flag.

Reviewed by hand: new NOT NULL columns on ``organisations`` have server defaults; on SQLite
they are added in batch mode. Downgrade drops everything it made.

Revision ID: 0011_matchmaking
Revises: 0010_cafe_proposal_rounds
Create Date: 2026-12-04

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_matchmaking"
down_revision = "0010_cafe_proposal_rounds"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.JSON(), nullable=False),
        sa.Column("invitation", sa.JSON(), nullable=False),
        sa.Column("participation_level", sa.String(length=20), nullable=False),
        sa.Column("promise", sa.JSON(), nullable=False),
        sa.Column("registration_opens", sa.Date(), nullable=True),
        sa.Column("registration_closes", sa.Date(), nullable=True),
        sa.Column("answers_close", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=10), server_default="draft", nullable=False),
        sa.Column("slot_minutes", sa.Integer(), server_default="20", nullable=False),
        sa.Column("slot_count", sa.Integer(), server_default="4", nullable=False),
        sa.Column("table_count", sa.Integer(), server_default="4", nullable=False),
        sa.Column("schedule_report", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("state IN ('draft', 'open', 'closed')", name=op.f("ck_match_rounds_state_known")),
        sa.CheckConstraint(
            "registration_closes IS NULL OR registration_opens IS NULL OR registration_closes >= registration_opens",
            name=op.f("ck_match_rounds_registration_in_order"),
        ),
        sa.CheckConstraint(
            "slot_minutes > 0 AND slot_count > 0 AND table_count > 0", name=op.f("ck_match_rounds_schedule_positive")
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_match_rounds_area_id_areas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_rounds")),
    )
    with op.batch_alter_table("match_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_rounds_area_id"), ["area_id"], unique=False)

    op.create_table(
        "match_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_match_tags_area_id_areas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_tags")),
        sa.UniqueConstraint("area_id", "slug", name="uq_match_tags_area_slug"),
    )
    with op.batch_alter_table("match_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_tags_area_id"), ["area_id"], unique=False)

    op.create_table(
        "match_collaborations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("next_step", sa.String(length=300), nullable=True),
        sa.Column("next_step_on", sa.Date(), nullable=True),
        sa.Column("is_public", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint(
            "form IN ('iop', 'grant', 'joint_project', 'volunteering', 'placement', 'other')",
            name=op.f("ck_match_collaborations_form_known"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_match_collaborations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["match_rounds.id"],
            name=op.f("fk_match_collaborations_round_id_match_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_collaborations")),
    )
    with op.batch_alter_table("match_collaborations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_collaborations_round_id"), ["round_id"], unique=False)

    op.create_table(
        "match_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("kind IN ('idea', 'need', 'resource')", name=op.f("ck_match_items_kind_known")),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_match_items_contribution_id_contributions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_match_items_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["match_rounds.id"], name=op.f("fk_match_items_round_id_match_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_items")),
    )
    with op.batch_alter_table("match_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_items_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index("ix_match_items_round_org", ["round_id", "organisation_id"], unique=False)

    op.create_table(
        "match_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("made", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_match_jobs_state_known")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["match_rounds.id"], name=op.f("fk_match_jobs_round_id_match_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_jobs")),
    )
    with op.batch_alter_table("match_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_jobs_round_id"), ["round_id"], unique=False)

    op.create_table(
        "match_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("accessibility", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["match_rounds.id"], name=op.f("fk_match_meetings_round_id_match_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_meetings")),
    )
    with op.batch_alter_table("match_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_meetings_round_id"), ["round_id"], unique=False)

    op.create_table(
        "match_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("joined_by_id", sa.Integer(), nullable=True),
        sa.Column("walk_in", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("available_slots", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["joined_by_id"], ["users.id"], name=op.f("fk_match_participants_joined_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_match_participants_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["match_rounds.id"],
            name=op.f("fk_match_participants_round_id_match_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_participants")),
        sa.UniqueConstraint("round_id", "organisation_id", name="uq_match_participants_round_org"),
    )
    with op.batch_alter_table("match_participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_participants_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_participants_round_id"), ["round_id"], unique=False)

    op.create_table(
        "match_round_groups",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("theme_group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["match_rounds.id"],
            name=op.f("fk_match_round_groups_round_id_match_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_group_id"],
            ["theme_groups.id"],
            name=op.f("fk_match_round_groups_theme_group_id_theme_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "theme_group_id", name=op.f("pk_match_round_groups")),
    )
    with op.batch_alter_table("match_round_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_round_groups_theme_group_id"), ["theme_group_id"], unique=False)

    op.create_table(
        "match_round_topics",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["match_rounds.id"],
            name=op.f("fk_match_round_topics_round_id_match_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_match_round_topics_topic_id_topics"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "topic_id", name=op.f("pk_match_round_topics")),
    )
    with op.batch_alter_table("match_round_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_round_topics_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "match_attendance",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["match_meetings.id"],
            name=op.f("fk_match_attendance_meeting_id_match_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_match_attendance_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "organisation_id", name=op.f("pk_match_attendance")),
    )
    with op.batch_alter_table("match_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_attendance_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "match_collaboration_organisations",
        sa.Column("collaboration_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collaboration_id"],
            ["match_collaborations.id"],
            name=op.f("fk_match_collaboration_organisations_collaboration_id_match_collaborations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_match_collaboration_organisations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "collaboration_id", "organisation_id", name=op.f("pk_match_collaboration_organisations")
        ),
    )
    with op.batch_alter_table("match_collaboration_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_collaboration_organisations_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "match_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collaboration_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('none', 'knowledge', 'contact', 'work_started', 'agreement')",
            name=op.f("ck_match_follow_ups_outcome_known"),
        ),
        sa.ForeignKeyConstraint(
            ["collaboration_id"],
            ["match_collaborations.id"],
            name=op.f("fk_match_follow_ups_collaboration_id_match_collaborations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_follow_ups")),
        sa.UniqueConstraint("collaboration_id", "months", name="uq_match_follow_ups_months"),
    )
    op.create_table(
        "match_item_tags",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["match_items.id"], name=op.f("fk_match_item_tags_item_id_match_items"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["match_tags.id"], name=op.f("fk_match_item_tags_tag_id_match_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("item_id", "tag_id", name=op.f("pk_match_item_tags")),
    )
    with op.batch_alter_table("match_item_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_item_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "match_mail_log",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["match_meetings.id"],
            name=op.f("fk_match_mail_log_meeting_id_match_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_match_mail_log_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "organisation_id", name=op.f("pk_match_mail_log")),
    )
    op.create_table(
        "match_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("item_a_id", sa.Integer(), nullable=False),
        sa.Column("item_b_id", sa.Integer(), nullable=False),
        sa.Column("organisation_a_id", sa.Integer(), nullable=False),
        sa.Column("organisation_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.JSON(), nullable=False),
        sa.Column("answer_a", sa.String(length=5), nullable=True),
        sa.Column("answer_b", sa.String(length=5), nullable=True),
        sa.Column("state", sa.String(length=10), server_default="open", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(answer_a IS NULL OR answer_a IN ('yes', 'maybe', 'no')) AND (answer_b IS NULL OR answer_b IN ('yes', 'maybe', 'no'))",
            name=op.f("ck_match_suggestions_answers_known"),
        ),
        sa.CheckConstraint(
            "state IN ('open', 'confirmed', 'declined', 'expired')", name=op.f("ck_match_suggestions_state_known")
        ),
        sa.CheckConstraint(
            "organisation_a_id < organisation_b_id", name=op.f("ck_match_suggestions_two_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["item_a_id"],
            ["match_items.id"],
            name=op.f("fk_match_suggestions_item_a_id_match_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_b_id"],
            ["match_items.id"],
            name=op.f("fk_match_suggestions_item_b_id_match_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_a_id"],
            ["organisations.id"],
            name=op.f("fk_match_suggestions_organisation_a_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_b_id"],
            ["organisations.id"],
            name=op.f("fk_match_suggestions_organisation_b_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["match_rounds.id"],
            name=op.f("fk_match_suggestions_round_id_match_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_suggestions")),
        sa.UniqueConstraint("round_id", "item_a_id", "item_b_id", name="uq_match_suggestions_pair"),
    )
    with op.batch_alter_table("match_suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_suggestions_item_a_id"), ["item_a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_suggestions_item_b_id"), ["item_b_id"], unique=False)
        batch_op.create_index("ix_match_suggestions_round_a", ["round_id", "organisation_a_id", "score"], unique=False)
        batch_op.create_index("ix_match_suggestions_round_b", ["round_id", "organisation_b_id", "score"], unique=False)

    op.create_table(
        "match_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("table_number", sa.Integer(), nullable=True),
        sa.Column("locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("left_out_reason", sa.String(length=40), nullable=True),
        sa.CheckConstraint(
            "(slot IS NULL) = (table_number IS NULL)", name=op.f("ck_match_conversations_slot_with_table")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["match_items.id"],
            name=op.f("fk_match_conversations_item_id_match_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["match_rounds.id"],
            name=op.f("fk_match_conversations_round_id_match_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["match_suggestions.id"],
            name=op.f("fk_match_conversations_suggestion_id_match_suggestions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_conversations")),
    )
    with op.batch_alter_table("match_conversations", schema=None) as batch_op:
        batch_op.create_index("ix_match_conversations_round_slot", ["round_id", "slot", "table_number"], unique=False)

    op.create_table(
        "match_conversation_organisations",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["match_conversations.id"],
            name=op.f("fk_match_conversation_organisations_conversation_id_match_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_match_conversation_organisations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "organisation_id", name=op.f("pk_match_conversation_organisations")),
    )
    with op.batch_alter_table("match_conversation_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_conversation_organisations_organisation_id"), ["organisation_id"], unique=False
        )

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("is_verified", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("is_public", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("is_public")
        batch_op.drop_column("is_verified")
        batch_op.drop_column("contact_email")
        batch_op.drop_column("contact_name")

    with op.batch_alter_table("match_conversation_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_conversation_organisations_organisation_id"))

    op.drop_table("match_conversation_organisations")
    with op.batch_alter_table("match_conversations", schema=None) as batch_op:
        batch_op.drop_index("ix_match_conversations_round_slot")

    op.drop_table("match_conversations")
    with op.batch_alter_table("match_suggestions", schema=None) as batch_op:
        batch_op.drop_index("ix_match_suggestions_round_b")
        batch_op.drop_index("ix_match_suggestions_round_a")
        batch_op.drop_index(batch_op.f("ix_match_suggestions_item_b_id"))
        batch_op.drop_index(batch_op.f("ix_match_suggestions_item_a_id"))

    op.drop_table("match_suggestions")
    op.drop_table("match_mail_log")
    with op.batch_alter_table("match_item_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_item_tags_tag_id"))

    op.drop_table("match_item_tags")
    op.drop_table("match_follow_ups")
    with op.batch_alter_table("match_collaboration_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_collaboration_organisations_organisation_id"))

    op.drop_table("match_collaboration_organisations")
    with op.batch_alter_table("match_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_attendance_organisation_id"))

    op.drop_table("match_attendance")
    with op.batch_alter_table("match_round_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_round_topics_topic_id"))

    op.drop_table("match_round_topics")
    with op.batch_alter_table("match_round_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_round_groups_theme_group_id"))

    op.drop_table("match_round_groups")
    with op.batch_alter_table("match_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_participants_round_id"))
        batch_op.drop_index(batch_op.f("ix_match_participants_organisation_id"))

    op.drop_table("match_participants")
    with op.batch_alter_table("match_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_meetings_round_id"))

    op.drop_table("match_meetings")
    with op.batch_alter_table("match_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_jobs_round_id"))

    op.drop_table("match_jobs")
    with op.batch_alter_table("match_items", schema=None) as batch_op:
        batch_op.drop_index("ix_match_items_round_org")
        batch_op.drop_index(batch_op.f("ix_match_items_organisation_id"))

    op.drop_table("match_items")
    with op.batch_alter_table("match_collaborations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_collaborations_round_id"))

    op.drop_table("match_collaborations")
    with op.batch_alter_table("match_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_tags_area_id"))

    op.drop_table("match_tags")
    with op.batch_alter_table("match_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_rounds_area_id"))

    op.drop_table("match_rounds")
