"""Café dialogues for staff: set-up, rounds and tables, registrations and check-in, the
harvest of notes and proposals, and the summary."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..areas.choices import area_choices, topic_choices
from ..areas.models import Area
from ..core.forms import ConfirmForm, MoveForm, StateForm
from ..core.participation import AGE_BANDS, PARTICIPATION_LEVELS
from ..core.security import role_required
from ..extensions import db
from ..i18n import LANGUAGES
from ..notifications.jobs import enqueue
from ..themegroups.models import ThemeGroupMember
from ..themegroups.permissions import manageable_group_ids, manageable_groups, manages_group
from . import exit_answers, queries
from . import harvest as harvesting
from . import operations as ops
from . import registration as seats
from .forms import (
    CafeDialogueForm,
    CheckInForm,
    HarvestForm,
    RoundForm,
    SummaryForm,
    TableForm,
    WalkInsForm,
    to_local,
    to_utc,
)
from .models import (
    CAFE_STATES,
    GENDERS,
    NOTE_KINDS,
    REGISTRATION_STATUSES,
    CafeDialogue,
    CafeNote,
    CafeRegistration,
    CafeRound,
    CafeTable,
)

bp = Blueprint("cafe_admin", __name__, url_prefix="/staff/cafe")

TRANSLATED_FIELDS = ("title", "purpose", "influence", "not_influence", "feedback_promise", "accessibility")


@bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins)."""


# --- Staff: list, create, edit ---------------------------------------------------------------


def _managed(ident: int) -> CafeDialogue:
    dialogue = queries.staff_dialogue(ident)
    if dialogue is None:
        abort(404)
    if not manages_group(current_user, dialogue.theme_group_id):
        abort(403)
    return dialogue


def _prepare_form(form: CafeDialogueForm, dialogue: CafeDialogue | None) -> None:
    groups = manageable_groups(current_user)
    if dialogue is not None and dialogue.theme_group not in groups:
        groups.append(dialogue.theme_group)
    form.theme_group_id.choices = [(g.id, g.display_name) for g in groups]
    form.area_id.choices = area_choices()
    form.topic_ids.choices = topic_choices()


def _fill_form(form: CafeDialogueForm, dialogue: CafeDialogue) -> None:
    for name in TRANSLATED_FIELDS:
        for code in LANGUAGES:
            form[name].form[code].data = (getattr(dialogue, name) or {}).get(code, "")
    form.participation_level.data = dialogue.participation_level
    form.theme_group_id.data = dialogue.theme_group_id
    form.area_id.data = dialogue.area_id
    form.topic_ids.data = [t.id for t in dialogue.topics]
    form.starts_at.data = to_local(dialogue.starts_at)
    form.ends_at.data = to_local(dialogue.ends_at)
    form.place.data, form.address.data = dialogue.place, dialogue.address
    form.languages.data, form.interpretation.data = list(dialogue.languages or []), list(dialogue.interpretation or [])
    form.capacity.data = dialogue.capacity
    form.registration_opens_at.data = to_local(dialogue.registration_opens_at)
    form.registration_closes_at.data = to_local(dialogue.registration_closes_at)


def _settings_from(form: CafeDialogueForm, dialogue: CafeDialogue | None) -> ops.CafeSettings:
    allowed = {gid for gid, _label in form.theme_group_id.choices}
    keep_group = dialogue.theme_group_id if dialogue is not None else None
    return ops.CafeSettings(
        texts={name: form[name].form.value for name in TRANSLATED_FIELDS},
        theme_group_id=form.theme_group_id.data if form.theme_group_id.data in allowed else keep_group,
        participation_level=form.participation_level.data,
        area_id=form.area_id.data,
        topic_ids=list(form.topic_ids.data or []),
        starts_at=to_utc(form.starts_at.data),
        ends_at=to_utc(form.ends_at.data),
        place=form.place.data,
        address=form.address.data,
        languages=list(form.languages.data or []),
        interpretation=list(form.interpretation.data or []),
        capacity=form.capacity.data,
        registration_opens_at=to_utc(form.registration_opens_at.data),
        registration_closes_at=to_utc(form.registration_closes_at.data),
    )


