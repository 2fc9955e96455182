"""Summaries' part of a person's data: only the staff work an account is on (summaries drafted
and published, entries in a summary's history). Residents' words in a summary are quotes of their
contributions, which go with the contributions."""

from __future__ import annotations

from sqlalchemy import func, select, update

from ..core.data_rights import Holding, register
from ..extensions import db
from .models import Summary, SummaryEvent

_COLUMNS = (
    (Summary, Summary.created_by_id),
    (Summary, Summary.published_by_id),
    (SummaryEvent, SummaryEvent.actor_id),
)


def export(user) -> dict:
    def count(model, column):
        return db.session.scalar(select(func.count()).select_from(model).where(column == user.id))

    return {
        "staff_work": {
            "summaries_drafted": count(Summary, Summary.created_by_id),
            "summaries_published": count(Summary, Summary.published_by_id),
            "history_entries": count(SummaryEvent, SummaryEvent.actor_id),
        }
    }


def erase(user) -> list[str]:
    for model, column in _COLUMNS:
        db.session.execute(
            update(model)
            .where(column == user.id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
    return []


HOLDING = register(
    Holding(
        name="summaries",
        export=export,
        erase=erase,
        covers=frozenset({"summaries.created_by_id", "summaries.published_by_id", "summary_events.actor_id"}),
    )
)
