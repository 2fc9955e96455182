"""Answering a survey, page by page, without JavaScript; and published results.

The browser holds a random secret (cookie, and the "continue later" link) that finds its
answers in progress. Conditions are evaluated on the server for every page; the page's
script only shows and hides questions on the same page sooner.
"""

from __future__ import annotations

import secrets
from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from ..areas.models import Area
from ..core.cache import cached_fragment
from ..core.lost_session import lost_session, refills_form
from ..core.participation import PARTICIPATION_EXPLAINED, PARTICIPATION_LEVELS
from ..core.security import public_post_limit
from ..extensions import db
from ..i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, LANGUAGES, current_language, translated
from . import answering, charts, widgets
from . import codes as survey_codes
from . import queries as survey_queries
from . import responses as responding
from .errors import Incomplete, SurveyError
from .forms import AnswerPageForm, StartForm
from .models import MODES, PUBLIC_LISTS_SCOPE, Survey, SurveyResponse
from .presentation import results_context
from .pulse import trends
from .pulse_standard import PULSE_QUESTIONS, period_label
from .queries import answering_survey, load_survey, open_surveys

bp = Blueprint("surveys", __name__)
# The question macros' helpers (templates/surveys/_questions.html), for every page that uses them.
bp.record_once(lambda state: state.app.jinja_env.globals.update(widgets.GLOBALS))

BROWSER_COOKIE = "dialog_sb"
DRAFT_COOKIE_AGE = 60 * 24 * 3600


def _draft_cookie(survey: Survey) -> str:
    return f"dialog_survey_{survey.id}"


def _public_survey(ident: int, *, cached: bool = False) -> Survey:
    """The survey, 404 while a draft. ``cached``: the read-only copy kept in memory until the
    survey changes (for pages that only read it; see ``queries.answering_survey``)."""
    survey = answering_survey(ident) if cached else load_survey(ident)
    if survey.state == "draft":
        # Not published yet: say so plainly (still a 404, and without the draft's texts).
        abort(
            current_app.make_response(
                (
                    render_template(
                        "surveys/problem.html",
                        survey=None,
                        title=_("This survey is not open yet"),
                        message=_(
                            "The survey is still being prepared and cannot be answered yet. Look for it again later, "
                            "or see the surveys that are open now."
                        ),
                    ),
                    404,
                )
            )
        )
    return survey


def _browser_id() -> tuple[str, str | None]:
    """A random id for this browser (to allow one answer per browser); new if missing."""
    value = request.cookies.get(BROWSER_COOKIE)
    if value and 16 <= len(value) <= 64:
        return value, None
    value = secrets.token_urlsafe(24)
    return value, value


def _receipt_keys(survey: Survey, browser_id: str | None = None) -> list[str]:
    """The keys of whoever is here now (account, and browser on anonymous surveys)."""
    return responding.receipt_keys(survey, user=current_user, browser_id=browser_id or _known_browser_id())


def _known_browser_id() -> str | None:
    value = request.cookies.get(BROWSER_COOKIE)
    return value if value and 16 <= len(value) <= 64 else None


def _current_draft(survey: Survey) -> SurveyResponse | None:
    response = responding.find_draft(survey, request.cookies.get(_draft_cookie(survey)))
    if response is None and survey.mode == "identified" and current_user.is_authenticated:
        response = responding.find_user_draft(survey, current_user)
    identified = response is not None and survey.mode == "identified"
    if identified and (not current_user.is_authenticated or response.user_id != current_user.id):
        return None
    return response


def _set_cookie(response, name: str, value: str, path: str | None = None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=DRAFT_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
        path=path or "/",
    )


def _survey_path(survey: Survey) -> str:
    return url_for("surveys.survey_page", ident=survey.id)


@bp.get("/surveys")
def survey_list():
    return render_template("surveys/list.html", surveys=open_surveys())


