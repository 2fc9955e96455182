"""Staff pages of a matchmaking round: set-up, meetings, the tag list, walk-ins, the suggestion
job, the meeting-2 schedule and printed agendas, check-in, thank-you mail, collaborations and
retention. Every route is for staff (admins too)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.choices import area_choices, topic_choices
from ..areas.models import Area, Topic
from ..core.forms import ConfirmForm, StateForm
from ..core.security import role_required
from ..extensions import db
from ..i18n import LANGUAGES
from ..notifications.jobs import enqueue
from ..organisations.models import Organisation
from ..themegroups.models import ThemeGroup
from . import conversations as placing
from . import operations as ops
from . import queries
from .forms import (
    CollaborationForm,
    MeetingForm,
    PlaceForm,
    RoundForm,
    TagForm,
    WalkInForm,
)
from .models import (
    ANSWERS,
    COLLABORATION_FORMS,
    ITEM_KINDS,
    OUTCOMES,
    ROUND_STATES,
    SUGGESTION_STATES,
    MatchConversation,
    MatchMeeting,
    MatchRound,
)
from .models import MatchSuggestion as Suggestion
from .presenting import LEFT_OUT_REASONS, as_utc, attach_error, collaboration_settings, round_qr, slot_labels

staff_bp = Blueprint("match_admin", __name__, url_prefix="/staff/matchmaking")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every route here is for staff (and admins)."""


def _round(ident: int) -> MatchRound:
    match_round = queries.load_round(ident)
    if match_round is None:
        abort(404)
    return match_round


def _prepare_round_form(form: RoundForm) -> None:
    form.area_id.choices = area_choices()
    form.topics.choices = topic_choices()
    form.theme_groups.choices = [
        (g.id, g.display_name) for g in db.session.scalars(select(ThemeGroup).order_by(ThemeGroup.slug))
    ]


def _round_settings(form: RoundForm) -> ops.RoundSettings:
    area = db.session.get(Area, form.area_id.data) if form.area_id.data and form.area_id.data > 0 else None
    if area is None:
        raise ops.MatchError(_("Choose an area from the list."), "area_id")
    return ops.RoundSettings(
        area=area,
        title=form.title.form.value,
        purpose=form.purpose.form.value,
        invitation=form.invitation.form.value,
        promise=form.promise.form.value,
        participation_level=form.participation_level.data,
        topics=list(db.session.scalars(select(Topic).where(Topic.id.in_(form.topics.data or [])))),
        theme_groups=list(
            db.session.scalars(select(ThemeGroup).where(ThemeGroup.id.in_(form.theme_groups.data or [])))
        ),
        registration_opens=form.registration_opens.data,
        registration_closes=form.registration_closes.data,
        answers_close=form.answers_close.data,
        slot_minutes=form.slot_minutes.data,
        slot_count=form.slot_count.data,
        table_count=form.table_count.data,
    )


def _fill_round_form(form: RoundForm, match_round: MatchRound) -> None:
    for name in ("title", "purpose", "invitation", "promise"):
        for code in LANGUAGES:
            getattr(form, name).form[code].data = (getattr(match_round, name) or {}).get(code, "")
    form.area_id.data = match_round.area_id
    form.topics.data = [t.id for t in match_round.topics]
    form.theme_groups.data = [g.id for g in match_round.theme_groups]


@staff_bp.get("/")
def index():
    rounds = db.session.scalars(
        select(MatchRound).options(selectinload(MatchRound.area)).order_by(MatchRound.id.desc()).limit(200)
    ).all()
    return render_template("matchmaking/staff/index.html", rounds=rounds, states=ROUND_STATES)


@staff_bp.route("/new", methods=["GET", "POST"])
def new():
    form = RoundForm()
    _prepare_round_form(form)
    if form.validate_on_submit():
        try:
            match_round = ops.create_round(_round_settings(form))
        except ops.MatchError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The round is created as a draft. Add its meetings."), "success")
            return redirect(url_for("match_admin.manage", ident=match_round.id))
    return render_template("matchmaking/staff/round_form.html", form=form, round=None)


@staff_bp.route("/<int:ident>/", methods=["GET", "POST"])
def manage(ident: int):
    match_round = _round(ident)
    form = RoundForm(obj=match_round if request.method == "GET" else None)
    _prepare_round_form(form)
    if request.method == "GET":
        _fill_round_form(form, match_round)
    if form.validate_on_submit():
        try:
            ops.update_round(match_round, _round_settings(form))
        except ops.MatchError as error:
            db.session.rollback()
            match_round = _round(ident)
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("match_admin.manage", ident=ident))
    return _manage_page(match_round, form, MeetingForm(prefix="m"))


def _manage_page(match_round: MatchRound, form: RoundForm, meeting_form: MeetingForm) -> str:
    return render_template(
        "matchmaking/staff/manage.html",
        round=match_round,
        form=form,
        meeting_form=meeting_form,
        walk_in=_walk_in_form(match_round),
        state_form=StateForm(),
        confirm=ConfirmForm(),
        states=ROUND_STATES,
        problems=ops.open_problems(match_round),
    )


