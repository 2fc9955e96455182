"""Idésluss: matchmaking rounds, their meetings, participating organisations and their items,
suggested pairs, the meeting-2 schedule, collaborations and their follow-ups."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..areas.models import Area
from ..core.cache import invalidates
from ..core.models import TimestampMixin, TranslatedText, UTCDateTime, utcnow
from ..extensions import db
from ..i18n import translated

ITEM_KINDS = {
    "idea": _l("Idea"),
    "need": _l("Need"),
    "resource": _l("Resource"),
}
ITEM_KINDS_EXPLAINED = {
    "idea": _l("Something you want to start and need partners for."),
    "need": _l("Something your organisation lacks: people, places, knowledge, contacts."),
    "resource": _l("Something your organisation can offer others."),
}
ROUND_STATES = {"draft": _l("Draft"), "open": _l("Open for organisations"), "closed": _l("Closed")}
ANSWERS = {"yes": _l("Want to meet"), "maybe": _l("Maybe"), "no": _l("No, thank you")}
SUGGESTION_STATES = {
    "open": _l("Waiting for answers"),
    "confirmed": _l("Confirmed: you will meet"),
    "declined": _l("Declined"),
    "expired": _l("Expired"),
}
COLLABORATION_FORMS = {
    "iop": _l("Idea-driven public partnership (IOP)"),
    "grant": _l("Association grant (föreningsbidrag)"),
    "joint_project": _l("Joint project"),
    "volunteering": _l("Volunteering"),
    "placement": _l("Work placement (praktik) or mentoring"),
    "other": _l("Other form"),
}
OUTCOMES = {
    "none": _l("No further contact"),
    "knowledge": _l("We gained knowledge"),
    "contact": _l("A valuable contact"),
    "work_started": _l("Work has started"),
    "agreement": _l("An agreement is reached"),
}
#: Outcomes that count as "led to work" when later rounds weigh similar pairs.
FRUITFUL_OUTCOMES = ("work_started", "agreement")
FOLLOW_UP_MONTHS = (3, 6)
JOB_STATES = ("queued", "running", "done", "failed")
#: Cache scope of the Idésluss section of the area pages (see ``core.cache``).
AREA_ROUNDS_SCOPE = "rounds"


def _in_check(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


match_round_topics = Table(
    "match_round_topics",
    db.metadata,
    Column("round_id", ForeignKey("match_rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)
match_round_groups = Table(
    "match_round_groups",
    db.metadata,
    Column("round_id", ForeignKey("match_rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_group_id", ForeignKey("theme_groups.id", ondelete="CASCADE"), primary_key=True, index=True),
)
match_item_tags = Table(
    "match_item_tags",
    db.metadata,
    Column("item_id", ForeignKey("match_items.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("match_tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)
match_conversation_organisations = Table(
    "match_conversation_organisations",
    db.metadata,
    Column("conversation_id", ForeignKey("match_conversations.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)
match_collaboration_organisations = Table(
    "match_collaboration_organisations",
    db.metadata,
    Column("collaboration_id", ForeignKey("match_collaborations.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class MatchTag(db.Model):
    """A word from the district's tag list, kept in five languages ("praktik", "تدريب", …)."""

    __tablename__ = "match_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The district whose list this is.
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    #: {"sv": "praktik", "ar": "تدريب عملي", …}
    name: Mapped[dict] = mapped_column(TranslatedText, default=dict)

    __table_args__ = (UniqueConstraint("area_id", "slug", name="uq_match_tags_area_slug"),)

    @property
    def display_name(self) -> str:
        return translated(self.name)


