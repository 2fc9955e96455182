"""Writes on surveys: building, publishing, codes, answering, paper answers.

Operations flush; the view commits once. Problems a person can fix are raised as
:class:`SurveyError` with a translated message.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..areas.models import Area, Topic
from ..extensions import db
from ..i18n import LANGUAGES, translated
from ..themegroups.models import ThemeGroup
from . import answering, conditions
from .models import (
    CHOICE_KINDS,
    INFO_KINDS,
    QUESTION_KINDS,
    Survey,
    SurveyAnswer,
    SurveyCode,
    SurveyOption,
    SurveyQuestion,
    SurveyReceipt,
    SurveyResponse,
    SurveySection,
)

CODE_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
#: Letters and digits that cannot be mistaken for each other on paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class SurveyError(ValueError):
    """Something the person can fix; ``str()`` is a translated, plain-language message."""

    def __init__(self, message: str, problems: Iterable[str] = ()):
        super().__init__(message)
        self.problems = list(problems)


class AlreadyAnswered(SurveyError):
    pass


class Incomplete(SurveyError):
    """A required question on a shown page has no answer."""

    def __init__(self, message: str, section_id: int):
        super().__init__(message)
        self.section_id = section_id


# --- Reading helpers -------------------------------------------------------------------------


def has_answers(survey: Survey) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(SurveyResponse.survey_id == survey.id, SurveyResponse.state == "submitted"))
        )
    )


def area_choices(survey: Survey) -> list[Area]:
    """Areas a respondent may say the answer is about: the survey's areas and the areas below."""
    if survey.kind == "pulse" and survey.pulse_area is not None:
        return [survey.pulse_area]
    seen, result = set(), []
    for area in survey.areas:
        for candidate in [*area.children, area]:
            if candidate.id not in seen:
                seen.add(candidate.id)
                result.append(candidate)
    return result


def question_refs(questions: Iterable[SurveyQuestion]) -> dict[str, conditions.QuestionRef]:
    return {q.code: conditions.QuestionRef(q.code, q.kind, frozenset(o.code for o in q.choices)) for q in questions}


def condition_problems(survey: Survey) -> list[tuple[str, str]]:
    """Every condition checked against the questions before it: [(where, problem)]."""
    problems: list[tuple[str, str]] = []
    earlier: list[SurveyQuestion] = []
    all_codes = {q.code for q in survey.questions}
    for section in survey.sections:
        for problem in conditions.validate(section.condition, question_refs(earlier), all_codes=all_codes):
            problems.append((section.code, problem))
        for question in section.questions:
            for problem in conditions.validate(
                question.condition, question_refs(earlier), all_codes=all_codes, own_code=question.code
            ):
                problems.append((question.code, problem))
            earlier.append(question)
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


#: Cache scope of the public lists of open surveys (see ``views.area_surveys_section``).
PUBLIC_LISTS_SCOPE = "surveys-public"


def touch(survey: Survey) -> None:
    """Invalidate the cached copy the answering pages use (see ``queries.answering_survey``)."""
    from ..core.cache import bump
    from .queries import survey_scope

    if survey.id is not None:
        bump(survey_scope(survey.id))
    bump(PUBLIC_LISTS_SCOPE)  # the lists of open surveys on the area pages


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


def _apply_settings(survey: Survey, settings: SurveySettings) -> None:
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
    _apply_settings(survey, settings)
    db.session.add(survey)
    if first_section:
        survey.sections.append(SurveySection(code="page1", position=1, title={}, intro={}))
    db.session.flush()
    return survey


def update_survey(survey: Survey, settings: SurveySettings) -> None:
    if survey.mode != settings.mode and has_answers(survey):
        raise SurveyError(_("The way people answer cannot change once answers have come in."))
    if survey.kind == "pulse":
        from .pulse import quarter_bounds

        first, last = quarter_bounds(survey.period)
        if (settings.opens_on, settings.closes_on) != (first, last):
            raise SurveyError(
                _(
                    "A trust pulse takes answers for its whole quarter: from %(first)s to %(last)s.",
                    first=first.isoformat(),
                    last=last.isoformat(),
                )
            )
    _apply_settings(survey, settings)
    touch(survey)
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
    touch(survey)
    db.session.flush()


