"""The language switcher: a plain form that works without JavaScript."""

from flask import Blueprint, abort, redirect, request

from ..core.security import safe_next_url
from ..extensions import db
from . import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, LANGUAGES
from flask_login import current_user

bp = Blueprint("i18n", __name__)


@bp.post("/language")
def switch_language():
    """Remember the chosen language in a cookie and, when signed in, in the profile."""
    code = request.form.get("language", "")
    if code not in LANGUAGES:
        abort(400)
    if current_user.is_authenticated and current_user.language != code:
        current_user.language = code
        db.session.commit()
    response = redirect(safe_next_url(request.form.get("next")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure,
        httponly=True,
    )
    return response
