"""Loading surveys with everything a page needs, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import abort
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from ..areas.models import Area, parent_self_and_children
from ..core.cache import cached_fragment
from ..extensions import db
from .models import (
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    survey_areas,
    survey_scope,
)


def load_survey(ident: int, *, full: bool = True) -> Survey:
    """The survey with pages, questions and options (and areas, topics, groups); 404 if missing."""
    options = [
        selectinload(Survey.areas).selectinload(Area.children),
        selectinload(Survey.topics),
        selectinload(Survey.theme_groups),
        selectinload(Survey.pulse_area),
    ]
    if full:
        options += [
            selectinload(Survey.sections).selectinload(SurveySection.questions).selectinload(SurveyQuestion.options),
            selectinload(Survey.questions),
        ]
    survey = db.session.scalars(select(Survey).where(Survey.id == ident).options(*options)).first()
    if survey is None:
        abort(404)
    return survey


def open_surveys(area_slug: str | None = None, *, today: date | None = None, limit: int = 50) -> list[Survey]:
    """Surveys taking answers today, newest first. For an area: those for the area, the
    district above it and the neighbourhoods below it (two queries in all)."""
    today = today or date.today()
    query = (
        select(Survey)
        .where(
            Survey.state == "open",
            or_(Survey.opens_on.is_(None), Survey.opens_on <= today),
            or_(Survey.closes_on.is_(None), Survey.closes_on >= today),
        )
        .options(selectinload(Survey.areas))
        .order_by(Survey.created_at.desc(), Survey.id.desc())
        .limit(limit)
    )
    if area_slug is not None:
        target = select(Area.id, Area.parent_id).where(Area.slug == area_slug).subquery()
        lineage = parent_self_and_children(target)
        query = query.where(Survey.id.in_(select(survey_areas.c.survey_id).where(survey_areas.c.area_id.in_(lineage))))
    return list(db.session.scalars(query))


def answering_survey(ident: int) -> Survey:
    """The survey for the answering pages, loaded once per change and kept in memory.

    Every change to the survey's structure bumps its version (the ORM hook in ``models``), so each app
    server reloads it after a change. The copy is detached and read-only: it is never added to
    a session (submitting the answers loads the survey afresh).
    """
    survey = cached_fragment(survey_scope(ident), "", "structure", lambda: _detached_survey(ident))
    if survey is None:
        abort(404)
    return survey


def _detached_survey(ident: int) -> Survey | None:
    survey = db.session.scalars(
        select(Survey)
        .where(Survey.id == ident)
        .options(
            selectinload(Survey.areas).selectinload(Area.children),
            selectinload(Survey.topics),
            selectinload(Survey.theme_groups),
            selectinload(Survey.pulse_area),
            selectinload(Survey.sections).selectinload(SurveySection.questions).selectinload(SurveyQuestion.options),
            selectinload(Survey.questions),
        )
    ).first()
    if survey is None:
        return None
    related = [*survey.areas, *(c for a in survey.areas for c in a.children), *survey.topics, *survey.theme_groups]
    if survey.pulse_area is not None:
        related.append(survey.pulse_area)
    db.session.expunge(survey)  # cascades to its pages, questions and options
    for obj in related:
        if obj in db.session:
            db.session.expunge(obj)
    return survey


def has_answers(survey: Survey) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(SurveyResponse.survey_id == survey.id, SurveyResponse.state == "submitted"))
        )
    )


def answer_areas(survey: Survey) -> list[Area]:
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
