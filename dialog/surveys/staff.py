"""Staff side of surveys: the builder, preview, codes, paper answers, results, exchange, pulse.

Every route is for staff; each survey only for members of its theme groups (and admins).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area, Topic
from ..core.participation import PARTICIPATION_LEVELS
from ..core.security import role_required
from ..extensions import db
from ..i18n import LANGUAGES, current_language, translated
from ..themegroups.models import ThemeGroup
from ..themegroups.permissions import manageable_groups
from . import answering, conditions
from . import operations as ops
from .forms import (
    CodesForm,
    ConfirmForm,
    PaperForm,
    QuestionForm,
    SectionForm,
    StateForm,
    SurveyForm,
    fill_options,
)
from .models import CHOICE_KINDS, MODES, QUESTION_KINDS, STATES, Survey, SurveyQuestion, SurveySection
from .permissions import can_manage, manageable_surveys_query
from .queries import load_survey

bp = Blueprint("survey_admin", __name__, url_prefix="/staff/surveys")


@bp.before_request
@role_required("staff")
def require_staff():
    """Every route here is for staff (and admins)."""


def _survey_or_403(ident: int) -> Survey:
    survey = load_survey(ident)
    if not can_manage(current_user, survey):
        abort(403)
    return survey


def _section_of(survey: Survey, section_id: int) -> SurveySection:
    section = next((s for s in survey.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    return section


def _question_of(survey: Survey, question_id: int) -> SurveyQuestion:
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


def _area_choices() -> list[tuple[int, str]]:
    areas = db.session.scalars(select(Area).options(selectinload(Area.parent)).order_by(Area.position, Area.slug)).all()
    choices = []
    for area in areas:
        label = area.display_name if area.parent is None else f"{area.parent.display_name} – {area.display_name}"
        choices.append((area.id, label))
    return sorted(choices, key=lambda c: (c[1]))


def _topic_choices() -> list[tuple[int, str]]:
    return [(t.id, t.display_name) for t in db.session.scalars(select(Topic).order_by(Topic.position, Topic.slug))]


def _group_choices(survey: Survey | None = None) -> list[tuple[int, str]]:
    groups = manageable_groups(current_user)
    if survey is not None:
        # Keep the survey's current groups choosable even for a member of only one of them.
        groups += [g for g in survey.theme_groups if g not in groups]
    return [(g.id, g.display_name) for g in groups]


def _settings_from(form: SurveyForm) -> ops.SurveySettings:
    allowed_groups = {gid for gid, _label in form.theme_groups.choices}
    return ops.SurveySettings(
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


def _show_problems(error: ops.SurveyError) -> None:
    flash(str(error), "error")
    for problem in error.problems:
        flash(problem, "error")


# --- List, create, settings ------------------------------------------------------------------


@bp.get("/")
def index():
    surveys = db.session.scalars(
        manageable_surveys_query(current_user)
        .options(selectinload(Survey.areas), selectinload(Survey.theme_groups), selectinload(Survey.pulse_area))
        .limit(500)
    ).all()
    counts = ops.response_counts(s.id for s in surveys)
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
            survey = ops.create_survey(_settings_from(form), current_user)
        except ops.SurveyError as error:
            db.session.rollback()
            _show_problems(error)
        else:
            db.session.commit()
            flash(_("The survey is created as a draft. Now add questions."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id))
    return render_template("surveys/staff/settings.html", form=form, survey=None)


def _prepare_settings_form(form: SurveyForm, survey: Survey | None = None) -> None:
    form.areas.choices = _area_choices()
    form.topics.choices = _topic_choices()
    form.theme_groups.choices = _group_choices(survey)


@bp.route("/<int:ident>/settings", methods=["GET", "POST"])
def settings(ident: int):
    survey = _survey_or_403(ident)
    form = SurveyForm(obj=None)
    _prepare_settings_form(form, survey)
    if request.method == "GET":
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
    if form.validate_on_submit():
        try:
            ops.update_survey(survey, _settings_from(form))
        except ops.SurveyError as error:
            db.session.rollback()
            _show_problems(error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id))
    return render_template("surveys/staff/settings.html", form=form, survey=survey)


@bp.get("/<int:ident>")
def builder(ident: int):
    from .pulse import is_standard_question

    survey = _survey_or_403(ident)
    has_answers = ops.has_answers(survey)
    return render_template(
        "surveys/staff/builder.html",
        survey=survey,
        confirm=ConfirmForm(),
        state_form=StateForm(),
        kinds=QUESTION_KINDS,
        modes=MODES,
        levels=PARTICIPATION_LEVELS,
        states=STATES,
        problems=ops.publish_problems(survey) if survey.state == "draft" else [],
        has_answers=has_answers,
        response_count=ops.response_counts([survey.id]).get(survey.id, 0),
        describe=_describer(survey),
        is_standard=is_standard_question,
    )


def _describer(survey: Survey):
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


@bp.post("/<int:ident>/state")
def change_state(ident: int):
    survey = _survey_or_403(ident)
    form = StateForm()
    if not form.validate_on_submit() or form.state.data not in STATES:
        abort(400)
    try:
        ops.set_state(survey, form.state.data)
    except ops.SurveyError as error:
        db.session.rollback()
        _show_problems(error)
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
    survey = _survey_or_403(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy = ops.duplicate_survey(survey, current_user)
    db.session.commit()
    flash(_("This is a copy of the survey, as a draft."), "success")
    return redirect(url_for("survey_admin.builder", ident=copy.id))


@bp.post("/<int:ident>/delete")
def delete(ident: int):
    survey = _survey_or_403(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if survey.state != "draft" or ops.has_answers(survey):
        flash(_("Only drafts without answers can be deleted. Close the survey instead."), "error")
        return redirect(url_for("survey_admin.builder", ident=survey.id))
    db.session.delete(survey)
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
    refs = ops.question_refs(usable)
    labels = {q.code: f"{q.code}: {translated(q.text)[:60]}" for q in usable}
    option_labels = {
        q.code: [(o.code, translated(o.label)) for o in q.choices] for q in usable if q.kind in conditions.OPTION_VALUED
    }
    subform.setup(refs, labels, option_labels)
    return refs


@bp.route("/<int:ident>/sections/new", methods=["GET", "POST"])
@bp.route("/<int:ident>/sections/<int:section_id>", methods=["GET", "POST"])
def section_edit(ident: int, section_id: int | None = None):
    survey = _survey_or_403(ident)
    section = _section_of(survey, section_id) if section_id else None
    form = SectionForm()
    if request.method == "GET":
        if section is not None:
            for code in LANGUAGES:
                form.title.form[code].data = (section.title or {}).get(code, "")
                form.intro.form[code].data = (section.intro or {}).get(code, "")
            form.code.data = section.code
            form.condition.form.fill(section.condition)
        else:
            form.code.data = ops._next_code("page", ops._all_codes(survey))
    earlier = _earlier_questions(survey, section=section) if section else list(survey.ordered_questions())
    refs = _setup_condition(form.condition.form, survey, earlier)
    if form.validate_on_submit():
        condition = form.condition.form.to_condition(refs)
        try:
            if section is None:
                section = ops.add_section(
                    survey,
                    title=form.title.form.value,
                    intro=form.intro.form.value,
                    code=form.code.data,
                    condition=condition,
                )
            else:
                ops.update_section(
                    section,
                    title=form.title.form.value,
                    intro=form.intro.form.value,
                    code=form.code.data,
                    condition=condition,
                )
        except ops.SurveyError as error:
            db.session.rollback()
            survey = _survey_or_403(ident)
            return render_template(
                "surveys/staff/section.html",
                survey=survey,
                section=section if section_id else None,
                form=form,
                error=error,
            ), 422
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"section-{section.id}"))
    return render_template("surveys/staff/section.html", survey=survey, section=section, form=form, error=None)


@bp.post("/<int:ident>/sections/<int:section_id>/delete")
def section_delete(ident: int, section_id: int):
    survey = _survey_or_403(ident)
    section = _section_of(survey, section_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ops.delete_section(section)
    except ops.SurveyError as error:
        db.session.rollback()
        _show_problems(error)
    else:
        db.session.commit()
        flash(_("The page is deleted."), "success")
    return redirect(url_for("survey_admin.builder", ident=survey.id))


@bp.post("/<int:ident>/sections/<int:section_id>/move")
def section_move(ident: int, section_id: int):
    survey = _survey_or_403(ident)
    section = _section_of(survey, section_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ops.move_section(section, -1 if request.form.get("direction") == "up" else 1)
    except ops.SurveyError as error:
        db.session.rollback()
        _show_problems(error)
    else:
        db.session.commit()
    return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"section-{section_id}"))


# --- Questions ------------------------------------------------------------------------------


@bp.get("/<int:ident>/questions/new")
def question_kind(ident: int):
    survey = _survey_or_403(ident)
    section_id = request.args.get("section", type=int) or survey.sections[-1].id
    section = _section_of(survey, section_id)
    return render_template("surveys/staff/question_kind.html", survey=survey, section=section, kinds=QUESTION_KINDS)


def _question_data(form: QuestionForm, kind: str, refs) -> ops.QuestionData:
    return ops.QuestionData(
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


@bp.route("/<int:ident>/questions/new/<kind>", methods=["GET", "POST"])
def question_new(ident: int, kind: str):
    survey = _survey_or_403(ident)
    if kind not in QUESTION_KINDS:
        abort(404)
    section = _section_of(survey, request.args.get("section", type=int) or survey.sections[-1].id)
    form = QuestionForm()
    if request.method == "GET":
        form.code.data = ops._next_code("q", ops._all_codes(survey))
        form.to_contribution.data = kind == "long_text"
        if kind == "scale":
            form.min_value.data, form.max_value.data = "1", "5"
        if kind in CHOICE_KINDS and kind != "yes_no":
            fill_options(form.choices, [], blanks=4)
        if kind == "matrix":
            fill_options(form.rows, [], blanks=4)
    earlier = list(survey.ordered_questions())
    # A new question goes at the end of its page: every question up to there may be used.
    earlier = (
        earlier[: earlier.index(section.questions[-1]) + 1]
        if section.questions
        else _earlier_questions(survey, section=section)
    )
    refs = _setup_condition(form.condition.form, survey, earlier)
    error = None
    if request.method == "POST" and not _more_rows(form) and form.validate_on_submit():
        try:
            question = ops.add_question(section, kind, _question_data(form, kind, refs))
        except ops.SurveyError as exc:
            db.session.rollback()
            error = exc
            survey = _survey_or_403(ident)
            section = _section_of(survey, section.id)
        else:
            db.session.commit()
            flash(_("The question is added."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question.id}"))
    if request.method == "POST":
        refs = _setup_condition(form.condition.form, survey, earlier)
    return render_template(
        "surveys/staff/question.html",
        survey=survey,
        section=section,
        question=None,
        kind=kind,
        form=form,
        kinds=QUESTION_KINDS,
        error=error,
    ), (422 if error else 200)


@bp.route("/<int:ident>/questions/<int:question_id>", methods=["GET", "POST"])
def question_edit(ident: int, question_id: int):
    from .pulse import is_standard_question

    survey = _survey_or_403(ident)
    question = _question_of(survey, question_id)
    if is_standard_question(question):
        flash(ops.standard_pulse_message(), "error")
        return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question.id}"))
    form = QuestionForm()
    if request.method == "GET":
        _fill_question_form(form, question)
    refs = _setup_condition(form.condition.form, survey, _earlier_questions(survey, question=question))
    error = None
    if request.method == "POST" and not _more_rows(form) and form.validate_on_submit():
        try:
            ops.update_question(question, _question_data(form, question.kind, refs))
        except ops.SurveyError as exc:
            db.session.rollback()
            error = exc
            survey = _survey_or_403(ident)
            question = _question_of(survey, question_id)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question.id}"))
    if request.method == "POST":
        _setup_condition(form.condition.form, survey, _earlier_questions(survey, question=question))
    return render_template(
        "surveys/staff/question.html",
        survey=survey,
        section=question.section,
        question=question,
        kind=question.kind,
        form=form,
        kinds=QUESTION_KINDS,
        error=error,
        locked=ops.has_answers(survey),
    ), (422 if error else 200)


def _question_action(ident: int, question_id: int, action) -> object:
    survey = _survey_or_403(ident)
    question = _question_of(survey, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        result = action(question)
    except ops.SurveyError as error:
        db.session.rollback()
        _show_problems(error)
        return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=f"question-{question_id}"))
    db.session.commit()
    anchor = f"question-{result.id}" if isinstance(result, SurveyQuestion) else f"question-{question_id}"
    return redirect(url_for("survey_admin.builder", ident=survey.id, _anchor=anchor))


@bp.post("/<int:ident>/questions/<int:question_id>/move")
def question_move(ident: int, question_id: int):
    direction = -1 if request.form.get("direction") == "up" else 1
    return _question_action(ident, question_id, lambda q: ops.move_question(q, direction))


@bp.post("/<int:ident>/questions/<int:question_id>/duplicate")
def question_duplicate(ident: int, question_id: int):
    def run(question):
        copy = ops.duplicate_question(question)
        flash(_("The question is copied as “%(code)s”.", code=copy.code), "success")
        return copy

    return _question_action(ident, question_id, run)


@bp.post("/<int:ident>/questions/<int:question_id>/delete")
def question_delete(ident: int, question_id: int):
    def run(question):
        ops.delete_question(question)
        flash(_("The question is deleted."), "success")

    return _question_action(ident, question_id, run)


# --- Preview, codes, paper answers ----------------------------------------------------------


@bp.get("/<int:ident>/preview")
def preview(ident: int):
    survey = _survey_or_403(ident)
    language = request.args.get("lang")
    if language not in LANGUAGES:
        language = current_language()
    describe = _describer(survey)
    # Notes for staff, in the staff member's language; the survey itself in the previewed one.
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
    staff_language = current_language()
    with force_locale(language):
        body = Markup(
            render_template(
                "surveys/staff/_preview_body.html",
                survey=survey,
                language=language,
                notes=notes,
                staff_language=staff_language,
                area_choices=ops.area_choices(survey),
                state={},
                errors={},
                visible=None,
            )
        )
    return render_template("surveys/staff/preview.html", survey=survey, language=language, body=body)


@bp.route("/<int:ident>/codes", methods=["GET", "POST"])
def codes(ident: int):
    survey = _survey_or_403(ident)
    form = CodesForm()
    if form.validate_on_submit():
        try:
            made = ops.generate_codes(survey, form.count.data)
        except ops.SurveyError as error:
            db.session.rollback()
            _show_problems(error)
        else:
            db.session.commit()
            response = make_response(render_template("surveys/staff/codes_print.html", survey=survey, codes=made))
            response.headers["Cache-Control"] = "no-store"
            return response
    from sqlalchemy import func

    from .models import SurveyCode

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


@bp.route("/<int:ident>/paper", methods=["GET", "POST"])
def paper(ident: int):
    """Type in a paper form: every question on one page; hidden answers are dropped."""
    survey = _survey_or_403(ident)
    form = PaperForm()
    choices = ops.area_choices(survey)
    form.area_id.choices = [(a.id, a.display_name) for a in choices]
    state: dict = {}
    errors: dict = {}
    if request.method == "POST":
        state = request.form.to_dict(flat=False)
    if form.validate_on_submit():
        foreign = answering.posted_question_ids(request.form) - {q.id for q in survey.questions}
        if foreign:
            abort(400)
        tentative = answering.read_page(survey.questions, request.form, required_for=set())
        draft = {str(k): v for k, v in tentative.values.items()}
        shown = ops.visibility(survey, draft).questions
        page = answering.read_page(survey.questions, request.form, required_for=shown)
        errors = page.errors
        if not errors:
            area = next(a for a in choices if a.id == form.area_id.data)
            try:
                ops.record_paper_response(
                    survey,
                    page.values,
                    area=area,
                    language=form.language.data,
                    source_url=url_for("surveys.survey_page", ident=survey.id),
                )
            except ops.SurveyError as error:
                db.session.rollback()
                _show_problems(error)
            else:
                dropped = [q.code for q in survey.questions if q.id in page.values and q.id not in shown]
                db.session.commit()
                flash(_("The paper answers are saved."), "success")
                if dropped:
                    flash(
                        _(
                            "Answers to questions that did not apply were left out: %(codes)s.",
                            codes=", ".join(dropped),
                        ),
                        "info",
                    )
                return redirect(url_for("survey_admin.paper", ident=survey.id))
    elif request.method == "GET":
        form.language.data = "sv"
    return render_template(
        "surveys/staff/paper.html",
        survey=survey,
        form=form,
        state=state,
        errors=errors,
        area_choices=choices,
        describe=_describer(survey),
    ), (422 if errors else 200)


# --- Results and exchange -------------------------------------------------------------------


@bp.get("/<int:ident>/results")
def results(ident: int):
    from .presentation import results_context
    from .results import paper_count

    survey = _survey_or_403(ident)
    context = results_context(survey, request.args, with_texts=True)
    return render_template(
        "surveys/staff/results.html", survey=survey, staff=True, paper=paper_count(survey), **context
    )


@bp.get("/<int:ident>/results/questions/<int:question_id>/texts")
def text_answers(ident: int, question_id: int):
    """All the written answers to one question, a page at a time, with the results' filters."""
    from . import results as res
    from .presentation import filter_args, filters_from

    survey = _survey_or_403(ident)
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    filters = filters_from(survey, request.args)
    total = res.filtered_total(survey, filters)
    answers, next_before = [], None
    if total >= res.MIN_CELL:
        answers, next_before = res.text_answers(
            survey, question.id, filters, before=request.args.get("before", type=int)
        )
    return render_template(
        "surveys/staff/texts.html",
        survey=survey,
        question=question,
        filters=filters,
        filter_args=filter_args(request.args),
        answers=answers,
        next_before=next_before,
        hidden_total=total < res.MIN_CELL,
        first_page=request.args.get("before") is None,
    )


