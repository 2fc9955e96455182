"""What the summary pages show and how their forms are filled and read: the views' helpers,
so that each route stays load → check → validate → operate → redirect."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from wtforms import FormField

from ..areas.models import Area
from ..contributions.models import SOURCE_KINDS, STATUSES, Contribution, inbox_scope
from ..contributions.receipts import normalise_receipt_code
from ..core.cache import cached_html, current_version
from ..core.forms import ConfirmForm
from ..extensions import db
from ..i18n import LANGUAGES, current_language
from ..surveys.models import Survey
from ..surveys.presentation import results_context
from ..themegroups.models import ThemeGroup
from ..themegroups.permissions import manageable_groups
from . import dashboard as promises
from . import engagements, exports, operations, queries
from .forms import AnswerDaysForm, MergeForm, PromiseDateForm, UnpublishForm
from .models import SUMMARY_STATES, Summary, Theme
from .traceability import publish_problems

#: The parts of a summary, in the order the page shows them.
SECTIONS = {
    "counts": _l("What reached us"),
    "themes": _l("What came up again and again"),
    "quotes": _l("In their own words"),
    "survey": _l("The survey's answers"),
    "answered": _l("What has been answered"),
    "own": _l("What we do"),
}


def attach(form, error: operations.SummaryError) -> None:
    """Show an operation's message next to its field, or above the form."""
    target = getattr(form, error.field, None) if error.field else None
    if isinstance(target, FormField):  # a text in five languages: the message goes by the Swedish one
        target = target.form["sv"]
    if target is not None and hasattr(target, "errors"):
        target.errors = list(target.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))


# --- New summary ---------------------------------------------------------------------------


def prepare_summary_form(form, user, group_id: int | None) -> ThemeGroup | None:
    groups = manageable_groups(user)
    if not groups:
        return None
    group = next((g for g in groups if g.id == (form.theme_group.data or group_id)), groups[0])
    form.theme_group.choices = [(g.id, g.display_name) for g in groups]
    form.theme_group.data = group.id
    areas = queries.area_choices(group)
    form.area.choices = [(0, _("Every area of the group"))] + [(a.id, a.display_name) for a in areas]
    form.engagement.choices = [("", _("Every source"))] + [
        (f"{e.kind}:{e.id}", f"{engagements.kind(e.kind).label}: {e.title}") for e in engagements.for_group(group.id)
    ]
    if request.method == "GET" and not form.languages.data:
        form.languages.data = ["sv"]
    return group


def summary_settings(form, group: ThemeGroup) -> operations.SummarySettings:
    kind, _sep, ident = (form.engagement.data or "").partition(":")
    area = db.session.get(Area, form.area.data) if form.area.data else None
    return operations.SummarySettings(
        theme_group=group,
        title=form.title.form.value,
        languages=["sv", *(form.languages.data or [])],
        area=area,
        engagement_kind=kind or None,
        engagement_id=int(ident) if ident.isdigit() else None,
        period_start=form.period_start.data,
        period_end=form.period_end.data,
    )


# --- The edit page ---------------------------------------------------------------------------


def detail_context(summary: Summary, *, edits=None, unpublish_form=None) -> dict:
    ready = summary.job_state in ("done", "idle", "failed")
    problems = publish_problems(summary) if ready and not summary.is_published else []
    by_sentence: dict[int | None, list[str]] = {}
    for problem in problems:
        by_sentence.setdefault(problem.sentence_id, []).append(problem.message)
    if edits:
        for edit in edits:
            if edit.errors:
                by_sentence.setdefault(edit.sentence_id or 0, []).extend(edit.errors)
    uncovered_count, uncovered = queries.coverage(summary) if ready else (0, [])
    return {
        "summary": summary,
        "ready": ready,
        "cited": queries.sentences_with_citations(summary) if ready else [],
        "citation_texts": queries.citation_texts(summary),
        "posted": {e.sentence_id or 0: e for e in edits or []},
        "problems": problems,
        "problems_by_sentence": by_sentence,
        "uncovered_count": uncovered_count,
        "uncovered": uncovered,
        "engagement": engagements.load(summary.engagement_kind, summary.engagement_id),
        "sections": SECTIONS,
        "states": SUMMARY_STATES,
        "sources": SOURCE_KINDS,
        "statuses": STATUSES,
        "confirm_form": ConfirmForm(),
        "unpublish_form": unpublish_form or UnpublishForm(),
        "events": queries.events(summary),
        "edit_languages": summary.languages or ["sv"],
    }


