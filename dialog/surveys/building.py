"""Writes that build a survey: settings, publishing, pages (sections) and questions, their
order and conditions. Codes, responses and definitions have modules of their own.

Operations flush; the view commits once. Problems a person can fix are raised as
:class:`SurveyError` with a translated message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete

from ..areas.models import Area, Topic
from ..core.ordering import renumber
from ..core.text import slugify
from ..extensions import db
from ..i18n import LANGUAGES
from ..themegroups.models import ThemeGroup
from . import conditions
from .errors import SurveyError
from .models import (
    CHOICE_KINDS,
    INFO_KINDS,
    QUESTION_KINDS,
    Survey,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
)
from .pulse_standard import is_standard_question, quarter_bounds
from .queries import has_answers

CODE_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")


# --- Reading helpers -------------------------------------------------------------------------


def question_refs(questions: Iterable[SurveyQuestion]) -> dict[str, conditions.QuestionRef]:
    return {q.code: conditions.QuestionRef(q.code, q.kind, frozenset(o.code for o in q.choices)) for q in questions}


def condition_problems(survey: Survey) -> list[tuple[str, str]]:
    """Every condition checked against the questions before it: [(where, problem)]."""
    problems: list[tuple[str, str]] = []
    earlier: dict[str, conditions.QuestionRef] = {}  # grows as we go: linear in the survey's size
    all_codes = {q.code for q in survey.questions}
    for section in survey.sections:
        for problem in conditions.validate(section.condition, earlier, all_codes=all_codes):
            problems.append((section.code, problem))
        for question in section.questions:
            for problem in conditions.validate(
                question.condition, earlier, all_codes=all_codes, own_code=question.code
            ):
                problems.append((question.code, problem))
            earlier.update(question_refs([question]))
    return problems


def publish_problems(survey: Survey) -> list[str]:
    """What stops the survey from opening, in plain language."""
    problems = []
    if not survey.title.get("sv"):
        problems.append(_("The survey needs a title in Swedish."))
    answerable = [q for q in survey.questions if q.collects_answer]
    if not answerable:
        problems.append(_("Add at least one question."))
    if not survey.areas and survey.kind != "pulse":
        problems.append(_("Choose at least one area."))
    if not survey.theme_groups:
        problems.append(_("Choose at least one theme group."))
    for question in survey.questions:
        if question.kind in ("single_choice", "multiple_choice", "ranking", "matrix") and len(question.choices) < 2:
            problems.append(_("“%(code)s” needs at least two options.", code=question.code))
        if question.kind == "matrix" and not question.rows:
            problems.append(_("“%(code)s” needs at least one row.", code=question.code))
        if question.kind == "scale" and not question.scale_points():
            problems.append(_("“%(code)s” needs the lowest and highest point of the scale.", code=question.code))
    for where, problem in condition_problems(survey):
        problems.append(f"{where}: {problem}")
    return problems


# --- Building ------------------------------------------------------------------------------


@dataclass
class SurveySettings:
    title: dict
    description: dict = field(default_factory=dict)
    promise: dict = field(default_factory=dict)
    end_message: dict = field(default_factory=dict)
    participation_level: str = "consultation"
    mode: str = "anonymous"
    opens_on: date | None = None
    closes_on: date | None = None
    languages: list[str] = field(default_factory=lambda: list(LANGUAGES))
    results_public: bool = False
    areas: list[Area] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    theme_groups: list[ThemeGroup] = field(default_factory=list)


def apply_settings(survey: Survey, settings: SurveySettings) -> None:
    if settings.opens_on and settings.closes_on and settings.closes_on < settings.opens_on:
        raise SurveyError(_("The last day must come after the first day."))
    if not settings.theme_groups:
        raise SurveyError(_("Choose at least one theme group."))
    for name in (
        "title",
        "description",
        "promise",
        "end_message",
        "participation_level",
        "mode",
        "opens_on",
        "closes_on",
        "results_public",
    ):
        setattr(survey, name, getattr(settings, name))
    survey.languages = [code for code in LANGUAGES if code in settings.languages] or ["sv"]
    survey.areas = list(settings.areas)
    survey.topics = list(settings.topics)
    survey.theme_groups = list(settings.theme_groups)


def create_survey(settings: SurveySettings, actor, *, first_section: bool = True) -> Survey:
    """A new draft survey with one empty page."""
    survey = Survey(kind="survey", state="draft", created_by_id=actor.id if actor else None)
    apply_settings(survey, settings)
    db.session.add(survey)
    if first_section:
        survey.sections.append(SurveySection(code="page1", position=1, title={}, intro={}))
    db.session.flush()
    return survey


def update_survey(survey: Survey, settings: SurveySettings) -> None:
    if survey.mode != settings.mode and has_answers(survey):
        raise SurveyError(_("The way people answer cannot change once answers have come in."))
    if survey.kind == "pulse":
        first, last = quarter_bounds(survey.period)
        if (settings.opens_on, settings.closes_on) != (first, last):
            raise SurveyError(
                _(
                    "A trust pulse takes answers for its whole quarter: from %(first)s to %(last)s.",
                    first=first.isoformat(),
                    last=last.isoformat(),
                )
            )
    apply_settings(survey, settings)
    db.session.flush()


def delete_survey(survey: Survey) -> None:
    """Delete a draft without answers (the view checks both and says why not)."""
    if survey.state != "draft" or has_answers(survey):
        raise SurveyError(_("Only drafts without answers can be deleted. Close the survey instead."))
    db.session.delete(survey)
    db.session.flush()


def set_state(survey: Survey, state: str) -> None:
    """Open (publish), close, or take back to draft."""
    if state == "open":
        problems = publish_problems(survey)
        if problems:
            raise SurveyError(_("The survey cannot open yet."), problems)
    elif state == "draft":
        if has_answers(survey):
            raise SurveyError(_("A survey with answers cannot go back to draft. Close it instead."))
    elif state != "closed":
        raise SurveyError(_("Unknown state."))
    survey.state = state
    if state == "closed":
        # Answers never sent are not kept once the survey closes.
        db.session.execute(
            delete(SurveyResponse).where(SurveyResponse.survey_id == survey.id, SurveyResponse.state == "in_progress")
        )
    db.session.flush()


def next_code(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def all_codes(survey: Survey) -> set[str]:
    return {q.code for q in survey.questions} | {s.code for s in survey.sections}


def check_code(survey: Survey, code: str, *, current: str | None = None, taken: set[str] | None = None) -> None:
    """``taken``: the codes already used, when the caller keeps them (building a whole survey)."""
    if not CODE_PATTERN.match(code or ""):
        raise SurveyError(_("Use a short code of letters a–z, digits and _ that starts with a letter, e.g. feel_safe."))
    if code != current and code in (all_codes(survey) if taken is None else taken):
        raise SurveyError(_("The code “%(code)s” is already used in this survey.", code=code))


def add_section(
    survey: Survey, *, title: dict, intro: dict, code: str | None = None, condition: dict | None = None
) -> SurveySection:
    code = code or next_code("page", all_codes(survey))
    check_code(survey, code)
    section = SurveySection(
        code=code,
        title=title,
        intro=intro,
        position=len(survey.sections) + 1,
        condition=conditions.normalise(condition),
    )
    survey.sections.append(section)
    check_conditions(survey)
    db.session.flush()
    return section


def update_section(section: SurveySection, *, title: dict, intro: dict, code: str, condition: dict | None) -> None:
    survey = section.survey
    check_code(survey, code, current=section.code)
    section.title, section.intro, section.code = title, intro, code
    section.condition = conditions.normalise(condition)
    check_conditions(survey)
    db.session.flush()


def save_section(
    survey: Survey, section: SurveySection | None, *, title: dict, intro: dict, code: str, condition: dict | None
) -> SurveySection:
    """The page form saved: a new page at the end when ``section`` is None, else that page changed."""
    if section is None:
        return add_section(survey, title=title, intro=intro, code=code, condition=condition)
    update_section(section, title=title, intro=intro, code=code, condition=condition)
    return section


def delete_section(section: SurveySection) -> None:
    survey = section.survey
    if len(survey.sections) <= 1:
        raise SurveyError(_("A survey needs at least one page."))
    if section.questions:
        raise SurveyError(_("Move or delete the questions on this page first."))
    survey.sections.remove(section)
    db.session.delete(section)
    renumber(survey.sections)
    db.session.flush()


def move_section(section: SurveySection, direction: int) -> None:
    survey = section.survey
    sections = list(survey.sections)
    index = sections.index(section)
    target = index + direction
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    renumber(sections)
    survey.sections.sort(key=lambda s: s.position)
    check_conditions(survey, revert=lambda: move_section_back(survey, section, index))
    db.session.flush()


def move_section_back(survey: Survey, section: SurveySection, index: int) -> None:
    sections = [s for s in survey.sections if s is not section]
    sections.insert(index, section)
    renumber(sections)
    survey.sections.sort(key=lambda s: s.position)


def check_conditions(survey: Survey, revert=None) -> None:
    problems = condition_problems(survey)
    if problems:
        if revert:
            revert()
        raise SurveyError(_("That would break a condition."), [f"{where}: {problem}" for where, problem in problems])


@dataclass
class QuestionData:
    code: str
    text: dict
    help: dict = field(default_factory=dict)
    required: bool = False
    condition: dict | None = None
    display: str = "radio"
    min_value: float | None = None
    max_value: float | None = None
    min_label: dict = field(default_factory=dict)
    max_label: dict = field(default_factory=dict)
    min_choices: int | None = None
    max_choices: int | None = None
    to_contribution: bool = False
    #: [{"id": existing id or None, "code": str, "label": {lang: text}, "is_other": bool}]
    choices: list[dict] | None = None
    rows: list[dict] | None = None


def check_question_data(kind: str, data: QuestionData) -> None:
    if kind == "scale":
        if data.min_value is None or data.max_value is None:
            raise SurveyError(_("Give the lowest and the highest point of the scale."))
        if not float(data.min_value).is_integer() or not float(data.max_value).is_integer():
            raise SurveyError(_("The points of a scale are whole numbers."))
        if not 0 <= data.min_value < data.max_value <= 10 or data.max_value - data.min_value > 10:
            raise SurveyError(_("A scale runs from 0 or 1 up to at most 10, e.g. 1–5 or 0–10."))
    if data.min_value is not None and data.max_value is not None and data.min_value > data.max_value:
        raise SurveyError(_("The lowest number must not be more than the highest."))
    if data.min_choices is not None and data.max_choices is not None and data.min_choices > data.max_choices:
        raise SurveyError(_("The least number of choices must not be more than the most."))


def _unique_option_code(label: dict, taken: set[str], position: int) -> str:
    base = slugify(label.get("sv") or label.get("en") or "").replace("-", "_")[:30]
    if not base or not CODE_PATTERN.match(base):
        base = f"o{position}"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def set_options(question: SurveyQuestion, role: str, rows: list[dict], *, locked: bool) -> None:
    existing = {o.id: o for o in question.options if o.role == role}
    keep: list[SurveyOption] = []
    taken: set[str] = set()
    for position, row in enumerate(rows, start=1):
        option = existing.get(row.get("id")) if row.get("id") else None
        code = (row.get("code") or "").strip()
        if code and not CODE_PATTERN.match(code) and not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", code):
            raise SurveyError(_("Option codes use letters, digits, - and _ only (at most 40)."))
        if not code:
            code = (
                option.code
                if option
                else _unique_option_code(row["label"], taken | {r.get("code") for r in rows if r.get("code")}, position)
            )
        if code in taken:
            raise SurveyError(_("Two options have the code “%(code)s”.", code=code))
        taken.add(code)
        if option is None:
            option = SurveyOption(role=role)
            question.options.append(option)
        option.code, option.label, option.position = code, row["label"], position
        option.is_other = bool(row.get("is_other")) and role == "choice"
        keep.append(option)
    removed = [o for o in existing.values() if o not in keep]
    if removed and locked:
        raise SurveyError(_("Options cannot be removed once answers have come in. Change their text instead."))
    if sum(1 for o in keep if o.is_other) > 1:
        raise SurveyError(_("Only one option can be “Other, namely …”."))
    for option in removed:
        question.options.remove(option)


YES_NO = [
    {"code": "yes", "label": {"sv": "Ja", "en": "Yes", "ar": "نعم", "so": "Haa", "fa": "بله"}},
    {"code": "no", "label": {"sv": "Nej", "en": "No", "ar": "لا", "so": "Maya", "fa": "خیر"}},
]


def add_question(
    section: SurveySection, kind: str, data: QuestionData, *, position: int | None = None
) -> SurveyQuestion:
    if kind not in QUESTION_KINDS:
        raise SurveyError(_("Unknown question type."))
    survey = section.survey
    check_code(survey, data.code)
    check_question_data(kind, data)
    question = SurveyQuestion(kind=kind, survey=survey)
    # Appending through the section's list sets ``question.section`` (setting it first
    # would append it a second time through the backref).
    if position is None:
        section.questions.append(question)
    else:
        section.questions.insert(position, question)
    renumber(section.questions)
    fill_question(question, data, locked=False)
    if kind == "yes_no" and not question.options:
        set_options(question, "choice", [dict(o) for o in YES_NO], locked=False)
    check_conditions(survey)
    db.session.flush()
    return question


def fill_question(question: SurveyQuestion, data: QuestionData, *, locked: bool) -> None:
    kind = question.kind
    question.code = data.code
    question.text, question.help = data.text, data.help
    question.required = data.required and kind not in INFO_KINDS
    question.condition = conditions.normalise(data.condition)
    question.display = data.display if kind == "single_choice" and data.display in ("radio", "dropdown") else "radio"
    numeric = kind in ("integer", "decimal", "scale")
    question.min_value = data.min_value if numeric else None
    question.max_value = data.max_value if numeric else None
    question.min_label = data.min_label if kind == "scale" else {}
    question.max_label = data.max_label if kind == "scale" else {}
    question.min_choices = data.min_choices if kind == "multiple_choice" else None
    question.max_choices = data.max_choices if kind == "multiple_choice" else None
    question.to_contribution = data.to_contribution and kind in ("short_text", "long_text")
    if kind in CHOICE_KINDS and data.choices is not None and kind != "yes_no":
        set_options(question, "choice", data.choices, locked=locked)
    if kind == "matrix" and data.rows is not None:
        set_options(question, "row", data.rows, locked=locked)


def refuse_standard_pulse_question(question: SurveyQuestion) -> None:
    """The trust pulse's own questions stay as they are, so quarters can be compared."""
    if is_standard_question(question):
        raise SurveyError(standard_pulse_message())