@bp.get("/")
def index():
    query = (
        select(CafeDialogue)
        .options(selectinload(CafeDialogue.area), selectinload(CafeDialogue.theme_group))
        .order_by(CafeDialogue.starts_at.desc(), CafeDialogue.id.desc())
        .limit(500)
    )
    group_ids = manageable_group_ids(current_user)
    if group_ids is not None:
        query = query.where(CafeDialogue.theme_group_id.in_(group_ids))
    dialogues = db.session.scalars(query).all()
    counts = seats.registration_counts([d.id for d in dialogues])
    return render_template(
        "cafe/staff/index.html",
        dialogues=dialogues,
        counts=counts,
        states=CAFE_STATES,
        can_create=bool(manageable_groups(current_user)),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = CafeDialogueForm()
    _prepare_form(form, None)
    if not form.theme_group_id.choices:
        abort(403)
    if request.method == "GET":
        form.languages.data = ["sv"]
        form.capacity.data = 40
    if form.validate_on_submit():
        dialogue = ops.create_dialogue(_settings_from(form, None), current_user)
        db.session.commit()
        flash(_("The café dialogue is saved as a draft. Now add the rounds and the tables."), "success")
        return redirect(url_for("cafe_admin.detail", ident=dialogue.id))
    return render_template("cafe/staff/settings.html", form=form, dialogue=None)


@bp.route("/<int:ident>/edit", methods=["GET", "POST"])
def edit(ident: int):
    dialogue = _managed(ident)
    form = CafeDialogueForm()
    _prepare_form(form, dialogue)
    if request.method == "GET":
        _fill_form(form, dialogue)
    if form.validate_on_submit():
        promoted = ops.update_dialogue(dialogue, _settings_from(form, dialogue))
        db.session.commit()
        for registration in promoted:
            enqueue("cafe_registration", registration.id, "promoted")
        flash(_("Saved."), "success")
        if promoted:
            flash(
                ngettext(
                    "%(num)d person on the waiting list got a place and an e-mail.",
                    "%(num)d people on the waiting list got a place and an e-mail.",
                    len(promoted),
                ),
                "success",
            )
        return redirect(url_for("cafe_admin.detail", ident=dialogue.id))
    return render_template("cafe/staff/settings.html", form=form, dialogue=dialogue)


@bp.get("/<int:ident>")
def detail(ident: int):
    dialogue = _managed(ident)
    counts = seats.registration_counts([dialogue.id])[dialogue.id]
    table_form = TableForm()
    _host_choices(table_form, dialogue)
    return render_template(
        "cafe/staff/detail.html",
        dialogue=dialogue,
        counts=counts,
        states=CAFE_STATES,
        round_form=RoundForm(),
        table_form=table_form,
        confirm=ConfirmForm(),
        state_form=StateForm(),
        move_form=MoveForm(),
        phase=dialogue.phase(),
        attendance=seats.attendance(dialogue),
        levels=PARTICIPATION_LEVELS,
    )


@bp.post("/<int:ident>/state")
def change_state(ident: int):
    dialogue = _managed(ident)
    form = StateForm()
    if form.validate_on_submit() and form.state.data in CAFE_STATES:
        state = form.state.data
        if state == "published" and not (dialogue.rounds and dialogue.tables):
            flash(_("Add at least one round and one table before publishing."), "error")
        else:
            ops.set_state(dialogue, state)
            db.session.commit()
            flash(
                {
                    "published": _("Published: the café dialogue is on the area page and open for registration."),
                    "cancelled": _("The café dialogue is cancelled."),
                    "draft": _("The café dialogue is a draft again: only staff can see it."),
                }[state],
                "success",
            )
    return redirect(url_for("cafe_admin.detail", ident=ident))


# --- Staff: rounds and tables ----------------------------------------------------------------


def _round_of(dialogue: CafeDialogue, round_id: int) -> CafeRound:
    item = next((r for r in dialogue.rounds if r.id == round_id), None)
    if item is None:
        abort(404)
    return item


def _table_of(dialogue: CafeDialogue, table_id: int) -> CafeTable:
    table = next((t for t in dialogue.tables if t.id == table_id), None)
    if table is None:
        abort(404)
    return table


def _host_choices(form: TableForm, dialogue: CafeDialogue) -> None:
    members = db.session.scalars(
        select(User)
        .join(ThemeGroupMember, ThemeGroupMember.user_id == User.id)
        .where(ThemeGroupMember.theme_group_id == dialogue.theme_group_id)
        .order_by(User.display_name, User.id)
    ).all()
    form.host_user_id.choices = [(0, _("A volunteer (write the name below)"))] + [
        (u.id, u.display_name) for u in members
    ]


@bp.post("/<int:ident>/rounds")
def add_round(ident: int):
    dialogue = _managed(ident)
    form = RoundForm()
    if form.validate_on_submit():
        ops.add_round(dialogue, form.question.form.value, form.minutes.data)
        db.session.commit()
        flash(_("Round added."), "success")
        return redirect(url_for("cafe_admin.detail", ident=ident) + "#rounds")
    return render_template("cafe/staff/round.html", dialogue=dialogue, form=form, item=None)


@bp.route("/<int:ident>/rounds/<int:round_id>", methods=["GET", "POST"])
def edit_round(ident: int, round_id: int):
    dialogue = _managed(ident)
    item = _round_of(dialogue, round_id)
    form = RoundForm()
    if request.method == "GET":
        for code in LANGUAGES:
            form.question.form[code].data = (item.question or {}).get(code, "")
        form.minutes.data = item.minutes
    if form.validate_on_submit():
        ops.update_round(item, form.question.form.value, form.minutes.data)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("cafe_admin.detail", ident=ident) + "#rounds")
    return render_template("cafe/staff/round.html", dialogue=dialogue, form=form, item=item)