# --- The published page --------------------------------------------------------------------


def survey_charts(summary: Summary) -> dict[int, object]:
    """Question id → the arranged result with its chart, for a survey summary's chart sentences."""
    if summary.engagement_kind != "survey":
        return {}
    survey = db.session.get(Survey, summary.engagement_id)
    if survey is None:
        return {}
    context = results_context(survey, {}, with_texts=False)
    return {res.question.id: res for res in context["results"]}


def public_context(summary: Summary, *, staff: bool = False) -> dict:
    cited = queries.sentences_with_citations(summary)
    sections: dict[str, list] = {}
    for item in cited:
        sections.setdefault(item.sentence.section, []).append(item)
    return {
        "summary": summary,
        "sections": [(key, label, sections[key]) for key, label in SECTIONS.items() if key in sections],
        "charts": survey_charts(summary),
        "engagement": engagements.load(summary.engagement_kind, summary.engagement_id),
        "inline": queries.INLINE_CITATIONS,
        "staff": staff,
    }


def cached_public_page(summary: Summary) -> tuple[str, Markup]:
    """The published page's content, kept until the summary changes or any contribution of its
    group does (a citation may have stopped being public): the group's inbox scope moves then."""
    key = (
        "summary",
        summary.id,
        summary.updated_at.isoformat(),
        current_version(inbox_scope(summary.theme_group_id)),
        current_language(),
    )

    def render():
        title = f"{_('We heard – we do')}: {summary.display_title}"
        return title, render_template("summaries/_public_content.html", **public_context(summary))

    return cached_html(key, render)


