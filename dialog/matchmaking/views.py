"""Idésluss pages for everyone and for organisations' representatives: the round page, the
organisation page, joining, items, suggestions with their reasons, the agenda, collaborations
and the follow-up answer (a signed link, no login). Staff pages are in ``staff.py``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..areas.models import Area
from ..core.forms import ConfirmForm
from ..core.participation import PARTICIPATION_EXPLAINED, PARTICIPATION_LEVELS
from ..core.security import role_required
from ..extensions import db
from ..i18n import current_language
from ..organisations.models import Organisation
from . import links, queries
from . import operations as ops
from .forms import AnswerForm, AvailabilityForm, CollaborationForm, ItemForm, JoinForm, OutcomeForm
from .models import (
    ANSWERS,
    COLLABORATION_FORMS,
    ITEM_KINDS,
    ITEM_KINDS_EXPLAINED,
    OUTCOMES,
    SUGGESTION_STATES,
    MatchFollowUp,
    MatchItem,
    MatchSuggestion,
)
from .presenting import attach_error, collaboration_settings, item_settings, round_qr, slot_labels
from .staff import staff_bp  # noqa: F401  (registered with this module's bp)

bp = Blueprint("matchmaking", __name__)
#: An organisation's pages in a round: for its representatives (staff may look and help).
representatives_only = role_required("organisation", "staff")
#: The round page names this many organisations (and says how many take part).
PARTICIPANTS_SHOWN = 100


@bp.app_template_global()
def rounds_for_area(slug: str | None):
    """Open and past rounds of an area (and of the district above it), for the area page."""
    area = db.session.scalars(select(Area).where(Area.slug == slug)).first() if slug else None
    return queries.public_rounds(area.ancestor_ids()) if area else []


def _public_round(ident: int):
    match_round = queries.load_round(ident)
    if match_round is None or match_round.state == "draft":
        abort(404)
    return match_round


def _my_organisations() -> list[Organisation]:
    if not current_user.is_authenticated:
        return []
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.representatives.any(id=current_user.id)).order_by(Organisation.name)
        )
    )


def _workspace(ident: int, org_id: int):
    """The round and an organisation the signed-in person represents (staff may look too)."""
    match_round = _public_round(ident)
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    if not (current_user.is_staff or current_user in organisation.representatives):
        abort(403)
    if ops.participant(match_round, organisation) is None:
        flash(_("Your organisation has not joined this round."), "error")
        abort(redirect(url_for("matchmaking.round_page", ident=ident)))
    return match_round, organisation


@bp.get("/matchmaking/rounds/<int:ident>")
def round_page(ident: int):
    match_round = _public_round(ident)
    mine = _my_organisations()
    joined = queries.joined_of(match_round, [o.id for o in mine])
    form = JoinForm()
    form.organisation_id.choices = [(o.id, o.name) for o in mine if o.id not in joined]
    return render_template(
        "matchmaking/round.html",
        round=match_round,
        participants=queries.round_participants(match_round, limit=PARTICIPANTS_SHOWN),
        participant_count=queries.participant_count(match_round),
        collaborations=queries.public_collaborations(round_id=match_round.id),
        mine=[o for o in mine if o.id in joined],
        form=form,
        registration_open=match_round.registration_open_on(ops.today()),
        levels=PARTICIPATION_LEVELS,
        explained=PARTICIPATION_EXPLAINED,
        forms=COLLABORATION_FORMS,
    )


@bp.post("/matchmaking/rounds/<int:ident>/join")
@representatives_only
def join(ident: int):
    match_round = _public_round(ident)
    form = JoinForm()
    mine = _my_organisations()
    form.organisation_id.choices = [(o.id, o.name) for o in mine]
    organisation = next((o for o in mine if o.id == form.organisation_id.data), None)
    if not form.validate_on_submit() or organisation is None:
        flash(_("Choose an organisation you represent."), "error")
        return redirect(url_for("matchmaking.round_page", ident=ident))
    try:
        ops.join_round(match_round, organisation, current_user)
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("matchmaking.round_page", ident=ident))
    db.session.commit()
    flash(_("%(name)s takes part in the round. Add what you bring.", name=organisation.name), "success")
    return redirect(url_for("matchmaking.workspace", ident=ident, org_id=organisation.id))


def _item_form(match_round, form: ItemForm | None = None) -> ItemForm:
    form = form or ItemForm()
    form.tags.choices = [(t.id, t.display_name) for t in ops.round_tags(match_round)]
    return form


def _new_item_form(match_round) -> ItemForm:
    """The form for a new item; on GET in the language the page is read in."""
    form = _item_form(match_round)
    if request.method == "GET":
        form.language.data = current_language()
    return form


def _availability_form(match_round, organisation: Organisation) -> AvailabilityForm:
    """The slots the organisation can meet in, ticked as saved (every slot until it says)."""
    availability = AvailabilityForm(prefix="av")
    availability.slots.choices = slot_labels(match_round)
    joined = ops.participant(match_round, organisation)
    availability.slots.data = (
        joined.available_slots if joined.available_slots is not None else list(range(match_round.slot_count))
    )
    return availability


@bp.route("/matchmaking/rounds/<int:ident>/org/<int:org_id>", methods=["GET", "POST"])
@representatives_only
def workspace(ident: int, org_id: int):
    match_round, organisation = _workspace(ident, org_id)
    form = _new_item_form(match_round)
    if form.validate_on_submit():
        try:
            ops.add_item(match_round, organisation, item_settings(form), current_user)
        except ops.MatchError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("matchmaking.workspace", ident=ident, org_id=org_id))
    availability = _availability_form(match_round, organisation)
    return render_template(
        "matchmaking/workspace.html",
        round=match_round,
        organisation=organisation,
        items=queries.organisation_items(match_round, organisation),
        form=form,
        availability=availability,
        editable=match_round.items_editable_at(ops.utcnow()),
        kinds=ITEM_KINDS,
        kinds_explained=ITEM_KINDS_EXPLAINED,
        confirm=ConfirmForm(),
    )


@bp.post("/matchmaking/rounds/<int:ident>/org/<int:org_id>/availability")
@representatives_only
def availability(ident: int, org_id: int):
    match_round, organisation = _workspace(ident, org_id)
    form = AvailabilityForm(prefix="av")
    form.slots.choices = slot_labels(match_round)
    try:
        if not form.validate_on_submit():
            raise ops.MatchError(_("Choose times from the list."))
        ops.set_availability(ops.participant(match_round, organisation), form.slots.data or [])
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("matchmaking.workspace", ident=ident, org_id=org_id))


def _own_item(ident: int, org_id: int, item_id: int):
    match_round, organisation = _workspace(ident, org_id)
    item = db.session.get(MatchItem, item_id)
    if item is None or item.round_id != match_round.id or item.organisation_id != organisation.id:
        abort(404)
    return match_round, organisation, item


@bp.route("/matchmaking/rounds/<int:ident>/org/<int:org_id>/items/<int:item_id>", methods=["GET", "POST"])
@representatives_only
def edit_item(ident: int, org_id: int, item_id: int):
    match_round, organisation, item = _own_item(ident, org_id, item_id)
    form = _item_form(match_round, ItemForm(obj=item if request.method == "GET" else None))
    if request.method == "GET":
        form.tags.data = [t.id for t in item.tags]
    if form.validate_on_submit():
        try:
            ops.update_item(item, item_settings(form), current_user)
        except ops.MatchError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("matchmaking.workspace", ident=ident, org_id=org_id))
    return render_template(
        "matchmaking/item_edit.html", round=match_round, organisation=organisation, item=item, form=form
    )


@bp.post("/matchmaking/rounds/<int:ident>/org/<int:org_id>/items/<int:item_id>/<any(delete, send):action>")
@representatives_only
def item_action(ident: int, org_id: int, item_id: int, action: str):
    _round, _organisation, item = _own_item(ident, org_id, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "delete":
            ops.delete_item(item, current_user)
        else:
            ops.send_on(item, current_user, consent_publish=request.form.get("consent_publish") == "y")
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Removed.") if action == "delete" else _("Sent on to the theme groups."), "success")
    return redirect(url_for("matchmaking.workspace", ident=ident, org_id=org_id))


@bp.get("/matchmaking/rounds/<int:ident>/org/<int:org_id>/suggestions")
@representatives_only
def suggestions(ident: int, org_id: int):
    match_round, organisation = _workspace(ident, org_id)
    return render_template(
        "matchmaking/suggestions.html",
        round=match_round,
        organisation=organisation,
        suggestions=queries.suggestions_for(match_round, organisation),
        answers=ANSWERS,
        states=SUGGESTION_STATES,
        form=AnswerForm(),
        kinds=ITEM_KINDS,
    )


@bp.post("/matchmaking/rounds/<int:ident>/org/<int:org_id>/suggestions/<int:suggestion_id>")
@representatives_only
def answer(ident: int, org_id: int, suggestion_id: int):
    match_round, organisation = _workspace(ident, org_id)
    suggestion = db.session.get(MatchSuggestion, suggestion_id)
    if suggestion is None or suggestion.round_id != match_round.id:
        abort(404)
    form = AnswerForm()
    try:
        if not form.validate_on_submit():
            raise ops.MatchError(_("Choose one of the answers."))
        ops.answer_suggestion(suggestion, organisation, form.answer.data, current_user)
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Your answer is saved."), "success")
    return redirect(url_for("matchmaking.suggestions", ident=ident, org_id=org_id) + f"#s{suggestion_id}")


@bp.get("/matchmaking/rounds/<int:ident>/org/<int:org_id>/agenda")
@representatives_only
def agenda(ident: int, org_id: int):
    match_round, organisation = _workspace(ident, org_id)
    mine = [c for c in queries.conversations(match_round) if organisation in c.organisations]
    return render_template(
        "matchmaking/agenda.html",
        round=match_round,
        organisation=organisation,
        conversations=mine,
        slots=dict(slot_labels(match_round)),
        qr=round_qr(match_round),
    )


@bp.route("/matchmaking/rounds/<int:ident>/org/<int:org_id>/collaborations/new", methods=["GET", "POST"])
@representatives_only
def new_collaboration(ident: int, org_id: int):
    match_round, organisation = _workspace(ident, org_id)
    form = CollaborationForm()
    form.organisations.choices = [(o.id, o.name) for o in queries.round_participants(match_round)]
    if request.method == "GET":
        form.organisations.data = [organisation.id]
        form.language.data = current_language()
    if form.validate_on_submit():
        try:
            ops.record_collaboration(match_round, collaboration_settings(form), current_user)
        except ops.MatchError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The collaboration is recorded."), "success")
            return redirect(url_for("matchmaking.workspace", ident=ident, org_id=org_id))
    return render_template(
        "matchmaking/collaboration_form.html", round=match_round, form=form, organisation=organisation
    )


@bp.get("/organisations/<int:org_id>")
def organisation_page(org_id: int):
    organisation = db.session.get(Organisation, org_id)
    if organisation is None or not organisation.is_public:
        abort(404)
    return render_template(
        "matchmaking/organisation.html",
        organisation=organisation,
        rounds=queries.rounds_of(organisation),
        collaborations=queries.public_collaborations(organisation_id=organisation.id),
        forms=COLLABORATION_FORMS,
    )


def _follow_up(token: str) -> MatchFollowUp:
    follow_up_id, expired = links.read_follow_up_token(token)
    follow_up = db.session.get(MatchFollowUp, follow_up_id) if follow_up_id else None
    if follow_up is None:
        abort(make_response(render_template("matchmaking/link_invalid.html", expired=expired), 410 if expired else 404))
    return follow_up


@bp.route("/matchmaking/outcome/<token>/<outcome>", methods=["GET", "POST"])
def outcome(token: str, outcome: str):
    """The link in the follow-up e-mail: the answer clicked is chosen; one button saves it
    (a link alone changes nothing, so mail scanners that open links cannot answer)."""
    follow_up = _follow_up(token)
    form = OutcomeForm()
    if request.method == "GET":
        form.outcome.data = outcome if outcome in OUTCOMES else None
    if form.validate_on_submit():
        ops.answer_follow_up(follow_up, form.outcome.data)
        db.session.commit()
        return render_template("matchmaking/outcome_thanks.html", follow_up=follow_up, outcomes=OUTCOMES)
    return render_template("matchmaking/outcome.html", follow_up=follow_up, form=form)