@bp.post("/<int:ident>/rounds/<int:round_id>/move")
def move_round(ident: int, round_id: int):
    dialogue = _managed(ident)
    item = _round_of(dialogue, round_id)
    form = MoveForm()
    if form.validate_on_submit() and form.direction.data in ("-1", "1"):
        ops.move_round(dialogue, item, int(form.direction.data))
        db.session.commit()
    return redirect(url_for("cafe_admin.detail", ident=ident) + "#rounds")


@bp.post("/<int:ident>/rounds/<int:round_id>/delete")
def delete_round(ident: int, round_id: int):
    dialogue = _managed(ident)
    item = _round_of(dialogue, round_id)
    if ConfirmForm().validate_on_submit():
        if ops.delete_round(dialogue, item):
            db.session.commit()
            flash(_("Round removed."), "success")
        else:
            flash(_("This round has notes, so it cannot be removed."), "error")
    return redirect(url_for("cafe_admin.detail", ident=ident) + "#rounds")


@bp.post("/<int:ident>/tables")
def add_table(ident: int):
    dialogue = _managed(ident)
    form = TableForm()
    _host_choices(form, dialogue)
    if form.validate_on_submit():
        host = db.session.get(User, form.host_user_id.data) if form.host_user_id.data else None
        ops.add_table(dialogue, form.theme.form.value, host, None if host else form.host_name.data)
        db.session.commit()
        flash(_("Table added."), "success")
        return redirect(url_for("cafe_admin.detail", ident=ident) + "#tables")
    return render_template("cafe/staff/table.html", dialogue=dialogue, form=form, table=None)


@bp.route("/<int:ident>/tables/<int:table_id>", methods=["GET", "POST"])
def edit_table(ident: int, table_id: int):
    dialogue = _managed(ident)
    table = _table_of(dialogue, table_id)
    form = TableForm()
    _host_choices(form, dialogue)
    if request.method == "GET":
        for code in LANGUAGES:
            form.theme.form[code].data = (table.theme or {}).get(code, "")
        form.host_user_id.data = table.host_user_id or 0
        form.host_name.data = table.host_name
    if form.validate_on_submit():
        host_user = db.session.get(User, form.host_user_id.data) if form.host_user_id.data else None
        ops.update_table(table, form.theme.form.value, host_user, form.host_name.data)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("cafe_admin.detail", ident=ident) + "#tables")
    return render_template("cafe/staff/table.html", dialogue=dialogue, form=form, table=table)


@bp.post("/<int:ident>/tables/<int:table_id>/delete")
def delete_table(ident: int, table_id: int):
    dialogue = _managed(ident)
    table = _table_of(dialogue, table_id)
    if ConfirmForm().validate_on_submit():
        if ops.delete_table(dialogue, table):
            db.session.commit()
            flash(_("Table removed."), "success")
        else:
            flash(_("This table has notes, so it cannot be removed."), "error")
    return redirect(url_for("cafe_admin.detail", ident=ident) + "#tables")


# --- Staff: registrations, check-in, exit questionnaire ----------------------------------------


@bp.get("/<int:ident>/registrations")
def registrations(ident: int):
    dialogue = _managed(ident)
    rows = queries.registrations(dialogue)
    walk_ins = WalkInsForm()
    walk_ins.walk_ins.data = dialogue.walk_ins
    area_names = {a.id: a.display_name for a in db.session.scalars(select(Area))}
    home_languages = {**LANGUAGES, "other": _("Another language")}
    return render_template(
        "cafe/staff/registrations.html",
        dialogue=dialogue,
        rows=rows,
        check_form=CheckInForm(),
        walk_ins_form=walk_ins,
        attendance=seats.attendance(dialogue),
        statuses=REGISTRATION_STATUSES,
        exit=exit_answers.exit_totals(dialogue),
        age_bands=AGE_BANDS,
        genders=GENDERS,
        area_names=area_names,
        home_languages=home_languages,
        min_group=exit_answers.MIN_GROUP,
    )


