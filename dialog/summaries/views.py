"""Summaries: the staff pages (new, draft and edit side by side, publish, themes, promises
dashboard, exports) and the public "Vi hörde – vi gör" pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.forms import ConfirmForm
from ..core.security import role_required
from ..extensions import db
from ..themegroups.models import ThemeGroup
from ..themegroups.permissions import manageable_group_ids, manageable_groups, manages_group
from . import dashboard as promises
from . import operations, pages, queries
from .forms import (
    AnswerDaysForm,
    PromiseDateForm,
    SummaryForm,
    ThemeForm,
    UnpublishForm,
    sentence_edits,
)
from .models import Summary

bp = Blueprint("summaries", __name__)
staff_bp = Blueprint("summaries_admin", __name__, url_prefix="/staff/summaries")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins), and then for the summary's group."""


def _managed(ident: int) -> Summary:
    summary = queries.load_summary(ident)
    if summary is None:
        abort(404)
    if not manages_group(current_user, summary.theme_group_id):
        abort(403)
    return summary


def _group_or_403(ident: int) -> ThemeGroup:
    group = db.session.get(ThemeGroup, ident)
    if group is None:
        abort(404)
    if not manages_group(current_user, group.id):
        abort(403)
    return group


# --- Staff: summaries ----------------------------------------------------------------------


@staff_bp.get("/")
def index():
    groups = manageable_groups(current_user)
    return render_template(
        "summaries/staff/index.html", summaries=queries.summaries_for(manageable_group_ids(current_user)), groups=groups
    )


@staff_bp.route("/new", methods=["GET", "POST"])
def new():
    form = SummaryForm()
    group = pages.prepare_summary_form(form, current_user, request.values.get("theme_group", type=int))
    if group is None:
        abort(403)
    if form.validate_on_submit():
        try:
            summary = operations.create_summary(pages.summary_settings(form, group), current_user)
        except operations.SummaryError as error:
            db.session.rollback()
            pages.attach(form, error)
        else:
            db.session.commit()
            operations.queue_draft(summary)
            flash(_("The draft is being written."), "success")
            return redirect(url_for(".detail", ident=summary.id))
    return render_template("summaries/staff/new.html", form=form, group=group)


@staff_bp.get("/<int:ident>")
def detail(ident: int):
    summary = _managed(ident)
    return render_template("summaries/staff/detail.html", **pages.detail_context(summary))


@staff_bp.post("/<int:ident>/sentences")
def save_sentences(ident: int):
    summary = _managed(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    edits = sentence_edits(request.form, summary.sentences, summary.languages or ["sv"])
    try:
        saved = operations.save_sentences(summary, edits, current_user)
    except operations.SummaryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".detail", ident=ident))
    if not saved:
        db.session.rollback()
        summary = _managed(ident)
        flash(_("Nothing was saved. Correct the sentences marked below."), "error")
        return render_template("summaries/staff/detail.html", **pages.detail_context(summary, edits=edits)), 422
    db.session.commit()
    flash(_("The sentences are saved."), "success")
    return redirect(url_for(".detail", ident=ident, _anchor="sentences"))


@staff_bp.post("/<int:ident>/publish")
def publish(ident: int):
    summary = _managed(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.publish(summary, current_user)
    except operations.SummaryError as error:
        db.session.rollback()
        summary = _managed(ident)
        flash(str(error), "error")
        return render_template("summaries/staff/detail.html", **pages.detail_context(summary)), 422
    db.session.commit()
    operations.queue_feedback(summary)
    flash(_("The summary is published. Those who asked for feedback are being told."), "success")
    return redirect(url_for(".detail", ident=ident))


@staff_bp.post("/<int:ident>/unpublish")
def unpublish(ident: int):
    summary = _managed(ident)
    form = UnpublishForm()
    if form.validate_on_submit():
        try:
            operations.unpublish(summary, current_user, form.reason.data)
        except operations.SummaryError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The summary is no longer published."), "success")
        return redirect(url_for(".detail", ident=ident))
    return render_template("summaries/staff/detail.html", **pages.detail_context(summary, unpublish_form=form)), 422


@staff_bp.post("/<int:ident>/redraft")
def redraft(ident: int):
    summary = _managed(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.redraft(summary, current_user)
    except operations.SummaryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".detail", ident=ident))
    db.session.commit()
    operations.queue_draft(summary)
    flash(_("The draft is being written again."), "success")
    return redirect(url_for(".detail", ident=ident))


@staff_bp.post("/<int:ident>/delete")
def delete(ident: int):
    summary = _managed(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.delete_summary(summary)
    except operations.SummaryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".detail", ident=ident))
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for(".index"))


@staff_bp.get("/<int:ident>/covered.<any(csv, xlsx):fmt>")
def export_covered(ident: int, fmt: str):
    return pages.covered_export(_managed(ident), fmt)


@staff_bp.get("/<int:ident>/print")
def print_page(ident: int):
    return render_template("summaries/print.html", **pages.public_context(_managed(ident), staff=True))


@staff_bp.get("/<int:ident>/summary.pdf")
def pdf(ident: int):
    return pages.pdf_response(_managed(ident))


# --- Staff: themes ---------------------------------------------------------------------------


