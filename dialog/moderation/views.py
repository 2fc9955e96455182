"""Moderation actions on a contribution, and the queue of reports from readers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..contributions.forms import REPORT_REASONS
from ..contributions.inbox import _detail_forms, _load_for_staff, _render_detail
from ..contributions.models import Contribution, ContributionReport, ContributionRoute
from ..core.forms import ConfirmForm
from ..core.security import role_required
from ..extensions import db
from ..themegroups.permissions import member_group_ids
from . import operations as ops

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.before_request
@role_required("staff")
def require_staff():
    """Moderation is for theme-group members and admins."""


def _back(contribution):
    return redirect(url_for("inbox.detail", ident=contribution.id) + "#moderation")


@bp.post("/contributions/<int:ident>/approve")
def approve(ident: int):
    contribution = _load_for_staff(ident)
    if ConfirmForm().validate_on_submit():
        ops.approve(contribution, current_user)
        ops.resolve_reports(contribution, current_user)
        db.session.commit()
        flash(_("Approved."), "success")
    return _back(contribution)


@bp.post("/contributions/<int:ident>/hide")
def hide(ident: int):
    contribution = _load_for_staff(ident)
    forms = _detail_forms(contribution)
    form = forms["hide_form"]
    if form.validate_on_submit():
        ops.hide(contribution, current_user, form.reason.data)
        ops.resolve_reports(contribution, current_user)
        db.session.commit()
        flash(_("Hidden. The reason is shown instead of the text."), "success")
        return _back(contribution)
    return _render_detail(contribution, forms, 400)


@bp.post("/contributions/<int:ident>/restore")
def restore(ident: int):
    contribution = _load_for_staff(ident)
    if ConfirmForm().validate_on_submit():
        ops.restore(contribution, current_user)
        db.session.commit()
        flash(_("Restored."), "success")
    return _back(contribution)


@bp.post("/contributions/<int:ident>/edit")
def edit(ident: int):
    contribution = _load_for_staff(ident)
    forms = _detail_forms(contribution)
    form = forms["edit_form"]
    if form.validate_on_submit():
        ops.edit_text(
            contribution,
            current_user,
            title=form.title.data,
            body=form.body.data,
            place=form.place.data,
            reason=form.reason.data,
        )
        db.session.commit()
        flash(_("The text is changed. The original is kept in the history for moderators."), "success")
        return _back(contribution)
    return _render_detail(contribution, forms, 400)


@bp.post("/contributions/<int:ident>/block-author")
def block_author(ident: int):
    contribution = _load_for_staff(ident)
    if ConfirmForm().validate_on_submit():
        if ops.block_author(contribution, current_user, "moderation"):
            db.session.commit()
            flash(_("The account is blocked. It can no longer log in."), "success")
        else:
            flash(_("This account cannot be blocked here."), "error")
    return _back(contribution)


@bp.get("/reports")
def reports():
    """Open reports on contributions routed to the user's groups (all, for admins)."""
    query = (
        select(ContributionReport)
        .where(ContributionReport.resolved_at.is_(None))
        .options(selectinload(ContributionReport.contribution).selectinload(Contribution.area))
        .order_by(ContributionReport.created_at)
        .limit(200)
    )
    if not current_user.is_admin:
        query = query.where(
            ContributionReport.contribution_id.in_(
                select(ContributionRoute.contribution_id).where(
                    ContributionRoute.theme_group_id.in_(member_group_ids(current_user))
                )
            )
        )
    open_reports = db.session.scalars(query).all()
    return render_template("moderation/reports.html", reports=open_reports, report_reasons=REPORT_REASONS)


def open_report_count(user) -> int:
    query = select(func.count(ContributionReport.id)).where(ContributionReport.resolved_at.is_(None))
    if not user.is_admin:
        query = query.where(
            ContributionReport.contribution_id.in_(
                select(ContributionRoute.contribution_id).where(
                    ContributionRoute.theme_group_id.in_(member_group_ids(user))
                )
            )
        )
    return db.session.scalar(query) or 0
