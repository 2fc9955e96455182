"""A teller asks for their story to be anonymised (the next retention run does it)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..contributions.models import Contribution
from ..extensions import db
from . import operations as ops

bp = Blueprint("retention", __name__, url_prefix="/account/contributions")


@bp.post("/<int:contribution_id>/anonymise")
@login_required
def anonymise(contribution_id: int):
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.author_id != current_user.id or contribution.source_kind != "story":
        abort(404)
    if ops.request_anonymisation(contribution):
        db.session.commit()
    flash(
        _("We will remove your name and details from this story within a day. The story itself stays."),
        "success",
    )
    return redirect(url_for("contributions.mine"))
