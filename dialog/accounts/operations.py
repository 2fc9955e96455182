"""Account writes and tokens."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..core import data_rights
from ..core.mail import send_email
from ..core.models import utcnow
from ..extensions import db
from .models import User


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email.strip().lower())).first()


def email_taken(email: str) -> bool:
    return db.session.scalar(select(func.count(User.id)).where(User.email == email.strip().lower())) > 0


def register_user(*, email: str, display_name: str, password: str, language: str) -> User:
    """Create an unverified resident account and flush it."""
    user = User(email=email.strip().lower(), display_name=display_name, language=language)
    user.set_password(password)
    user.roles = {"resident"}
    db.session.add(user)
    db.session.flush()
    return user


def make_verification_token(user: User) -> str:
    return _serializer("verify-email").dumps({"id": user.id, "email": user.email})


def verify_email_token(token: str) -> User | None:
    """Return the user a verification link is for, or None if it is bad or expired."""
    try:
        data = _serializer("verify-email").loads(token, max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        return None
    return user


def make_reset_token(user: User) -> str:
    # The hash fragment makes the link single-use: it stops working once the password changes.
    return _serializer("reset-password").dumps({"id": user.id, "h": user.password_hash[-16:]})


def verify_reset_token(token: str) -> User | None:
    try:
        data = _serializer("reset-password").loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def send_verification_email(user: User) -> None:
    link = url_for("accounts.verify", token=make_verification_token(user), _external=True)
    with force_locale(user.language):
        send_email(
            user.email,
            _("Confirm your e-mail address for Dialog"),
            render_template("accounts/email/verify.txt", user=user, link=link),
        )


def send_reset_email(user: User) -> None:
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    with force_locale(user.language):
        send_email(
            user.email,
            _("Choose a new password for Dialog"),
            render_template("accounts/email/reset.txt", user=user, link=link),
        )


#: Checked against when no account has the address, so both answers take as long.
_DUMMY_HASH = None


def password_matches(user: User | None, password: str) -> bool:
    """Whether ``password`` is the user's; for no user, spends the same time and says no."""
    global _DUMMY_HASH
    if user is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash("no account has this address")
        check_password_hash(_DUMMY_HASH, password)
        return False
    return user.check_password(password)


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def export_user_data(user: User) -> dict:
    """Everything Dialog keeps about a person, from every domain, as a JSON-ready dict."""
    return data_rights.export_person(user)


def delete_user(user: User) -> list[str]:
    """Delete the account and remove or anonymise everything of the person in every domain;
    return what was kept and why."""
    return data_rights.erase_person(user)
