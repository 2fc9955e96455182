"""The staff survey blueprint (/staff/surveys) and what its pages share: loading a survey the
user may manage, its pages and questions, and the choices of areas, topics and groups."""

from __future__ import annotations

from flask import Blueprint, abort, flash
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...areas.models import Area, Topic
from ...core.security import role_required
from ...extensions import db
from ...i18n import translated
from ...themegroups.models import ThemeGroup
from ...themegroups.permissions import manageable_groups
from .. import building, conditions
from ..errors import SurveyError
from ..forms import (
    SurveyForm,
)
from ..models import Survey, SurveyQuestion, SurveySection
from ..permissions import can_manage
from ..queries import load_survey

bp = Blueprint("survey_admin", __name__, url_prefix="/staff/surveys")


@bp.before_request
@role_required("staff")
def require_staff():
    """Every route here is for staff (and admins)."""


def survey_or_403(ident: int) -> Survey:
    survey = load_survey(ident)
    if not can_manage(current_user, survey):
        abort(403)
    return survey


def section_of(survey: Survey, section_id: int) -> SurveySection:
    section = next((s for s in survey.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    return section


def question_of(survey: Survey, question_id: int) -> SurveyQuestion:
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


def group_choices(survey: Survey | None = None) -> list[tuple[int, str]]:
    groups = manageable_groups(current_user)
    if survey is not None:
        # Keep the survey's current groups choosable even for a member of only one of them.
        groups += [g for g in survey.theme_groups if g not in groups]
    return [(g.id, g.display_name) for g in groups]


def settings_from(form: SurveyForm) -> building.SurveySettings:
    allowed_groups = {gid for gid, _label in form.theme_groups.choices}
    return building.SurveySettings(
        title=form.title.form.value,
        description=form.description.form.value,
        promise=form.promise.form.value,
        end_message=form.end_message.form.value,
        participation_level=form.participation_level.data,
        mode=form.mode.data,
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        languages=list(form.languages.data or []),
        results_public=bool(form.results_public.data),
        areas=list(db.session.scalars(select(Area).where(Area.id.in_(form.areas.data or [])))),
        topics=list(db.session.scalars(select(Topic).where(Topic.id.in_(form.topics.data or [])))),
        theme_groups=list(
            db.session.scalars(
                select(ThemeGroup).where(
                    ThemeGroup.id.in_([g for g in form.theme_groups.data or [] if g in allowed_groups])
                )
            )
        ),
    )


def show_problems(error: SurveyError) -> None:
    flash(str(error), "error")
    for problem in error.problems:
        flash(problem, "error")


def describer(survey: Survey):
    """A function writing a condition in words, for the builder and the preview."""
    by_code = {q.code: q for q in survey.questions}

    def describe(condition, language=None) -> str:
        if conditions.is_empty(condition):
            return ""
        parts = []
        for rule in condition["rules"]:
            question = by_code.get(rule.get("question"))
            name = rule.get("question") or ""
            op = conditions.OPERATORS.get(rule.get("op"), rule.get("op"))
            value = rule.get("value")
            if question is not None and question.kind in conditions.OPTION_VALUED:
                option = next((o for o in question.choices if o.code == value), None)
                value = translated(option.label, language) if option else value
            text = f"“{name}” {op}" if rule.get("op") in conditions.VALUELESS else f"“{name}” {op} “{value}”"
            parts.append(text)
        joiner = _(" or ") if condition.get("match") == "any" else _(" and ")
        return joiner.join(parts)

    return describe
