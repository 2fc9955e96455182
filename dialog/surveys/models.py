"""Surveys, their sections, questions and options; responses, answers, receipts and codes.

Anonymity is a database rule, as in Indico: an anonymous response never carries a user, and
the receipts table records only *that* someone answered (a keyed hash, no time, no response
id), so a second answer is refused without linking an answer to its author. One-time codes
are marked used without a reference to the response they were used for.
"""

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
    true,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.cache import invalidates
from ..core.models import TimestampMixin, TranslatedText, UTCDateTime, in_check, utcnow
from ..core.participation import PARTICIPATION_LEVELS
from ..extensions import db
from ..i18n import translated

#: Delaktighetstrappan: how much influence the participants have.

#: Who may answer, and how a second answer is stopped.
MODES = {
    "anonymous": _l("Anonymous: no account needed, one answer per browser or account"),
    "identified": _l("Identified: log in to answer, one answer per person"),
    "codes": _l("One-time codes handed out on paper or at a meeting"),
}

STATES = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}
KINDS = ("survey", "pulse")

QUESTION_KINDS = {
    "note": _l("Note (text only)"),
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "integer": _l("Whole number"),
    "decimal": _l("Decimal number"),
    "date": _l("Date"),
    "single_choice": _l("Single choice"),
    "multiple_choice": _l("Multiple choice"),
    "scale": _l("Scale (rating)"),
    "matrix": _l("Matrix (rows sharing one scale)"),
    "ranking": _l("Ranking"),
    "yes_no": _l("Yes or no"),
    "consent": _l("Consent (tick to agree)"),
}
#: Kinds whose answers pick options.
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice", "yes_no", "matrix", "ranking"})
NUMBER_KINDS = frozenset({"integer", "decimal", "scale"})
TEXT_KINDS = frozenset({"short_text", "long_text"})
#: Kinds that collect no answer.
INFO_KINDS = frozenset({"note"})

OPTION_ROLES = ("choice", "row")
DISPLAYS = ("radio", "dropdown")


survey_areas = Table(
    "survey_areas",
    db.metadata,
    Column("survey_id", ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True, index=True),
)