@bp.get("/<int:ident>/download")
def exports(ident: int):
    survey = _survey_or_403(ident)
    return render_template("surveys/staff/exports.html", survey=survey)


def _export_options():
    headers = "labels" if request.args.get("headers") == "labels" else "codes"
    language = request.args.get("lang") if request.args.get("lang") in LANGUAGES else "sv"
    return headers, language


@bp.get("/<int:ident>/answers.csv")
def export_csv(ident: int):
    from flask import Response, stream_with_context

    from . import exports as ex

    survey = _survey_or_403(ident)
    headers, language = _export_options()
    cols = ex.columns(survey, headers=headers, language=language, area_names=ex.area_names(language))
    response = Response(stream_with_context(ex.csv_chunks(survey, cols)), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-answers.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:ident>/answers.xlsx")
def export_xlsx(ident: int):
    from flask import Response, stream_with_context

    from . import exports as ex

    survey = _survey_or_403(ident)
    headers, language = _export_options()
    cols = ex.columns(survey, headers=headers, language=language, area_names=ex.area_names(language))
    response = Response(
        stream_with_context(ex.xlsx_chunks(survey, cols)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-answers.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:ident>/xlsform.xlsx")
def xlsform_export(ident: int):
    from flask import Response

    from .xlsform import export_workbook

    survey = _survey_or_403(ident)
    response = Response(
        export_workbook(survey), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-xlsform.xlsx"'
    return response


@bp.route("/import", methods=["GET", "POST"])
def import_xlsform():
    from .forms import ImportForm
    from .xlsform import ImportFailed, parse_workbook

    form = ImportForm()
    form.areas.choices = _area_choices()
    form.topics.choices = _topic_choices()
    form.theme_groups.choices = _group_choices()
    problems: list = []
    if form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.read() if upload else b""
        if not data:
            form.file.errors = [_("Choose the file to import.")]
        else:
            try:
                spec, meta = parse_workbook(data)
                allowed = {gid for gid, _label in form.theme_groups.choices}
                settings = ops.SurveySettings(
                    title=meta["title"],
                    description=meta["description"],
                    promise=meta["promise"],
                    end_message=meta["end_message"],
                    participation_level=meta["participation_level"],
                    mode=meta["mode"],
                    languages=meta["languages"],
                    areas=list(db.session.scalars(select(Area).where(Area.id.in_(form.areas.data)))),
                    topics=list(db.session.scalars(select(Topic).where(Topic.id.in_(form.topics.data or [])))),
                    theme_groups=list(
                        db.session.scalars(
                            select(ThemeGroup).where(
                                ThemeGroup.id.in_([g for g in form.theme_groups.data if g in allowed])
                            )
                        )
                    ),
                )
                survey = ops.create_from_definition(spec, settings, current_user)
            except ImportFailed as error:
                db.session.rollback()
                problems = [str(p) for p in error.problems]
            except ops.SurveyError as error:
                db.session.rollback()
                problems = [str(error), *error.problems]
            else:
                db.session.commit()
                flash(_("The survey is imported as a draft. Check it in the preview before you open it."), "success")
                return redirect(url_for("survey_admin.builder", ident=survey.id))
    return render_template("surveys/staff/import.html", form=form, problems=problems), (422 if problems else 200)


# --- Trust pulse ----------------------------------------------------------------------------


@bp.route("/pulse/new", methods=["GET", "POST"])
def pulse_new():
    from . import pulse as pulses
    from .forms import PulseForm

    form = PulseForm()
    districts = list(
        db.session.scalars(
            select(Area)
            .where(Area.parent_id.is_(None))
            .options(selectinload(Area.children))
            .order_by(Area.position, Area.slug)
        )
    )
    form.district_id.choices = [(0, _("None: only the areas chosen below"))] + [
        (d.id, d.display_name) for d in districts
    ]
    form.areas.choices = _area_choices()
    form.theme_groups.choices = _group_choices()
    if request.method == "GET":
        groups = [gid for gid, _label in form.theme_groups.choices]
        if len(groups) == 1:
            form.theme_groups.data = groups
    if form.validate_on_submit():
        chosen: list[Area] = []
        district = next((d for d in districts if d.id == form.district_id.data), None)
        if district is not None:
            chosen += list(district.children) or [district]
        chosen += list(
            db.session.scalars(
                select(Area).where(Area.id.in_(form.areas.data or [])).order_by(Area.position, Area.slug)
            )
        )
        allowed = {gid for gid, _label in form.theme_groups.choices}
        groups = list(
            db.session.scalars(
                select(ThemeGroup).where(ThemeGroup.id.in_([g for g in form.theme_groups.data if g in allowed]))
            )
        )
        period = f"{form.year.data}-Q{form.quarter.data}"
        try:
            made, skipped = pulses.create_round(
                period, chosen, lambda _area: groups, current_user, open_now=bool(form.open_now.data)
            )
            if not made:
                raise ops.SurveyError(_("There is already a trust pulse for this area and quarter."))
        except ops.SurveyError as error:
            db.session.rollback()
            _show_problems(error)
        else:
            db.session.commit()
            _flash_round(period, made, skipped)
            if len(made) == 1:
                return redirect(url_for("survey_admin.builder", ident=made[0].id))
            return redirect(url_for("survey_admin.pulse_trends"))
    return render_template("surveys/staff/pulse_new.html", form=form)


def _flash_round(period: str, made, skipped) -> None:
    from .pulse import period_label

    label = period_label(period)
    if made:
        flash(
            _(
                "New trust pulses for %(period)s: %(areas)s.",
                period=label,
                areas=", ".join(s.pulse_area.display_name for s in made),
            ),
            "success",
        )
    if skipped:
        flash(
            _(
                "Skipped, because they already have a trust pulse for %(period)s: %(areas)s.",
                period=label,
                areas=", ".join(a.display_name for a in skipped),
            ),
            "info",
        )


def _next_round() -> tuple[str | None, list[Survey]]:
    """The quarter after the latest trust pulse, and the latest pulses this person manages."""
    from .pulse import latest_period, next_period, pulses_in

    latest = latest_period()
    if latest is None:
        return None, []
    return next_period(latest), [s for s in pulses_in(latest) if can_manage(current_user, s)]


@bp.post("/pulse/next")
def pulse_next():
    """Start the next quarter in every area of the latest quarter, with the same theme groups."""
    from .pulse import create_round

    if not ConfirmForm().validate_on_submit():
        abort(400)
    period, previous = _next_round()
    if period is None or not previous:
        flash(_("There is no trust pulse yet to continue. Make the first one."), "error")
        return redirect(url_for("survey_admin.pulse_new"))
    groups = {s.pulse_area_id: list(s.theme_groups) for s in previous}
    made, skipped = create_round(
        period, [s.pulse_area for s in previous], lambda area: groups[area.id], current_user, open_now=True
    )
    db.session.commit()
    _flash_round(period, made, skipped)
    return redirect(url_for("survey_admin.pulse_trends"))


@bp.get("/pulse")
def pulse_trends():
    from .pulse import existing_pulse_areas, period_label
    from .views import pulse_context

    period, previous = _next_round()
    pending = []
    if period is not None:
        done = existing_pulse_areas(period, [s.pulse_area_id for s in previous])
        pending = [s.pulse_area for s in previous if s.pulse_area_id not in done]
    return render_template(
        "surveys/staff/pulse.html",
        next_period=period,
        next_label=period_label(period) if period else None,
        next_areas=pending,
        confirm=ConfirmForm(),
        **pulse_context(public_only=False),
    )
