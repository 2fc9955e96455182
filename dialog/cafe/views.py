"""Café dialogues (kafédialoger): the public event pages, calendar, registration, cancellation,
calendar file and exit questionnaire; for staff the set-up, rounds, tables, check-in, harvest and
summary. The table hosts' pages and the link posters are in ``hosting``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..areas.choices import area_choices, topic_choices
from ..areas.models import Area
from ..contributions.models import STATUSES
from ..core.cache import cached_html
from ..core.event_limits import event_post_limit
from ..core.forms import ConfirmForm, MoveForm, StateForm, new_idempotency_key
from ..core.lost_session import refills_form
from ..core.participation import AGE_BANDS, PARTICIPATION_LEVELS
from ..core.security import public_post_limit, role_required
from ..extensions import db
from ..i18n import LANGUAGES, current_language, translated
from ..notifications.jobs import enqueue
from ..themegroups.models import ThemeGroupMember
from ..themegroups.permissions import manageable_group_ids, manageable_groups, manages_group
from . import exit_answers, links, queries
from . import harvest as harvesting
from . import operations as ops
from . import registration as seats
from .calendar import event_ics as make_ics
from .forms import (
    CafeDialogueForm,
    CancelForm,
    CheckInForm,
    ExitForm,
    HarvestForm,
    RegistrationForm,
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

bp = Blueprint("cafe", __name__)
staff_bp = Blueprint("cafe_admin", __name__, url_prefix="/staff/cafe")

TRANSLATED_FIELDS = ("title", "purpose", "influence", "not_influence", "feedback_promise", "accessibility")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins)."""


# --- Public ----------------------------------------------------------------------------------


def _public_dialogue(ident: int) -> CafeDialogue:
    dialogue = db.session.get(CafeDialogue, ident)
    if dialogue is None:
        abort(404)
    if dialogue.state == "draft" and not manages_group(current_user, dialogue.theme_group_id):
        abort(404)
    return dialogue


@bp.get("/cafe")
def calendar():
    """The district calendar: every coming café dialogue, then past ones with summaries."""
    upcoming = queries.upcoming()
    past = queries.past_with_summaries(limit=20)
    return render_template("cafe/calendar.html", upcoming=upcoming, past=past)


def _event_key(dialogue: CafeDialogue, phase: str) -> tuple:
    """What the cached event page depends on."""
    # The published summary lists the harvested contributions with their route and status:
    # those change without the dialogue changing, so they key the page too (one query).
    harvest = harvesting.harvest_version(dialogue.id) if dialogue.summary_is_published else None
    return (
        "cafe-event",
        dialogue.id,
        dialogue.version,
        dialogue.registration_seq,
        phase,
        current_language(),
        dialogue.state == "draft",
        harvest,
    )


@bp.get("/cafe/<int:ident>")
def event(ident: int):
    dialogue = _public_dialogue(ident)
    phase = dialogue.phase()
    key = _event_key(dialogue, phase)

    def render():
        full = queries.event_dialogue(ident)
        counts = seats.registration_counts([full.id])[full.id]
        harvested = harvesting.harvested_contributions(full, public=True) if full.summary_is_published else []
        html = render_template(
            "cafe/_event_content.html",
            dialogue=full,
            phase=phase,
            seats_left=max(full.capacity - counts["registered"], 0),
            waitlisted=counts["waitlisted"],
            harvested=harvested,
            levels=PARTICIPATION_LEVELS,
            statuses=STATUSES,
        )
        return translated(full.title), html

    title, content = cached_html(key, render)
    return render_template("cafe/event.html", title=title, content=content, dialogue=dialogue)


@bp.get("/cafe/<int:ident>/calendar.ics")
def event_ics(ident: int):
    dialogue = _public_dialogue(ident)
    response = make_response(make_ics(dialogue, current_language()))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="cafe-dialogue-{dialogue.id}.ics"'
    return response


def _registration_form() -> RegistrationForm:
    """The registration form; on GET a fresh idempotency key and the account's name and e-mail."""
    form = RegistrationForm()
    if request.method == "GET":
        form.idempotency_key.data = new_idempotency_key()
        if current_user.is_authenticated:
            form.name.data = current_user.display_name
            form.email.data = current_user.email
    return form


def _registration_data(form: RegistrationForm) -> seats.RegistrationData:
    return seats.RegistrationData(
        name=form.name.data,
        email=form.email.data,
        phone=form.phone.data,
        language=current_language(),
        interpreter_language=form.interpreter_language.data,
        access_needs=form.access_needs.data,
        childcare=bool(form.childcare.data),
        wants_feedback=bool(form.wants_feedback.data),
        user_id=current_user.id if current_user.is_authenticated else None,
        idempotency_key=(form.idempotency_key.data or "")[:64] or None,
    )


@bp.route("/cafe/<int:ident>/register", methods=["GET", "POST"])
@refills_form
@public_post_limit()
def register(ident: int):
    dialogue = _public_dialogue(ident)
    form = _registration_form()
    problem = seats.registration_problem(dialogue)
    if request.method == "POST" and not problem:
        form.reject_bots()
        if form.validate_on_submit():
            try:
                registration = seats.register(dialogue, _registration_data(form))
            except seats.RegistrationError as error:
                db.session.rollback()
                problem = str(error)
            else:
                db.session.commit()
                enqueue("cafe_registration", registration.id, registration.status)
                return redirect(url_for("cafe.registration", token=links.registration_token(registration), new=1))
    return render_template("cafe/register.html", dialogue=dialogue, form=form, problem=problem)


def _registration_or_404(token: str) -> CafeRegistration:
    ident = links.read_registration_token(token)
    registration = db.session.get(CafeRegistration, ident) if ident else None
    if registration is None:
        abort(404)
    return registration