def _next_code(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _all_codes(survey: Survey) -> set[str]:
    return {q.code for q in survey.questions} | {s.code for s in survey.sections}


def _check_code(survey: Survey, code: str, *, current: str | None = None) -> None:
    if not CODE_PATTERN.match(code or ""):
        raise SurveyError(_("Use a short code of letters a–z, digits and _ that starts with a letter, e.g. feel_safe."))
    if code != current and code in _all_codes(survey):
        raise SurveyError(_("The code “%(code)s” is already used in this survey.", code=code))


def _renumber(items) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position


def add_section(
    survey: Survey, *, title: dict, intro: dict, code: str | None = None, condition: dict | None = None
) -> SurveySection:
    code = code or _next_code("page", _all_codes(survey))
    _check_code(survey, code)
    section = SurveySection(
        code=code,
        title=title,
        intro=intro,
        position=len(survey.sections) + 1,
        condition=conditions.normalise(condition),
    )
    survey.sections.append(section)
    _check_conditions(survey)
    touch(survey)
    db.session.flush()
    return section


def update_section(section: SurveySection, *, title: dict, intro: dict, code: str, condition: dict | None) -> None:
    survey = section.survey
    _check_code(survey, code, current=section.code)
    section.title, section.intro, section.code = title, intro, code
    section.condition = conditions.normalise(condition)
    _check_conditions(survey)
    touch(section.survey)
    db.session.flush()


def delete_section(section: SurveySection) -> None:
    survey = section.survey
    if len(survey.sections) <= 1:
        raise SurveyError(_("A survey needs at least one page."))
    if section.questions:
        raise SurveyError(_("Move or delete the questions on this page first."))
    survey.sections.remove(section)
    db.session.delete(section)
    _renumber(survey.sections)
    touch(survey)
    db.session.flush()


def move_section(section: SurveySection, direction: int) -> None:
    survey = section.survey
    sections = list(survey.sections)
    index = sections.index(section)
    target = index + direction
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    _renumber(sections)
    survey.sections.sort(key=lambda s: s.position)
    _check_conditions(survey, revert=lambda: move_section_back(survey, section, index))
    touch(survey)
    db.session.flush()


def move_section_back(survey: Survey, section: SurveySection, index: int) -> None:
    sections = [s for s in survey.sections if s is not section]
    sections.insert(index, section)
    _renumber(sections)
    survey.sections.sort(key=lambda s: s.position)


def _check_conditions(survey: Survey, revert=None) -> None:
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


def _check_question_data(kind: str, data: QuestionData) -> None:
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
    from ..core.text import slugify

    base = slugify(label.get("sv") or label.get("en") or "").replace("-", "_")[:30]
    if not base or not CODE_PATTERN.match(base):
        base = f"o{position}"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def _set_options(question: SurveyQuestion, role: str, rows: list[dict], *, locked: bool) -> None:
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
    _check_code(survey, data.code)
    _check_question_data(kind, data)
    question = SurveyQuestion(kind=kind, survey=survey)
    # Appending through the section's list sets ``question.section`` (setting it first
    # would append it a second time through the backref).
    if position is None:
        section.questions.append(question)
    else:
        section.questions.insert(position, question)
    _renumber(section.questions)
    _fill_question(question, data, locked=False)
    if kind == "yes_no" and not question.options:
        _set_options(question, "choice", [dict(o) for o in YES_NO], locked=False)
    _check_conditions(survey)
    touch(survey)
    db.session.flush()
    return question


def _fill_question(question: SurveyQuestion, data: QuestionData, *, locked: bool) -> None:
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
        _set_options(question, "choice", data.choices, locked=locked)
    if kind == "matrix" and data.rows is not None:
        _set_options(question, "row", data.rows, locked=locked)


def refuse_standard_pulse_question(question: SurveyQuestion) -> None:
    """The trust pulse's own questions stay as they are, so quarters can be compared."""
    from .pulse import is_standard_question

    if is_standard_question(question):
        raise SurveyError(standard_pulse_message())


def standard_pulse_message() -> str:
    return _(
        "This is one of the standard trust pulse questions. It cannot be changed, moved or removed, so that the answers can be compared from quarter to quarter. The title and the introduction can be changed in the settings."
    )


def update_question(question: SurveyQuestion, data: QuestionData) -> None:
    refuse_standard_pulse_question(question)
    survey = question.survey
    old_code = question.code
    _check_code(survey, data.code, current=old_code)
    _check_question_data(question.kind, data)
    _fill_question(question, data, locked=has_answers(survey))
    if data.code != old_code:
        for other in survey.questions:
            other.condition = conditions.rename_code(other.condition, old_code, data.code)
        for section in survey.sections:
            section.condition = conditions.rename_code(section.condition, old_code, data.code)
    _check_conditions(survey)
    touch(survey)
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
    _renumber(section.questions)
    touch(survey)
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
        _renumber(section.questions)
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
        _renumber(section.questions)
        _renumber(other_section.questions)

    def revert():
        home, items = before
        if other_section is not None:
            other_section.questions[:] = other_before
            _renumber(other_section.questions)
            question.section = home
        home.questions[:] = items
        _renumber(home.questions)

    _check_conditions(survey, revert=revert)
    touch(survey)
    db.session.flush()


def duplicate_question(question: SurveyQuestion) -> SurveyQuestion:
    survey = question.survey
    code = _next_code(question.code[:36] + "_", _all_codes(survey))
    data = question_definition(question)
    copy = add_question(
        question.section,
        question.kind,
        _question_data(data, code=code),
        position=question.section.questions.index(question) + 1,
    )
    return copy


# --- Definitions: duplicate, XLSForm, demo -----------------------------------------------------


def question_definition(question: SurveyQuestion) -> dict:
    return {
        "code": question.code,
        "kind": question.kind,
        "text": dict(question.text),
        "help": dict(question.help or {}),
        "required": question.required,
        "condition": question.condition,
        "display": question.display,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "min_label": dict(question.min_label or {}),
        "max_label": dict(question.max_label or {}),
        "min_choices": question.min_choices,
        "max_choices": question.max_choices,
        "to_contribution": question.to_contribution,
        "choices": [{"code": o.code, "label": dict(o.label), "is_other": o.is_other} for o in question.choices],
        "rows": [{"code": o.code, "label": dict(o.label)} for o in question.rows],
    }


def definition(survey: Survey) -> dict:
    """The survey's content as plain data (texts, pages, questions, options, conditions)."""
    return {
        "title": dict(survey.title),
        "description": dict(survey.description or {}),
        "promise": dict(survey.promise or {}),
        "end_message": dict(survey.end_message or {}),
        "participation_level": survey.participation_level,
        "mode": survey.mode,
        "languages": list(survey.languages or []),
        "sections": [
            {
                "code": s.code,
                "title": dict(s.title or {}),
                "intro": dict(s.intro or {}),
                "condition": s.condition,
                "questions": [question_definition(q) for q in s.questions],
            }
            for s in survey.sections
        ],
    }


def _question_data(spec: Mapping, code: str | None = None) -> QuestionData:
    return QuestionData(
        code=code or spec["code"],
        text=spec.get("text") or {},
        help=spec.get("help") or {},
        required=bool(spec.get("required")),
        condition=spec.get("condition"),
        display=spec.get("display") or "radio",
        min_value=spec.get("min_value"),
        max_value=spec.get("max_value"),
        min_label=spec.get("min_label") or {},
        max_label=spec.get("max_label") or {},
        min_choices=spec.get("min_choices"),
        max_choices=spec.get("max_choices"),
        to_contribution=bool(spec.get("to_contribution")),
        choices=[dict(c) for c in spec.get("choices") or []],
        rows=[dict(r) for r in spec.get("rows") or []],
    )


def create_from_definition(
    spec: Mapping,
    settings: SurveySettings,
    actor,
    *,
    kind: str = "survey",
    period: str | None = None,
    pulse_area: Area | None = None,
) -> Survey:
    """Build a whole draft survey from :func:`definition` data (conditions checked at the end)."""
    survey = Survey(
        kind=kind, state="draft", created_by_id=actor.id if actor else None, period=period, pulse_area=pulse_area
    )
    _apply_settings(survey, settings)
    db.session.add(survey)
    for position, section_spec in enumerate(spec.get("sections") or [], start=1):
        section = SurveySection(
            code=section_spec["code"],
            position=position,
            title=section_spec.get("title") or {},
            intro=section_spec.get("intro") or {},
            condition=conditions.normalise(section_spec.get("condition")),
        )
        survey.sections.append(section)
        for q_spec in section_spec.get("questions") or []:
            _check_code(survey, q_spec["code"])
            data = _question_data(q_spec)
            _check_question_data(q_spec["kind"], data)
            question = SurveyQuestion(kind=q_spec["kind"], survey=survey)
            section.questions.append(question)
            _fill_question(question, data, locked=False)
            if question.kind == "yes_no":
                _set_options(question, "choice", data.choices or [dict(o) for o in YES_NO], locked=False)
        _renumber(section.questions)
    if not survey.sections:
        survey.sections.append(SurveySection(code="page1", position=1, title={}, intro={}))
    _check_conditions(survey)
    db.session.flush()
    return survey


def duplicate_survey(survey: Survey, actor) -> Survey:
    """A draft copy with the same content and settings (no answers, no codes)."""
    settings = SurveySettings(
        title=dict(survey.title),
        description=dict(survey.description or {}),
        promise=dict(survey.promise or {}),
        end_message=dict(survey.end_message or {}),
        participation_level=survey.participation_level,
        mode=survey.mode,
        languages=list(survey.languages or []),
        results_public=survey.results_public,
        areas=list(survey.areas or ([survey.pulse_area] if survey.pulse_area else [])),
        topics=list(survey.topics),
        theme_groups=list(survey.theme_groups),
    )
    return create_from_definition(definition(survey), settings, actor)


# --- One-time codes -------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def _keyed_hash(*parts: object) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def code_hash(survey: Survey, code: str) -> str:
    return _keyed_hash("code", survey.id, normalise_code(code))


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def generate_codes(survey: Survey, count: int) -> list[str]:
    """Create ``count`` one-time codes; return them (formatted) — they are shown only once."""
    if not 1 <= count <= 1000:
        raise SurveyError(_("Make between 1 and 1000 codes at a time."))
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        digest = code_hash(survey, code)
        try:
            with db.session.begin_nested():
                db.session.add(SurveyCode(survey_id=survey.id, code_hash=digest))
                db.session.flush()
        except IntegrityError:
            continue
        codes.append(format_code(code))
    return codes


def find_code(survey: Survey, code: str) -> SurveyCode | None:
    return db.session.scalars(
        select(SurveyCode).where(SurveyCode.survey_id == survey.id, SurveyCode.code_hash == code_hash(survey, code))
    ).first()


# --- Answering ------------------------------------------------------------------------------


def respondent_key(survey: Survey, *, user=None, browser_id: str | None = None) -> str | None:
    """The receipt key for one answer per person (account) or per browser."""
    if user is not None and getattr(user, "is_authenticated", False):
        return _keyed_hash("user", survey.id, user.id)
    if browser_id:
        return _keyed_hash("browser", survey.id, browser_id)
    return None


def receipt_keys(survey: Survey, *, user=None, browser_id: str | None = None) -> list[str]:
    """Every receipt key that stands for this person now: the account (when logged in) and, on
    anonymous surveys, the browser. A code survey has none (the code is the one-time ticket)."""
    if survey.mode == "codes":
        return []
    keys = []
    if user is not None and getattr(user, "is_authenticated", False):
        keys.append(_keyed_hash("user", survey.id, user.id))
    if survey.mode == "anonymous" and browser_id:
        keys.append(_keyed_hash("browser", survey.id, browser_id))
    return keys


def has_receipt(survey: Survey, key: str | None) -> bool:
    if not key:
        return False
    return db.session.get(SurveyReceipt, (survey.id, key)) is not None


def has_any_receipt(survey: Survey, keys: Iterable[str | None]) -> bool:
    wanted = [k for k in keys if k]
    if not wanted:
        return False
    return (
        db.session.scalar(
            select(exists().where(SurveyReceipt.survey_id == survey.id, SurveyReceipt.respondent_key.in_(wanted)))
        )
        or False
    )


def resume_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_draft(survey: Survey, token: str | None) -> SurveyResponse | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalars(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.resume_hash == resume_hash(token),
            SurveyResponse.state == "in_progress",
        )
    ).first()


