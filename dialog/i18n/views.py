"""The language switcher: a plain form that works without JavaScript."""

from flask import Blueprint, abort, redirect, request
from flask_login import current_user

from ..core.security import public_post_limit, safe_next_url
from ..extensions import db
from . import LANGUAGES, remember_language

bp = Blueprint("i18n", __name__)


@bp.post("/language")
@public_post_limit()
def switch_language():
    """Remember the chosen language in a cookie and, when signed in, in the profile."""
    code = request.form.get("language", "")
    if code not in LANGUAGES:
        abort(400)
    if current_user.is_authenticated and current_user.language != code:
        current_user.language = code
        db.session.commit()
    return remember_language(redirect(safe_next_url(request.form.get("next"))), code)