@staff_bp.get("/groups/<int:group_id>/themes")
def themes(group_id: int):
    group = _group_or_403(group_id)
    operations.ensure_vocabulary()
    db.session.commit()
    return render_template("summaries/staff/themes.html", **pages.themes_context(group))


@staff_bp.route("/groups/<int:group_id>/themes/new", methods=["GET", "POST"])
@staff_bp.route("/groups/<int:group_id>/themes/<int:theme_id>/edit", methods=["GET", "POST"])
def edit_theme(group_id: int, theme_id: int | None = None):
    group = _group_or_403(group_id)
    theme = pages.theme_of(group, theme_id) if theme_id else None
    form = ThemeForm()
    if request.method == "GET" and theme is not None:
        pages.fill_theme_form(form, theme)
    if form.validate_on_submit():
        try:
            theme = pages.save_theme_form(form, theme)
        except operations.SummaryError as error:
            db.session.rollback()
            pages.attach(form, error)
        else:
            db.session.commit()
            flash(_("The theme is saved."), "success")
            return redirect(url_for(".themes", group_id=group.id))
    return render_template("summaries/staff/theme_form.html", form=form, group=group, theme=theme)


@staff_bp.get("/groups/<int:group_id>/themes/<int:theme_id>")
def theme(group_id: int, theme_id: int):
    group = _group_or_403(group_id)
    theme = pages.theme_of(group, theme_id)
    after = request.args.get("after", 0, type=int)
    members = queries.theme_members(theme, group.id, after)
    return render_template(
        "summaries/staff/theme.html",
        group=group,
        theme=theme,
        members=members,
        page=queries.PAGE,
        merge_form=pages.merge_form(group, theme),
        confirm_form=ConfirmForm(),
    )


@staff_bp.post("/groups/<int:group_id>/themes/<int:theme_id>/<any(accept, drop, merge):action>")
def theme_action(group_id: int, theme_id: int, action: str):
    group = _group_or_403(group_id)
    theme = pages.theme_of(group, theme_id)
    form = pages.merge_form(group, theme) if action == "merge" else ConfirmForm()
    if not form.validate_on_submit():
        flash(_("Choose a theme from the list."), "error")
        return redirect(url_for(".theme", group_id=group.id, theme_id=theme.id))
    try:
        pages.theme_action(theme, action, form, request.form)
    except operations.SummaryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".theme", group_id=group.id, theme_id=theme.id))
    db.session.commit()
    flash(_("The themes are updated."), "success")
    return redirect(url_for(".themes", group_id=group.id))


# --- Staff: promises dashboard --------------------------------------------------------------


@staff_bp.get("/groups/<int:group_id>/dashboard")
def dashboard(group_id: int):
    group = _group_or_403(group_id)
    return render_template("summaries/staff/dashboard.html", group=group, content=pages.dashboard_page(group))


@staff_bp.post("/groups/<int:group_id>/promises/<any(days, date):which>")
def promise(group_id: int, which: str):
    group = _group_or_403(group_id)
    form = AnswerDaysForm() if which == "days" else PromiseDateForm()
    pages.prepare_promise_form(form, group)
    if form.validate_on_submit():
        try:
            pages.save_promise(form, group)
        except operations.SummaryError as error:
            db.session.rollback()
            pages.attach(form, error)
        else:
            db.session.commit()
            flash(_("The promise is saved."), "success")
            return redirect(url_for(".dashboard", group_id=group.id))
    forms = {"days_form": form} if which == "days" else {"date_form": form}
    content = render_template("summaries/staff/_dashboard_content.html", **pages.dashboard_context(group, **forms))
    return render_template("summaries/staff/dashboard.html", group=group, content=content), 422


# --- Public pages ----------------------------------------------------------------------------


def _published(ident: int) -> Summary:
    summary = queries.load_summary(ident)
    if summary is None or not summary.is_published:
        abort(404)
    return summary


@bp.get("/summaries/<int:ident>")
def summary_page(ident: int):
    summary = _published(ident)
    title, content = pages.cached_public_page(summary)
    return render_template("summaries/public.html", title=title, content=content)


@bp.get("/summaries/<int:ident>/sentences/<int:sentence_id>")
def sentence_page(ident: int, sentence_id: int):
    summary = _published(ident)
    sentence = next((s for s in summary.sentences if s.id == sentence_id), None)
    if sentence is None:
        abort(404)
    after = request.args.get("after", 0, type=int)
    return render_template(
        "summaries/sentence.html",
        summary=summary,
        sentence=sentence,
        contributions=queries.sentence_citations(sentence, after),
        page=queries.PAGE,
    )


@bp.get("/groups/<slug>/promises")
def group_promises(slug: str):
    group = db.session.query(ThemeGroup).filter_by(slug=slug).first()
    if group is None or not group.is_active:
        abort(404)
    return render_template(
        "summaries/group_promises.html",
        group=group,
        board=promises.dashboard(group.id),
        summaries=queries.published_for(group_id=group.id),
    )


@bp.app_template_global()
def summaries_section(*, area_slug=None, group_slug=None, engagement=None, contribution=None):
    """The "We heard – we do" section of an area, theme group, engagement or contribution page."""
    return pages.summaries_section(
        area_slug=area_slug, group_slug=group_slug, engagement=engagement, contribution=contribution
    )
