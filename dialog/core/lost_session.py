"""A form sent after the session was lost comes back full, and blocked cookies are said early.

When a post fails its CSRF check (the phone slept, the browser dropped its cookies, the session
ended), the view is run once more in *lost-session mode*: its form reads what was posted, fails
validation on the token alone and is rendered again with everything typed, a fresh token (the
template asks for one, and the new session gets it) and one plain message above it. Nothing is
written in that mode: if the view tries to redirect or aborts, the ordinary expired-form page
is shown instead and the database session is rolled back.

Cookies blocked altogether are said before anyone writes, without JavaScript: every page links
``/cookie-check.css``, requested by the browser after it has received the page's session cookie.
The stylesheet shows the page's cookie notice when that request arrives without the cookie. A
small script (``static/js/cookies.js``) says the same at once where ``navigator.cookieEnabled``
is false.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db

#: ``g`` attribute set while a view runs again after a failed token check.
FLAG = "lost_session"
#: Marks a view whose form is shown again after a failed token check (see :func:`refills_form`).
MARK = "_refills_form_after_lost_session"

#: Shown (by the stylesheet) when the browser sent the check request without cookies.
SHOW_NOTICE_CSS = ".cookie-notice{display:block}\n"
HIDE_NOTICE_CSS = ".cookie-notice{display:none}\n"


def refills_form(view):
    """Mark a public form's view: after a failed token check it runs again to show the form full.

    Only views that write nothing unless their form validates may carry the mark (the token is
    part of that validation); views that change something without a form (log out) must not.
    """
    setattr(view, MARK, True)
    return view


def lost_session() -> str | None:
    """``"expired"`` or ``"no_cookies"`` while a view runs again after a failed token check."""
    return g.get(FLAG)


def lost_session_message(kind: str | None) -> str | None:
    if kind == "no_cookies":
        return _(
            "The form came without its cookie (the browser cleared it, or blocks cookies for this site), "
            "so nothing has been sent yet. What you wrote is still here: send again. If this message "
            "comes back, allow cookies for this site."
        )
    if kind == "expired":
        return _(
            "Your session had ended, so nothing has been sent yet. What you wrote is still here: "
            "check it and send again."
        )
    return None


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _expired_page() -> tuple[str, int]:
    return render_template("errors/error.html", code=400, csrf_error=True), 400


def render_again(error) -> Response | tuple[str, int]:
    """CSRFError handler: run the view again without writing, so the form comes back full."""
    view = current_app.view_functions.get(request.endpoint or "")
    # Scripts that post (the host notes) fetch a fresh token themselves on a plain 400.
    if request.method != "POST" or not getattr(view, MARK, False) or _wants_json():
        return _expired_page()
    session_cookie = current_app.config.get("SESSION_COOKIE_NAME", "session")
    setattr(g, FLAG, "expired" if session_cookie in request.cookies else "no_cookies")
    g.pop("csrf_token", None)  # the page must carry a token of the session it now starts
    try:
        response = make_response(current_app.ensure_sync(view)(**(request.view_args or {})))
    except HTTPException:
        response = None
    finally:
        db.session.rollback()
    if response is None or response.status_code < 200 or 300 <= response.status_code < 400:
        return _expired_page()
    response.status_code = 400
    response.headers["Cache-Control"] = "no-store"
    return response


def cookie_check() -> Response:
    """The stylesheet that shows the cookie notice when this request came without cookies."""
    session_cookie = current_app.config.get("SESSION_COOKIE_NAME", "session")
    css = HIDE_NOTICE_CSS if session_cookie in request.cookies else SHOW_NOTICE_CSS
    response = make_response(css)
    response.headers["Content-Type"] = "text/css; charset=utf-8"
    response.headers["Cache-Control"] = "no-store"
    return response


def init_lost_session(app: Flask) -> None:
    app.register_error_handler(CSRFError, render_again)
    app.add_url_rule("/cookie-check.css", "cookie_check", cookie_check)

    @app.template_filter("field_errors")
    def field_errors(errors: dict) -> dict:
        """A form's errors without the token's: a lost session is said once, above the form."""
        return {name: messages for name, messages in errors.items() if name != "csrf_token"}

    @app.context_processor
    def _lost_session_message():
        return {"lost_session_message": lost_session_message(lost_session())}
