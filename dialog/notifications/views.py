"""Unsubscribe: the link in every message leads here; a button (not the link) confirms."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_wtf import FlaskForm

from ..core.security import public_post_limit
from ..extensions import db
from .operations import opt_out, read_unsubscribe_token

bp = Blueprint("notifications", __name__)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@public_post_limit()
def unsubscribe(token: str):
    data = read_unsubscribe_token(token)
    if data is None:
        abort(400)
    email, kind = data
    form = FlaskForm()
    # Mail scanners open links: only the button press (a POST) unsubscribes.
    if form.validate_on_submit():
        opt_out(email, kind)
        db.session.commit()
        return render_template("notifications/unsubscribed.html", kind=kind)
    return render_template("notifications/unsubscribe.html", form=form, kind=kind, email=email)
