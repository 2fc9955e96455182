"""Reads for the public lists of café dialogues (area pages, the calendar)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.models import utcnow
from ..extensions import db
from .models import (
    CafeDialogue,
    CafeNote,
    CafeProposal,
    CafeRegistration,
    CafeTable,
)

# --- Public lists --------------------------------------------------------------------------


def upcoming(area_ids: list[int] | None = None, *, now: datetime | None = None, limit: int = 50) -> list[CafeDialogue]:
    now = now or utcnow()
    query = (
        select(CafeDialogue)
        .where(CafeDialogue.state == "published", CafeDialogue.ends_at > now)
        .options(selectinload(CafeDialogue.area))
        .order_by(CafeDialogue.starts_at, CafeDialogue.id)
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(CafeDialogue.area_id.in_(area_ids))
    return list(db.session.scalars(query))


def past_with_summaries(
    area_ids: list[int] | None = None, *, now: datetime | None = None, limit: int = 10
) -> list[CafeDialogue]:
    now = now or utcnow()
    query = (
        select(CafeDialogue)
        .where(CafeDialogue.state == "published", CafeDialogue.ends_at <= now)
        .options(selectinload(CafeDialogue.area))
        .order_by(CafeDialogue.starts_at.desc(), CafeDialogue.id.desc())
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(CafeDialogue.area_id.in_(area_ids))
    return list(db.session.scalars(query))


# --- One dialogue ----------------------------------------------------------------------------


def _dialogue_with_its_parts(ident: int):
    """One dialogue with its rounds, tables and hosts, topics, area and theme group."""
    return (
        select(CafeDialogue)
        .where(CafeDialogue.id == ident)
        .options(
            selectinload(CafeDialogue.rounds),
            selectinload(CafeDialogue.tables).selectinload(CafeTable.host_user),
            selectinload(CafeDialogue.topics),
            selectinload(CafeDialogue.area),
            selectinload(CafeDialogue.theme_group),
        )
    )


def event_dialogue(ident: int) -> CafeDialogue:
    """A dialogue with everything its public page shows."""
    return db.session.scalars(_dialogue_with_its_parts(ident).options(selectinload(CafeDialogue.follow_up))).one()


def staff_dialogue(ident: int) -> CafeDialogue | None:
    """A dialogue with what the staff pages show, or None."""
    return db.session.scalars(_dialogue_with_its_parts(ident)).first()


def registrations(dialogue: CafeDialogue) -> list[CafeRegistration]:
    return db.session.scalars(
        select(CafeRegistration)
        .where(CafeRegistration.dialogue_id == dialogue.id)
        .order_by(CafeRegistration.status, CafeRegistration.created_at, CafeRegistration.id)
    ).all()


def harvest_notes(dialogue: CafeDialogue) -> list[CafeNote]:
    """The notes of every table, table by table and round by round, with their contributions."""
    return db.session.scalars(
        select(CafeNote)
        .join(CafeTable, CafeNote.table_id == CafeTable.id)
        .where(CafeTable.dialogue_id == dialogue.id, CafeNote.deleted_at.is_(None))
        .options(selectinload(CafeNote.contribution))
        .order_by(CafeTable.number, CafeNote.round_id, CafeNote.created_at, CafeNote.id)
    ).all()


def harvest_proposals(dialogue: CafeDialogue) -> list[CafeProposal]:
    return db.session.scalars(
        select(CafeProposal)
        .where(CafeProposal.dialogue_id == dialogue.id)
        .options(selectinload(CafeProposal.table), selectinload(CafeProposal.contribution))
        .order_by(CafeProposal.created_at, CafeProposal.id)
    ).all()


def follow_up_choices(dialogue: CafeDialogue) -> list[CafeDialogue]:
    """Dialogues a summary may name as the follow-up (the latest 200, none cancelled)."""
    return db.session.scalars(
        select(CafeDialogue)
        .where(CafeDialogue.id != dialogue.id, CafeDialogue.state != "cancelled")
        .order_by(CafeDialogue.starts_at.desc())
        .limit(200)
    ).all()


def feedback_wanted(dialogue: CafeDialogue) -> int:
    """How many registrants (not cancelled, with an e-mail address) asked for feedback."""
    return db.session.scalar(
        select(db.func.count())
        .select_from(CafeRegistration)
        .where(
            CafeRegistration.dialogue_id == dialogue.id,
            CafeRegistration.status != "cancelled",
            CafeRegistration.wants_feedback.is_(True),
            CafeRegistration.email.is_not(None),
        )
    )
