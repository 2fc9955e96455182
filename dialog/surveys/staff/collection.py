"""Staff: collecting answers: the preview in any language, one-time codes, paper answers typed in."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select

from ...extensions import db
from ...i18n import LANGUAGES, current_language
from .. import answering
from .. import codes as survey_codes
from .. import queries as survey_queries
from .. import responses as responding
from ..errors import SurveyError
from ..forms import (
    CodesForm,
    PaperForm,
)
from ..models import SurveyCode
from .blueprint import bp, describer, show_problems, survey_or_403

# --- Preview, codes, paper answers ----------------------------------------------------------


def _condition_notes(survey, language: str) -> dict:
    """Notes for staff, in the staff member's language, on what shows a section or a question."""
    describe = describer(survey)
    notes = {
        ("section", s.id): _("Shown only when %(rule)s", rule=describe(s.condition, language))
        for s in survey.sections
        if s.condition
    }
    notes.update(
        {
            ("question", q.id): _("Shown only when %(rule)s", rule=describe(q.condition, language))
            for q in survey.questions
            if q.condition
        }
    )
    return notes


@bp.get("/<int:ident>/preview")
def preview(ident: int):
    survey = survey_or_403(ident)
    language = request.args.get("lang")
    if language not in LANGUAGES:
        language = current_language()
    # Notes for staff, in the staff member's language; the survey itself in the previewed one.
    notes = _condition_notes(survey, language)
    staff_language = current_language()
    with force_locale(language):
        body = Markup(
            render_template(
                "surveys/staff/_preview_body.html",
                survey=survey,
                language=language,
                notes=notes,
                staff_language=staff_language,
                area_choices=survey_queries.answer_areas(survey),
                state={},
                errors={},
                visible=None,
            )
        )
    return render_template("surveys/staff/preview.html", survey=survey, language=language, body=body)


@bp.route("/<int:ident>/codes", methods=["GET", "POST"])
def codes(ident: int):
    survey = survey_or_403(ident)
    form = CodesForm()
    if form.validate_on_submit():
        try:
            made = survey_codes.generate_codes(survey, form.count.data)
        except SurveyError as error:
            db.session.rollback()
            show_problems(error)
        else:
            db.session.commit()
            response = make_response(render_template("surveys/staff/codes_print.html", survey=survey, codes=made))
            response.headers["Cache-Control"] = "no-store"
            return response
    counts = dict(
        db.session.execute(
            select(SurveyCode.is_used, func.count())
            .where(SurveyCode.survey_id == survey.id)
            .group_by(SurveyCode.is_used)
        ).all()
    )
    return render_template(
        "surveys/staff/codes.html", survey=survey, form=form, used=counts.get(True, 0), unused=counts.get(False, 0)
    )


def _paper_form(survey) -> tuple[PaperForm, list]:
    """The paper form with the survey's areas to choose from (Swedish preselected)."""
    form = PaperForm()
    choices = survey_queries.answer_areas(survey)
    form.area_id.choices = [(a.id, a.display_name) for a in choices]
    if request.method == "GET":
        form.language.data = "sv"
    return form, choices


def _read_paper_answers(survey):
    """The posted answers, read twice: first to learn which questions apply, then with those
    required. Returns the page and the ids of the questions shown."""
    foreign = answering.posted_question_ids(request.form) - {q.id for q in survey.questions}
    if foreign:
        abort(400)
    tentative = answering.read_page(survey.questions, request.form, required_for=set())
    draft = {str(k): v for k, v in tentative.values.items()}
    shown = answering.visibility(survey, draft).questions
    return answering.read_page(survey.questions, request.form, required_for=shown), shown


def _flash_paper_saved(dropped: list[str]) -> None:
    flash(_("The paper answers are saved."), "success")
    if dropped:
        flash(
            _(
                "Answers to questions that did not apply were left out: %(codes)s.",
                codes=", ".join(dropped),
            ),
            "info",
        )


def _paper_page(survey, form: PaperForm, choices, *, state: dict, errors: dict):
    """The paper form page; 422 when the answers have problems."""
    return render_template(
        "surveys/staff/paper.html",
        survey=survey,
        form=form,
        state=state,
        errors=errors,
        area_choices=choices,
        describe=describer(survey),
    ), (422 if errors else 200)


@bp.route("/<int:ident>/paper", methods=["GET", "POST"])
def paper(ident: int):
    """Type in a paper form: every question on one page; hidden answers are dropped."""
    survey = survey_or_403(ident)
    form, choices = _paper_form(survey)
    state: dict = request.form.to_dict(flat=False) if request.method == "POST" else {}
    errors: dict = {}
    if form.validate_on_submit():
        page, shown = _read_paper_answers(survey)
        errors = page.errors
        if not errors:
            area = next(a for a in choices if a.id == form.area_id.data)
            source_url = url_for("surveys.survey_page", ident=survey.id)
            try:
                responding.record_paper_response(
                    survey, page.values, area=area, language=form.language.data, source_url=source_url
                )
            except SurveyError as error:
                db.session.rollback()
                show_problems(error)
            else:
                dropped = [q.code for q in survey.questions if q.id in page.values and q.id not in shown]
                db.session.commit()
                _flash_paper_saved(dropped)
                return redirect(url_for("survey_admin.paper", ident=survey.id))
    return _paper_page(survey, form, choices, state=state, errors=errors)