class MatchRound(TimestampMixin, db.Model):
    """One Idésluss: an area, two or more meetings, and the organisations that take part."""

    __tablename__ = "match_rounds"
    __table_args__ = (
        CheckConstraint(_in_check("state", ROUND_STATES), name="state_known"),
        CheckConstraint(
            "registration_closes IS NULL OR registration_opens IS NULL OR registration_closes >= registration_opens",
            name="registration_in_order",
        ),
        CheckConstraint("slot_minutes > 0 AND slot_count > 0 AND table_count > 0", name="schedule_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    purpose: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: The invitation sent and shown to organisations, per language.
    invitation: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    participation_level: Mapped[str] = mapped_column(String(20), default="co_creation")
    #: What the district promises to do with what comes out of the round.
    promise: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    registration_opens: Mapped[date | None] = mapped_column(Date)
    registration_closes: Mapped[date | None] = mapped_column(Date)
    #: Requests to meet that are still unanswered expire at the end of this day.
    answers_close: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    #: Meeting 2: conversations of this length, in this many slots, at this many tables.
    slot_minutes: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    slot_count: Mapped[int] = mapped_column(Integer, default=4, server_default="4")
    table_count: Mapped[int] = mapped_column(Integer, default=4, server_default="4")
    #: Score / linear-relaxation bound of the last schedule solved, for staff.
    schedule_report: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    area = relationship("Area")
    topics = relationship("Topic", secondary=match_round_topics, order_by="Topic.position")
    theme_groups = relationship("ThemeGroup", secondary=match_round_groups, order_by="ThemeGroup.slug")
    meetings: Mapped[list[MatchMeeting]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="MatchMeeting.starts_at"
    )
    participants: Mapped[list[MatchParticipant]] = relationship(back_populates="round", cascade="all, delete-orphan")

    @property
    def display_title(self) -> str:
        return translated(self.title)

    @property
    def matching_meeting(self) -> MatchMeeting | None:
        """Meeting 2, where pairs meet and activities are formed."""
        return self.meetings[1] if len(self.meetings) > 1 else None

    def registration_open_on(self, day: date) -> bool:
        if self.state != "open":
            return False
        if self.registration_opens and day < self.registration_opens:
            return False
        return not (self.registration_closes and day > self.registration_closes)

    def items_editable_at(self, moment: datetime) -> bool:
        """Items may be changed until meeting 2 begins."""
        meeting = self.matching_meeting
        return self.state != "closed" and (meeting is None or moment < meeting.starts_at)


class MatchMeeting(db.Model):
    """One meeting of a round: when, where, how accessible, in which languages."""

    __tablename__ = "match_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("match_rounds.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(200))
    #: Step-free entrance, hearing loop, … in the staff's words.
    accessibility: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Languages spoken at the meeting, e.g. ["sv", "ar"].
    languages: Mapped[list] = mapped_column(JSON, default=list)

    round: Mapped[MatchRound] = relationship(back_populates="meetings")


class MatchParticipant(TimestampMixin, db.Model):
    """An organisation taking part in a round."""

    __tablename__ = "match_participants"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id", name="uq_match_participants_round_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("match_rounds.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    joined_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Registered by staff on the spot at a meeting.
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Meeting-2 slots (0-based) the organisation can take; null means every slot.
    available_slots: Mapped[list | None] = mapped_column(JSON)

    round: Mapped[MatchRound] = relationship(back_populates="participants")
    organisation = relationship("Organisation")


class MatchAttendance(db.Model):
    """An organisation checked in at a meeting."""

    __tablename__ = "match_attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("match_meetings.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MatchItem(TimestampMixin, db.Model):
    """An idea, need or resource an organisation brings to a round, in its own words."""

    __tablename__ = "match_items"
    __table_args__ = (
        CheckConstraint(_in_check("kind", ITEM_KINDS), name="kind_known"),
        Index("ix_match_items_round_org", "round_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("match_rounds.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    #: As written (plain text, rendered escaped).
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="sv")
    #: The contribution made from this item when it was sent on to the theme groups.
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    organisation = relationship("Organisation")
    round = relationship("MatchRound")
    tags: Mapped[list[MatchTag]] = relationship(secondary=match_item_tags, order_by="MatchTag.slug")


class MatchSuggestion(db.Model):
    """A pair of items of two organisations the system suggests should meet, with its reason.

    ``item_a`` belongs to the organisation with the lower id; each side answers for itself.
    """

    __tablename__ = "match_suggestions"
    __table_args__ = (
        UniqueConstraint("round_id", "item_a_id", "item_b_id", name="uq_match_suggestions_pair"),
        CheckConstraint("organisation_a_id < organisation_b_id", name="two_organisations"),
        CheckConstraint(_in_check("state", SUGGESTION_STATES), name="state_known"),
        CheckConstraint(
            "(answer_a IS NULL OR answer_a IN ('yes', 'maybe', 'no'))"
            " AND (answer_b IS NULL OR answer_b IN ('yes', 'maybe', 'no'))",
            name="answers_known",
        ),
        # An organisation's best suggestions: one index walk per side, by score.
        Index("ix_match_suggestions_round_a", "round_id", "organisation_a_id", "score"),
        Index("ix_match_suggestions_round_b", "round_id", "organisation_b_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("match_rounds.id", ondelete="CASCADE"))
    item_a_id: Mapped[int] = mapped_column(ForeignKey("match_items.id", ondelete="CASCADE"), index=True)
    item_b_id: Mapped[int] = mapped_column(ForeignKey("match_items.id", ondelete="CASCADE"), index=True)
    organisation_a_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    organisation_b_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    #: Why: {"tags": [tag ids], "phrases_a": [...], "phrases_b": [...]} — quoted from the items.
    reason: Mapped[dict] = mapped_column(JSON, default=dict)
    answer_a: Mapped[str | None] = mapped_column(String(5))
    answer_b: Mapped[str | None] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item_a: Mapped[MatchItem] = relationship(foreign_keys=[item_a_id])
    item_b: Mapped[MatchItem] = relationship(foreign_keys=[item_b_id])
    organisation_a = relationship("Organisation", foreign_keys=[organisation_a_id])
    organisation_b = relationship("Organisation", foreign_keys=[organisation_b_id])


class MatchConversation(db.Model):
    """A short conversation at meeting 2: two to four organisations, a slot and a table."""

    __tablename__ = "match_conversations"
    __table_args__ = (
        CheckConstraint("(slot IS NULL) = (table_number IS NULL)", name="slot_with_table"),
        Index("ix_match_conversations_round_slot", "round_id", "slot", "table_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("match_rounds.id", ondelete="CASCADE"))
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("match_suggestions.id", ondelete="SET NULL"))
    #: The idea a small group gathers around.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("match_items.id", ondelete="SET NULL"))
    score: Mapped[float] = mapped_column(Float, default=1.0)
    slot: Mapped[int | None] = mapped_column(Integer)
    table_number: Mapped[int | None] = mapped_column(Integer)
    #: Fixed by staff: solving again keeps it where it is.
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Why it has no place, when the schedule could not hold it.
    left_out_reason: Mapped[str | None] = mapped_column(String(40))

    organisations = relationship(
        "Organisation", secondary=match_conversation_organisations, order_by="Organisation.name"
    )
    suggestion = relationship("MatchSuggestion")
    item = relationship("MatchItem")


class MatchCollaboration(TimestampMixin, db.Model):
    """A collaboration formed at or after meeting 2, with its form and next step."""

    __tablename__ = "match_collaborations"
    __table_args__ = (CheckConstraint(_in_check("form", COLLABORATION_FORMS), name="form_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("match_rounds.id", ondelete="CASCADE"), index=True)
    activity: Mapped[str] = mapped_column(Text)
    form: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    next_step: Mapped[str | None] = mapped_column(String(300))
    next_step_on: Mapped[date | None] = mapped_column(Date)
    #: Every member organisation agreed to show it on the public list.
    is_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    language: Mapped[str] = mapped_column(String(5), default="sv")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    round = relationship("MatchRound")
    organisations = relationship(
        "Organisation", secondary=match_collaboration_organisations, order_by="Organisation.name"
    )
    follow_ups: Mapped[list[MatchFollowUp]] = relationship(
        back_populates="collaboration", cascade="all, delete-orphan", order_by="MatchFollowUp.months"
    )


class MatchFollowUp(db.Model):
    """The question at 3 and 6 months: what came of the collaboration? Answered by a signed link."""

    __tablename__ = "match_follow_ups"
    __table_args__ = (
        UniqueConstraint("collaboration_id", "months", name="uq_match_follow_ups_months"),
        CheckConstraint(f"outcome IS NULL OR {_in_check('outcome', OUTCOMES)}", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("match_collaborations.id", ondelete="CASCADE"))
    months: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(20))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    collaboration: Mapped[MatchCollaboration] = relationship(back_populates="follow_ups")


class MatchJob(db.Model):
    """Progress of a round's suggestion job, shown to staff while it runs."""

    __tablename__ = "match_jobs"
    __table_args__ = (CheckConstraint(_in_check("state", JOB_STATES), name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("match_rounds.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    #: Count of suggestions made, when done.
    made: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MatchMailLog(db.Model):
    """A thank-you e-mail sent to an organisation after a meeting (sent once)."""

    __tablename__ = "match_mail_log"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("match_meetings.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@invalidates(MatchRound, MatchMeeting, MatchParticipant, MatchCollaboration, Area)
def _area_pages_changed(_obj) -> list[str]:
    """The area pages list the rounds with their next meeting, registration window, number of
    organisations, public collaborations and the area's name: any of these changing renews them."""
    return [AREA_ROUNDS_SCOPE]