def find_user_draft(survey: Survey, user) -> SurveyResponse | None:
    return db.session.scalars(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.user_id == user.id,
            SurveyResponse.state == "in_progress",
        )
    ).first()


def start_response(
    survey: Survey,
    *,
    language: str,
    user=None,
    code: SurveyCode | None = None,
    today: date | None = None,
    receipt_key: str | None = None,
) -> tuple[SurveyResponse, str]:
    """Begin answering; return the response and the secret for the "continue later" link.

    ``receipt_key`` (see :func:`receipt_keys`) is kept with the answers in progress, so the
    receipt is written for whoever started, wherever the answers are finally sent from."""
    if not survey.is_open_on(today or date.today()):
        raise SurveyError(_("This survey is not open for answers."))
    if survey.mode == "identified" and not (user and user.is_authenticated):
        raise SurveyError(_("Log in to answer this survey."))
    if survey.mode == "codes" and (code is None or code.is_used):
        raise SurveyError(_("That code does not work. Check it, or ask for a new one."))
    token = secrets.token_urlsafe(24)
    choices = area_choices(survey)
    response = SurveyResponse(
        survey=survey,
        state="in_progress",
        language=language,
        is_anonymous=survey.mode != "identified",
        user_id=user.id if survey.mode == "identified" else None,
        area_id=choices[0].id if len(choices) == 1 else None,
        draft={},
        section_id=survey.sections[0].id if survey.sections else None,
        resume_hash=resume_hash(token),
        code_id=code.id if code is not None else None,
        receipt_key=receipt_key if survey.mode != "codes" else None,
    )
    db.session.add(response)
    db.session.flush()
    return response, token


