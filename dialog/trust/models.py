"""Trust dialogues with prompts, a theme vocabulary and stories.

A story *is* a contribution: the row here only adds what a story has on top (the prompt,
the teller's profile, how it was heard, the themes staff tagged).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.cache import AREA_DIALOGUES_SCOPE, invalidates
from ..core.models import TimestampMixin, TranslatedText, UTCDateTime, in_check, utcnow
from ..core.participation import AGE_BANDS, PARTICIPATION_LEVELS
from ..extensions import db
from ..i18n import translated

TRUST_STATES = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}

trust_dialogue_topics = Table(
    "trust_dialogue_topics",
    db.metadata,
    Column("dialogue_id", ForeignKey("trust_dialogues.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)

trust_story_themes = Table(
    "trust_story_themes",
    db.metadata,
    Column("story_id", ForeignKey("trust_stories.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("trust_themes.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class TrustDialogue(TimestampMixin, db.Model):
    """A trust dialogue for one area: prompts that invite stories, and what was heard."""

    __tablename__ = "trust_dialogues"
    __table_args__ = (
        CheckConstraint(in_check("state", TRUST_STATES), name="state_known"),
        CheckConstraint(in_check("participation_level", PARTICIPATION_LEVELS), name="participation_known"),
        CheckConstraint("closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_group_id: Mapped[int] = mapped_column(ForeignKey("theme_groups.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    intro: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: What happens with the stories.
    promise: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    participation_level: Mapped[str] = mapped_column(String(20), default="dialogue", server_default="dialogue")
    #: draft → open → closed; open dialogues take stories between the dates.
    state: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    #: Show the "what we heard" page to the public.
    heard_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    theme_group = relationship("ThemeGroup")
    area = relationship("Area")
    topics = relationship("Topic", secondary=trust_dialogue_topics, order_by="(Topic.position, Topic.slug)")
    prompts: Mapped[list[TrustPrompt]] = relationship(
        back_populates="dialogue",
        cascade="all, delete-orphan",
        order_by="(TrustPrompt.position, TrustPrompt.id)",
    )
    themes: Mapped[list[TrustTheme]] = relationship(
        back_populates="dialogue",
        cascade="all, delete-orphan",
        order_by="(TrustTheme.position, TrustTheme.id)",
    )

    @property
    def display_title(self) -> str:
        return translated(self.title)

    def is_open_on(self, day: date) -> bool:
        return (
            self.state == "open"
            and (self.opens_on is None or self.opens_on <= day)
            and (self.closes_on is None or day <= self.closes_on)
        )

    @property
    def is_open(self) -> bool:
        return self.is_open_on(date.today())


class TrustPrompt(db.Model):
    """A question that invites a story, e.g. "What is it like to live in Backa?"."""

    __tablename__ = "trust_prompts"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("trust_dialogues.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    text: Mapped[dict] = mapped_column(TranslatedText, default=dict)

    dialogue: Mapped[TrustDialogue] = relationship(back_populates="prompts")


class TrustTheme(db.Model):
    """A recurring theme in the dialogue's vocabulary, used by staff to tag stories."""

    __tablename__ = "trust_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("trust_dialogues.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    name: Mapped[dict] = mapped_column(TranslatedText, default=dict)

    dialogue: Mapped[TrustDialogue] = relationship(back_populates="themes")


class TrustStory(TimestampMixin, db.Model):
    """What a story adds to its contribution: the prompt, the profile, how it was heard, tags."""

    __tablename__ = "trust_stories"
    __table_args__ = (
        CheckConstraint(f"age_band IS NULL OR {in_check('age_band', AGE_BANDS)}", name="age_band_known"),
        # A story heard in person is only recorded when the teller agreed to it.
        CheckConstraint("NOT heard_in_person OR consent_noted", name="in_person_consent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("trust_dialogues.id", ondelete="CASCADE"), index=True)
    #: The story text, consents, moderation and routing live on the contribution.
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), unique=True)
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("trust_prompts.id", ondelete="SET NULL"))
    age_band: Mapped[str | None] = mapped_column(String(10))
    #: The neighbourhood the teller lives in, if they said.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    heard_in_person: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Staff confirm the teller agreed to the story being written down.
    consent_noted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    dialogue: Mapped[TrustDialogue] = relationship()
    contribution = relationship("Contribution")
    prompt: Mapped[TrustPrompt | None] = relationship()
    area = relationship("Area")
    recorded_by = relationship("User")
    themes: Mapped[list[TrustTheme]] = relationship(
        secondary=trust_story_themes, order_by="(TrustTheme.position, TrustTheme.id)"
    )


@invalidates(TrustDialogue, TrustPrompt, TrustTheme)
def _area_pages_changed(_obj) -> list[str]:
    """The area pages list the open trust dialogues in their dialogues section."""
    return [AREA_DIALOGUES_SCOPE]