def standard_pulse_message() -> str:
    return _(
        "This is one of the standard trust pulse questions. It cannot be changed, moved or removed, so that the "
        "answers can be compared from quarter to quarter. The title and the introduction can be changed in the "
        "settings."
    )


def update_question(question: SurveyQuestion, data: QuestionData) -> None:
    refuse_standard_pulse_question(question)
    survey = question.survey
    old_code = question.code
    check_code(survey, data.code, current=old_code)
    check_question_data(question.kind, data)
    fill_question(question, data, locked=has_answers(survey))
    if data.code != old_code:
        for other in survey.questions:
            other.condition = conditions.rename_code(other.condition, old_code, data.code)
        for section in survey.sections:
            section.condition = conditions.rename_code(section.condition, old_code, data.code)
    check_conditions(survey)
    db.session.flush()


def delete_question(question: SurveyQuestion) -> None:
    refuse_standard_pulse_question(question)
    survey = question.survey
    if has_answers(survey):
        raise SurveyError(_("Questions cannot be deleted once answers have come in."))
    dependants = [
        q.code
        for q in survey.questions
        if q is not question and question.code in conditions.referenced_codes(q.condition)
    ] + [s.code for s in survey.sections if question.code in conditions.referenced_codes(s.condition)]
    if dependants:
        raise SurveyError(
            _(
                "Other questions depend on this one: %(codes)s. Change their conditions first.",
                codes=", ".join(dependants),
            )
        )
    section = question.section
    section.questions.remove(question)
    survey.questions.remove(question)
    db.session.delete(question)
    renumber(section.questions)
    db.session.flush()