@bp.get("/surveys/<int:ident>")
def survey_page(ident: int):
    survey = _public_survey(ident, cached=True)
    draft = _current_draft(survey) if survey.is_open else None
    answered = responding.has_any_receipt(survey, _receipt_keys(survey))
    return _survey_start_page(survey, draft=draft, answered=answered, form=StartForm())


def _survey_start_page(survey: Survey, *, draft, answered: bool, form: StartForm) -> str:
    return render_template(
        "surveys/survey.html",
        survey=survey,
        draft=draft,
        answered=answered,
        form=form,
        levels=PARTICIPATION_LEVELS,
        explained=PARTICIPATION_EXPLAINED,
        modes=MODES,
    )


def _checked_start_form() -> StartForm:
    """The start button's form: a broken post is refused, a bot is turned away."""
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    form.reject_bots()
    return form


def _continue_url(survey: Survey, draft: SurveyResponse) -> str:
    return url_for("surveys.answer", ident=survey.id, section_id=draft.section_id or survey.sections[0].id)


def _already_answered(survey: Survey):
    flash(_("You have already answered this survey. Thank you!"), "info")
    return redirect(_survey_path(survey))


def _refuse_code(survey: Survey, form: StartForm):
    form.code.errors = [_("That code does not work. Check it, or ask for a new one.")]
    return _survey_start_page(survey, draft=None, answered=False, form=form), 422


def _started(survey: Survey, draft: SurveyResponse, token: str, new_browser_cookie: str | None):
    """To the first page, with the draft's cookie (and this browser's id when it is new)."""
    response = redirect(url_for("surveys.answer", ident=survey.id, section_id=draft.section_id))
    _set_cookie(response, _draft_cookie(survey), token)
    if new_browser_cookie:
        _set_cookie(response, BROWSER_COOKIE, new_browser_cookie)
    return response


@bp.post("/surveys/<int:ident>/start")
@public_post_limit()
def start(ident: int):
    survey = _public_survey(ident)
    form = _checked_start_form()
    existing = _current_draft(survey)
    if existing is not None:
        return redirect(_continue_url(survey, existing))
    browser_id, new_browser_cookie = _browser_id()
    keys = _receipt_keys(survey, browser_id)
    if responding.has_any_receipt(survey, keys):
        return _already_answered(survey)
    code = survey_codes.find_code(survey, form.code.data or "") if survey.mode == "codes" else None
    if survey.mode == "codes" and (code is None or code.is_used):
        return _refuse_code(survey, form)
    if survey.mode == "identified" and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    try:
        draft, token = responding.start_response(
            survey, language=current_language(), user=current_user, code=code, receipt_key=keys[0] if keys else None
        )
    except SurveyError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(_survey_path(survey))
    db.session.commit()
    return _started(survey, draft, token, new_browser_cookie)


@bp.get("/surveys/<int:ident>/continue/<token>")
def resume(ident: int, token: str):
    """The "continue later" link: bring the answers back into this browser."""
    survey = _public_survey(ident)
    draft = responding.find_draft(survey, token)
    if draft is None or not survey.is_open:
        flash(_("This link no longer works: the answers were sent, or the survey has closed."), "info")
        return redirect(_survey_path(survey))
    response = redirect(_continue_url(survey, draft))
    _set_cookie(response, _draft_cookie(survey), token)
    _browser_value, new_browser_cookie = _browser_id()
    if new_browser_cookie:
        # This browser gets its own id too, so that once the answers are sent it cannot start again.
        _set_cookie(response, BROWSER_COOKIE, new_browser_cookie)
    return response


@bp.get("/surveys/<int:ident>/saved")
def saved(ident: int):
    survey = _public_survey(ident)
    token = request.cookies.get(_draft_cookie(survey))
    draft = responding.find_draft(survey, token)
    if draft is None:
        return redirect(_survey_path(survey))
    link = url_for("surveys.resume", ident=survey.id, token=token, _external=True)
    response = current_app.make_response(render_template("surveys/saved.html", survey=survey, link=link, draft=draft))
    response.headers["Cache-Control"] = "no-store"
    return response


