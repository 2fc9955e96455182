"""Public side: the idea box per area, a contribution's own page, following by receipt code."""

from __future__ import annotations

import hashlib
import secrets

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
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..areas.choices import area_choices, topic_choices
from ..areas.models import Area, Topic
from ..core.cache import cached_html
from ..core.forms import new_idempotency_key
from ..core.lost_session import refills_form
from ..core.security import public_post_limit, safe_next_url
from ..extensions import db
from ..i18n import current_language
from . import operations as ops
from .forms import FollowForm, IdeaForm, ReportForm, SupportForm
from .models import STATUSES, Contribution, ContributionRoute
from .permissions import can_work_on
from .queries import PublicFilters, public_ideas
from .receipts import format_receipt_code, normalise_receipt_code, receipt_lookup_limit, remember_received
from .sources import source_link

bp = Blueprint("contributions", __name__)

BROWSER_COOKIE = "dialog_bid"


def _area_or_404(slug: str) -> Area:
    area = db.session.scalars(
        select(Area).where(Area.slug == slug).options(selectinload(Area.children), selectinload(Area.parent))
    ).first()
    if area is None:
        abort(404)
    return area


def _supporter_key() -> tuple[str, str | None]:
    """Who is supporting: the account, or a random browser id kept in a cookie."""
    if current_user.is_authenticated:
        return f"u:{current_user.id}", None
    browser_id = request.cookies.get(BROWSER_COOKIE)
    new_cookie = None
    if not browser_id or len(browser_id) > 64:
        browser_id = new_cookie = secrets.token_urlsafe(24)
    digest = hashlib.sha256((current_app.config["SECRET_KEY"] + browser_id).encode()).hexdigest()[:40]
    return f"b:{digest}", new_cookie


def _public_filters() -> PublicFilters:
    """The list's filters from the address; an unknown status is ignored."""
    return PublicFilters(
        topic_id=request.args.get("topic", type=int),
        status=request.args.get("status") if request.args.get("status") in STATUSES else None,
        query=(request.args.get("q") or "").strip()[:100],
    )


@bp.get("/areas/<slug>/ideas")
def idea_list(slug: str):
    area = _area_or_404(slug)
    area_ids = [area.id] + [child.id for child in area.children]
    filters = _public_filters()
    cursor = request.args.get("after")
    # The list changes only when a contribution in these areas changes (index on area, updated_at).
    version = db.session.scalar(select(func.max(Contribution.updated_at)).where(Contribution.area_id.in_(area_ids)))
    key = ("ideas", slug, str(version), current_language(), filters.topic_id, filters.status, filters.query, cursor)

    def render():
        page = public_ideas(area_ids, filters, cursor)
        html = render_template(
            "contributions/_idea_list_content.html",
            area=area,
            page=page,
            filters=filters,
            topics=topic_choices(),
            statuses=STATUSES,
            support_form=SupportForm(),
        )
        return _("Ideas in %(area)s", area=area.display_name), html

    title, content = cached_html(key, render)
    return render_template("contributions/idea_list.html", title=title, content=content)


@bp.route("/areas/<slug>/ideas/new", methods=["GET", "POST"])
@refills_form
@public_post_limit()
def idea_new(slug: str):
    area = _area_or_404(slug)
    form = _idea_form(area)
    if form.validate_on_submit():
        form.reject_bots()
        chosen_area = db.session.get(Area, form.area_id.data)
        topic = db.session.get(Topic, form.topic_id.data) if form.topic_id.data else None
        if topic is None:
            form.topic_id.errors.append(_("Choose what your idea is about."))
        else:
            contribution = _save_idea(form, chosen_area, topic)
            remember_received(contribution.receipt_code)
            return redirect(url_for("contributions.follow", code=contribution.display_receipt_code, new=1))
    return render_template("contributions/idea_form.html", area=area, form=form)


def _idea_form(area: Area) -> IdeaForm:
    """The idea form with its choices; on GET the area, language, e-mail and a fresh idempotency key."""
    form = IdeaForm()
    form.area_id.choices = area_choices()
    form.topic_id.choices = [(0, _("Choose…"))] + topic_choices()
    if request.method == "GET":
        form.area_id.data = area.id
        form.language.data = current_language()
        form.idempotency_key.data = new_idempotency_key()
        if current_user.is_authenticated:
            form.email.data = current_user.email
    return form


def _save_idea(form: IdeaForm, area: Area, topic: Topic) -> Contribution:
    """The idea stored and committed; when the same submission arrives twice, the first copy."""
    contribution = ops.create_contribution(
        source_kind="idea",
        area=area,
        topics=[topic],
        title=form.title.data,
        body=form.body.data,
        place=form.place.data,
        language=form.language.data,
        author=current_user if current_user.is_authenticated else None,
        contact_email=form.email.data,
        consent_publish=form.consent_publish.data,
        consent_quote=form.consent_quote.data,
        consent_contact=form.consent_contact.data,
        idempotency_key=form.idempotency_key.data,
    )
    try:
        db.session.commit()
    except IntegrityError:
        # A second copy of the same submission won the race: show its receipt.
        db.session.rollback()
        contribution = ops.find_by_idempotency_key(form.idempotency_key.data)
        if contribution is None:
            raise
    return contribution


