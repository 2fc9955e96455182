"""Contributions, their routing to theme groups, their history and their public answer."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.cache import invalidates
from ..core.models import TimestampMixin, TranslatedText, UTCDateTime, in_check, utcnow
from ..extensions import db
from .receipts import format_receipt_code

#: Where a contribution came from. Later sources add their kind here and in the check below.
SOURCE_KINDS = {
    "idea": _l("Idea box"),
    "survey": _l("Survey answer"),
    "cafe_proposal": _l("Café dialogue proposal"),
    "cafe_note": _l("Café dialogue notes"),
    "story": _l("Trust dialogue story"),
    "round_offer": _l("Matchmaking round"),
}

#: The path a contribution walks, as its author sees it.
STATUSES = {
    "received": _l("Received"),
    "with_group": _l("With the theme group"),
    "looking": _l("Being looked at"),
    "planned": _l("Answered: planned"),
    "in_progress": _l("Answered: in progress"),
    "done": _l("Answered: done"),
    "not_taken": _l("Answered: not taken further"),
}
ANSWER_STATUSES = ("planned", "in_progress", "done", "not_taken")

#: Moderation state. Only "approved" (and consented) text is ever public.
MODERATION_STATES = {
    "pending": _l("Waiting for review"),
    "held": _l("Held: may contain personal data"),
    "flagged": _l("Flagged: check the language"),
    "approved": _l("Approved"),
    "hidden": _l("Hidden"),
}


contribution_topics = Table(
    "contribution_topics",
    db.metadata,
    Column("contribution_id", ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Contribution(TimestampMixin, db.Model):
    """One piece of citizen input: an idea, a survey free-text answer, a proposal, a story."""

    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint(in_check("source_kind", SOURCE_KINDS), name="source_kind_known"),
        CheckConstraint(in_check("status", STATUSES), name="status_known"),
        CheckConstraint(in_check("moderation", MODERATION_STATES), name="moderation_known"),
        # Keyset pagination in the inbox and the public lists walks (created_at, id).
        Index("ix_contributions_area_created", "area_id", "created_at", "id"),
        Index("ix_contributions_public", "moderation", "consent_publish", "area_id", "created_at"),
        # The public idea list is cached per area until max(updated_at) moves.
        Index("ix_contributions_area_updated", "area_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short code the author uses to follow the contribution (stored without dashes).
    receipt_code: Mapped[str] = mapped_column(String(12), unique=True)
    source_kind: Mapped[str] = mapped_column(String(20))
    #: Id of the source row (survey response, dialogue table …); null for the idea box.
    source_id: Mapped[int | None] = mapped_column(Integer)
    #: A path on this site to the source (survey, event), for the "where it came from" link.
    source_url: Mapped[str | None] = mapped_column(String(300))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    #: The text exactly as written (plain text, always rendered escaped).
    body: Mapped[str] = mapped_column(Text)
    #: Where in the area, for ideas ("the playground by the school").
    place: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="sv")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Given only with consent to be contacted; removed when the account is deleted.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    consent_publish: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_quote: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(20), default="received", server_default="received")
    moderation: Mapped[str] = mapped_column(String(20), default="pending", server_default="pending")
    #: Why the text is held or flagged, e.g. "personnummer", shown to moderators only.
    moderation_note: Mapped[str | None] = mapped_column(String(300))
    #: Reason shown publicly in place of hidden text.
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Sent by the submitting form so a double click or a resend creates one row, not two.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    support_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    area = relationship("Area")
    topics = relationship("Topic", secondary=contribution_topics, order_by="Topic.position")
    author = relationship("User", foreign_keys=[author_id])
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    routes: Mapped[list[ContributionRoute]] = relationship(back_populates="contribution", cascade="all, delete-orphan")
    events: Mapped[list[ContributionEvent]] = relationship(
        back_populates="contribution",
        cascade="all, delete-orphan",
        order_by="ContributionEvent.id",
    )
    answer: Mapped[ContributionAnswer | None] = relationship(
        back_populates="contribution", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_public(self) -> bool:
        """Only approved text its author agreed to publish is ever shown to the public."""
        return self.moderation == "approved" and self.consent_publish

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWER_STATUSES

    @property
    def display_receipt_code(self) -> str:
        return format_receipt_code(self.receipt_code)

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.source_kind}>"


class ContributionRoute(db.Model):
    """A theme group a contribution was sent to, and why."""

    __tablename__ = "contribution_routes"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    theme_group_id: Mapped[int] = mapped_column(
        ForeignKey("theme_groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: "area_topic" (covers area and topic), "fallback", or "manual" (re-routed by staff).
    reason: Mapped[str] = mapped_column(String(20))
    #: The topic that matched, to explain the route ("because it is about safety").
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="routes")
    theme_group = relationship("ThemeGroup")
    topic = relationship("Topic")


class ContributionEvent(db.Model):
    """One entry in a contribution's history: who did what, when and why."""

    __tablename__ = "contribution_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    #: Null when the system did it (routing at submission, automatic holds).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: created, routed, rerouted, status, moderation, assigned, note, answered, edited, reported
    kind: Mapped[str] = mapped_column(String(20))
    #: Structured details (old/new values, group ids, the original text of an edit …).
    data: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Internal: moderators only (e.g. holds an edited-out original or an internal note).
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="events")
    actor = relationship("User")


class ContributionAnswer(db.Model):
    """The public answer from the theme group, in one or more languages."""

    __tablename__ = "contribution_answers"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    #: {"sv": ..., "ar": ...}
    body: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    theme_group_id: Mapped[int | None] = mapped_column(ForeignKey("theme_groups.id", ondelete="SET NULL"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="answer")
    theme_group = relationship("ThemeGroup")
    answered_by = relationship("User")


class ContributionSupport(db.Model):
    """One "+1" on a published idea, once per person or browser."""

    __tablename__ = "contribution_supports"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    #: "u:<user id>" for accounts, "b:<hash of a browser cookie>" otherwise; no personal data.
    supporter_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ContributionReport(db.Model):
    """A reader's report that published text breaks the rules; goes to the moderation queue."""

    __tablename__ = "contribution_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contribution = relationship("Contribution")


def inbox_scope(group_id: int) -> str:
    """The cache scope of a theme group's inbox pages."""
    return f"inbox:{group_id}"


@invalidates(Contribution)
def _inboxes_of_contribution(contribution: Contribution) -> list[str]:
    """A contribution shows in the inboxes of the groups it is routed to (every event moves its
    ``updated_at``, so every event renews them)."""
    return [inbox_scope(route.theme_group_id or route.theme_group.id) for route in contribution.routes]


@invalidates(ContributionRoute)
def _inbox_of_route(route: ContributionRoute) -> list[str]:
    """A contribution arrives in, or leaves, a group's inbox."""
    group_id = route.theme_group_id or (route.theme_group.id if route.theme_group is not None else None)
    return [inbox_scope(group_id)] if group_id else []