def _walk_in_form(match_round: MatchRound, form: WalkInForm | None = None) -> WalkInForm:
    form = form or WalkInForm(prefix="w")
    form.meeting_id.choices = [(m.id, f"{n}. {m.place}") for n, m in enumerate(match_round.meetings, start=1)]
    return form


@staff_bp.post("/<int:ident>/state")
def state(ident: int):
    match_round = _round(ident)
    form = StateForm()
    if not form.validate_on_submit() or form.state.data not in ROUND_STATES:
        abort(400)
    try:
        ops.set_state(match_round, form.state.data)
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("match_admin.manage", ident=ident))


@staff_bp.post("/<int:ident>/meetings")
def add_meeting(ident: int):
    match_round = _round(ident)
    form = MeetingForm(prefix="m")
    if form.validate_on_submit():
        try:
            ops.add_meeting(match_round, _meeting_settings(form))
        except ops.MatchError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The meeting is added."), "success")
            return redirect(url_for("match_admin.manage", ident=ident))
    match_round = _round(ident)
    return _manage_page(match_round, _filled_round_form(match_round), form)


def _meeting_settings(form: MeetingForm) -> ops.MeetingSettings:
    return ops.MeetingSettings(
        starts_at=as_utc(form.day.data, form.starts.data),
        ends_at=as_utc(form.day.data, form.ends.data) if form.ends.data else None,
        place=form.place.data,
        accessibility=form.accessibility.form.value,
        languages=form.languages.data or [],
    )


def _filled_round_form(match_round: MatchRound) -> RoundForm:
    form = RoundForm(formdata=None, obj=match_round)
    _prepare_round_form(form)
    _fill_round_form(form, match_round)
    return form


def _meeting(meeting_id: int) -> MatchMeeting:
    meeting = db.session.get(MatchMeeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


@staff_bp.post("/meetings/<int:meeting_id>/delete")
def delete_meeting(meeting_id: int):
    meeting = _meeting(meeting_id)
    ident = meeting.round_id
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ops.delete_meeting(meeting)
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Removed."), "success")
    return redirect(url_for("match_admin.manage", ident=ident))


@staff_bp.post("/<int:ident>/walk-in")
def walk_in(ident: int):
    match_round = _round(ident)
    form = _walk_in_form(match_round, WalkInForm(prefix="w"))
    meeting = next((m for m in match_round.meetings if m.id == form.meeting_id.data), None)
    if not form.validate_on_submit() or meeting is None:
        flash(_("Write the organisation's name and choose a meeting."), "error")
        return redirect(url_for("match_admin.manage", ident=ident) + "#walk-in")
    try:
        ops.register_walk_in(
            match_round,
            meeting,
            name=form.name.data,
            kind=form.kind.data,
            contact_email=form.contact_email.data,
            staff=current_user,
        )
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is registered and checked in.", name=form.name.data), "success")
    return redirect(url_for("match_admin.check_in", meeting_id=meeting.id))


@staff_bp.route("/<int:ident>/tags", methods=["GET", "POST"])
def tags(ident: int):
    match_round = _round(ident)
    form = TagForm()
    if form.validate_on_submit():
        try:
            ops.add_tag(ops.district_of(match_round.area), form.slug.data, form.name.form.value)
        except ops.MatchError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("match_admin.tags", ident=ident))
    return render_template(
        "matchmaking/staff/tags.html", round=match_round, form=form, tags=ops.round_tags(match_round)
    )


@staff_bp.get("/<int:ident>/suggestions")
def suggestions(ident: int):
    match_round = _round(ident)
    return render_template(
        "matchmaking/staff/suggestions.html",
        round=match_round,
        job=queries.latest_job(match_round),
        suggestions=queries.all_suggestions(match_round),
        counts=queries.suggestion_counts(match_round),
        items=queries.round_items(match_round),
        kinds=ITEM_KINDS,
        states=SUGGESTION_STATES,
        answers=ANSWERS,
        confirm=ConfirmForm(),
    )


