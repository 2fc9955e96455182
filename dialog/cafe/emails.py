"""E-mails to the people registered for a café dialogue, each in the language they registered in:
confirmation (with a calendar file), waiting-list news, the reminder, and the published summary.

These are job functions: they take ids, load fresh data and are safe to repeat (each sent
e-mail is marked on the registration where a repeat would bother the person).
"""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.mail import send_email
from ..core.models import utcnow
from ..core.text import html_to_text
from ..extensions import db
from ..i18n import LANGUAGES, translated
from . import links
from . import registration as seats
from .calendar import event_ics
from .models import CafeDialogue, CafeRegistration


def _language(registration: CafeRegistration) -> str:
    return registration.language if registration.language in LANGUAGES else "sv"


def _links(registration: CafeRegistration) -> dict:
    return {
        "own_link": url_for("cafe.registration", token=links.registration_token(registration), _external=True),
        "event_link": url_for("cafe.event", ident=registration.dialogue_id, _external=True),
    }


def send_registration_email(registration_id: int, kind: str) -> bool:
    """``kind``: "registered", "waitlisted", "promoted" (a seat came free) or "cancelled"."""
    registration = db.session.get(CafeRegistration, registration_id)
    if registration is None or not registration.email:
        return False
    dialogue = registration.dialogue
    language = _language(registration)
    with force_locale(language):
        title = translated(dialogue.title, language)
        subjects = {
            "registered": _("You are registered: %(title)s", title=title),
            "waitlisted": _("You are on the waiting list: %(title)s", title=title),
            "promoted": _("A place is free for you: %(title)s", title=title),
            "cancelled": _("Your registration is cancelled: %(title)s", title=title),
        }
        body = render_template(
            "cafe/email/registration.txt",
            kind=kind,
            dialogue=dialogue,
            registration=registration,
            title=title,
            language=language,
            position=seats.waitlist_position(registration),
            **_links(registration),
        )
        attachments = []
        if kind in ("registered", "promoted"):
            attachments.append(("cafe-dialogue.ics", "text/calendar", event_ics(dialogue, language)))
        send_email(
            registration.email,
            subjects[kind],
            body,
            attachments=attachments,
            key=f"cafe_registration:{registration.id}:{kind}",  # each kind goes once per registration
        )
    return True


def send_due_reminders(now=None) -> int:
    """Remind everyone with a seat whose dialogue starts within two days (once each)."""
    sent = 0
    for registration_id in seats.due_reminders(now):
        registration = db.session.get(CafeRegistration, registration_id)
        language = _language(registration)
        with force_locale(language):
            title = translated(registration.dialogue.title, language)
            body = render_template(
                "cafe/email/reminder.txt",
                dialogue=registration.dialogue,
                registration=registration,
                title=title,
                language=language,
                **_links(registration),
            )
            send_email(registration.email, _("Reminder: %(title)s", title=title), body)
        registration.reminded_at = utcnow()
        db.session.commit()
        sent += 1
    return sent


def send_feedback(dialogue_id: int) -> int:
    """E-mail the published summary to every registrant who asked for feedback (once each)."""
    dialogue = db.session.get(CafeDialogue, dialogue_id)
    if dialogue is None or dialogue.summary_published_at is None:
        return 0
    ids = db.session.scalars(
        select(CafeRegistration.id)
        .where(
            CafeRegistration.dialogue_id == dialogue.id,
            CafeRegistration.status != "cancelled",
            CafeRegistration.wants_feedback.is_(True),
            CafeRegistration.email.is_not(None),
            CafeRegistration.feedback_sent_at.is_(None),
        )
        .order_by(CafeRegistration.id)
    ).all()

    for registration_id in ids:
        registration = db.session.get(CafeRegistration, registration_id)
        language = _language(registration)
        with force_locale(language):
            title = translated(dialogue.title, language)
            body = render_template(
                "cafe/email/feedback.txt",
                dialogue=dialogue,
                registration=registration,
                title=title,
                summary=html_to_text(translated(dialogue.summary, language)),
                themes=html_to_text(translated(dialogue.summary_themes, language)),
                language=language,
                **_links(registration),
            )
            send_email(registration.email, _("What we heard: %(title)s", title=title), body)
        registration.feedback_sent_at = utcnow()
        db.session.commit()
    dialogue.feedback_sent_at = utcnow()
    db.session.commit()
    return len(ids)
