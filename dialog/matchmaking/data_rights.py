"""Matchmaking's part of a person's data. Organisations' items are the organisation's, not the
person's; what is the person's: collaborations they are the named contact of (by their address),
and the staff or representative work their account is on (collaborations recorded, joins made)."""

from __future__ import annotations

from sqlalchemy import func, select, update

from ..core.data_rights import Holding, iso, register
from ..extensions import db
from .models import MatchCollaboration, MatchParticipant


def _as_contact(user):
    return func.lower(MatchCollaboration.contact_email) == user.email.lower()


def export(user) -> dict:
    contact_of = db.session.scalars(
        select(MatchCollaboration).where(_as_contact(user)).order_by(MatchCollaboration.id)
    ).all()

    def count(model, column):
        return db.session.scalar(select(func.count()).select_from(model).where(column == user.id))

    return {
        "contact_of_collaborations": [
            {
                "activity": c.activity,
                "contact_name": c.contact_name,
                "contact_email": c.contact_email,
                "created_at": iso(c.created_at),
            }
            for c in contact_of
        ],
        "work": {
            "collaborations_recorded": count(MatchCollaboration, MatchCollaboration.created_by_id),
            "organisations_joined_to_rounds": count(MatchParticipant, MatchParticipant.joined_by_id),
        },
    }


def erase(user) -> list[str]:
    # Before the account (order below): the collaborations are found by the account's address.
    db.session.execute(
        update(MatchCollaboration)
        .where(_as_contact(user))
        .values(contact_email=None, contact_name="")
        .execution_options(synchronize_session=False)
    )
    for model, column in (
        (MatchCollaboration, MatchCollaboration.created_by_id),
        (MatchParticipant, MatchParticipant.joined_by_id),
    ):
        db.session.execute(
            update(model)
            .where(column == user.id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
    return []


HOLDING = register(
    Holding(
        name="matchmaking",
        export=export,
        erase=erase,
        covers=frozenset(
            {
                "match_collaborations.contact_email",
                "match_collaborations.created_by_id",
                "match_participants.joined_by_id",
            }
        ),
        order=20,
    )
)