def new_resume_token(response: SurveyResponse) -> str:
    """Replace the secret (e.g. after an identified person logs in on another device)."""
    token = secrets.token_urlsafe(24)
    response.resume_hash = resume_hash(token)
    db.session.flush()
    return token


def save_page(
    response: SurveyResponse,
    survey: Survey,
    values: Mapping[int, object],
    page_question_ids: Iterable[int],
    *,
    language: str,
    area_id: int | None = None,
    next_section_id: int | None = None,
) -> list[SurveyQuestion]:
    """Store one page's answers in the draft; drop answers that no longer apply.

    Returns the questions whose earlier answers were dropped because they are now hidden.
    """
    draft = dict(response.draft or {})
    for qid in page_question_ids:
        draft.pop(str(qid), None)
    for qid, value in values.items():
        draft[str(qid)] = value
    dropped = _drop_hidden(survey, draft)
    response.draft = draft
    response.language = language
    if area_id is not None:
        response.area_id = area_id
    if next_section_id is not None:
        response.section_id = next_section_id
    from ..core.models import utcnow

    response.updated_at = utcnow()
    db.session.flush()
    return dropped


def visibility(survey: Survey, draft: Mapping[str, object]) -> conditions.Visibility:
    return conditions.compute_visibility(survey.sections, answering.canonical_values(survey.questions, draft))