def _problem(survey: Survey, message: str, status: int = 400):
    return render_template("surveys/problem.html", survey=survey, message=message, title=None), status


@bp.route("/surveys/<int:ident>/answer/<int:section_id>", methods=["GET", "POST"])
@refills_form
@public_post_limit()
def answer(ident: int, section_id: int):
    survey = _public_survey(ident, cached=request.method == "GET")
    if not survey.is_open:
        return _problem(survey, _("This survey is not open for answers."), 409 if request.method == "POST" else 200)
    draft = _current_draft(survey)
    if draft is None:
        return _no_draft(survey)
    seen = answering.visibility(survey, draft.draft or {})
    section = next((s for s in survey.sections if s.id == section_id), None)
    if section is None or section.id not in seen.sections:
        return _page_not_shown(survey, draft, seen)
    choices = survey_queries.answer_areas(survey)
    ask_area = len(choices) > 1 and section.id == seen.sections[0]
    if request.method == "POST":
        form = AnswerPageForm()
        if not form.validate_on_submit():
            if lost_session():
                state = request.form.to_dict(flat=False)
                return _render_page(survey, draft, section, seen, choices, ask_area, state=state, errors={})
            abort(400)
        form.reject_bots()
        return _save_page(survey, draft, section, seen, choices, ask_area)
    state = _draft_state(section, draft, ask_area)
    return _render_page(survey, draft, section, seen, choices, ask_area, state=state, errors={})


def _no_draft(survey: Survey):
    if request.method == "POST":
        return _problem(
            survey, _("We could not find your answers in progress. Nothing was saved. Start the survey again."), 409
        )
    flash(_("Start the survey first."), "info")
    return redirect(_survey_path(survey))


def _page_not_shown(survey: Survey, draft: SurveyResponse, seen):
    """A page the answers so far skip: refused on POST, else to the page the draft is on."""
    target = draft.section_id if draft.section_id in seen.sections else seen.sections[0]
    if request.method == "POST":
        return _problem(survey, _("That page of the survey does not apply to you. Nothing was saved."), 409)
    return redirect(url_for("surveys.answer", ident=survey.id, section_id=target))


def _draft_state(section, draft: SurveyResponse, ask_area: bool) -> dict[str, list[str]]:
    """The form fields of the page, filled from the answers saved so far."""
    state: dict[str, list[str]] = {}
    for question in section.questions:
        state.update(answering.form_state(question, (draft.draft or {}).get(str(question.id))))
    if ask_area and draft.area_id:
        state["area"] = [str(draft.area_id)]
    return state


def _render_page(survey, draft, section, seen, choices, ask_area, *, state, errors, area_error=None, status=200):
    position = seen.sections.index(section.id)
    questions_html = None
    if not errors and area_error is None:
        questions_html = _page_questions(survey, section, seen.questions, choices, ask_area, state)
    return render_template(
        "surveys/answer.html",
        survey=survey,
        section=section,
        visible=seen.questions,
        values_json=seen.values,
        page_number=position + 1,
        page_count=len(seen.sections),
        is_last=position == len(seen.sections) - 1,
        is_first=position == 0,
        ask_area=ask_area,
        area_choices=choices,
        area_error=area_error,
        state=state,
        errors=errors,
        questions_html=questions_html,
        form=AnswerPageForm(),
    ), status


def _page_questions(survey, section, visible, choices, ask_area, state):
    """The page's questions without messages: rendered once per survey version, language, page
    and set of shown questions, with this respondent's answers filled in (``widgets.fill``)."""
    shown = frozenset(q.id for q in section.questions if q.id in visible)
    language = current_language()

    def render():
        return render_template(
            "surveys/_answer_questions.html",
            survey=survey,
            section=section,
            visible=shown,
            ask_area=ask_area,
            area_choices=choices,
            area_error=None,
            state=widgets.PLACEHOLDERS,
            errors={},
        )

    html = widgets.cached_page(survey, (language, section.id, shown, ask_area), render)
    return widgets.fill(html, state)


