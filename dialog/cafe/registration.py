"""Café registration: seats, the waiting list and its promotion, check-in, attendance,
reminders due, and erasing registrants' details after the meeting. Operations flush."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..core.models import utcnow
from ..extensions import db
from ..i18n import date_and_time
from .models import (
    CafeDialogue,
    CafeRegistration,
)

#: Reminders go out this long before the start.
REMINDER_BEFORE = timedelta(hours=48)


class RegistrationError(ValueError):
    """A registration the rules do not allow; the message is translated for the person."""


# --- Registration --------------------------------------------------------------------------


@dataclass
class RegistrationData:
    name: str
    email: str | None
    phone: str | None
    language: str
    interpreter_language: str | None = None
    access_needs: str | None = None
    childcare: bool = False
    wants_feedback: bool = False
    user_id: int | None = None
    idempotency_key: str | None = None


def registration_problem(dialogue: CafeDialogue, now: datetime | None = None) -> str | None:
    """Why registering is not possible now (translated), or None."""
    phase = dialogue.phase(now)
    if phase == "registration":
        return None
    if phase == "not_open_yet":
        return _("Registration opens on %(when)s.", when=_format(dialogue.registration_opens_at))
    if phase in ("closed", "running"):
        return _("Registration has closed. You are still welcome to come: ask at the door.")
    if phase == "past":
        return _("This café dialogue has already taken place.")
    if phase == "cancelled":
        return _("This café dialogue has been cancelled.")
    return _("This café dialogue is not open for registration.")


def _format(value) -> str:
    return date_and_time(value)


def _lock_registrations(dialogue: CafeDialogue) -> None:
    """Serialise registration changes for one dialogue (a row lock on PostgreSQL; SQLite
    serialises writers anyway), so two people never take the last seat."""
    db.session.execute(
        update(CafeDialogue)
        .where(CafeDialogue.id == dialogue.id)
        .values(registration_seq=CafeDialogue.registration_seq + 1)
        .execution_options(synchronize_session=False)
    )


def seats_taken(dialogue_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(CafeRegistration)
            .where(CafeRegistration.dialogue_id == dialogue_id, CafeRegistration.status == "registered")
        )
        or 0
    )


def find_live_registration(dialogue: CafeDialogue, data: RegistrationData) -> CafeRegistration | None:
    """A registration (not cancelled) by the same e-mail, phone or account."""
    conditions = []
    if data.email:
        conditions.append(CafeRegistration.email == data.email)
    if data.phone:
        conditions.append(CafeRegistration.phone == data.phone)
    if data.user_id:
        conditions.append(CafeRegistration.user_id == data.user_id)
    if not conditions:
        return None

    return db.session.scalars(
        select(CafeRegistration).where(
            CafeRegistration.dialogue_id == dialogue.id,
            CafeRegistration.status != "cancelled",
            or_(*conditions),
        )
    ).first()


def register(dialogue: CafeDialogue, data: RegistrationData, now: datetime | None = None) -> CafeRegistration:
    """Register, or put on the waiting list when every seat is taken. Flushes.

    A repeated form (same idempotency key) returns the first registration.
    """
    if data.idempotency_key:
        existing = db.session.scalars(
            select(CafeRegistration).where(CafeRegistration.idempotency_key == data.idempotency_key)
        ).first()
        if existing is not None:
            return existing
    problem = registration_problem(dialogue, now)
    if problem:
        raise RegistrationError(problem)
    _lock_registrations(dialogue)
    if find_live_registration(dialogue, data) is not None:
        raise RegistrationError(
            _(
                "You are already registered for this café dialogue. Look for the e-mail with your link to change or "
                "cancel it."
            )
        )
    status = "registered" if seats_taken(dialogue.id) < dialogue.capacity else "waitlisted"
    registration = CafeRegistration(
        dialogue_id=dialogue.id,
        name=data.name,
        email=data.email or None,
        phone=data.phone or None,
        language=data.language,
        user_id=data.user_id,
        interpreter_language=data.interpreter_language or None,
        access_needs=data.access_needs or None,
        childcare=data.childcare,
        wants_feedback=data.wants_feedback and bool(data.email),
        status=status,
        idempotency_key=data.idempotency_key or None,
    )
    db.session.add(registration)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise RegistrationError(
            _(
                "You are already registered for this café dialogue. Look for the e-mail with your link to change or "
                "cancel it."
            )
        ) from None
    return registration


def cancel(registration: CafeRegistration) -> CafeRegistration | None:
    """Cancel; when a seat frees up, the first on the waiting list gets it (returned)."""
    if registration.status == "cancelled":
        return None
    dialogue = registration.dialogue
    _lock_registrations(dialogue)
    had_seat = registration.status == "registered"
    registration.status = "cancelled"
    db.session.flush()
    if not had_seat:
        return None
    return promote_waitlist(dialogue)


def promote_waitlist(dialogue: CafeDialogue) -> CafeRegistration | None:
    if seats_taken(dialogue.id) >= dialogue.capacity:
        return None
    first = db.session.scalars(
        select(CafeRegistration)
        .where(CafeRegistration.dialogue_id == dialogue.id, CafeRegistration.status == "waitlisted")
        .order_by(CafeRegistration.created_at, CafeRegistration.id)
        .limit(1)
    ).first()
    if first is not None:
        first.status = "registered"
        db.session.flush()
    return first


def fill_from_waitlist(dialogue: CafeDialogue, now: datetime | None = None) -> list[CafeRegistration]:
    """Give the free seats (after the capacity was raised) to the waiting list, first come,
    first served. Returns the promoted registrations, in order; nothing once the meeting is
    over or the dialogue is not published."""
    if dialogue.state != "published" or dialogue.phase(now) == "past":
        return []
    _lock_registrations(dialogue)
    promoted = []
    while (first := promote_waitlist(dialogue)) is not None:
        promoted.append(first)
    return promoted


def waitlist_position(registration: CafeRegistration) -> int | None:
    if registration.status != "waitlisted":
        return None
    ahead = (
        db.session.scalar(
            select(func.count())
            .select_from(CafeRegistration)
            .where(
                CafeRegistration.dialogue_id == registration.dialogue_id,
                CafeRegistration.status == "waitlisted",
                (CafeRegistration.created_at < registration.created_at)
                | ((CafeRegistration.created_at == registration.created_at) & (CafeRegistration.id < registration.id)),
            )
        )
        or 0
    )
    return ahead + 1


def set_checked_in(registration: CafeRegistration, present: bool) -> None:
    registration.checked_in_at = utcnow() if present else None
    db.session.flush()


def attendance(dialogue: CafeDialogue) -> int:
    checked_in = (
        db.session.scalar(
            select(func.count())
            .select_from(CafeRegistration)
            .where(CafeRegistration.dialogue_id == dialogue.id, CafeRegistration.checked_in_at.is_not(None))
        )
        or 0
    )
    return checked_in + (dialogue.walk_ins or 0)


def registration_counts(dialogue_ids: list[int]) -> dict[int, Counter]:
    """Registrations per dialogue and status, in one query."""
    counts: dict[int, Counter] = {i: Counter() for i in dialogue_ids}
    if dialogue_ids:
        rows = db.session.execute(
            select(CafeRegistration.dialogue_id, CafeRegistration.status, func.count())
            .where(CafeRegistration.dialogue_id.in_(dialogue_ids))
            .group_by(CafeRegistration.dialogue_id, CafeRegistration.status)
        )
        for dialogue_id, status, count in rows:
            counts[dialogue_id][status] = count
    return counts


# --- Reminders -----------------------------------------------------------------------------


def due_reminders(now: datetime | None = None) -> list[int]:
    """Registrations to remind: seat held, e-mail given, start within REMINDER_BEFORE."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(CafeRegistration.id)
            .join(CafeDialogue, CafeRegistration.dialogue_id == CafeDialogue.id)
            .where(
                CafeDialogue.state == "published",
                CafeDialogue.starts_at > now,
                CafeDialogue.starts_at <= now + REMINDER_BEFORE,
                CafeRegistration.status == "registered",
                CafeRegistration.email.is_not(None),
                CafeRegistration.reminded_at.is_(None),
            )
        )
    )


# --- Personal data -------------------------------------------------------------------------

#: Registrants' names and contact details are kept this long after the meeting (long enough
#: for the summary to be e-mailed), then erased; the rows stay so attendance still counts.
KEEP_REGISTRANTS = timedelta(days=90)


def forget_registrants(now: datetime | None = None, keep: timedelta = KEEP_REGISTRANTS) -> int:
    """Erase names, contact details and needs of registrants of dialogues that ended more
    than ``keep`` ago (the retention rule sets it). Returns how many registrations were erased."""
    now = now or utcnow()
    ended = select(CafeDialogue.id).where(CafeDialogue.ends_at < now - keep)
    result = db.session.execute(
        update(CafeRegistration)
        .where(CafeRegistration.dialogue_id.in_(ended), CafeRegistration.name != "–")
        .values(
            name="–",
            email=None,
            phone=None,
            user_id=None,
            interpreter_language=None,
            access_needs=None,
            idempotency_key=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return result.rowcount or 0