def _drop_hidden(survey: Survey, draft: dict) -> list[SurveyQuestion]:
    shown = visibility(survey, draft).questions
    dropped = []
    for question in survey.questions:
        if str(question.id) in draft and question.id not in shown:
            draft.pop(str(question.id))
            dropped.append(question)
    return dropped


def first_incomplete_section(survey: Survey, draft: Mapping[str, object]) -> int | None:
    seen = visibility(survey, draft)
    for section in survey.sections:
        if section.id not in seen.sections:
            continue
        for question in section.questions:
            if question.id in seen.questions and question.required and str(question.id) not in draft:
                return section.id
    return None


def submit_response(
    response: SurveyResponse,
    survey: Survey,
    *,
    receipt_keys: Iterable[str | None] = (),
    source_url: str,
    user=None,
    today: date | None = None,
) -> list:
    """Send the answers: check, store them as rows, record the receipts, make contributions.

    Receipts are written for the key kept when the answers were started and for
    ``receipt_keys`` (whoever sends them now: account and browser), so neither can answer again.
    Raises :class:`Incomplete`, :class:`AlreadyAnswered` or :class:`SurveyError`; on any of
    them nothing has been written.
    """
    today = today or date.today()
    if not survey.is_open_on(today):
        raise SurveyError(_("This survey is not open for answers."))
    if response.area_id is None:
        raise Incomplete(_("Choose the area your answers are about."), survey.sections[0].id)
    draft = dict(response.draft or {})
    _drop_hidden(survey, draft)
    missing = first_incomplete_section(survey, draft)
    if missing is not None:
        raise Incomplete(_("Some required questions have no answer yet."), missing)
    keys = [] if survey.mode == "codes" else list(dict.fromkeys(k for k in (response.receipt_key, *receipt_keys) if k))
    with db.session.begin_nested():
        for key in keys:
            db.session.add(SurveyReceipt(survey_id=survey.id, respondent_key=key))
        if response.code_id is not None:
            used = db.session.execute(
                update(SurveyCode)
                .where(SurveyCode.id == response.code_id, SurveyCode.is_used.is_(False))
                .values(is_used=True)
            ).rowcount
            if used != 1:
                raise AlreadyAnswered(_("That code has already been used."))
        try:
            db.session.flush()
        except IntegrityError as exc:
            raise AlreadyAnswered(_("You have already answered this survey. Thank you!")) from exc
    contributions = _store_answers(response, survey, draft, source_url=source_url, user=user, today=today)
    return contributions


