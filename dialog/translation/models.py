"""Stored machine translations of contributions and of their history, machine-made answer texts,
and who reads what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..contributions.models import inbox_scope
from ..core.cache import invalidates
from ..core.models import UTCDateTime, utcnow
from ..extensions import db

#: done: translated; unsupported: the back end has no model for the pair; failed: every retry failed.
STATES = ("done", "unsupported", "failed")


class ContributionTranslation(db.Model):
    """A contribution's title, place and text machine-translated into one language, for staff only."""

    __tablename__ = "contribution_translations"
    __table_args__ = (
        UniqueConstraint("contribution_id", "target_language", name="uq_contribution_translations_target"),
        CheckConstraint("state IN ('done', 'unsupported', 'failed')", name="translation_state_known"),
        # The same words (a repeated text, a copied proposal) are translated once per language.
        Index("ix_contribution_translations_hash", "source_hash", "target_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    source_language: Mapped[str] = mapped_column(String(5))
    target_language: Mapped[str] = mapped_column(String(5))
    #: sha256 of the title, place and text translated: a changed text no longer matches.
    source_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12))
    title: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    #: "libretranslate" or "argos": which machine made it.
    backend: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contribution = relationship(
        "Contribution", backref=backref("machine_translations", cascade="all, delete-orphan", passive_deletes=True)
    )


@invalidates(ContributionTranslation)
def _inboxes_of_translation(row: ContributionTranslation) -> list[str]:
    """A translation made, redone or dropped shows in the inboxes of the contribution's groups."""
    contribution = row.contribution
    return [inbox_scope(route.theme_group_id) for route in contribution.routes] if contribution else []


class EventTranslation(db.Model):
    """A staff-written text in a contribution's history (a note, a reason) in one language, for staff.

    Which text of an event is translated is decided by :func:`.history.event_text`; the resident's
    original text kept by an "edited" event never is.
    """

    __tablename__ = "contribution_event_translations"
    __table_args__ = (
        UniqueConstraint("event_id", "target_language", name="uq_contribution_event_translations_target"),
        CheckConstraint("state IN ('done', 'unsupported', 'failed')", name="state_known"),
        # The same words (a note copied to several contributions) are translated once per language.
        Index("ix_contribution_event_translations_hash", "source_hash", "target_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("contribution_events.id", ondelete="CASCADE"), index=True)
    #: Detected from the text (staff write in whatever language they like), not chosen.
    source_language: Mapped[str] = mapped_column(String(5))
    target_language: Mapped[str] = mapped_column(String(5))
    #: sha256 of the text translated: a changed text no longer matches.
    source_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12))
    text: Mapped[str | None] = mapped_column(Text)
    #: "libretranslate" or "argos": which machine made it.
    backend: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event = relationship(
        "ContributionEvent",
        backref=backref("machine_translations", cascade="all, delete-orphan", passive_deletes=True),
    )


@invalidates(EventTranslation)
def _inboxes_of_event_translation(row: EventTranslation) -> list[str]:
    """Like a contribution's translation: renews the inboxes of the contribution's groups."""
    contribution = row.event.contribution if row.event else None
    return [inbox_scope(route.theme_group_id) for route in contribution.routes] if contribution else []


class AnswerTranslation(db.Model):
    """One language of a published answer that was machine-translated from another."""

    __tablename__ = "answer_translations"

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution_answers.contribution_id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(5), primary_key=True)
    #: The language the staff member wrote in, e.g. "sv".
    source_language: Mapped[str] = mapped_column(String(5))
    #: A staff member who reads ``language`` and confirmed the text; null: not reviewed.
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    answer = relationship(
        "ContributionAnswer",
        backref=backref("machine_languages", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"),
    )
    reviewed_by = relationship("User")

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class StaffLanguage(db.Model):
    """A language a staff member reads well enough to check a machine translation."""

    __tablename__ = "staff_languages"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(5), primary_key=True)
