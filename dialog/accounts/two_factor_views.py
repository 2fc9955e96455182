"""The second sign-in step for staff: enter a code, enrol an authenticator, new recovery codes."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..core.security import safe_next_url
from ..extensions import db, limiter
from ..i18n import remember_language
from . import operations as ops
from . import two_factor as tf
from .forms import TwoFactorCodeForm

bp = Blueprint("two_factor", __name__, url_prefix="/account/two-factor")


def _pending_key() -> str:
    state = tf.pending() or {}
    return f"2fa:{state.get('user', request.remote_addr)}"


def _sign_in(user):
    state = tf.finish()
    login_user(user, remember=state.get("remember", False))
    ops.record_login(user)
    db.session.commit()
    return state


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"], key_func=_pending_key)
def verify():
    user = tf.pending_user()
    if user is None:
        return redirect(url_for("accounts.login"))
    if tf.totp_for(user) is None:
        return redirect(url_for("two_factor.setup"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        result = tf.check_code(user, form.code.data)
        db.session.commit()
        if result == "ok":
            state = _sign_in(user)
            flash(_("You are logged in."), "success")
            return remember_language(redirect(safe_next_url(state.get("next"))), user.language)
        if result == "locked":
            form.code.errors.append(_("Too many wrong codes. Wait five minutes and try again."))
        else:
            form.code.errors.append(_("The code is wrong or already used. Use the newest code in your app."))
    return render_template("accounts/two_factor.html", form=form)


@bp.route("/setup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"], key_func=_pending_key)
def setup():
    user = tf.pending_user()
    if user is None:
        return redirect(url_for("accounts.login"))
    if tf.totp_for(user) is not None:
        return redirect(url_for("two_factor.verify"))
    secret = session.get(tf.SETUP_SECRET_KEY) or tf.new_secret()
    session[tf.SETUP_SECRET_KEY] = secret
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        codes = tf.confirm_enrolment(user, secret, form.code.data)
        if codes is not None:
            _sign_in(user)
            page = make_response(render_template("accounts/recovery_codes.html", codes=codes, first_time=True))
            return remember_language(page, user.language)
        form.code.errors.append(_("The code is wrong. Check that the app shows Dialog and try the newest code."))
    uri = tf.provisioning_uri(secret, user.email)
    return render_template(
        "accounts/two_factor_setup.html", form=form, qr=tf.qr_svg_data_uri(uri), secret=tf.grouped(secret)
    )


@bp.post("/recovery-codes")
@login_required
def recovery_codes():
    if not tf.required_for(current_user) or tf.totp_for(current_user) is None:
        return redirect(url_for("accounts.profile"))
    codes = tf.new_recovery_codes(current_user)
    db.session.commit()
    return render_template("accounts/recovery_codes.html", codes=codes, first_time=False)


@bp.post("/cancel")
def cancel():
    session.pop(tf.PENDING_KEY, None)
    session.pop(tf.SETUP_SECRET_KEY, None)
    return redirect(url_for("accounts.login"))


def require_second_factor():
    """Before every request: a staff session without its second step goes back to that step.

    Covers a "keep me logged in" cookie restoring a staff member, and a resident made staff
    while signed in."""
    if request.endpoint in (None, "static") or (request.blueprint == "two_factor"):
        return None
    if not current_user.is_authenticated or session.get(tf.DONE_KEY) or "_user_id" not in session:
        return None  # (no "_user_id": nobody signed in through this session, whatever g still holds)
    if not tf.required_for(current_user):
        return None
    user = current_user._get_current_object()
    logout_user()
    tf.begin(user, remember=False, next_url=request.full_path if request.method == "GET" else "/")
    return redirect(url_for("two_factor.verify"))


bp.before_app_request(require_second_factor)