def _save_page(survey, draft, section, seen, choices, ask_area):
    page_ids = {q.id for q in section.questions}
    foreign = answering.posted_question_ids(request.form) - page_ids
    if foreign:
        known = {q.id for q in survey.questions}
        if foreign - known:
            return _problem(
                survey, _("The form held answers to questions that are not in this survey. Nothing was saved.")
            )
        return _problem(
            survey,
            _(
                "The form held answers to questions from another page. Nothing was saved. Go back to the page and try "
                "again."
            ),
        )
    switch_to = request.form.get("switch_language")
    if switch_to and switch_to in LANGUAGES and switch_to != current_language():
        # Messages, and the page again if something needs fixing, in the language asked for.
        with force_locale(switch_to):
            return _save_checked_page(survey, draft, section, seen, choices, ask_area, page_ids)
    return _save_checked_page(survey, draft, section, seen, choices, ask_area, page_ids)


def _save_checked_page(survey, draft, section, seen, choices, ask_area, page_ids):
    """Every action (next, back, save, language) checks the page the same way; on any problem
    the page comes back with a message at each question and what was typed, and nothing from
    this post is saved. Only "next" asks for required answers."""
    action = request.form.get("action", "next")
    switch_to = request.form.get("switch_language")
    if switch_to:
        action = "language"
    partial = action in ("back", "save", "language")
    uses_js = request.form.get("js") == "1"
    shown_before = seen.questions & page_ids
    if uses_js:
        shown_before = page_ids  # the script showed conditional questions as soon as they applied

    # Which questions apply depends on this page's own answers: read once loosely, then check.
    loose = answering.read_page(section.questions, request.form, required_for=set())
    tentative = {k: v for k, v in (draft.draft or {}).items() if int(k) not in page_ids}
    tentative.update({str(k): v for k, v in loose.values.items()})
    now = answering.visibility(survey, tentative)
    required_for = set() if partial else (now.questions & shown_before)
    page = answering.read_page(
        [q for q in section.questions if q.id in now.questions], request.form, required_for=required_for
    )
    hidden_answered = [q for q in section.questions if q.id in loose.values and q.id not in now.questions]

    area_id, area_error = draft.area_id, None
    if ask_area:
        raw = request.form.get("area", "")
        chosen = next((a for a in choices if str(a.id) == raw), None)
        if chosen is not None:
            area_id = chosen.id
        elif raw or not partial:
            area_error = _("Choose one of the options shown.") if raw else _("Choose the area your answers are about.")

    if page.errors or area_error:
        state = request.form.to_dict(flat=False)
        response = current_app.make_response(
            _render_page(
                survey,
                draft,
                section,
                now,
                choices,
                ask_area,
                state=state,
                errors=page.errors,
                area_error=area_error,
                status=422,
            )
        )
        if action == "language" and switch_to in LANGUAGES:
            _remember_language(response, switch_to)
        return response
    values = page.values

    language = switch_to if switch_to in LANGUAGES else current_language()
    responding.save_page(
        draft, survey, values, page_ids, language=language, area_id=area_id, next_section_id=section.id
    )
    for question in hidden_answered:
        flash(
            _(
                "Your answer to “%(question)s” was not kept, because the question no longer applies.",
                question=translated(question.text, language),
            ),
            "info",
        )
    after = answering.visibility(survey, draft.draft or {})

    if action == "language":
        db.session.commit()
        response = redirect(url_for("surveys.answer", ident=survey.id, section_id=section.id))
        _remember_language(response, language)
        return response
    if action == "save":
        db.session.commit()
        return redirect(url_for("surveys.saved", ident=survey.id))
    position = after.sections.index(section.id) if section.id in after.sections else 0
    if action == "back":
        target = after.sections[max(position - 1, 0)]
        draft.section_id = target
        db.session.commit()
        return redirect(url_for("surveys.answer", ident=survey.id, section_id=target))

    appeared = (after.questions & page_ids) - shown_before
    if appeared:
        db.session.commit()
        flash(_("New questions appeared on this page because of your answers. Answer them, then go on."), "info")
        first = min(appeared, key=lambda qid: next(q.position for q in section.questions if q.id == qid))
        return redirect(url_for("surveys.answer", ident=survey.id, section_id=section.id, _anchor=f"question-{first}"))
    if position + 1 < len(after.sections):
        target = after.sections[position + 1]
        draft.section_id = target
        db.session.commit()
        return redirect(url_for("surveys.answer", ident=survey.id, section_id=target))
    return _submit(survey, draft)