@bp.route("/cafe/registration/<token>", methods=["GET", "POST"])
@public_post_limit()
def registration(token: str):
    """A registrant's own page (from the e-mail or the receipt): status, and cancel."""
    registration = _registration_or_404(token)
    dialogue = registration.dialogue
    form = CancelForm()
    if request.method == "POST":
        form.reject_bots()
        if form.validate_on_submit():
            if dialogue.phase() in ("past",):
                flash(_("This café dialogue has already taken place."), "error")
            elif registration.status != "cancelled":
                promoted = seats.cancel(registration)
                db.session.commit()
                enqueue("cafe_registration", registration.id, "cancelled")
                if promoted is not None:
                    enqueue("cafe_registration", promoted.id, "promoted")
                flash(_("Your registration is cancelled. Thank you for telling us."), "success")
            return redirect(url_for("cafe.registration", token=token))
    return render_template(
        "cafe/registration.html",
        dialogue=dialogue,
        registration=registration,
        form=form,
        position=seats.waitlist_position(registration),
        is_new=bool(request.args.get("new")),
        statuses=REGISTRATION_STATUSES,
    )


def _exit_form() -> tuple[ExitForm, list[Area]]:
    """The exit questionnaire with every area to choose from, and those areas."""
    form = ExitForm()
    areas = db.session.scalars(select(Area).order_by(Area.position, Area.slug)).all()
    form.area_id.choices = (
        [("", _("I prefer not to say"))]
        + [(str(a.id), a.display_name) for a in areas]
        + [("elsewhere", _("Outside the district"))]
    )
    return form, areas


@bp.route("/cafe/<int:ident>/exit", methods=["GET", "POST"])
@refills_form
@event_post_limit()
def exit_questionnaire(ident: int):
    """Four optional questions at the end of the meeting, stored with nothing that identifies."""
    dialogue = _public_dialogue(ident)
    form, areas = _exit_form()
    is_open = dialogue.proposals_open()
    if request.method == "POST" and is_open:
        form.reject_bots()
        if form.validate_on_submit():
            area_ids = {a.id for a in areas}
            raw_area = form.area_id.data or ""
            area_id = int(raw_area) if raw_area.isdigit() and int(raw_area) in area_ids else None
            exit_answers.add_exit_answer(
                dialogue,
                age_band=form.age_band.data or None,
                gender=form.gender.data or None,
                area_id=area_id,
                lives_elsewhere=raw_area == "elsewhere",
                home_language=form.home_language.data or None,
            )
            db.session.commit()
            return render_template("cafe/exit_thanks.html", dialogue=dialogue)
    return render_template("cafe/exit.html", dialogue=dialogue, form=form, is_open=is_open)


# --- Staff: list, create, edit ---------------------------------------------------------------


def _managed(ident: int) -> CafeDialogue:
    dialogue = db.session.scalars(
        select(CafeDialogue)
        .where(CafeDialogue.id == ident)
        .options(
            selectinload(CafeDialogue.rounds),
            selectinload(CafeDialogue.tables).selectinload(CafeTable.host_user),
            selectinload(CafeDialogue.topics),
            selectinload(CafeDialogue.area),
            selectinload(CafeDialogue.theme_group),
        )
    ).first()
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


@staff_bp.get("/")
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


@staff_bp.route("/new", methods=["GET", "POST"])
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


@staff_bp.route("/<int:ident>/edit", methods=["GET", "POST"])
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


@staff_bp.get("/<int:ident>")
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


@staff_bp.post("/<int:ident>/state")
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


@staff_bp.post("/<int:ident>/rounds")
def add_round(ident: int):
    dialogue = _managed(ident)
    form = RoundForm()
    if form.validate_on_submit():
        ops.add_round(dialogue, form.question.form.value, form.minutes.data)
        db.session.commit()
        flash(_("Round added."), "success")
        return redirect(url_for("cafe_admin.detail", ident=ident) + "#rounds")
    return render_template("cafe/staff/round.html", dialogue=dialogue, form=form, item=None)


@staff_bp.route("/<int:ident>/rounds/<int:round_id>", methods=["GET", "POST"])
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


@staff_bp.post("/<int:ident>/rounds/<int:round_id>/move")
def move_round(ident: int, round_id: int):
    dialogue = _managed(ident)
    item = _round_of(dialogue, round_id)
    form = MoveForm()
    if form.validate_on_submit() and form.direction.data in ("-1", "1"):
        ops.move_round(dialogue, item, int(form.direction.data))
        db.session.commit()
    return redirect(url_for("cafe_admin.detail", ident=ident) + "#rounds")


@staff_bp.post("/<int:ident>/rounds/<int:round_id>/delete")
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


@staff_bp.post("/<int:ident>/tables")
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


@staff_bp.route("/<int:ident>/tables/<int:table_id>", methods=["GET", "POST"])
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


@staff_bp.post("/<int:ident>/tables/<int:table_id>/delete")
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


@staff_bp.get("/<int:ident>/registrations")
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


@staff_bp.post("/<int:ident>/registrations/<int:registration_id>/check-in")
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


@staff_bp.post("/<int:ident>/walk-ins")
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


@staff_bp.route("/<int:ident>/harvest", methods=["GET", "POST"])
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


@staff_bp.route("/<int:ident>/summary", methods=["GET", "POST"])
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


@staff_bp.post("/<int:ident>/summary/publish")
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


@staff_bp.post("/<int:ident>/summary/unpublish")
def unpublish_summary(ident: int):
    dialogue = _managed(ident)
    if ConfirmForm().validate_on_submit():
        ops.unpublish_summary(dialogue)
        db.session.commit()
        flash(_("The summary is no longer public."), "success")
    return redirect(url_for("cafe_admin.summary", ident=ident))