def _store_answers(
    response: SurveyResponse, survey: Survey, draft: Mapping[str, object], *, source_url: str, user, today: date
) -> list:
    rows = []
    by_id = {q.id: q for q in survey.questions}
    for qid, value in draft.items():
        question = by_id.get(int(qid))
        if question is None or not question.collects_answer:
            continue
        rows.extend(
            answering.answer_rows(
                question,
                value,
                response_id=response.id,
                survey_id=survey.id,
                area_id=response.area_id,
                language=response.language,
            )
        )
    if rows:
        db.session.execute(insert(SurveyAnswer), rows)
    response.state = "submitted"
    response.submitted_on = today
    response.draft = {}
    response.resume_hash = None
    response.code_id = None
    response.receipt_key = None
    response.updated_at = None
    response.section_id = None
    db.session.flush()
    return _make_contributions(
        response, survey, draft, source_url=source_url, author=user if not response.is_anonymous else None
    )


def _make_contributions(
    response: SurveyResponse, survey: Survey, draft: Mapping[str, object], *, source_url: str, author
) -> list:
    """Free-text answers become contributions for the survey's theme groups (pre-moderated)."""
    from ..contributions import operations as contribution_ops
    from ..contributions.models import ContributionRoute

    made = []
    area = response.area or db.session.get(Area, response.area_id)
    for question in survey.ordered_questions():
        text = draft.get(str(question.id))
        if not (question.to_contribution and isinstance(text, str) and text.strip()):
            continue
        contribution = contribution_ops.create_contribution(
            source_kind="survey",
            area=area,
            topics=list(survey.topics),
            title=(translated(question.text, response.language) or question.code)[:200],
            body=text,
            language=response.language,
            author=author,
            source_id=response.id,
            source_url=source_url,
            consent_publish=False,
            idempotency_key=f"survey:{response.id}:{question.id}",
        )
        routed = {r.theme_group_id for r in contribution.routes}
        missing = [g for g in survey.theme_groups if g.id not in routed]
        if missing:
            # The survey's own groups asked the question: they get the answer, instead of the
            # fallback group and in addition to any group that covers the area and topic.
            contribution.routes = [r for r in contribution.routes if r.reason != "fallback"]
            for group in missing:
                contribution.routes.append(ContributionRoute(theme_group=group, reason="manual"))
                contribution_ops.log_event(contribution, "routed", None, group_id=group.id, reason="survey")
            if contribution.status == "received":
                contribution.status = "with_group"
                contribution_ops.log_event(contribution, "status", None, old="received", new="with_group")
        made.append(contribution)
    db.session.flush()
    return made


def record_paper_response(
    survey: Survey,
    values: Mapping[int, object],
    *,
    area: Area,
    language: str,
    source_url: str,
    today: date | None = None,
    is_paper: bool = True,
) -> SurveyResponse:
    """Staff type in a paper form: stored as a submitted, anonymous, paper response.

    (``is_paper=False`` records answers collected some other way, e.g. the demo data.)
    """
    draft = {str(qid): value for qid, value in values.items()}
    _drop_hidden(survey, draft)
    missing = first_incomplete_section(survey, draft)
    if missing is not None:
        raise Incomplete(_("Some required questions have no answer yet."), missing)
    response = SurveyResponse(
        survey=survey,
        state="in_progress",
        language=language,
        is_anonymous=True,
        is_paper=is_paper,
        area_id=area.id,
        draft={},
    )
    db.session.add(response)
    db.session.flush()
    _store_answers(response, survey, draft, source_url=source_url, user=None, today=today or date.today())
    return response


def response_counts(survey_ids: Iterable[int]) -> dict[int, int]:
    ids = list(survey_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(SurveyResponse.survey_id, func.count())
        .where(SurveyResponse.survey_id.in_(ids), SurveyResponse.state == "submitted")
        .group_by(SurveyResponse.survey_id)
    )
    return dict(rows.all())
