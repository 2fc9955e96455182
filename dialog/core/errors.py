"""Translated error pages."""

from flask import Flask, render_template

from ..extensions import db
from .lost_session import init_lost_session

ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)


def init_errors(app: Flask) -> None:
    def render_error(error):
        code = getattr(error, "code", 500) or 500
        if code == 500:
            db.session.rollback()
        return render_template("errors/error.html", code=code, csrf_error=False), code

    for code in ERROR_CODES:
        app.register_error_handler(code, render_error)
    init_lost_session(app)
