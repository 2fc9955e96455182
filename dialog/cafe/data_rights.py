"""Café dialogues' part of a person's data: registrations (name, contact, needs), proposals with
a contact address, and, for staff, the dialogues and tables their account is on."""

from __future__ import annotations

from flask_babel import ngettext
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from ..core.data_rights import Holding, iso, register
from ..extensions import db
from ..i18n import translated
from .models import CafeDialogue, CafeProposal, CafeRegistration, CafeTable

#: What an erased registration's name becomes (as when registrants are forgotten after a meeting).
ERASED_NAME = "–"


def _registrations(user):
    email = (user.email or "").lower()
    return or_(CafeRegistration.user_id == user.id, func.lower(CafeRegistration.email) == email)


def _proposals(user):
    return func.lower(CafeProposal.contact_email) == (user.email or "").lower()


def export(user) -> dict:
    registrations = db.session.scalars(
        select(CafeRegistration)
        .where(_registrations(user))
        .options(selectinload(CafeRegistration.dialogue))
        .order_by(CafeRegistration.id)
    )
    proposals = db.session.scalars(select(CafeProposal).where(_proposals(user)).order_by(CafeProposal.id))
    return {
        "registrations": [
            {
                "dialogue": translated(r.dialogue.title),
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "language": r.language,
                "interpreter_language": r.interpreter_language,
                "access_needs": r.access_needs,
                "childcare": r.childcare,
                "wants_feedback": r.wants_feedback,
                "status": r.status,
                "checked_in_at": iso(r.checked_in_at),
                "registered_at": iso(r.created_at),
            }
            for r in registrations
        ],
        "proposals": [
            {"text": p.body, "language": p.language, "contact_email": p.contact_email, "sent_at": iso(p.created_at)}
            for p in proposals
        ],
        "staff_work": {
            "dialogues_created": db.session.scalar(
                select(func.count()).select_from(CafeDialogue).where(CafeDialogue.created_by_id == user.id)
            ),
            "tables_hosted": db.session.scalar(
                select(func.count()).select_from(CafeTable).where(CafeTable.host_user_id == user.id)
            ),
        },
    }


def erase(user) -> list[str]:
    count = db.session.scalar(select(func.count()).select_from(CafeRegistration).where(_registrations(user))) or 0
    db.session.execute(
        update(CafeRegistration)
        .where(_registrations(user))
        .values(
            name=ERASED_NAME,
            email=None,
            phone=None,
            user_id=None,
            interpreter_language=None,
            access_needs=None,
            idempotency_key=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(CafeProposal)
        .where(_proposals(user))
        .values(contact_email=None, consent_contact=False)
        .execution_options(synchronize_session=False)
    )
    for model, column in ((CafeDialogue, CafeDialogue.created_by_id), (CafeTable, CafeTable.host_user_id)):
        db.session.execute(
            update(model)
            .where(column == user.id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
    if not count:
        return []
    return [
        ngettext(
            "Your café registration is kept without your name, contact details or needs, so the number who came"
            " still counts.",
            "Your %(num)d café registrations are kept without your name, contact details or needs, so the number who"
            " came still counts.",
            count,
        )
    ]


HOLDING = register(
    Holding(
        name="cafe_dialogues",
        export=export,
        erase=erase,
        covers=frozenset(
            {
                "cafe_registrations.name",
                "cafe_registrations.email",
                "cafe_registrations.phone",
                "cafe_registrations.user_id",
                "cafe_proposals.contact_email",
                "cafe_dialogues.created_by_id",
                "cafe_tables.host_user_id",
            }
        ),
        order=10,
    )
)