def move_question(question: SurveyQuestion, direction: int) -> None:
    """One step up or down; past the first or last place it moves to the next page."""
    refuse_standard_pulse_question(question)
    survey = question.survey
    section = question.section
    before = (section, list(section.questions))
    index = section.questions.index(question)
    target = index + direction
    sections = list(survey.sections)
    other_section = None
    if 0 <= target < len(section.questions):
        items = list(section.questions)
        items[index], items[target] = items[target], items[index]
        section.questions[:] = items
        renumber(section.questions)
    else:
        s_index = sections.index(section) + direction
        if not 0 <= s_index < len(sections):
            return
        other_section = sections[s_index]
        other_before = list(other_section.questions)
        section.questions.remove(question)
        if direction < 0:
            other_section.questions.append(question)
        else:
            other_section.questions.insert(0, question)
        question.section = other_section
        renumber(section.questions)
        renumber(other_section.questions)

    def revert():
        home, items = before
        if other_section is not None:
            other_section.questions[:] = other_before
            renumber(other_section.questions)
            question.section = home
        home.questions[:] = items
        renumber(home.questions)

    check_conditions(survey, revert=revert)
    db.session.flush()


# --- Definitions: duplicate, XLSForm, demo -----------------------------------------------------


# --- One-time codes -------------------------------------------------------------------------


# --- Answering ------------------------------------------------------------------------------
