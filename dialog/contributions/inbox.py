"""The theme-group inbox for staff: filter, search, bulk actions, detail, answer, moderate."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..core.cache import cached_html, current_version
from ..core.security import role_required
from ..extensions import db
from ..i18n import LANGUAGES, current_language
from ..notifications.operations import notify_author
from ..themegroups.models import ThemeGroup, ThemeGroupMember
from ..translation import answers as translation_answers
from ..translation import queries as translation_queries
from . import operations as ops
from .detectors import scan
from .forms import (
    AnswerForm,
    AssignForm,
    BulkForm,
    EditTextForm,
    HideForm,
    NoteForm,
    RerouteForm,
    StatusForm,
)
from .models import (
    MODERATION_STATES,
    SOURCE_KINDS,
    STATUSES,
    Contribution,
    ContributionEvent,
    ContributionRoute,
    inbox_scope,
)
from .permissions import can_open_group, can_work_on, visible_groups
from .queries import InboxFilters, group_contributions, inbox_counts, inbox_page
from .sources import source_link

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


@bp.before_request
@role_required("staff")
def require_staff():
    """Every inbox route is for staff (and admins)."""


def _notify(contribution: Contribution, event: str) -> None:
    """Tell the author, after the commit, through the background job queue."""
    notify_author(contribution.id, event)


def _group_or_404(slug: str) -> ThemeGroup:
    group = db.session.scalars(select(ThemeGroup).where(ThemeGroup.slug == slug)).first()
    if group is None:
        abort(404)
    if not can_open_group(current_user, group):
        abort(403)
    return group


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters() -> InboxFilters:
    args = request.args
    return InboxFilters(
        area_id=args.get("area", type=int),
        topic_id=args.get("topic", type=int),
        source=args.get("source") if args.get("source") in SOURCE_KINDS else None,
        status=args.get("status") if args.get("status") in STATUSES else None,
        moderation=args.get("moderation") if args.get("moderation") in MODERATION_STATES else None,
        language=args.get("language") if args.get("language") in LANGUAGES else None,
        date_from=_parse_date(args.get("from")),
        date_to=_parse_date(args.get("to")),
        query=(args.get("q") or "").strip()[:100],
        assigned_to_me=args.get("mine") == "1",
    )


def _members(group: ThemeGroup) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(ThemeGroupMember, ThemeGroupMember.user_id == User.id)
            .where(ThemeGroupMember.theme_group_id == group.id)
            .order_by(User.display_name)
        )
    )


@bp.get("/")
def index():
    groups = visible_groups(current_user)
    if len(groups) == 1:
        return redirect(url_for("inbox.group_inbox", slug=groups[0].slug))
    return render_template("inbox/index.html", groups=groups)


@bp.get("/<slug>")
def group_inbox(slug: str):
    group = _group_or_404(slug)
    filters = _filters()
    args = {k: v for k, v in request.args.items() if v}
    # Cached until something happens to a contribution routed here (every event bumps the
    # group's version); "only mine" pages are cached per person.
    key = (
        "inbox",
        group.id,
        current_version(inbox_scope(group.id)),
        current_language(),
        tuple(sorted(args.items())),
        current_user.id if filters.assigned_to_me else None,
    )
    title, content = cached_html(key, lambda: _render_group_inbox(group, filters, args))
    return render_template("inbox/group.html", title=title, content=content)


def _render_group_inbox(group: ThemeGroup, filters: InboxFilters, args: dict):
    page = inbox_page([group.id], filters, current_user.id, args.get("after"))
    counts = inbox_counts([group.id], filters, current_user.id)
    bulk = BulkForm()
    members = _members(group)
    bulk.member_id.choices = [(m.id, m.display_name) for m in members]
    all_groups = db.session.scalars(select(ThemeGroup).where(ThemeGroup.is_active).order_by(ThemeGroup.slug)).all()
    bulk.group_id.choices = [(g.id, g.display_name) for g in all_groups]
    areas = db.session.scalars(select(Area).order_by(Area.position, Area.slug)).all()
    topics = db.session.scalars(select(Topic).order_by(Topic.position)).all()
    html = render_template(
        "inbox/_group_content.html",
        group=group,
        page=page,
        readings=translation_queries.readings(page.items, current_language()),
        filters=filters,
        counts=counts,
        bulk=bulk,
        areas=areas,
        topics=topics,
        statuses=STATUSES,
        moderation_states=MODERATION_STATES,
        sources=SOURCE_KINDS,
        languages=LANGUAGES,
        args={k: v for k, v in args.items() if k != "after"},
    )
    return _("Inbox") + " – " + group.display_name, html


@bp.post("/<slug>/bulk")
def bulk_action(slug: str):
    group = _group_or_404(slug)
    form, members = _bulk_form(group)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()][:200]
    back = redirect(url_for("inbox.group_inbox", slug=group.slug, **{k: v for k, v in request.args.items()}))
    if not ids:
        flash(_("Choose at least one contribution first."), "error")
        return back
    if not form.validate_on_submit():
        flash(_("The action could not be done. Check your choices."), "error")
        return back
    contributions = group_contributions(group, ids)
    options = _bulk_options(form, members) if contributions else {}
    done, skipped, changed_status = ops.bulk_change(contributions, form.action.data, current_user, **options)
    db.session.commit()
    for contribution in changed_status:
        _notify(contribution, "status")
    flash(ngettext("Done for %(num)d contribution.", "Done for %(num)d contributions.", done), "success")
    if skipped:
        flash(_skipped_message(skipped), "error")
    return back


def _skipped_message(skipped: int) -> str:
    return ngettext(
        "%(num)d could not change to that status and was left as it was.",
        "%(num)d could not change to that status and were left as they were.",
        skipped,
    )


def _bulk_form(group: ThemeGroup) -> tuple[BulkForm, list[User]]:
    """The bulk form with the group's members and the active groups to choose from."""
    form = BulkForm()
    members = _members(group)
    form.member_id.choices = [(m.id, m.display_name) for m in members]
    form.group_id.choices = [
        (g.id, g.display_name) for g in db.session.scalars(select(ThemeGroup).where(ThemeGroup.is_active))
    ]
    return form, members