survey_topics = Table(
    "survey_topics",
    db.metadata,
    Column("survey_id", ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)

survey_theme_groups = Table(
    "survey_theme_groups",
    db.metadata,
    Column("survey_id", ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "theme_group_id",
        ForeignKey("theme_groups.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Survey(TimestampMixin, db.Model):
    """A questionnaire run by theme groups for one or more areas."""

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint(in_check("kind", KINDS), name="kind_known"),
        CheckConstraint(in_check("state", STATES), name="state_known"),
        CheckConstraint(in_check("mode", MODES), name="mode_known"),
        CheckConstraint(in_check("participation_level", PARTICIPATION_LEVELS), name="participation_known"),
        CheckConstraint("closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on", name="dates_in_order"),
        # A trust pulse belongs to exactly one area and one period; other surveys to neither.
        CheckConstraint(
            "(kind = 'pulse' AND period IS NOT NULL AND pulse_area_id IS NOT NULL)"
            " OR (kind <> 'pulse' AND period IS NULL AND pulse_area_id IS NULL)",
            name="pulse_has_area_and_period",
        ),
        UniqueConstraint("pulse_area_id", "period", name="uq_surveys_pulse_area_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "survey", or "pulse" for the ready-made trust pulse.
    kind: Mapped[str] = mapped_column(String(10), default="survey", server_default="survey")
    title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: What happens with the answers (the promise shown before answering).
    promise: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Shown after the answers are sent.
    end_message: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    participation_level: Mapped[str] = mapped_column(String(20), default="consultation", server_default="consultation")
    mode: Mapped[str] = mapped_column(String(12), default="anonymous", server_default="anonymous")
    #: draft → open → closed. Open surveys take answers between ``opens_on`` and ``closes_on``.
    state: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    opens_on: Mapped[date | None] = mapped_column(Date)
    #: Last day answers are taken (inclusive).
    closes_on: Mapped[date | None] = mapped_column(Date)
    #: Language codes the survey is offered in (its texts are written in these).
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: Residents may see the (privacy-protected) results.
    results_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Trust pulse only: the period, e.g. "2026-Q2", and the one area it runs in.
    period: Mapped[str | None] = mapped_column(String(7))
    pulse_area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    areas = relationship("Area", secondary=survey_areas, order_by="(Area.position, Area.slug)")
    topics = relationship("Topic", secondary=survey_topics, order_by="(Topic.position, Topic.slug)")
    theme_groups = relationship("ThemeGroup", secondary=survey_theme_groups, order_by="ThemeGroup.slug")
    pulse_area = relationship("Area", foreign_keys=[pulse_area_id])
    sections: Mapped[list[SurveySection]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveySection.position"
    )
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey", cascade="all", order_by="SurveyQuestion.id"
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

    @property
    def is_scheduled(self) -> bool:
        """Published, but the first day has not come yet."""
        return self.state == "open" and self.opens_on is not None and date.today() < self.opens_on

    def ordered_questions(self) -> list[SurveyQuestion]:
        """Questions in answering order: by section, then by position within it."""
        return [q for section in self.sections for q in section.questions]

    def __repr__(self) -> str:
        return f"<Survey {self.id}>"


class SurveySection(db.Model):
    """A page of the survey; may be shown only when a condition on earlier answers holds."""

    __tablename__ = "survey_sections"
    __table_args__ = (UniqueConstraint("survey_id", "code", name="uq_survey_sections_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: Name used in XLSForm (begin_group name); unique within the survey.
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    intro: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: {"match": "all"|"any", "rules": [...]} — see ``conditions.py``; null: always shown.
    condition: Mapped[dict | None] = mapped_column(JSON)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="SurveyQuestion.position"
    )


class SurveyQuestion(db.Model):
    """One question (or a note) on a section of a survey."""

    __tablename__ = "survey_questions"
    __table_args__ = (
        UniqueConstraint("survey_id", "code", name="uq_survey_questions_code"),
        CheckConstraint(in_check("kind", QUESTION_KINDS), name="kind_known"),
        CheckConstraint(in_check("display", DISPLAYS), name="display_known"),
        CheckConstraint("min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="range_in_order"),
        CheckConstraint(
            "min_choices IS NULL OR max_choices IS NULL OR min_choices <= max_choices",
            name="choices_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_sections.id", ondelete="CASCADE"), index=True)
    #: Position within the section.
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Short name used in conditions, exports and XLSForm, e.g. "feel_safe".
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    help: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: See ``conditions.py``; null: always shown (when its section is).
    condition: Mapped[dict | None] = mapped_column(JSON)
    #: Single choice: radio buttons or a drop-down list.
    display: Mapped[str] = mapped_column(String(10), default="radio", server_default="radio")
    #: Numbers and scales: the allowed range (a scale needs both).
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    #: Scale: the words at each end, e.g. {"sv": "Inte alls"} … {"sv": "Helt"}.
    min_label: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    max_label: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Multiple choice: how many must / may be ticked.
    min_choices: Mapped[int | None] = mapped_column(Integer)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    #: Text answers become contributions in the theme groups' inbox.
    to_contribution: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    survey: Mapped[Survey] = relationship(back_populates="questions")
    section: Mapped[SurveySection] = relationship(back_populates="questions")
    options: Mapped[list[SurveyOption]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        order_by="(SurveyOption.role, SurveyOption.position)",
    )

    @property
    def choices(self) -> list[SurveyOption]:
        return [o for o in self.options if o.role == "choice"]

    @property
    def rows(self) -> list[SurveyOption]:
        return [o for o in self.options if o.role == "row"]

    @property
    def collects_answer(self) -> bool:
        return self.kind not in INFO_KINDS

    @property
    def has_other(self) -> bool:
        return any(o.is_other for o in self.options)

    def scale_points(self) -> list[int]:
        if self.min_value is None or self.max_value is None:
            return []
        return list(range(int(self.min_value), int(self.max_value) + 1))

    def __repr__(self) -> str:
        return f"<SurveyQuestion {self.code}>"


class SurveyOption(db.Model):
    """A choice of a question, or a row of a matrix (``role``)."""

    __tablename__ = "survey_options"
    __table_args__ = (
        UniqueConstraint("question_id", "role", "code", name="uq_survey_options_code"),
        CheckConstraint(in_check("role", OPTION_ROLES), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True)
    #: "choice" (what is picked) or "row" (a matrix row that gets one choice).
    role: Mapped[str] = mapped_column(String(10), default="choice", server_default="choice")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Value used in conditions, exports and XLSForm choices, e.g. "yes".
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: "Other, namely …": picking it asks for a text.
    is_other: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    question: Mapped[SurveyQuestion] = relationship(back_populates="options")


class SurveyCode(TimestampMixin, db.Model):
    """A one-time code handed out on paper. Stored as a keyed hash; never linked to an answer."""

    __tablename__ = "survey_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    is_used: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SurveyResponse(db.Model):
    """One person's answers. In progress, the answers live in ``draft``; once submitted, they
    are the ``survey_answers`` rows and every link back to a browser or code is removed."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        CheckConstraint("state IN ('in_progress', 'submitted')", name="state_known"),
        # The anonymity rule: an anonymous response never names an account.
        CheckConstraint("NOT is_anonymous OR user_id IS NULL", name="anonymous_has_no_user"),
        # Once submitted, nothing ties the response to a browser, an account, a code or a moment.
        CheckConstraint(
            "state = 'in_progress' OR (resume_hash IS NULL AND code_id IS NULL AND updated_at IS NULL"
            " AND receipt_key IS NULL)",
            name="submitted_is_unlinked",
        ),
        CheckConstraint("(state = 'submitted') = (submitted_on IS NOT NULL)", name="submitted_has_day"),
        Index("ix_survey_responses_survey_state", "survey_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12), default="in_progress", server_default="in_progress")
    #: The area the answer is about (chosen by the respondent when the survey has several).
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    #: The language the answers were given in.
    language: Mapped[str] = mapped_column(String(5), default="sv", server_default="sv")
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Identified surveys only.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Entered by staff from a paper form.
    is_paper: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: In progress: answers so far, {question id: value}; emptied on submit.
    draft: Mapped[dict] = mapped_column(JSON, default=dict)
    #: In progress: the page (section) to continue on.
    section_id: Mapped[int | None] = mapped_column(ForeignKey("survey_sections.id", ondelete="SET NULL"))
    #: In progress: SHA-256 of the secret in the "continue later" link and browser cookie.
    resume_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: In progress: the receipt key (keyed hash of the account or browser that started), so the
    #: receipt is written for whoever started even when the answers are sent from another
    #: browser through the "continue later" link; removed on submit.
    receipt_key: Mapped[str | None] = mapped_column(String(64))
    #: In progress (code mode): the code that let this person in; removed on submit.
    code_id: Mapped[int | None] = mapped_column(ForeignKey("survey_codes.id", ondelete="SET NULL"))
    #: In progress: last save, to clean up abandoned drafts; removed on submit.
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)
    #: The day (not the time) the answers were sent.
    submitted_on: Mapped[date | None] = mapped_column(Date)

    survey: Mapped[Survey] = relationship()
    area = relationship("Area")
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class SurveyAnswer(db.Model):
    """One submitted answer value. Several rows for multiple choice, matrix and ranking.

    ``survey_id``, ``area_id`` and ``language`` repeat the response's so that results are
    aggregated with one indexed GROUP BY, without joining the responses.
    """

    __tablename__ = "survey_answers"
    # Covering indexes for the results (migration 0009): each GROUP BY reads one index in the
    # order it groups by, without looking up the answer rows.
    __table_args__ = (
        Index(
            "ix_survey_answers_results",
            "survey_id",
            "question_id",
            "option_id",
            "row_option_id",
            "number",
            "response_id",
            "area_id",
            "language",
            "date_value",
        ),
        Index("ix_survey_answers_respondents", "survey_id", "question_id", "response_id", "area_id", "language"),
        Index(
            "ix_survey_answers_by_area",
            "survey_id",
            "question_id",
            "area_id",
            "option_id",
            "row_option_id",
            "number",
            "response_id",
            "language",
        ),
        Index(
            "ix_survey_answers_by_language",
            "survey_id",
            "question_id",
            "language",
            "option_id",
            "row_option_id",
            "number",
            "response_id",
            "area_id",
        ),
        Index(
            "ix_survey_answers_texts",
            "survey_id",
            "question_id",
            "id",
            sqlite_where=sql_text("text IS NOT NULL"),
            postgresql_where=sql_text("text IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(5))
    #: The picked choice (for a matrix: the column; for a ranking: the ranked item).
    option_id: Mapped[int | None] = mapped_column(ForeignKey("survey_options.id", ondelete="CASCADE"))
    #: Matrix: the row the choice is for.
    row_option_id: Mapped[int | None] = mapped_column(ForeignKey("survey_options.id", ondelete="CASCADE"))
    #: Numbers, scale points, and ranks (1 = first).
    number: Mapped[float | None] = mapped_column(Float)
    #: Free text, and the text of an "Other, namely …" choice.
    text: Mapped[str | None] = mapped_column(Text)
    date_value: Mapped[date | None] = mapped_column(Date)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveyReceipt(db.Model):
    """That someone answered a survey: a keyed hash of the account or browser. No time, no
    response id, no serial id or insertion order — it stops a second answer without linking
    the answer to anyone."""

    __tablename__ = "survey_receipts"
    # On SQLite, stored by its key alone: no hidden rowid keeps the order receipts came in.
    __table_args__ = {"sqlite_with_rowid": False}

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    respondent_key: Mapped[str] = mapped_column(String(64), primary_key=True)


#: Cache scope of the public lists of open surveys (see ``views.area_surveys_section``).
PUBLIC_LISTS_SCOPE = "surveys-public"


def survey_scope(ident: int) -> str:
    """The cache scope of a survey's structure, as the answering pages keep it."""
    return f"survey:{ident}"


def _survey_id(obj) -> int | None:
    if isinstance(obj, Survey):
        return obj.id
    if isinstance(obj, SurveyOption):
        question = obj.question
        return _survey_id(question) if question is not None else None
    if obj.survey_id is not None:
        return obj.survey_id
    return obj.survey.id if obj.survey is not None else None


@invalidates(Survey, SurveySection, SurveyQuestion, SurveyOption)
def _structure_changed(obj) -> list[str]:
    """The answering pages keep a copy of the survey's structure, and the area pages list the
    open surveys."""
    survey_id = _survey_id(obj)
    return [PUBLIC_LISTS_SCOPE, survey_scope(survey_id)] if survey_id is not None else [PUBLIC_LISTS_SCOPE]