@bp.post("/<int:ident>/registrations/<int:registration_id>/check-in")
def check_in(ident: int, registration_id: int):
    dialogue = _managed(ident)
    registration = db.session.get(CafeRegistration, registration_id)
    if registration is None or registration.dialogue_id != dialogue.id:
        abort(404)
    form = CheckInForm()
    if form.validate_on_submit():
        seats.set_checked_in(registration, form.present.data == "1")
        db.session.commit()
    return redirect(url_for("cafe_admin.registrations", ident=ident) + f"#registration-{registration_id}")


@bp.post("/<int:ident>/walk-ins")
def walk_ins(ident: int):
    dialogue = _managed(ident)
    form = WalkInsForm()
    if form.validate_on_submit():
        dialogue.walk_ins = form.walk_ins.data
        db.session.commit()
        flash(_("Saved."), "success")
    else:
        flash(" ".join(form.walk_ins.errors) or _("Write a whole number."), "error")
    return redirect(url_for("cafe_admin.registrations", ident=ident))


# --- Staff: harvest and summary --------------------------------------------------------------


def _by_table_and_round(notes: list[CafeNote]) -> dict[int, dict[int, list]]:
    by_table: dict[int, dict[int, list]] = {}
    for note in notes:
        by_table.setdefault(note.table_id, {}).setdefault(note.round_id, []).append(note)
    return by_table


@bp.route("/<int:ident>/harvest", methods=["GET", "POST"])
def harvest(ident: int):
    dialogue = _managed(ident)
    form = HarvestForm()
    if form.validate_on_submit():
        made = harvesting.harvest_chosen(dialogue, form.note_ids.data, form.proposal_ids.data, current_user)
        db.session.commit()
        sent = ngettext(
            "%(num)d contribution was sent to the theme groups.",
            "%(num)d contributions were sent to the theme groups.",
            len(made),
        )
        flash(sent, "success")
        return redirect(url_for("cafe_admin.harvest", ident=ident))
    notes = queries.harvest_notes(dialogue)
    return render_template(
        "cafe/staff/harvest.html",
        dialogue=dialogue,
        form=form,
        by_table=_by_table_and_round(notes),
        proposals=queries.harvest_proposals(dialogue),
        kinds=NOTE_KINDS,
        note_count=len(notes),
        round_numbers={r.id: number for number, r in enumerate(dialogue.rounds, 1)},
    )


def _summary_form(dialogue: CafeDialogue) -> SummaryForm:
    """The summary form with the dialogues to name as follow-up; on GET filled from the dialogue."""
    form = SummaryForm()
    others = queries.follow_up_choices(dialogue)
    form.follow_up_id.choices = [(0, _("None"))] + [
        (d.id, f"{d.display_title} ({to_local(d.starts_at):%Y-%m-%d})") for d in others
    ]
    if request.method == "GET":
        for code in LANGUAGES:
            form.summary.form[code].data = (dialogue.summary or {}).get(code, "")
            form.themes.form[code].data = (dialogue.summary_themes or {}).get(code, "")
        form.follow_up_id.data = dialogue.follow_up_id or 0
    return form


@bp.route("/<int:ident>/summary", methods=["GET", "POST"])
def summary(ident: int):
    dialogue = _managed(ident)
    form = _summary_form(dialogue)
    if form.validate_on_submit():
        follow_up = db.session.get(CafeDialogue, form.follow_up_id.data) if form.follow_up_id.data else None
        ops.save_summary(dialogue, summary=form.summary.form.value, themes=form.themes.form.value, follow_up=follow_up)
        db.session.commit()
        flash(_("The summary is saved."), "success")
        return redirect(url_for("cafe_admin.summary", ident=ident))
    wanting = queries.feedback_wanted(dialogue)
    return render_template(
        "cafe/staff/summary.html",
        dialogue=dialogue,
        form=form,
        confirm=ConfirmForm(),
        harvested=harvesting.harvested_contributions(dialogue),
        wanting=wanting,
    )


@bp.post("/<int:ident>/summary/publish")
def publish_summary(ident: int):
    dialogue = _managed(ident)
    if ConfirmForm().validate_on_submit():
        if not dialogue.summary.get("sv"):
            flash(_("Write the summary in Swedish at least before publishing."), "error")
            return redirect(url_for("cafe_admin.summary", ident=ident))
        ops.publish_summary(dialogue)
        db.session.commit()
        enqueue("cafe_feedback", dialogue.id)
        flash(
            _("The summary is published on the event page and e-mailed to everyone who asked for feedback."), "success"
        )
    return redirect(url_for("cafe_admin.summary", ident=ident))


@bp.post("/<int:ident>/summary/unpublish")
def unpublish_summary(ident: int):
    dialogue = _managed(ident)
    if ConfirmForm().validate_on_submit():
        ops.unpublish_summary(dialogue)
        db.session.commit()
        flash(_("The summary is no longer public."), "success")
    return redirect(url_for("cafe_admin.summary", ident=ident))