def _bulk_options(form: BulkForm, members: list[User]) -> dict:
    """The action's details; a member or group chosen that does not exist is refused."""
    member = target = None
    if form.action.data == "assign":
        member = next((m for m in members if m.id == form.member_id.data), None)
        if member is None:
            abort(400)
    elif form.action.data == "reroute":
        target = db.session.get(ThemeGroup, form.group_id.data)
        if target is None:
            abort(400)
    return {"status": form.status.data, "reason": form.reason.data or None, "member": member, "group": target}


def _load_for_staff(ident: int) -> Contribution:
    contribution = db.session.scalars(
        select(Contribution)
        .where(Contribution.id == ident)
        .options(
            selectinload(Contribution.topics),
            selectinload(Contribution.area),
            selectinload(Contribution.answer),
            selectinload(Contribution.author),
            selectinload(Contribution.assigned_to),
            selectinload(Contribution.routes).selectinload(ContributionRoute.theme_group),
            selectinload(Contribution.routes).selectinload(ContributionRoute.topic),
            selectinload(Contribution.events).selectinload(ContributionEvent.actor),
        )
    ).first()
    if contribution is None:
        abort(404)
    if not can_work_on(current_user, contribution):
        abort(403)
    return contribution


def _highlighted(text: str | None):
    """Split text into (segment, finding kind or None) pairs for highlighting matches."""
    if not text:
        return []
    personal, abuse = scan(text)
    findings = sorted(personal + abuse, key=lambda f: f.start)
    parts, position = [], 0
    for finding in findings:
        if finding.start < position:
            continue
        parts.append((text[position : finding.start], None))
        parts.append((text[finding.start : finding.end], finding.kind))
        position = finding.end
    parts.append((text[position:], None))
    return parts


def _detail_forms(contribution: Contribution):
    group_ids = [r.theme_group_id for r in contribution.routes]
    members = db.session.scalars(
        select(User)
        .join(ThemeGroupMember, ThemeGroupMember.user_id == User.id)
        .where(ThemeGroupMember.theme_group_id.in_(group_ids))
        .order_by(User.display_name)
        .distinct()
    ).all()
    assign_form = AssignForm(prefix="assign")
    assign_form.member_id.choices = [(0, _("— nobody —"))] + [(m.id, m.display_name) for m in members]
    reroute_form = RerouteForm(prefix="reroute")
    reroute_form.groups.choices = [
        (g.id, g.display_name)
        for g in db.session.scalars(select(ThemeGroup).where(ThemeGroup.is_active).order_by(ThemeGroup.slug))
    ]
    answer_form = AnswerForm(prefix="answer")
    return {
        "assign_form": assign_form,
        "reroute_form": reroute_form,
        "answer_form": answer_form,
        "status_form": StatusForm(prefix="status"),
        "note_form": NoteForm(prefix="note"),
        "hide_form": HideForm(prefix="hide"),
        "edit_form": EditTextForm(prefix="edit"),
        "members": members,
    }


