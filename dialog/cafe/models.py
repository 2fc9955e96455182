"""Café dialogues with rounds, tables, registrations, host notes and participant proposals.

Notes are not themselves public: they become contributions when staff harvest them.
The anonymous exit questionnaire is a table of its own with no time, person or registration,
so its answers cannot be linked to anyone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    inspect,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.cache import AREA_DIALOGUES_SCOPE, invalidates
from ..core.models import TimestampMixin, TranslatedText, UTCDateTime, in_check, utcnow
from ..core.participation import AGE_BANDS, PARTICIPATION_LEVELS
from ..extensions import db
from ..i18n import translated

CAFE_STATES = {"draft": _l("Draft"), "published": _l("Published"), "cancelled": _l("Cancelled")}
REGISTRATION_STATUSES = {
    "registered": _l("Registered"),
    "waitlisted": _l("On the waiting list"),
    "cancelled": _l("Cancelled"),
}
NOTE_KINDS = {
    # Translators: a kind of note a table host writes during a café dialogue.
    "point": _l("Key point"),
    # Translators: a kind of note: something a participant said, word for word.
    "quote": _l("Quote"),
    "proposal": _l("Proposal"),
}
GENDERS = {"woman": _l("Woman"), "man": _l("Man"), "other": _l("Another gender")}
#: Home languages asked in the exit questionnaire: the UI languages and "another".
HOME_LANGUAGES = ("sv", "en", "ar", "so", "fa", "other")

#: Participants may send proposals from this long before the start until this long after the end.
PROPOSALS_OPEN_BEFORE = timedelta(minutes=30)
PROPOSALS_OPEN_AFTER = timedelta(hours=2)


cafe_dialogue_topics = Table(
    "cafe_dialogue_topics",
    db.metadata,
    Column("dialogue_id", ForeignKey("cafe_dialogues.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CafeDialogue(TimestampMixin, db.Model):
    """An in-person café dialogue: rounds of questions talked over at tables with hosts."""

    __tablename__ = "cafe_dialogues"
    __table_args__ = (
        CheckConstraint(in_check("state", CAFE_STATES), name="state_known"),
        CheckConstraint(in_check("participation_level", PARTICIPATION_LEVELS), name="participation_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("walk_ins >= 0", name="walk_ins_not_negative"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_in_order",
        ),
        Index("ix_cafe_dialogues_state_starts", "state", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The theme group that runs it: its members manage it.
    theme_group_id: Mapped[int] = mapped_column(ForeignKey("theme_groups.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Why we meet (plain text per language).
    purpose: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: What the participants can influence …
    influence: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: … and what is already decided or outside the district's power.
    not_influence: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: The promise of when and how the participants hear back.
    feedback_promise: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    participation_level: Mapped[str] = mapped_column(String(20), default="dialogue", server_default="dialogue")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Name of the place, e.g. "Backa bibliotek".
    place: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    #: Step-free access, hearing loop, toilets … per language.
    accessibility: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Language codes spoken at the tables.
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: Language codes with an interpreter present.
    interpretation: Mapped[list] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer)
    #: Empty: registration opens when the dialogue is published.
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Empty: registration closes when the dialogue starts.
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: draft → published (or cancelled). Only published dialogues are public.
    state: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    #: People who came without registering (counted at the door).
    walk_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Bumped to reissue the participants' link (the event QR code); older links stop working.
    link_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: What was said (staff rich text per language, sanitised when shown).
    summary: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Recurring themes (staff rich text per language).
    summary_themes: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    summary_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the summary was last e-mailed to the registrants who asked for feedback.
    feedback_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The meeting that follows up on this one.
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("cafe_dialogues.id", ondelete="SET NULL"), index=True)
    #: Bumped by every staff change shown on the public page (keys its cached content).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Bumped by every registration change; the bump also serialises them (seats, waitlist).
    registration_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    theme_group = relationship("ThemeGroup")
    area = relationship("Area")
    topics = relationship("Topic", secondary=cafe_dialogue_topics, order_by="(Topic.position, Topic.slug)")
    follow_up: Mapped[CafeDialogue | None] = relationship(remote_side=[id], foreign_keys=[follow_up_id])
    rounds: Mapped[list[CafeRound]] = relationship(
        back_populates="dialogue",
        cascade="all, delete-orphan",
        order_by="(CafeRound.position, CafeRound.id)",
    )
    tables: Mapped[list[CafeTable]] = relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="CafeTable.number"
    )

    @property
    def display_title(self) -> str:
        return translated(self.title)

    @property
    def registration_opens(self) -> datetime | None:
        return self.registration_opens_at

    @property
    def registration_closes(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    def phase(self, now: datetime | None = None) -> str:
        """Where the dialogue stands for the public: draft, cancelled, not_open_yet,
        registration, closed (registration over, not started), running, past."""
        now = now or utcnow()
        if self.state != "published":
            return self.state
        if now >= self.ends_at:
            return "past"
        if now >= self.starts_at:
            return "running"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_open_yet"
        if now >= self.registration_closes:
            return "closed"
        return "registration"

    def proposals_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return (
            self.state == "published"
            and self.starts_at - PROPOSALS_OPEN_BEFORE <= now <= self.ends_at + PROPOSALS_OPEN_AFTER
        )

    @property
    def summary_is_published(self) -> bool:
        return self.summary_published_at is not None

    def __repr__(self) -> str:
        return f"<CafeDialogue {self.id}>"


class CafeRound(db.Model):
    """One round of talk, around one question."""

    __tablename__ = "cafe_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("cafe_dialogues.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    question: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Planned length of the round.
    minutes: Mapped[int | None] = mapped_column(Integer)

    dialogue: Mapped[CafeDialogue] = relationship(back_populates="rounds")


class CafeTable(db.Model):
    """A table with a theme and a host, reached by the host through a secret link."""

    __tablename__ = "cafe_tables"
    __table_args__ = (
        UniqueConstraint("dialogue_id", "number", name="uq_cafe_tables_dialogue_number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("link_version > 0", name="link_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("cafe_dialogues.id", ondelete="CASCADE"), index=True)
    #: The number on the table sign.
    number: Mapped[int] = mapped_column(Integer)
    theme: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: A staff member hosting the table …
    host_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: … or a named volunteer.
    host_name: Mapped[str | None] = mapped_column(String(120))
    #: Part of the signed host link; bumped to reissue the link (older ones stop working).
    link_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: A revoked link gives nothing until it is reissued.
    link_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    dialogue: Mapped[CafeDialogue] = relationship(back_populates="tables")
    host_user = relationship("User")

    @property
    def host_label(self) -> str:
        if self.host_user is not None:
            return self.host_user.display_name
        return self.host_name or ""


class CafeNote(TimestampMixin, db.Model):
    """A host's note for one round at one table: a key point, a quote or a proposal."""

    __tablename__ = "cafe_notes"
    __table_args__ = (
        # The client sends an id it made up with every save: a resend is stored once.
        UniqueConstraint("table_id", "round_id", "client_note_id", name="uq_cafe_notes_client"),
        CheckConstraint(in_check("kind", NOTE_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_tables.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("cafe_rounds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="point", server_default="point")
    #: As the host wrote it (plain text, rendered escaped).
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="sv", server_default="sv")
    client_note_id: Mapped[str] = mapped_column(String(64))
    #: Removed by the host; kept so a late resend of the same note is not stored again.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The contribution it became at the harvest.
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="SET NULL"), index=True)

    table: Mapped[CafeTable] = relationship()
    round: Mapped[CafeRound] = relationship()
    contribution = relationship("Contribution")


class CafeProposal(TimestampMixin, db.Model):
    """A participant's own proposal, sent through the event's link during the dialogue."""

    __tablename__ = "cafe_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("cafe_dialogues.id", ondelete="CASCADE"), index=True)
    #: The table the participant sat at, if they said.
    table_id: Mapped[int | None] = mapped_column(ForeignKey("cafe_tables.id", ondelete="SET NULL"))
    #: The round (its question) the proposal is about, if they said.
    round_id: Mapped[int | None] = mapped_column(ForeignKey("cafe_rounds.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="sv", server_default="sv")
    consent_publish: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_quote: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Kept only with consent to be contacted; passed on to the contribution.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    #: Sent by the form so a double click stores one proposal.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="SET NULL"), index=True)

    table: Mapped[CafeTable | None] = relationship()
    round: Mapped[CafeRound | None] = relationship()
    contribution = relationship("Contribution")


class CafeRegistration(TimestampMixin, db.Model):
    """A person's place (or place in the queue) at a café dialogue."""

    __tablename__ = "cafe_registrations"
    __table_args__ = (
        CheckConstraint(in_check("status", REGISTRATION_STATUSES), name="status_known"),
        CheckConstraint("name <> ''", name="name_given"),
        # One live registration per e-mail address, phone number and account per dialogue.
        Index(
            "uq_cafe_registrations_email",
            "dialogue_id",
            "email",
            unique=True,
            sqlite_where=text("status <> 'cancelled' AND email IS NOT NULL"),
            postgresql_where=text("status <> 'cancelled' AND email IS NOT NULL"),
        ),
        Index(
            "uq_cafe_registrations_phone",
            "dialogue_id",
            "phone",
            unique=True,
            sqlite_where=text("status <> 'cancelled' AND phone IS NOT NULL"),
            postgresql_where=text("status <> 'cancelled' AND phone IS NOT NULL"),
        ),
        Index(
            "uq_cafe_registrations_user",
            "dialogue_id",
            "user_id",
            unique=True,
            sqlite_where=text("status <> 'cancelled' AND user_id IS NOT NULL"),
            postgresql_where=text("status <> 'cancelled' AND user_id IS NOT NULL"),
        ),
        # The waitlist is served first come, first served.
        Index("ix_cafe_registrations_queue", "dialogue_id", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("cafe_dialogues.id", ondelete="CASCADE"))
    #: A name or a nickname, as the person wants to be called at the table.
    name: Mapped[str] = mapped_column(String(80))
    #: Stored lower-cased.
    email: Mapped[str | None] = mapped_column(String(254))
    #: Digits and a leading + only.
    phone: Mapped[str | None] = mapped_column(String(40))
    #: The language the person registered in: e-mails go out in it.
    language: Mapped[str] = mapped_column(String(5), default="sv", server_default="sv")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: A language the person needs an interpreter for (free text, e.g. "Tigrinya").
    interpreter_language: Mapped[str | None] = mapped_column(String(60))
    #: Access or other needs, in the person's words.
    access_needs: Mapped[str | None] = mapped_column(String(500))
    childcare: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: E-mail the published summary to this person.
    wants_feedback: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(12), default="registered", server_default="registered")
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    feedback_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Sent by the form so a double click registers once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    dialogue: Mapped[CafeDialogue] = relationship()

    @property
    def has_needs(self) -> bool:
        return bool(self.interpreter_language or self.access_needs or self.childcare)


class CafeExitAnswer(db.Model):
    """One anonymous exit questionnaire: no time, no person, no registration."""

    __tablename__ = "cafe_exit_answers"
    __table_args__ = (
        CheckConstraint(f"age_band IS NULL OR {in_check('age_band', AGE_BANDS)}", name="age_band_known"),
        CheckConstraint(f"gender IS NULL OR {in_check('gender', GENDERS)}", name="gender_known"),
        CheckConstraint(
            f"home_language IS NULL OR {in_check('home_language', HOME_LANGUAGES)}",
            name="home_language_known",
        ),
        CheckConstraint("NOT (lives_elsewhere AND area_id IS NOT NULL)", name="one_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("cafe_dialogues.id", ondelete="CASCADE"), index=True)
    age_band: Mapped[str | None] = mapped_column(String(10))
    gender: Mapped[str | None] = mapped_column(String(10))
    #: The neighbourhood the participant lives in …
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    #: … or outside the district.
    lives_elsewhere: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    home_language: Mapped[str | None] = mapped_column(String(5))


@invalidates(CafeDialogue, CafeRound, CafeTable)
def _public_pages_changed(obj) -> list[str]:
    """The event page is keyed by its dialogue's ``version`` (rounds and tables show on it), and
    the area pages and the calendar list the dialogues: renew both."""
    dialogue = obj if isinstance(obj, CafeDialogue) else obj.dialogue
    if dialogue is None and obj.dialogue_id is not None:
        dialogue = db.session.get(CafeDialogue, obj.dialogue_id)  # a table or round just removed
    renew = dialogue is not None and dialogue.id is not None and dialogue not in db.session.deleted
    if renew and not inspect(dialogue).attrs.version.history.has_changes():
        dialogue.version = (dialogue.version or 1) + 1
    return [AREA_DIALOGUES_SCOPE]
