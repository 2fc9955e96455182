"""Trust dialogues' part of a person's data. Stories are contributions (exported and erased with
them); here only what a staff member's account is on: dialogues made, stories recorded."""

from __future__ import annotations

from sqlalchemy import func, select, update

from ..core.data_rights import Holding, register
from ..extensions import db
from .models import TrustDialogue, TrustStory


def export(user) -> dict:
    def count(model, column):
        return db.session.scalar(select(func.count()).select_from(model).where(column == user.id))

    return {
        "staff_work": {
            "dialogues_created": count(TrustDialogue, TrustDialogue.created_by_id),
            "stories_recorded": count(TrustStory, TrustStory.recorded_by_id),
        }
    }


def erase(user) -> list[str]:
    for model, column in ((TrustDialogue, TrustDialogue.created_by_id), (TrustStory, TrustStory.recorded_by_id)):
        db.session.execute(
            update(model)
            .where(column == user.id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
    return []


HOLDING = register(
    Holding(
        name="trust_dialogues",
        export=export,
        erase=erase,
        covers=frozenset({"trust_dialogues.created_by_id", "trust_stories.recorded_by_id"}),
    )
)
