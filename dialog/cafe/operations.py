"""Café dialogues: set-up (state, rounds, tables) and the published summary.

Registration lives in ``registration.py``, the exit questionnaire in ``exit_answers.py``, the
harvest in ``harvest.py`` and the public lists in ``queries.py``.

Operations flush; the view commits once, then queues e-mails (jobs load fresh data).
"""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..core.models import utcnow
from ..core.ordering import next_position, swap
from ..extensions import db
from .models import (
    CafeDialogue,
    CafeNote,
    CafeRound,
    CafeTable,
)

# --- Set-up --------------------------------------------------------------------------------


def set_state(dialogue: CafeDialogue, state: str) -> None:
    dialogue.state = state
    db.session.flush()


def add_round(dialogue: CafeDialogue, question: dict, minutes: int | None) -> CafeRound:
    item = CafeRound(question=question, minutes=minutes, position=next_position(dialogue.rounds))
    dialogue.rounds.append(item)
    db.session.flush()
    return item


def move_round(dialogue: CafeDialogue, item: CafeRound, direction: int) -> None:
    if swap(dialogue.rounds, item, direction) is not None:
        db.session.flush()


def delete_round(dialogue: CafeDialogue, item: CafeRound) -> bool:
    """Rounds with notes are kept (the notes belong to them)."""
    has_notes = db.session.scalar(select(CafeNote.id).where(CafeNote.round_id == item.id).limit(1))
    if has_notes:
        return False
    dialogue.rounds.remove(item)
    db.session.flush()
    return True


def add_table(dialogue: CafeDialogue, theme: dict, host_user: User | None, host_name: str | None) -> CafeTable:
    number = max((t.number for t in dialogue.tables), default=0) + 1
    table = CafeTable(number=number, theme=theme, host_user=host_user, host_name=host_name or None)
    dialogue.tables.append(table)
    db.session.flush()
    return table


def delete_table(dialogue: CafeDialogue, table: CafeTable) -> bool:
    has_notes = db.session.scalar(select(CafeNote.id).where(CafeNote.table_id == table.id).limit(1))
    if has_notes:
        return False
    dialogue.tables.remove(table)
    db.session.flush()
    return True


# --- Summary -------------------------------------------------------------------------------


def save_summary(dialogue: CafeDialogue, *, summary: dict, themes: dict, follow_up: CafeDialogue | None) -> None:
    dialogue.summary = summary
    dialogue.summary_themes = themes
    dialogue.follow_up = follow_up
    db.session.flush()


def publish_summary(dialogue: CafeDialogue) -> None:
    if dialogue.summary_published_at is None:
        dialogue.summary_published_at = utcnow()
    db.session.flush()


def unpublish_summary(dialogue: CafeDialogue) -> None:
    dialogue.summary_published_at = None
    db.session.flush()
