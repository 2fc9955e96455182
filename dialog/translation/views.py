"""Staff pages: the languages I read, and confirming a machine-translated answer; the history's
translations for the inbox's contribution page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..contributions.inbox import _load_for_staff
from ..core.security import role_required
from ..extensions import db
from ..i18n import current_language, language_name
from . import history
from . import operations as ops
from .forms import ConfirmAnswerForm, StaffLanguagesForm, TranslateNowForm
from .queries import history_readings, staff_languages

bp = Blueprint("translation", __name__)


@bp.before_request
@role_required("staff")
def require_staff():
    """Every page here is for staff (and admins)."""


@bp.app_template_global("history_readings")
def history_readings_for_reader(contribution):
    """For templates/inbox/detail.html: its history in the reader's language, in one query."""
    return history_readings(contribution, current_language())


@bp.route("/inbox/languages", methods=["GET", "POST"])
def languages():
    form = StaffLanguagesForm()
    if form.validate_on_submit():
        ops.set_staff_languages(current_user, set(form.languages.data or []))
        db.session.commit()
        flash(_("Saved. You are asked to check machine translations in these languages."), "success")
        return redirect(url_for("translation.languages"))
    if not form.is_submitted():
        form.languages.data = sorted(staff_languages(current_user))
    return render_template("translation/languages.html", form=form, own=language_name(current_user.language))


@bp.post("/inbox/contributions/<int:ident>/translate")
def translate_now(ident: int):
    """Queue the translation of a contribution and its history that have none yet (older ones,
    after an outage), also into the language the staff member reads the page in."""
    contribution = _load_for_staff(ident)
    if not TranslateNowForm().validate_on_submit():
        abort(400)
    ops.queue_translation(contribution.id, current_language())
    history.queue_history(contribution.id, current_language())
    flash(_("The translation is being made. Reload the page in a moment."), "success")
    return redirect(url_for("inbox.detail", ident=contribution.id))


@bp.post("/inbox/contributions/<int:ident>/answer/confirm")
def confirm_answer(ident: int):
    contribution = _load_for_staff(ident)
    form = ConfirmAnswerForm()
    if contribution.answer is None or not form.validate_on_submit():
        abort(400)
    if ops.confirm_answer_language(contribution.answer, form.language.data, current_user):
        db.session.commit()
        flash(_("Thank you. The answer is shown as checked by staff."), "success")
    else:
        flash(_("Only a staff member who reads the language can confirm the translation."), "error")
    return redirect(url_for("inbox.detail", ident=contribution.id) + "#answer")