@staff_bp.post("/<int:ident>/suggestions/run")
def run_suggestions(ident: int):
    match_round = _round(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        job = ops.start_suggestions(match_round)
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        enqueue("match_suggestions", job.id)
        flash(_("Suggestions are being computed. This page shows how far it has come."), "success")
    return redirect(url_for("match_admin.suggestions", ident=ident))


@staff_bp.post("/suggestions/<int:suggestion_id>/confirm")
def confirm_suggestion(suggestion_id: int):
    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ops.confirm_by_staff(suggestion)
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The pair is confirmed."), "success")
    return redirect(url_for("match_admin.suggestions", ident=suggestion.round_id))


@staff_bp.get("/<int:ident>/schedule")
def schedule(ident: int):
    match_round = _round(ident)
    conversations = queries.conversations(match_round)
    grid = {(c.slot, c.table_number): c for c in conversations if c.slot is not None}
    move = PlaceForm()
    move.slot.choices = slot_labels(match_round)
    move.table.choices = [(t, str(t + 1)) for t in range(match_round.table_count)]
    return render_template(
        "matchmaking/staff/schedule.html",
        round=match_round,
        grid=grid,
        slots=slot_labels(match_round),
        left_out=[c for c in conversations if c.slot is None],
        reasons=LEFT_OUT_REASONS,
        move=move,
        confirm=ConfirmForm(),
        report=match_round.schedule_report or {},
        count=len(conversations),
    )


@staff_bp.post("/<int:ident>/schedule/<any(build, solve):action>")
def solve(ident: int, action: str):
    match_round = _round(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        result = placing.schedule_round(match_round, build=action == "build")
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(*_schedule_message(result))
    return redirect(url_for("match_admin.schedule", ident=ident))


def _schedule_message(result) -> tuple[str, str]:
    """What the solve placed, as a flash message and its category."""
    if not result.left_out:
        return _("Every conversation has a time and a table."), "success"
    placed = ngettext(
        "%(num)d conversation has a time and a table.",
        "%(num)d conversations have a time and a table.",
        len(result.placed),
    )
    left_out = ngettext(
        "%(num)d could not be placed (see below).", "%(num)d could not be placed (see below).", len(result.left_out)
    )
    return f"{placed} {left_out}", "error"


@staff_bp.post("/conversations/<int:conversation_id>/<any(move, unlock):action>")
def conversation(conversation_id: int, action: str):
    found = db.session.get(MatchConversation, conversation_id)
    if found is None:
        abort(404)
    match_round = _round(found.round_id)
    form = PlaceForm()
    form.slot.choices = slot_labels(match_round)
    form.table.choices = [(t, str(t + 1)) for t in range(match_round.table_count)]
    try:
        if not form.validate_on_submit():
            raise ops.MatchError(_("Choose a time and a table from the lists."))
        if action == "move":
            placing.move_conversation(found, form.slot.data, form.table.data)
        else:
            placing.unlock_conversation(found)
    except ops.MatchError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("match_admin.schedule", ident=match_round.id))


@staff_bp.get("/<int:ident>/agendas")
def agendas(ident: int):
    match_round = _round(ident)
    conversations = [c for c in queries.conversations(match_round) if c.slot is not None]
    return render_template(
        "matchmaking/staff/agendas.html",
        round=match_round,
        conversations=conversations,
        slots=dict(slot_labels(match_round)),
        tables=range(match_round.table_count),
        organisations=queries.round_participants(match_round),
        qr=round_qr(match_round),
    )


@staff_bp.route("/meetings/<int:meeting_id>/check-in", methods=["GET", "POST"])
def check_in(meeting_id: int):
    meeting = _meeting(meeting_id)
    match_round = _round(meeting.round_id)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        organisation = db.session.get(Organisation, request.form.get("organisation_id", type=int) or 0)
        if organisation is None or ops.participant(match_round, organisation) is None:
            flash(_("Choose an organisation that takes part in this round."), "error")
        else:
            if request.form.get("undo"):
                ops.undo_check_in(meeting, organisation)
            else:
                ops.check_in(meeting, organisation)
            db.session.commit()
        return redirect(url_for("match_admin.check_in", meeting_id=meeting_id))
    return render_template(
        "matchmaking/staff/check_in.html",
        round=match_round,
        meeting=meeting,
        number=match_round.meetings.index(meeting) + 1,
        organisations=queries.round_participants(match_round),
        present=queries.attendance(match_round).get(meeting.id, set()),
        confirm=ConfirmForm(),
        walk_in=_walk_in_form(match_round),
    )


@staff_bp.post("/meetings/<int:meeting_id>/thank-you")
def thank_you(meeting_id: int):
    meeting = _meeting(meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    enqueue("match_thank_you", meeting.id)
    flash(_("The thank-you e-mails are on their way to everyone who came."), "success")
    return redirect(url_for("match_admin.check_in", meeting_id=meeting_id))


@staff_bp.route("/<int:ident>/collaborations", methods=["GET", "POST"])
def collaborations(ident: int):
    match_round = _round(ident)
    form = CollaborationForm()
    form.organisations.choices = [(o.id, o.name) for o in queries.round_participants(match_round)]
    if form.validate_on_submit():
        try:
            ops.record_collaboration(match_round, collaboration_settings(form), current_user)
        except ops.MatchError as error:
            db.session.rollback()
            match_round = _round(ident)
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The collaboration is recorded."), "success")
            return redirect(url_for("match_admin.collaborations", ident=ident))
    return render_template(
        "matchmaking/staff/collaborations.html",
        round=match_round,
        form=form,
        collaborations=queries.round_collaborations(match_round),
        forms=COLLABORATION_FORMS,
        outcomes=OUTCOMES,
        outcome_counts=queries.outcome_counts(match_round),
    )


@staff_bp.get("/<int:ident>/retention")
def retention(ident: int):
    match_round = _round(ident)
    rows = queries.retention(match_round)
    return render_template(
        "matchmaking/staff/retention.html",
        round=match_round,
        rows=rows,
        peak=max([r.came + r.dropped for r in rows] + [1]),
    )