def _render_detail(contribution: Contribution, forms: dict, status: int = 200):
    if request.method == "GET":
        forms["assign_form"].member_id.data = contribution.assigned_to_id or 0
        forms["reroute_form"].groups.data = [r.theme_group_id for r in contribution.routes]
        forms["status_form"].status.data = contribution.status
        if contribution.answer is not None:
            forms["answer_form"].body.process(None, data=contribution.answer.body)
            translation_answers.prefill(forms["answer_form"], contribution, current_user)
        if contribution.status in ("planned", "in_progress", "done", "not_taken"):
            forms["answer_form"].status.data = contribution.status
        forms["edit_form"].title.data = contribution.title
        forms["edit_form"].body.data = contribution.body
        forms["edit_form"].place.data = contribution.place
    return render_template(
        "inbox/detail.html",
        contribution=contribution,
        reading=translation_queries.reading(contribution, current_language()),
        languages=LANGUAGES,
        highlighted_title=_highlighted(contribution.title),
        highlighted_body=_highlighted(contribution.body),
        highlighted_place=_highlighted(contribution.place),
        statuses=STATUSES,
        moderation_states=MODERATION_STATES,
        sources=SOURCE_KINDS,
        source=source_link(contribution),
        draft_offered=translation_answers.draft_offered(contribution),
        machine_codes=translation_answers.machine_codes(forms["answer_form"]),
        reads_resident_language=translation_answers.reads_language(current_user, contribution.language),
        **forms,
    ), status


@bp.get("/contributions/<int:ident>")
def detail(ident: int):
    contribution = _load_for_staff(ident)
    return _render_detail(contribution, _detail_forms(contribution))


def _back(contribution: Contribution, anchor: str = ""):
    return redirect(url_for("inbox.detail", ident=contribution.id) + anchor)


@bp.post("/contributions/<int:ident>/answer")
def answer(ident: int):
    contribution = _load_for_staff(ident)
    forms = _detail_forms(contribution)
    form = forms["answer_form"]
    if request.form.get("answer-draft") and form.validate_on_submit():
        forms["draft_notice"] = translation_answers.fill_draft(form, contribution)
        return _render_detail(contribution, forms)
    if form.validate_on_submit():
        group = next((r.theme_group for r in contribution.routes if can_open_group(current_user, r.theme_group)), None)
        old_body = dict(contribution.answer.body) if contribution.answer else {}
        try:
            ops.answer(
                contribution, body=form.body.form.value, status=form.status.data, actor=current_user, group=group
            )
        except ops.TransitionError:
            form.status.errors.append(_("That status cannot be set now."))
            return _render_detail(contribution, forms, 400)
        translation_answers.after_publish(contribution, form, old_body, current_user)
        db.session.commit()
        _notify(contribution, "answered")
        flash(_("The answer is published on the contribution's page."), "success")
        return _back(contribution, "#answer")
    return _render_detail(contribution, forms, 400)


@bp.post("/contributions/<int:ident>/status")
def status(ident: int):
    contribution = _load_for_staff(ident)
    forms = _detail_forms(contribution)
    form = forms["status_form"]
    if form.validate_on_submit():
        if form.status.data in ("planned", "in_progress", "done", "not_taken") and contribution.answer is None:
            form.status.errors.append(_("Write an answer to give an answered status."))
            return _render_detail(contribution, forms, 400)
        try:
            ops.set_status(contribution, form.status.data, current_user, form.reason.data or None)
        except ops.TransitionError:
            form.status.errors.append(_("That status cannot be set now."))
            return _render_detail(contribution, forms, 400)
        db.session.commit()
        _notify(contribution, "status")
        flash(_("Status saved."), "success")
        return _back(contribution)
    return _render_detail(contribution, forms, 400)


@bp.post("/contributions/<int:ident>/note")
def note(ident: int):
    contribution = _load_for_staff(ident)
    forms = _detail_forms(contribution)
    form = forms["note_form"]
    if form.validate_on_submit():
        ops.add_note(contribution, form.text.data, current_user)
        db.session.commit()
        flash(_("Note saved."), "success")
        return _back(contribution, "#history")
    return _render_detail(contribution, forms, 400)


@bp.post("/contributions/<int:ident>/assign")
def assign(ident: int):
    contribution = _load_for_staff(ident)
    forms = _detail_forms(contribution)
    form = forms["assign_form"]
    if form.validate_on_submit():
        member = next((m for m in forms["members"] if m.id == form.member_id.data), None)
        ops.assign(contribution, member, current_user)
        db.session.commit()
        flash(_("Saved."), "success")
        return _back(contribution)
    return _render_detail(contribution, forms, 400)


@bp.post("/contributions/<int:ident>/reroute")
def reroute(ident: int):
    contribution = _load_for_staff(ident)
    forms = _detail_forms(contribution)
    form = forms["reroute_form"]
    if form.validate_on_submit():
        groups = list(db.session.scalars(select(ThemeGroup).where(ThemeGroup.id.in_(form.groups.data))))
        ops.reroute(contribution, groups, current_user, form.reason.data)
        db.session.commit()
        flash(_("Sent to the chosen theme groups."), "success")
        if not can_work_on(current_user, contribution):
            return redirect(url_for("inbox.index"))
        return _back(contribution)
    return _render_detail(contribution, forms, 400)