def pdf_response(summary: Summary) -> Response:
    html = render_template("summaries/print.html", pdf=True, **public_context(summary, staff=True))
    response = Response(exports.pdf_bytes(html, base_url=request.url_root), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="summary-{summary.id}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


def covered_export(summary: Summary, fmt: str) -> Response:
    return exports.covered_response(summary, fmt)


# --- Themes ----------------------------------------------------------------------------------


def themes_context(group: ThemeGroup) -> dict:
    vocabulary, clusters, counts = queries.themes_for(group.id)
    return {"group": group, "vocabulary": vocabulary, "clusters": clusters, "counts": counts}


def theme_of(group: ThemeGroup, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or (theme.theme_group_id is not None and theme.theme_group_id != group.id):
        abort(404)
    return theme


def fill_theme_form(form, theme: Theme) -> None:
    for code in LANGUAGES:
        form.name.form[code].data = (theme.name or {}).get(code, "")
        form[code].data = ", ".join((theme.keywords or {}).get(code, []))


def save_theme_form(form, theme: Theme | None) -> Theme:
    keywords = {code: operations.parse_keywords(form[code].data) for code in LANGUAGES}
    return operations.save_theme(theme, name=form.name.form.value, keywords=keywords)


def merge_form(group: ThemeGroup, theme: Theme) -> MergeForm:
    vocabulary, clusters, _counts = queries.themes_for(group.id)
    form = MergeForm()
    form.target.choices = [(t.id, t.display_name) for t in vocabulary + clusters if t.id != theme.id]
    return form


def theme_action(theme: Theme, action: str, form, posted) -> None:
    if action == "accept":
        name = {code: posted.get(f"name-{code}", "")[:120] for code in LANGUAGES}
        operations.accept_theme(theme, name)
    elif action == "drop":
        operations.drop_theme(theme)
    else:
        operations.merge_themes(theme, db.session.get(Theme, form.target.data))


# --- Promises dashboard ----------------------------------------------------------------------


def prepare_promise_form(form, group: ThemeGroup) -> None:
    if isinstance(form, PromiseDateForm):
        form.engagement.choices = [
            (f"{e.kind}:{e.id}", f"{engagements.kind(e.kind).label}: {e.title}")
            for e in engagements.for_group(group.id)
            if e.kind != "idea_box"
        ]


def save_promise(form, group: ThemeGroup) -> None:
    if isinstance(form, AnswerDaysForm):
        operations.set_answer_days(group, form.answer_days.data)
        return
    kind, _sep, ident = form.engagement.data.partition(":")
    if not ident.isdigit():
        raise operations.SummaryError(_l("Choose an engagement from the list."), "engagement")
    operations.set_promised_date(kind, int(ident), form.promised_on.data)


#: Areas shown in the participation tables of the dashboard (busiest first).
PARTICIPATION_AREAS = 12


def dashboard_page(group: ThemeGroup) -> Markup:
    """The dashboard's content, kept until the group's input, a summary or a promise changes."""
    key = ("summary-dashboard", group.id, promises.version(group.id), current_language())
    _title, html = cached_html(
        key, lambda: ("", render_template("summaries/staff/_dashboard_content.html", **dashboard_context(group)))
    )
    return html


def dashboard_context(group: ThemeGroup, *, days_form=None, date_form=None) -> dict:
    board = promises.dashboard(group.id)
    days_form = days_form or AnswerDaysForm(answer_days=board.answer_days, formdata=None)
    date_form = date_form or PromiseDateForm(formdata=None)
    prepare_promise_form(date_form, group)
    dues = promises.engagement_dues(group.id)
    rows = [(e, dues.get((e.kind, e.id)), e.promise) for e in engagements.for_group(group.id) if e.kind != "idea_box"]
    # The areas with the most input first; a group over many areas sees the busiest ones.
    volume = {a: sum(sum(c.values()) for c in by.values()) for a, by in board.participation.items()}
    area_ids = sorted(volume, key=lambda a: (-volume[a], a))[:PARTICIPATION_AREAS]
    areas = {a.id: a for a in db.session.scalars(select(Area).where(Area.id.in_(area_ids or [0])))}
    return {
        "participation_areas": area_ids,
        "more_areas": max(0, len(volume) - len(area_ids)),
        "group": group,
        "board": board,
        "days_form": days_form,
        "date_form": date_form,
        "engagement_rows": rows,
        "areas": areas,
        "sources": SOURCE_KINDS,
        "source_keys": [
            k for k in SOURCE_KINDS if any(k in m for by in board.participation.values() for m in by.values())
        ],
    }


# --- Sections on other domains' pages ------------------------------------------------------


def summaries_section(*, area_slug=None, group_slug=None, engagement=None, contribution=None) -> Markup:
    """Published summaries for one page, as HTML (one or two queries; empty when there are none)."""
    if area_slug:
        area = db.session.scalars(select(Area).where(Area.slug == area_slug)).first()
        found = queries.published_for(area=area) if area else []
    elif group_slug:
        # One query, and a link to the promise-kept rate: the group page stays as light as it was.
        found = queries.published_for(group_slug=group_slug)
    elif engagement:
        found = queries.published_for(engagement=engagement)
    elif contribution:
        found = queries.published_citing(_contribution_id(contribution))
    else:
        found = []
    if not found and not group_slug:
        return Markup("")
    return Markup(render_template("summaries/_published_for.html", found=found, group_slug=group_slug))


def _contribution_id(view_args: dict) -> int | None:
    """The contribution of a page addressed by id (``ident``) or by receipt code (``code``)."""
    if view_args.get("ident"):
        return view_args["ident"]
    code = normalise_receipt_code(view_args.get("code") or "")
    if not code:
        return None
    return db.session.scalar(select(Contribution.id).where(Contribution.receipt_code == code))
