"""A survey as a plain definition (dict) and back: copying a survey, the XLSForm exchange and
the trust pulse build on it."""

from __future__ import annotations

from collections.abc import Mapping

from ..areas.models import Area
from ..core.ordering import renumber
from ..extensions import db
from . import conditions
from .building import (
    YES_NO,
    QuestionData,
    SurveySettings,
    add_question,
    all_codes,
    apply_settings,
    check_code,
    check_conditions,
    check_question_data,
    fill_question,
    next_code,
    set_options,
)
from .models import (
    Survey,
    SurveyQuestion,
    SurveySection,
)


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


def question_data_from(spec: Mapping, code: str | None = None) -> QuestionData:
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
    apply_settings(survey, settings)
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
            check_code(survey, q_spec["code"])
            data = question_data_from(q_spec)
            check_question_data(q_spec["kind"], data)
            question = SurveyQuestion(kind=q_spec["kind"], survey=survey)
            section.questions.append(question)
            fill_question(question, data, locked=False)
            if question.kind == "yes_no":
                set_options(question, "choice", data.choices or [dict(o) for o in YES_NO], locked=False)
        renumber(section.questions)
    if not survey.sections:
        survey.sections.append(SurveySection(code="page1", position=1, title={}, intro={}))
    check_conditions(survey)
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


def duplicate_question(question: SurveyQuestion) -> SurveyQuestion:
    survey = question.survey
    code = next_code(question.code[:36] + "_", all_codes(survey))
    data = question_definition(question)
    copy = add_question(
        question.section,
        question.kind,
        question_data_from(data, code=code),
        position=question.section.questions.index(question) + 1,
    )
    return copy
