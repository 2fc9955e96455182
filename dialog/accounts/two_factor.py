"""Two-factor sign-in (TOTP, RFC 6238) for staff and admins, with single-use recovery codes.

Staff and admins sign in in two steps: the password, then a six-digit code from an
authenticator app (or one recovery code). Until the second step is done the session holds only
a pending sign-in, never the user. A code is accepted once: the time step it belongs to is kept
and no step at or before it is accepted again. Failed codes are counted on the account (so every
app server sees them): after ``MAX_FAILURES`` the account's second step is closed for a while.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta

import pyotp
import segno
from flask import session
from sqlalchemy import ForeignKey, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import UTCDateTime, utcnow
from ..extensions import db
from .models import User

#: The issuer shown in authenticator apps.
ISSUER = "Dialog"
#: Codes from one step before and after the current one are accepted (clocks drift).
VALID_WINDOW = 1
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=5)
RECOVERY_CODE_COUNT = 10
#: Session keys of a sign-in waiting for its second step.
PENDING_KEY = "2fa_pending"
SETUP_SECRET_KEY = "2fa_setup_secret"
#: Set in the session once the second factor is done.
DONE_KEY = "2fa_done"


class UserTotp(db.Model):
    """A user's confirmed authenticator secret and the last time step accepted from it."""

    __tablename__ = "user_totp"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The newest time step a code was accepted for; older and equal steps are refused.
    last_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RecoveryCode(db.Model):
    """One single-use recovery code, stored as a hash."""

    __tablename__ = "user_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def required_for(user: User) -> bool:
    """Staff and admins see personal data: they must use a second factor."""
    return user.is_staff


def totp_for(user: User) -> UserTotp | None:
    return db.session.get(UserTotp, user.id)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    """The enrolment QR code as an inline SVG data URI (no request leaves the site)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """The secret in groups of four for typing by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def _hash_recovery(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def matching_step(secret: str, code: str, *, after: int = 0, now: float | None = None) -> int | None:
    """The time step ``code`` belongs to (within the window, newer than ``after``), or None."""
    code = _normalise(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    current = totp.timecode(datetime.fromtimestamp(now))
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def is_locked(record: UserTotp) -> bool:
    return record.locked_until is not None and record.locked_until > utcnow()


def _failed(record: UserTotp) -> None:
    record.failures += 1
    if record.failures >= MAX_FAILURES:
        record.locked_until = utcnow() + LOCK_FOR
        record.failures = 0


def check_code(user: User, code: str) -> str:
    """Check a code or recovery code for ``user``: 'ok', 'wrong' or 'locked'. Flushes."""
    record = totp_for(user)
    if record is None:
        return "wrong"
    if is_locked(record):
        return "locked"
    step = matching_step(record.secret, code, after=record.last_step)
    if step is not None:
        record.last_step = step
        record.failures = 0
        db.session.flush()
        return "ok"
    if use_recovery_code(user, code):
        record.failures = 0
        db.session.flush()
        return "ok"
    _failed(record)
    db.session.flush()
    return "locked" if is_locked(record) else "wrong"


def use_recovery_code(user: User, code: str) -> bool:
    wanted = _hash_recovery(code)
    if len(_normalise(code)) < 10:
        return False
    row = db.session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == wanted, RecoveryCode.used_at.is_(None)
        )
    ).first()
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; return them (shown once)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)  # 10 hex digits, 40 bits
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(code)))
    db.session.flush()
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def confirm_enrolment(user: User, secret: str, code: str) -> list[str] | None:
    """Store ``secret`` when ``code`` proves the app has it; return new recovery codes."""
    step = matching_step(secret, code)
    if step is None:
        return None
    record = totp_for(user)
    if record is None:
        record = UserTotp(user_id=user.id, secret=secret)
        db.session.add(record)
    record.secret = secret
    record.confirmed_at = utcnow()
    record.last_step = step
    record.failures = 0
    record.locked_until = None
    db.session.flush()
    return new_recovery_codes(user)


def reset(user: User) -> None:
    """Remove the user's second factor (an admin does this when a phone is lost); they enrol again."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(UserTotp).where(UserTotp.user_id == user.id))
    db.session.flush()


def set_known_secret(user: User, secret: str) -> None:
    """Demo data only: give an account a printed, known secret."""
    record = totp_for(user)
    if record is None:
        db.session.add(UserTotp(user_id=user.id, secret=secret))
    else:
        record.secret = secret
    db.session.flush()


# -- the session side -------------------------------------------------------------------


def rotate_session() -> None:
    """Start a fresh session at sign-in (a new id; nothing from before survives but the language)."""
    keep = {key: session[key] for key in ("lang",) if key in session}
    session.clear()
    session.update(keep)
    session["sid"] = secrets.token_urlsafe(16)


def begin(user: User, *, remember: bool, next_url: str) -> None:
    rotate_session()
    session[PENDING_KEY] = {"user": user.id, "remember": bool(remember), "next": next_url}


def pending() -> dict | None:
    value = session.get(PENDING_KEY)
    return value if isinstance(value, dict) and isinstance(value.get("user"), int) else None


def pending_user() -> User | None:
    state = pending()
    if state is None:
        return None
    user = db.session.get(User, state["user"])
    if user is None or user.is_blocked:
        session.pop(PENDING_KEY, None)
        return None
    return user


def finish() -> dict:
    """End the pending state; the caller signs the user in. Returns it (remember, next)."""
    state = session.pop(PENDING_KEY, None) or {}
    session.pop(SETUP_SECRET_KEY, None)
    rotate_session()
    session[DONE_KEY] = True
    return state


def status(user: User) -> dict | None:
    """For the profile page: when the second step was turned on and how many codes are left."""
    record = totp_for(user) if required_for(user) else None
    if record is None:
        return None
    return {"since": record.confirmed_at, "codes_left": recovery_codes_left(user)}