def _load_contribution(ident: int) -> Contribution:
    contribution = db.session.scalars(
        select(Contribution)
        .where(Contribution.id == ident)
        .options(
            selectinload(Contribution.topics),
            selectinload(Contribution.area),
            selectinload(Contribution.answer),
            selectinload(Contribution.routes).selectinload(ContributionRoute.theme_group),
            selectinload(Contribution.routes).selectinload(ContributionRoute.topic),
            selectinload(Contribution.events),
        )
    ).first()
    if contribution is None:
        abort(404)
    return contribution


def _viewer_may_see_private(contribution_id: int, author_id: int | None) -> bool:
    """The author (signed in) and the staff of its theme groups see text not yet public."""
    if not current_user.is_authenticated:
        return False
    if author_id is not None and author_id == current_user.id:
        return True

    return can_work_on(current_user, db.session.get(Contribution, contribution_id))


def _contribution_response(ident: int, *, by_code: bool):
    """Render a contribution's own page; the content is cached until the contribution changes."""
    head = db.session.execute(
        select(
            Contribution.updated_at,
            Contribution.moderation,
            Contribution.consent_publish,
            Contribution.author_id,
        ).where(Contribution.id == ident)
    ).first()
    if head is None:
        abort(404)
    public = head.moderation == "approved" and head.consent_publish
    listed = head.consent_publish and head.moderation in ("approved", "hidden")
    privileged = not (public or by_code) and _viewer_may_see_private(ident, head.author_id)
    if not (listed or by_code or privileged):
        abort(404)
    show_text = head.moderation != "hidden" and (public or by_code or privileged)
    is_new = request.args.get("new") == "1"
    key = ("contribution", ident, head.updated_at.isoformat(), current_language(), show_text, by_code, is_new)
    title, content = cached_html(
        key,
        lambda: _render_contribution(_load_contribution(ident), show_text=show_text, by_code=by_code, is_new=is_new),
    )
    return render_template("contributions/contribution.html", title=title, content=content)


@bp.get("/contributions/<int:ident>")
def contribution_page(ident: int):
    return _contribution_response(ident, by_code=False)


def _render_contribution(contribution: Contribution, *, show_text: bool, by_code: bool, is_new: bool):
    public_events = [
        e for e in contribution.events if not e.is_internal and e.kind in ("created", "status", "answered", "rerouted")
    ]
    html = render_template(
        "contributions/_contribution_content.html",
        contribution=contribution,
        show_text=show_text,
        by_code=by_code,
        is_new=is_new,
        events=public_events,
        source=source_link(contribution, public=True),
        statuses=STATUSES,
        report_form=ReportForm(),
        support_form=SupportForm(),
    )
    title = contribution.title if show_text and contribution.title else _("Idea")
    return title, html


@bp.get("/follow")
@receipt_lookup_limit()
def follow_lookup():
    form = FollowForm(request.args)
    if request.args.get("code") is not None and form.validate():
        code = normalise_receipt_code(form.code.data)
        if code and db.session.scalar(select(Contribution.id).where(Contribution.receipt_code == code)):
            return redirect(url_for("contributions.follow", code=format_receipt_code(code)))
        form.code.errors.append(_("We cannot find that code. Check the letters and try again."))
    return render_template("contributions/follow_lookup.html", form=form)


@bp.get("/follow/<code>")
@receipt_lookup_limit()
def follow(code: str):
    normal = normalise_receipt_code(code)
    contribution_id = normal and db.session.scalar(select(Contribution.id).where(Contribution.receipt_code == normal))
    if not contribution_id:
        abort(404)
    return _contribution_response(contribution_id, by_code=True)


@bp.post("/contributions/<int:ident>/support")
@public_post_limit()
def support(ident: int):
    contribution = db.session.get(Contribution, ident)
    if contribution is None or not contribution.is_public:
        abort(404)
    form = SupportForm()
    if not form.validate_on_submit():
        abort(400)
    form.reject_bots()
    key, new_cookie = _supporter_key()
    if ops.add_support(contribution, key):
        db.session.commit()
        flash(_("Thank you for your support."), "success")
    else:
        flash(_("You already support this idea."), "info")
    response = redirect(
        safe_next_url(request.form.get("next"), "public.home")
        if request.form.get("next")
        else url_for("contributions.contribution_page", ident=contribution.id)
    )
    if new_cookie:
        response.set_cookie(
            BROWSER_COOKIE, new_cookie, max_age=365 * 24 * 3600, httponly=True, samesite="Lax", secure=request.is_secure
        )
    return response


@bp.route("/contributions/<int:ident>/report", methods=["GET", "POST"])
@refills_form
@public_post_limit()
def report(ident: int):
    contribution = db.session.get(Contribution, ident)
    if contribution is None or not contribution.is_public:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        form.reject_bots()
        ops.report(contribution, reason=form.reason.data, comment=form.comment.data or None)
        db.session.commit()
        flash(_("Thank you. A moderator will look at it."), "success")
        return redirect(url_for("contributions.contribution_page", ident=contribution.id))
    return render_template("contributions/report.html", contribution=contribution, form=form)


@bp.get("/account/contributions")
@login_required
def mine():
    items = db.session.scalars(
        select(Contribution)
        .where(Contribution.author_id == current_user.id)
        .options(selectinload(Contribution.area), selectinload(Contribution.answer))
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
        .limit(200)
    ).all()
    return render_template("contributions/mine.html", items=items, statuses=STATUSES)