def _remember_language(response, language: str) -> None:
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure,
        httponly=True,
    )


def _submit(survey: Survey, draft: SurveyResponse):
    try:
        responding.submit_response(
            draft,
            survey,
            receipt_keys=_receipt_keys(survey),
            source_url=_survey_path(survey),
            user=current_user if current_user.is_authenticated else None,
        )
    except Incomplete as error:
        db.session.commit()  # keep the page's answers, they were valid
        flash(str(error), "error")
        return redirect(url_for("surveys.answer", ident=survey.id, section_id=error.section_id))
    except SurveyError as error:
        db.session.rollback()
        return _problem(survey, str(error), 409)
    db.session.commit()
    response = redirect(url_for("surveys.thanks", ident=survey.id))
    response.delete_cookie(_draft_cookie(survey))
    return response


@bp.get("/surveys/<int:ident>/thanks")
def thanks(ident: int):
    survey = _public_survey(ident)
    return render_template("surveys/thanks.html", survey=survey)


@bp.get("/surveys/<int:ident>/results")
def public_results(ident: int):
    survey = _public_survey(ident)
    if not survey.results_public:
        abort(404)
    context = results_context(survey, request.args, with_texts=False)
    return render_template("surveys/results_public.html", survey=survey, staff=False, **context)


def pulse_context(*, public_only: bool) -> dict:
    """Trend lines per area across quarters, for each pulse question."""
    slug = request.args.get("area")
    chosen = db.session.scalars(select(Area).where(Area.slug == slug)).first() if slug else None
    periods, areas, data = trends(public_only=public_only, area_ids=[chosen.id] if chosen else None)
    labels = [period_label(p) for p in periods]
    questions = []
    for code, text in PULSE_QUESTIONS:
        lines = [
            (
                area.display_name,
                [
                    (data[code].get(area.id, {}).get(p).mean if data[code].get(area.id, {}).get(p) else None)
                    for p in periods
                ],
            )
            for area in areas
        ]
        questions.append(
            {
                "code": code,
                "text": text,
                "chart": charts.line_chart(labels, lines) if periods else None,
                "cells": data[code],
            }
        )
    all_areas = list(db.session.scalars(select(Area).order_by(Area.position, Area.slug)))
    return {
        "periods": periods,
        "labels": labels,
        "areas": areas,
        "questions": questions,
        "chosen": chosen,
        "all_areas": all_areas,
    }


@bp.get("/surveys/pulse")
def pulse():
    return render_template("surveys/pulse.html", **pulse_context(public_only=True))


@bp.app_template_global()
def area_surveys_section(slug: str | None):
    """The open-surveys section of an area page, cached per language until a survey changes
    (the ORM hook in ``models``) or the day turns (surveys open and close by date)."""

    def render():
        return Markup(render_template("surveys/_area_surveys.html", area_slug=slug))

    key = f"area:{slug}:{date.today().isoformat()}"
    return cached_fragment(PUBLIC_LISTS_SCOPE, current_language(), key, render)


@bp.app_template_global()
def open_surveys_for_area(slug: str | None) -> list[Survey]:
    """Open surveys for an area page (templates/areas/area.html includes the list)."""
    return open_surveys(slug) if slug else []
