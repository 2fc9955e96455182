"""During a café dialogue: the table hosts' pages (reached by a signed link, no account), their
notes per round (saved as they go, a resend stored once), the participants' proposals through the
event link, and for staff the QR posters and revoking or reissuing links."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.event_limits import event_post_limit
from ..core.lost_session import refills_form
from ..core.security import role_required, safe_next_url
from ..extensions import db, limiter
from ..i18n import current_language, translated
from ..themegroups.permissions import manages_group
from . import links, notes
from . import operations as ops
from .host_forms import (
    NOTE_MAX,
    DeleteNoteForm,
    LinkActionForm,
    NoteEditForm,
    NoteForm,
    ProposalForm,
    new_client_id,
)
from .models import NOTE_KINDS, CafeDialogue, CafeNote, CafeRound, CafeTable

bp = Blueprint("cafe_host", __name__)
staff_bp = Blueprint("cafe_links", __name__, url_prefix="/staff/cafe")

#: Saves allowed per table link; a whole venue shares one address, so hosts are limited per link.
NOTE_POST_LIMIT = "60 per minute"


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins)."""


# --- The host's table link -----------------------------------------------------------------------


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


#: Stands for "the dialogue was cancelled" in place of a status from ``_table_for``.
CANCELLED = -410


def _link_gone(status: int, token: str | None = None):
    """The same answer for an unknown, tampered, outdated or revoked link, or one for a
    cancelled dialogue (``status`` ``CANCELLED``, answered as 410): no table's data.

    The page lists the notes this browser still holds for the link (they never left it)."""
    cancelled = status == CANCELLED
    if cancelled:
        status = 410
    if _wants_json():
        if cancelled:
            return jsonify(error=_("This café dialogue has been cancelled, so the table link no longer works.")), status
        return jsonify(error=_("This table link no longer works. Ask the staff for a new one.")), status
    token = token if token and len(token) <= 100 else None
    response = make_response(
        render_template("cafe/host/link_gone.html", kind="table", token=token, cancelled=cancelled), status
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _table_for(token: str, *, full: bool = False) -> tuple[CafeTable | None, int]:
    """The table a host link leads to, or (None, HTTP status) when the link does not work:
    404 unknown, 410 reissued or revoked, ``CANCELLED`` when the dialogue was cancelled."""
    read = links.read_token("table", token)
    if read is None:
        return None, 404
    ident, version = read
    query = (
        select(CafeTable, CafeDialogue.state)
        .join(CafeDialogue, CafeTable.dialogue_id == CafeDialogue.id)
        .where(CafeTable.id == ident)
    )
    if full:
        query = query.options(
            selectinload(CafeTable.dialogue).selectinload(CafeDialogue.rounds),
        )
    row = db.session.execute(query).first()
    if row is None:
        return None, 404
    table, state = row
    if table.link_version != version or table.link_revoked_at is not None:
        return None, 410
    if state == "cancelled":
        return None, CANCELLED
    return table, 200


def _round_of(table: CafeTable, round_id: int) -> CafeRound | None:
    return db.session.scalars(
        select(CafeRound).where(CafeRound.id == round_id, CafeRound.dialogue_id == table.dialogue_id)
    ).first()


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _note_form(round_id: int, **kwargs) -> NoteForm:
    return NoteForm(prefix=f"round{round_id}", **kwargs)


def _render_table(table: CafeTable, token: str, forms: dict[int, NoteForm] | None = None, status: int = 200):
    dialogue = table.dialogue
    notes = db.session.scalars(
        select(CafeNote)
        .where(CafeNote.table_id == table.id, CafeNote.deleted_at.is_(None))
        .order_by(CafeNote.created_at, CafeNote.id)
    ).all()
    by_round: dict[int, list[CafeNote]] = {r.id: [] for r in dialogue.rounds}
    for note in notes:
        by_round.setdefault(note.round_id, []).append(note)
    forms = dict(forms or {})
    # A new note is offered in the language of the table's latest note: a host writing in
    # Arabic chooses it once.
    language = notes[-1].language if notes else current_language()
    for round_ in dialogue.rounds:
        if round_.id not in forms:
            form = _note_form(round_.id, formdata=None)
            form.client_note_id.data = new_client_id()
            form.language.data = language
            forms[round_.id] = form
    html = render_template(
        "cafe/host/table.html",
        dialogue=dialogue,
        table=table,
        token=token,
        notes=by_round,
        forms=forms,
        kinds=NOTE_KINDS,
        note_max=NOTE_MAX,
    )
    return _no_store((html, status))


@bp.get("/cafe/table/<token>")
def table_page(token: str):
    table, status = _table_for(token, full=True)
    if table is None:
        return _link_gone(status, token)
    return _render_table(table, token)


def _note_json(note: CafeNote, token: str, status: str, code: int):
    return jsonify(
        id=note.id,
        status=status,
        round_id=note.round_id,
        kind=note.kind,
        kind_label=str(NOTE_KINDS[note.kind]),
        body=note.body,
        client_note_id=note.client_note_id,
        edit_url=url_for("cafe_host.note_edit", token=token, note_id=note.id),
    ), code


def _table_post_key() -> str:
    return "cafe-table:" + (request.view_args or {}).get("token", "")[:100]


def _unknown_round():
    if _wants_json():
        return jsonify(error=_("That round is not part of this café dialogue.")), 404
    abort(404)


def _note_refused(table: CafeTable, token: str, round_id: int, form: NoteForm):
    """A note that does not pass the form: the problems as JSON, or the table page again."""
    if _wants_json():
        problems = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        first = next(iter(problems.values()))[0] if problems else _("The note could not be saved.")
        return jsonify(error=first, errors=problems), 400
    return _render_table(table, token, {round_id: form}, status=400)


@bp.post("/cafe/table/<token>/rounds/<int:round_id>/notes")
@refills_form
@limiter.limit(
    lambda: current_app.config.get("CAFE_NOTE_LIMIT", NOTE_POST_LIMIT), key_func=_table_post_key, scope="cafe-note"
)
def note_add(token: str, round_id: int):
    table, status = _table_for(token)
    if table is None:
        return _link_gone(status, token)
    round_ = _round_of(table, round_id)
    if round_ is None:
        return _unknown_round()
    form = _note_form(round_id)
    if not form.validate():
        return _note_refused(table, token, round_id, form)
    note, stored = notes.save_note(
        table,
        round_id,
        kind=form.kind.data,
        body=form.body.data,
        language=form.language.data,
        client_note_id=form.client_note_id.data,
    )
    if stored:
        db.session.commit()
    if _wants_json():
        return _note_json(note, token, "stored" if stored else "already_stored", 201 if stored else 200)
    flash(_("The note is saved.") if stored else _("This note was already saved."), "success")
    return redirect(url_for("cafe_host.table_page", token=token, _anchor=f"round-{round_id}"))


def _note_of(table: CafeTable, note_id: int) -> CafeNote:
    note = db.session.scalars(
        select(CafeNote)
        .where(CafeNote.id == note_id, CafeNote.table_id == table.id, CafeNote.deleted_at.is_(None))
        .options(selectinload(CafeNote.round))
    ).first()
    if note is None:
        abort(404)
    return note


@bp.route("/cafe/table/<token>/notes/<int:note_id>/edit", methods=["GET", "POST"])
@refills_form
@limiter.limit(
    lambda: current_app.config.get("CAFE_NOTE_LIMIT", NOTE_POST_LIMIT),
    key_func=_table_post_key,
    scope="cafe-note",
    methods=["POST"],
)
def note_edit(token: str, note_id: int):
    table, status = _table_for(token, full=True)
    if table is None:
        return _link_gone(status, token)
    note = _note_of(table, note_id)
    form = NoteEditForm(obj=note if request.method == "GET" else None)
    if note.contribution_id is not None:
        # Already passed on at the harvest: the contribution is what counts now.
        flash(_("This note has already been passed on to the theme group and can no longer be changed."), "error")
        return redirect(url_for("cafe_host.table_page", token=token, _anchor=f"round-{note.round_id}"))
    if form.validate_on_submit():
        # An edit page from before the language field keeps the note's language.
        language = form.language.data if "language" in request.form else None
        notes.edit_note(note, kind=form.kind.data, body=form.body.data, language=language)
        db.session.commit()
        flash(_("The note is saved."), "success")
        return redirect(url_for("cafe_host.table_page", token=token, _anchor=f"round-{note.round_id}"))
    return _note_edit_page(table, token, note, form)


def _note_edit_page(table: CafeTable, token: str, note: CafeNote, form: NoteEditForm):
    html = render_template(
        "cafe/host/note_edit.html",
        dialogue=table.dialogue,
        table=table,
        token=token,
        note=note,
        form=form,
        delete_form=DeleteNoteForm(),
        note_max=NOTE_MAX,
    )
    return _no_store((html, 400 if form.errors else 200))


@bp.post("/cafe/table/<token>/notes/<int:note_id>/delete")
@limiter.limit(
    lambda: current_app.config.get("CAFE_NOTE_LIMIT", NOTE_POST_LIMIT), key_func=_table_post_key, scope="cafe-note"
)
def note_delete(token: str, note_id: int):
    table, status = _table_for(token)
    if table is None:
        return _link_gone(status, token)
    note = _note_of(table, note_id)
    if not DeleteNoteForm().validate_on_submit():
        abort(400)
    if note.contribution_id is not None:
        flash(_("This note has already been passed on to the theme group and can no longer be changed."), "error")
    else:
        notes.delete_note(note)
        db.session.commit()
        flash(_("The note is removed."), "success")
    return redirect(url_for("cafe_host.table_page", token=token, _anchor=f"round-{note.round_id}"))


# --- Participants' proposals through the event link --------------------------------------------


def _dialogue_for(token: str) -> tuple[CafeDialogue | None, int]:
    read = links.read_token("event", token)
    if read is None:
        return None, 404
    ident, version = read
    dialogue = db.session.scalars(
        select(CafeDialogue)
        .where(CafeDialogue.id == ident)
        .options(selectinload(CafeDialogue.tables), selectinload(CafeDialogue.rounds))
    ).first()
    if dialogue is None or dialogue.state == "draft":
        return None, 404
    if dialogue.link_version != version:
        return None, 410
    return dialogue, 200


def _event_link_gone(status: int):
    return make_response(render_template("cafe/host/link_gone.html", kind="event"), status)


def _proposal_form(dialogue: CafeDialogue) -> ProposalForm:
    """The proposal form with the dialogue's tables and rounds to choose from."""
    form = ProposalForm()
    form.table_number.choices = [(0, _("I do not want to say"))] + [
        (t.number, " – ".join(filter(None, [_("Table %(number)d", number=t.number), translated(t.theme)])))
        for t in dialogue.tables
    ]
    form.round_id.choices = [(0, _("I do not want to say"))] + [
        (r.id, " – ".join(filter(None, [_("Round %(number)s", number=number), translated(r.question)])))
        for number, r in enumerate(dialogue.rounds, 1)
    ]
    return form


def _proposals_closed(dialogue: CafeDialogue, form: ProposalForm):
    # Keep what someone wrote just as the dialogue closed: they can copy it.
    written = form.body.data if request.method == "POST" else None
    html = render_template("cafe/host/proposal_closed.html", dialogue=dialogue, written=written)
    return html, (409 if request.method == "POST" else 200)


def _submit_proposal(dialogue: CafeDialogue, form: ProposalForm):
    return notes.submit_proposal(
        dialogue,
        key=form.idempotency_key.data,
        table_number=form.table_number.data,
        round_id=form.round_id.data,
        body=form.body.data,
        language=form.language.data,
        consent_publish=form.consent_publish.data,
        consent_quote=form.consent_quote.data,
        consent_contact=form.consent_contact.data,
        email=form.email.data,
    )


@bp.route("/cafe/<token>/proposal", methods=["GET", "POST"])
@refills_form
@event_post_limit()
def proposal(token: str):
    dialogue, status = _dialogue_for(token)
    if dialogue is None:
        return _event_link_gone(status)
    form = _proposal_form(dialogue)
    if not dialogue.proposals_open():
        return _proposals_closed(dialogue, form)
    if request.method == "GET":
        form.language.data = current_language()
        form.idempotency_key.data = new_client_id()
        if current_user.is_authenticated:
            form.email.data = current_user.email
    if form.validate_on_submit():
        form.reject_bots()
        _submit_proposal(dialogue, form)
        db.session.commit()
        return redirect(url_for("cafe_host.proposal_thanks", token=token))
    status = 400 if form.errors else 200
    return render_template("cafe/host/proposal_form.html", dialogue=dialogue, form=form), status


@bp.get("/cafe/<token>/proposal/thanks")
def proposal_thanks(token: str):
    dialogue, status = _dialogue_for(token)
    if dialogue is None:
        return _event_link_gone(status)
    return render_template("cafe/host/proposal_thanks.html", dialogue=dialogue, token=token)


# --- Staff: posters, revoking and reissuing links ---------------------------------------------


def _dialogue_or_403(ident: int) -> CafeDialogue:
    dialogue = db.session.scalars(
        select(CafeDialogue)
        .where(CafeDialogue.id == ident)
        .options(selectinload(CafeDialogue.tables).selectinload(CafeTable.host_user))
    ).first()
    if dialogue is None:
        abort(404)
    if not manages_group(current_user, dialogue.theme_group_id):
        abort(403)
    return dialogue


def qr_svg(url: str, label: str) -> Markup:
    """A QR code for ``url`` as inline SVG, announced as one image with ``label``."""
    svg = segno.make(url, error="m").svg_inline(scale=6, svgclass="qr-code", lineclass="qr-line")
    return Markup('<div class="qr" role="img" aria-label="{}">{}</div>').format(label, Markup(svg))


def _back(dialogue: CafeDialogue) -> str:
    form = LinkActionForm()
    target = (form.next.data or "").strip()
    if target and safe_next_url(target) == target:
        return target
    if "cafe_admin.detail" in current_app.view_functions:
        return url_for("cafe_admin.detail", ident=dialogue.id)
    return url_for("cafe_links.posters", ident=dialogue.id)


def _table_posters(dialogue: CafeDialogue) -> list[dict]:
    """Each table with its link and QR code (neither for a revoked link)."""
    tables = []
    for table in dialogue.tables:
        url = url_for("cafe_host.table_page", token=links.table_token(table), _external=True)
        revoked = table.link_revoked_at is not None
        tables.append(
            {
                "table": table,
                "url": None if revoked else url,
                "qr": None
                if revoked
                else qr_svg(url, _("QR code for the link to table %(number)d", number=table.number)),
            }
        )
    return tables


@staff_bp.get("/<int:ident>/posters")
def posters(ident: int):
    dialogue = _dialogue_or_403(ident)
    event_url = url_for("cafe_host.proposal", token=links.event_token(dialogue), _external=True)
    tables = _table_posters(dialogue)
    form = LinkActionForm()
    form.next.data = url_for("cafe_links.posters", ident=dialogue.id)
    html = render_template(
        "cafe/host/posters.html",
        dialogue=dialogue,
        tables=tables,
        event_url=event_url,
        event_qr=qr_svg(event_url, _("QR code for the participants' link")),
        form=form,
        staff_page=("cafe_admin.detail" in current_app.view_functions),
    )
    return _no_store(html)


def _table_of(dialogue: CafeDialogue, table_id: int) -> CafeTable:
    table = next((t for t in dialogue.tables if t.id == table_id), None)
    if table is None:
        abort(404)
    return table


@staff_bp.post("/<int:ident>/tables/<int:table_id>/revoke")
def table_revoke(ident: int, table_id: int):
    dialogue = _dialogue_or_403(ident)
    table = _table_of(dialogue, table_id)
    if not LinkActionForm().validate_on_submit():
        abort(400)
    ops.revoke_table_link(table)
    db.session.commit()
    flash(
        _("The link for table %(number)d no longer works. Reissue it to make a new one.", number=table.number),
        "success",
    )
    return redirect(_back(dialogue))


@staff_bp.post("/<int:ident>/tables/<int:table_id>/reissue")
def table_reissue(ident: int, table_id: int):
    dialogue = _dialogue_or_403(ident)
    table = _table_of(dialogue, table_id)
    if not LinkActionForm().validate_on_submit():
        abort(400)
    ops.reissue_table_link(table)
    db.session.commit()
    flash(
        _("Table %(number)d has a new link. Print its poster again: the old one no longer works.", number=table.number),
        "success",
    )
    return redirect(_back(dialogue))


@staff_bp.post("/<int:ident>/event-link/reissue")
def event_link_reissue(ident: int):
    dialogue = _dialogue_or_403(ident)
    if not LinkActionForm().validate_on_submit():
        abort(400)
    ops.reissue_event_link(dialogue)
    db.session.commit()
    flash(_("The participants' link is new. Print its poster again: the old one no longer works."), "success")
    return redirect(_back(dialogue))
