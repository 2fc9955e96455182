"""Café dialogues: set-up (state, rounds, tables) and the published summary.

Registration lives in ``registration.py``, the exit questionnaire in ``exit_answers.py``, the
harvest in ``harvest.py`` and the public lists in ``queries.py``.

Operations flush; the view commits once, then queues e-mails (jobs load fresh data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Topic
from ..core.models import utcnow
from ..core.ordering import next_position, swap
from ..extensions import db
from ..i18n import LANGUAGES
from .models import (
    CafeDialogue,
    CafeNote,
    CafeRound,
    CafeTable,
)
from .registration import fill_from_waitlist

# --- Set-up --------------------------------------------------------------------------------


@dataclass
class CafeSettings:
    """What staff set up for a café dialogue; times in UTC."""

    #: Per-language texts by field name (title, purpose, influence, …).
    texts: dict[str, dict]
    theme_group_id: int | None
    participation_level: str
    area_id: int
    topic_ids: list[int]
    starts_at: datetime
    ends_at: datetime
    place: str
    address: str
    languages: list[str]
    interpretation: list[str]
    capacity: int
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None


def _apply(dialogue: CafeDialogue, settings: CafeSettings) -> None:
    for name, value in settings.texts.items():
        setattr(dialogue, name, value)
    if settings.theme_group_id is not None:
        dialogue.theme_group_id = settings.theme_group_id
    dialogue.participation_level = settings.participation_level
    dialogue.area_id = settings.area_id
    dialogue.topics = list(db.session.scalars(select(Topic).where(Topic.id.in_(settings.topic_ids))))
    dialogue.starts_at, dialogue.ends_at = settings.starts_at, settings.ends_at
    dialogue.place, dialogue.address = settings.place, settings.address
    dialogue.languages = [c for c in LANGUAGES if c in settings.languages]
    dialogue.interpretation = [c for c in LANGUAGES if c in settings.interpretation]
    dialogue.capacity = settings.capacity
    dialogue.registration_opens_at = settings.registration_opens_at
    dialogue.registration_closes_at = settings.registration_closes_at


def create_dialogue(settings: CafeSettings, actor) -> CafeDialogue:
    """A new café dialogue, as a draft."""
    dialogue = CafeDialogue(created_by_id=actor.id if actor is not None else None)
    _apply(dialogue, settings)
    db.session.add(dialogue)
    db.session.flush()
    return dialogue


def update_dialogue(dialogue: CafeDialogue, settings: CafeSettings) -> list:
    """Change the set-up. More seats: the waiting list moves up, in order; returns the promoted
    registrations (the view queues their e-mails after the commit)."""
    capacity_before = dialogue.capacity
    _apply(dialogue, settings)
    db.session.flush()
    return fill_from_waitlist(dialogue) if dialogue.capacity > capacity_before else []


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


def update_round(item: CafeRound, question: dict, minutes: int | None) -> None:
    item.question, item.minutes = question, minutes
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


def update_table(table: CafeTable, theme: dict, host_user: User | None, host_name: str | None) -> None:
    """A staff host, or else a named volunteer."""
    table.theme = theme
    table.host_user = host_user
    table.host_name = None if host_user else host_name
    db.session.flush()


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


# --- Links (the table hosts' and the participants' posters) -------------------------------


def revoke_table_link(table: CafeTable) -> None:
    """The table's host link stops working (until it is reissued)."""
    if table.link_revoked_at is None:
        table.link_revoked_at = utcnow()
        db.session.flush()


def reissue_table_link(table: CafeTable) -> None:
    """A new host link for the table; the old poster stops working."""
    table.link_version += 1
    table.link_revoked_at = None
    db.session.flush()


def reissue_event_link(dialogue: CafeDialogue) -> None:
    """A new participants' link for the event; the old poster stops working."""
    dialogue.link_version += 1
    db.session.flush()
