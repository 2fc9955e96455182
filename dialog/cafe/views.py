"""Café dialogues (kafédialoger), public pages: the event pages, calendar, registration,
cancellation, calendar file and exit questionnaire. Staff pages are in ``staff``; the table hosts'
pages and the link posters in ``hosting``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..areas.models import Area
from ..contributions.models import STATUSES
from ..core.cache import cached_html
from ..core.event_limits import event_post_limit
from ..core.forms import new_idempotency_key
from ..core.lost_session import refills_form
from ..core.participation import PARTICIPATION_LEVELS
from ..core.security import public_post_limit
from ..extensions import db
from ..i18n import current_language, translated
from ..notifications.jobs import enqueue
from ..themegroups.permissions import manages_group
from . import exit_answers, links, queries
from . import harvest as harvesting
from . import registration as seats
from .calendar import event_ics as make_ics
from .forms import (
    CancelForm,
    ExitForm,
    RegistrationForm,
)
from .models import (
    REGISTRATION_STATUSES,
    CafeDialogue,
    CafeRegistration,
)

bp = Blueprint("cafe", __name__)


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
