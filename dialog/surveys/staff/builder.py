"""Staff: the survey list, new survey, settings, the builder with its pages and questions, state,
copy and delete, and the XLSForm import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ...areas.choices import area_choices, topic_choices
from ...core.forms import ConfirmForm, StateForm
from ...core.participation import PARTICIPATION_LEVELS
from ...extensions import db
from ...i18n import LANGUAGES, translated
from ...themegroups.permissions import manageable_groups
from .. import building, conditions, definitions
from .. import queries as survey_queries
from ..errors import SurveyError
from ..forms import QuestionForm, SectionForm, SurveyForm, fill_options
from ..models import CHOICE_KINDS, MODES, QUESTION_KINDS, STATES, Survey, SurveyQuestion, SurveySection
from ..permissions import manageable_surveys_query
from ..pulse_standard import is_standard_question
from .blueprint import (
    bp,
    describer,
    group_choices,
    question_of,
    section_of,
    settings_from,
    show_problems,
    survey_or_403,
)

# --- List, create, settings ------------------------------------------------------------------


@bp.get("/")
def index():
    surveys = db.session.scalars(
        manageable_surveys_query(current_user)
        .options(selectinload(Survey.areas), selectinload(Survey.theme_groups), selectinload(Survey.pulse_area))
        .limit(500)
    ).all()
    counts = survey_queries.response_counts(s.id for s in surveys)
    return render_template(
        "surveys/staff/index.html",
        surveys=surveys,
        counts=counts,
        states=STATES,
        can_create=bool(manageable_groups(current_user)),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = SurveyForm()
    _prepare_settings_form(form)
    if request.method == "GET":
        form.languages.data = list(LANGUAGES)
        groups = [gid for gid, _label in form.theme_groups.choices]
        if len(groups) == 1:
            form.theme_groups.data = groups
    if form.validate_on_submit():
        try:
            survey = building.create_survey(settings_from(form), current_user)
        except SurveyError as error:
            db.session.rollback()
            show_problems(error)
        else:
            db.session.commit()
            flash(_("The survey is created as a draft. Now add questions."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id))
    return render_template("surveys/staff/settings.html", form=form, survey=None)


def _prepare_settings_form(form: SurveyForm, survey: Survey | None = None) -> None:
    form.areas.choices = area_choices()
    form.topics.choices = topic_choices()
    form.theme_groups.choices = group_choices(survey)


def _fill_settings_form(form: SurveyForm, survey: Survey) -> None:
    for name in ("title", "description", "promise", "end_message"):
        for code in LANGUAGES:
            getattr(form, name).form[code].data = (getattr(survey, name) or {}).get(code, "")
    form.participation_level.data = survey.participation_level
    form.mode.data = survey.mode
    form.opens_on.data, form.closes_on.data = survey.opens_on, survey.closes_on
    form.languages.data = list(survey.languages or [])
    form.results_public.data = survey.results_public
    form.areas.data = [a.id for a in survey.areas] or ([survey.pulse_area_id] if survey.pulse_area_id else [])
    form.topics.data = [t.id for t in survey.topics]
    form.theme_groups.data = [g.id for g in survey.theme_groups]


@bp.route("/<int:ident>/settings", methods=["GET", "POST"])
def settings(ident: int):
    survey = survey_or_403(ident)
    form = SurveyForm(obj=None)
    _prepare_settings_form(form, survey)
    if request.method == "GET":
        _fill_settings_form(form, survey)
    if form.validate_on_submit():
        try:
            building.update_survey(survey, settings_from(form))
        except SurveyError as error:
            db.session.rollback()
            show_problems(error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id))
    return render_template("surveys/staff/settings.html", form=form, survey=survey)


@bp.get("/<int:ident>")
def builder(ident: int):
    survey = survey_or_403(ident)
    has_answers = survey_queries.has_answers(survey)
    return render_template(
        "surveys/staff/builder.html",
        survey=survey,
        confirm=ConfirmForm(),
        state_form=StateForm(),
        kinds=QUESTION_KINDS,
        modes=MODES,
        levels=PARTICIPATION_LEVELS,
        states=STATES,
        problems=building.publish_problems(survey) if survey.state == "draft" else [],
        has_answers=has_answers,
        response_count=survey_queries.response_counts([survey.id]).get(survey.id, 0),
        describe=describer(survey),
        is_standard=is_standard_question,
    )


@bp.post("/<int:ident>/state")
def change_state(ident: int):
    survey = survey_or_403(ident)
    form = StateForm()
    if not form.validate_on_submit() or form.state.data not in STATES:
        abort(400)
    try:
        building.set_state(survey, form.state.data)
    except SurveyError as error:
        db.session.rollback()
        show_problems(error)
    else:
        db.session.commit()
        flash(
            {
                "open": _("The survey is open."),
                "closed": _("The survey is closed."),
                "draft": _("The survey is a draft again."),
            }[form.state.data],
            "success",
        )
    return redirect(url_for("survey_admin.builder", ident=survey.id))


@bp.post("/<int:ident>/duplicate")
def duplicate(ident: int):
    survey = survey_or_403(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy = definitions.duplicate_survey(survey, current_user)
    db.session.commit()
    flash(_("This is a copy of the survey, as a draft."), "success")
    return redirect(url_for("survey_admin.builder", ident=copy.id))


@bp.post("/<int:ident>/delete")
def delete(ident: int):
    survey = survey_or_403(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if survey.state != "draft" or survey_queries.has_answers(survey):
        flash(_("Only drafts without answers can be deleted. Close the survey instead."), "error")
        return redirect(url_for("survey_admin.builder", ident=survey.id))
    building.delete_survey(survey)
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("survey_admin.index"))


# --- Pages ----------------------------------------------------------------------------------


def _earlier_questions(
    survey: Survey, *, section: SurveySection | None = None, question: SurveyQuestion | None = None
) -> list[SurveyQuestion]:
    """Questions a condition may use: those before the section / question."""
    earlier = []
    for s in survey.sections:
        if section is not None and s is section:
            break
        for q in s.questions:
            if question is not None and q is question:
                return earlier
            earlier.append(q)
    return earlier


def _setup_condition(subform, survey, earlier: list[SurveyQuestion]) -> dict:
    usable = [q for q in earlier if q.kind in conditions.OPERATORS_BY_KIND]
    refs = building.question_refs(usable)
    labels = {q.code: f"{q.code}: {translated(q.text)[:60]}" for q in usable}
    option_labels = {
        q.code: [(o.code, translated(o.label)) for o in q.choices] for q in usable if q.kind in conditions.OPTION_VALUED
    }
    subform.setup(refs, labels, option_labels)
    return refs


def _rolled_back(ident: int) -> Survey:
    """After a refused change: the transaction rolled back and the survey loaded again."""
    db.session.rollback()
    return survey_or_403(ident)


def _section_form(survey: Survey, section: SurveySection | None) -> SectionForm:
    """The page form, on GET filled from the page (or with the next free code for a new one)."""
    form = SectionForm()
    if request.method == "GET":
        if section is not None:
            for code in LANGUAGES:
                form.title.form[code].data = (section.title or {}).get(code, "")
                form.intro.form[code].data = (section.intro or {}).get(code, "")
            form.code.data = section.code
            form.condition.form.fill(section.condition)
        else:
            form.code.data = building.next_code("page", building.all_codes(survey))
    return form


def _section_page(survey: Survey, section: SurveySection | None, form: SectionForm, error: SurveyError | None):
    return render_template("surveys/staff/section.html", survey=survey, section=section, form=form, error=error)


@bp.route("/<int:ident>/sections/new", methods=["GET", "POST"])
@bp.route("/<int:ident>/sections/<int:section_id>", methods=["GET", "POST"])
def section_edit(ident: int, section_id: int | None = None):
    survey = survey_or_403(ident)
    section = section_of(survey, section_id) if section_id else None
    form = _section_form(survey, section)
    earlier = _earlier_questions(survey, section=section) if section else list(survey.ordered_questions())
    refs = _setup_condition(form.condition.form, survey, earlier)
    if form.validate_on_submit():
        condition = form.condition.form.to_condition(refs)
        try:
            section = building.save_section(
                survey,
                section,
                title=form.title.form.value,
                intro=form.intro.form.value,
                code=form.code.data,
                condition=condition,
            )
        except SurveyError as error:
            survey = _rolled_back(ident)
            return _section_page(survey, section if section_id else None, form, error), 422
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"section-{section.id}"))
    return _section_page(survey, section, form, None)


@bp.post("/<int:ident>/sections/<int:section_id>/delete")
def section_delete(ident: int, section_id: int):
    survey = survey_or_403(ident)
    section = section_of(survey, section_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        building.delete_section(section)
    except SurveyError as error:
        db.session.rollback()
        show_problems(error)
    else:
        db.session.commit()
        flash(_("The page is deleted."), "success")
    return redirect(url_for("survey_admin.builder", ident=survey.id))


@bp.post("/<int:ident>/sections/<int:section_id>/move")
def section_move(ident: int, section_id: int):
    survey = survey_or_403(ident)
    section = section_of(survey, section_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        building.move_section(section, -1 if request.form.get("direction") == "up" else 1)
    except SurveyError as error:
        db.session.rollback()
        show_problems(error)
    else:
        db.session.commit()
    return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"section-{section_id}"))


# --- Questions ------------------------------------------------------------------------------


@bp.get("/<int:ident>/questions/new")
def question_kind(ident: int):
    survey = survey_or_403(ident)
    section_id = request.args.get("section", type=int) or survey.sections[-1].id
    section = section_of(survey, section_id)
    return render_template("surveys/staff/question_kind.html", survey=survey, section=section, kinds=QUESTION_KINDS)


def _form_question_data(form: QuestionForm, kind: str, refs) -> building.QuestionData:
    return building.QuestionData(
        code=form.code.data,
        text=form.text.form.value,
        help=form.help.form.value,
        required=bool(form.required.data),
        condition=form.condition.form.to_condition(refs),
        display=form.display.data or "radio",
        min_value=form.min_value.number,
        max_value=form.max_value.number,
        min_label=form.min_label.form.value,
        max_label=form.max_label.form.value,
        min_choices=form.min_choices.data,
        max_choices=form.max_choices.data,
        to_contribution=bool(form.to_contribution.data),
        choices=form.option_rows(form.choices) if kind in CHOICE_KINDS and kind != "yes_no" else None,
        rows=form.option_rows(form.rows) if kind == "matrix" else None,
    )


def _fill_question_form(form: QuestionForm, question: SurveyQuestion) -> None:
    form.code.data = question.code
    for code in LANGUAGES:
        form.text.form[code].data = question.text.get(code, "")
        form.help.form[code].data = (question.help or {}).get(code, "")
        form.min_label.form[code].data = (question.min_label or {}).get(code, "")
        form.max_label.form[code].data = (question.max_label or {}).get(code, "")
    form.required.data = question.required
    form.display.data = question.display
    form.min_value.data = _plain(question.min_value)
    form.max_value.data = _plain(question.max_value)
    form.min_choices.data = question.min_choices
    form.max_choices.data = question.max_choices
    form.to_contribution.data = question.to_contribution
    fill_options(form.choices, question.choices)
    fill_options(form.rows, question.rows)
    form.condition.form.fill(question.condition)


def _plain(number) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


def _more_rows(form: QuestionForm) -> bool:
    """The "more rows" buttons add empty option rows without saving (works without JS)."""
    if "more_choices" in request.form:
        for _i in range(5):
            form.choices.append_entry()
        return True
    if "more_rows" in request.form:
        for _i in range(5):
            form.rows.append_entry()
        return True
    if "more_rules" in request.form:
        for _i in range(2):
            form.condition.form.rules.append_entry()
        return True
    return False


def _new_question_form(survey: Survey, kind: str) -> QuestionForm:
    """The question form, on GET with the next free code and blanks that suit the kind."""
    form = QuestionForm()
    if request.method == "GET":
        form.code.data = building.next_code("q", building.all_codes(survey))
        form.to_contribution.data = kind == "long_text"
        if kind == "scale":
            form.min_value.data, form.max_value.data = "1", "5"
        if kind in CHOICE_KINDS and kind != "yes_no":
            fill_options(form.choices, [], blanks=4)
        if kind == "matrix":
            fill_options(form.rows, [], blanks=4)
    return form


def _questions_up_to_end_of(survey: Survey, section: SurveySection) -> list[SurveyQuestion]:
    """A new question goes at the end of its page: every question up to there may be used."""
    earlier = list(survey.ordered_questions())
    return (
        earlier[: earlier.index(section.questions[-1]) + 1]
        if section.questions
        else _earlier_questions(survey, section=section)
    )


def _question_page(survey: Survey, section, question, kind: str, form: QuestionForm, error, **extra):
    """The question form page; 422 when saving was refused."""
    return render_template(
        "surveys/staff/question.html",
        survey=survey,
        section=section,
        question=question,
        kind=kind,
        form=form,
        kinds=QUESTION_KINDS,
        error=error,
        **extra,
    ), (422 if error else 200)


@bp.route("/<int:ident>/questions/new/<kind>", methods=["GET", "POST"])
def question_new(ident: int, kind: str):
    survey = survey_or_403(ident)
    if kind not in QUESTION_KINDS:
        abort(404)
    section = section_of(survey, request.args.get("section", type=int) or survey.sections[-1].id)
    form = _new_question_form(survey, kind)
    earlier = _questions_up_to_end_of(survey, section)
    refs = _setup_condition(form.condition.form, survey, earlier)
    error = None
    if request.method == "POST" and not _more_rows(form) and form.validate_on_submit():
        try:
            question = building.add_question(section, kind, _form_question_data(form, kind, refs))
        except SurveyError as exc:
            error = exc
            survey = _rolled_back(ident)
            section = section_of(survey, section.id)
        else:
            db.session.commit()
            flash(_("The question is added."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question.id}"))
    if request.method == "POST":
        refs = _setup_condition(form.condition.form, survey, earlier)
    return _question_page(survey, section, None, kind, form, error)


def _refuse_standard_question(survey: Survey, question: SurveyQuestion):
    flash(building.standard_pulse_message(), "error")
    return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question.id}"))


@bp.route("/<int:ident>/questions/<int:question_id>", methods=["GET", "POST"])
def question_edit(ident: int, question_id: int):
    survey = survey_or_403(ident)
    question = question_of(survey, question_id)
    if is_standard_question(question):
        return _refuse_standard_question(survey, question)
    form = QuestionForm()
    if request.method == "GET":
        _fill_question_form(form, question)
    refs = _setup_condition(form.condition.form, survey, _earlier_questions(survey, question=question))
    error = None
    if request.method == "POST" and not _more_rows(form) and form.validate_on_submit():
        try:
            building.update_question(question, _form_question_data(form, question.kind, refs))
        except SurveyError as exc:
            error = exc
            survey = _rolled_back(ident)
            question = question_of(survey, question_id)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question.id}"))
    if request.method == "POST":
        _setup_condition(form.condition.form, survey, _earlier_questions(survey, question=question))
    return _question_page(
        survey, question.section, question, question.kind, form, error, locked=survey_queries.has_answers(survey)
    )


def _question_action(ident: int, question_id: int, action) -> object:
    survey = survey_or_403(ident)
    question = question_of(survey, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        result = action(question)
    except SurveyError as error:
        db.session.rollback()
        show_problems(error)
        return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question_id}"))
    db.session.commit()
    anchor = f"question-{result.id}" if isinstance(result, SurveyQuestion) else f"question-{question_id}"
    return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=anchor))


@bp.post("/<int:ident>/questions/<int:question_id>/move")
def question_move(ident: int, question_id: int):
    direction = -1 if request.form.get("direction") == "up" else 1
    return _question_action(ident, question_id, lambda q: building.move_question(q, direction))


@bp.post("/<int:ident>/questions/<int:question_id>/duplicate")
def question_duplicate(ident: int, question_id: int):
    def run(question):
        copy = definitions.duplicate_question(question)
        flash(_("The question is copied as “%(code)s”.", code=copy.code), "success")
        return copy

    return _question_action(ident, question_id, run)


@bp.post("/<int:ident>/questions/<int:question_id>/delete")
def question_delete(ident: int, question_id: int):
    def run(question):
        building.delete_question(question)
        flash(_("The question is deleted."), "success")

    return _question_action(ident, question_id, run)
