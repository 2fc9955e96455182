"""Register, verify, log in and out, reset the password, profile, my data, delete account."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..core.security import public_post_limit, safe_next_url
from ..extensions import db, limiter
from ..i18n import current_language, remember_language
from . import operations as ops
from . import two_factor
from .forms import (
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _login_email_key() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/register", methods=["GET", "POST"])
@public_post_limit()
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():
        form.reject_bots()
        existing = ops.find_user_by_email(form.email.data)
        if existing is None:
            user = ops.register_user(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
                language=form.language.data,
            )
            db.session.commit()
            ops.send_verification_email(user)
        else:
            # Same answer either way, so the form does not reveal who has an account;
            # the owner of the address gets a reset link instead.
            ops.send_reset_email(existing)
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.get("/verify/<token>")
def verify(token: str):
    user = ops.verify_email_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    if not user.is_verified:
        user.is_verified = True
        db.session.commit()
    flash(_("Thank you. Your e-mail address is confirmed."), "success")
    return redirect(url_for("accounts.profile" if current_user.is_authenticated else "accounts.login"))


@bp.post("/verify/resend")
@login_required
@public_post_limit()
def resend_verification():
    if not current_user.is_verified:
        ops.send_verification_email(current_user)
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"], key_func=_login_email_key)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"], scope="login-ip")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        form.reject_bots()
        user = ops.find_user_by_email(form.email.data)
        if not ops.password_matches(user, form.password.data):
            form.password.errors.append(_("The e-mail address or the password is wrong."))
        elif user.is_blocked:
            form.email.errors.append(_("This account is blocked. Contact the district to ask why."))
        elif two_factor.required_for(user):
            next_url = safe_next_url(request.args.get("next"))
            two_factor.begin(user, remember=form.remember.data, next_url=next_url)
            return redirect(url_for("two_factor.verify"))
        else:
            two_factor.rotate_session()
            login_user(user, remember=form.remember.data)
            ops.record_login(user)
            db.session.commit()
            flash(_("You are logged in."), "success")
            return remember_language(redirect(safe_next_url(request.args.get("next"))), user.language)
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.pop(two_factor.DONE_KEY, None)
    flash(_("You are logged out."), "success")
    return redirect(url_for("public.home"))


@bp.route("/reset", methods=["GET", "POST"])
@public_post_limit()
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        form.reject_bots()
        user = ops.find_user_by_email(form.email.data)
        if user is not None and not user.is_blocked:
            ops.send_reset_email(user)
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public_post_limit()
def reset_password(token: str):
    user = ops.verify_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        form.reject_bots()
        user.set_password(form.password.data)
        user.is_verified = True  # the link reached their inbox
        db.session.commit()
        flash(_("Your new password is saved. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.display_name = form.display_name.data
        current_user.language = form.language.data
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return remember_language(redirect(url_for("accounts.profile")), current_user.language)
    return render_template("accounts/profile.html", form=form, two_factor_status=two_factor.status(current_user))


@bp.get("/my-data.json")
@login_required
def export_data():
    payload = json.dumps(ops.export_user_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        payload,
        mimetype="application/json",
        headers={
            "Content-Disposition": "attachment; filename=dialog-my-data.json",
            "Cache-Control": "no-store",
        },
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append(_("The password is wrong."))
        else:
            user = current_user._get_current_object()
            logout_user()
            kept = ops.delete_user(user)
            db.session.commit()
            flash(_("Your account and your personal data are deleted."), "success")
            for sentence in kept:
                flash(sentence, "info")
            return redirect(url_for("public.home"))
    return render_template("accounts/delete.html", form=form)
