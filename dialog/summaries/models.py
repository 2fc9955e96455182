"""Summaries ("Vi hörde – vi gör"), the theme vocabulary that tags contributions across
languages, the promises of when feedback comes, and who was told."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.cache import invalidates
from ..core.models import TranslatedText, UTCDateTime, utcnow
from ..extensions import db
from ..i18n import translated

SUMMARY_STATES = {"draft": _l("Draft"), "published": _l("Published")}
#: The background job that writes a draft: idle → queued → running → done (or failed).
JOB_STATES = ("idle", "queued", "running", "done", "failed")
#: Where a theme comes from: the district's vocabulary, or a cluster proposed from the texts.
THEME_ORIGINS = ("vocabulary", "cluster")
#: A cluster proposal waits for staff; accepted themes tag contributions.
THEME_STATES = ("proposed", "accepted")
#: What a sentence is: a plain statement, a verbatim quote, or a survey chart.
SENTENCE_KINDS = ("statement", "quote", "chart")


def _in_check(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Theme(db.Model):
    """A theme of the district's vocabulary: a name and keywords in each language."""

    __tablename__ = "summary_themes"
    __table_args__ = (
        CheckConstraint(_in_check("origin", THEME_ORIGINS), name="origin_known"),
        CheckConstraint(_in_check("state", THEME_STATES), name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: {"sv": ["belysning", "mörkt"], "ar": ["إضاءة", "مظلم"], …}; matched as word prefixes.
    keywords: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    origin: Mapped[str] = mapped_column(String(12), default="vocabulary", server_default="vocabulary")
    state: Mapped[str] = mapped_column(String(10), default="accepted", server_default="accepted")
    #: A cluster's language and top terms ("why" for the contributions it proposes).
    language: Mapped[str | None] = mapped_column(String(5))
    top_terms: Mapped[list] = mapped_column(TranslatedText, default=list)
    #: The theme group that proposed it from its clusters; null for the district's vocabulary.
    theme_group_id: Mapped[int | None] = mapped_column(ForeignKey("theme_groups.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def display_name(self) -> str:
        return translated(self.name) or ", ".join(self.top_terms or [])


class ThemeTag(db.Model):
    """A contribution in a theme, and why: the keywords that matched or the cluster's top terms."""

    __tablename__ = "summary_theme_tags"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("summary_themes.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: The words of the contribution that matched, or the cluster terms it shares.
    reasons: Mapped[list] = mapped_column(TranslatedText, default=list)

    theme: Mapped[Theme] = relationship()


class DetectedLanguage(db.Model):
    """The language detected for a contribution whose author chose none (e.g. café notes)."""

    __tablename__ = "summary_detected_languages"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(5))


class Summary(db.Model):
    """A "Vi hörde – vi gör" summary over a scope: a theme group's input, narrowed by area,
    engagement and period."""

    __tablename__ = "summaries"
    __table_args__ = (
        CheckConstraint(_in_check("status", SUMMARY_STATES), name="status_known"),
        CheckConstraint(_in_check("job_state", JOB_STATES), name="job_state_known"),
        CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start", name="period_in_order"
        ),
        CheckConstraint("(engagement_kind IS NULL) = (engagement_id IS NULL)", name="engagement_whole"),
        CheckConstraint("job_progress BETWEEN 0 AND 100", name="progress_percent"),
        Index("ix_summaries_published", "status", "theme_group_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_group_id: Mapped[int] = mapped_column(ForeignKey("theme_groups.id"), index=True)
    #: Narrow to an area and the areas under it.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    #: One of ``engagements.ENGAGEMENT_KINDS`` ("idea_box" is per area: its id is the area's).
    engagement_kind: Mapped[str | None] = mapped_column(String(20))
    engagement_id: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: The languages staff write it in, side by side (Swedish first).
    languages: Mapped[list] = mapped_column(TranslatedText, default=list)
    status: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    job_state: Mapped[str] = mapped_column(String(10), default="idle", server_default="idle")
    job_progress: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: How many contributions the scope held when the draft was made.
    covered_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    theme_group = relationship("ThemeGroup")
    area = relationship("Area")
    sentences: Mapped[list[SummarySentence]] = relationship(
        back_populates="summary", cascade="all, delete-orphan", order_by="SummarySentence.position"
    )

    @property
    def display_title(self) -> str:
        return translated(self.title)

    @property
    def is_published(self) -> bool:
        return self.status == "published"


class SummarySentence(db.Model):
    """One sentence of a summary, in the languages staff write, with the sources it cites."""

    __tablename__ = "summary_sentences"
    __table_args__ = (
        CheckConstraint(_in_check("kind", SENTENCE_KINDS), name="kind_known"),
        CheckConstraint("kind != 'quote' OR quote IS NOT NULL", name="quote_has_text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: counts, themes, quotes, survey, answered or own: the part of the page it sits in.
    section: Mapped[str] = mapped_column(String(12), default="own")
    kind: Mapped[str] = mapped_column(String(10), default="statement")
    #: {"sv": …, "ar": …}: what the sentence says, per language.
    text: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: A quote's words exactly as they stand in the contribution it cites.
    quote: Mapped[str | None] = mapped_column(String(600))
    quote_language: Mapped[str | None] = mapped_column(String(5))

    summary: Mapped[Summary] = relationship(back_populates="sentences")
    citations: Mapped[list[SummaryCitation]] = relationship(
        back_populates="sentence", cascade="all, delete-orphan", order_by="SummaryCitation.id"
    )


class SummaryCitation(db.Model):
    """A sentence's source: a contribution, or a survey question (for a chart or a figure)."""

    __tablename__ = "summary_citations"
    __table_args__ = (
        CheckConstraint("(contribution_id IS NULL) != (survey_question_id IS NULL)", name="one_source"),
        Index("ix_summary_citations_contribution", "contribution_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sentence_id: Mapped[int] = mapped_column(ForeignKey("summary_sentences.id", ondelete="CASCADE"), index=True)
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    survey_question_id: Mapped[int | None] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))

    sentence: Mapped[SummarySentence] = relationship(back_populates="citations")


class SummaryEvent(db.Model):
    """The summary's history: drafted, edited, published, unpublished, sent."""

    __tablename__ = "summary_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor = relationship("User")


class SummaryDelivery(db.Model):
    """A covered contribution whose author was told about the summary (once per summary)."""

    __tablename__ = "summary_deliveries"

    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EngagementPromise(db.Model):
    """The date by which an engagement promised feedback, where it only had a promise text."""

    __tablename__ = "summary_engagement_promises"
    __table_args__ = (UniqueConstraint("engagement_kind", "engagement_id", name="uq_engagement_promise"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_kind: Mapped[str] = mapped_column(String(20))
    engagement_id: Mapped[int] = mapped_column(Integer)
    promised_on: Mapped[date] = mapped_column(Date)


class GroupPromise(db.Model):
    """The idea box's promise per theme group: an answer within this many days."""

    __tablename__ = "summary_group_promises"
    __table_args__ = (CheckConstraint("answer_days BETWEEN 1 AND 365", name="answer_days_range"),)

    theme_group_id: Mapped[int] = mapped_column(ForeignKey("theme_groups.id", ondelete="CASCADE"), primary_key=True)
    answer_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")


#: Cache scope of what summaries and promises show (the promises dashboard and rate).
SUMMARIES_SCOPE = "summaries"


@invalidates(Summary, SummarySentence, GroupPromise, EngagementPromise, Theme)
def _summaries_changed(_obj) -> list[str]:
    """A summary drafted, edited, published or taken down, or a promise or theme changed."""
    return [SUMMARIES_SCOPE]
