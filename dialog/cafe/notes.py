"""What is written during the meeting: table hosts' notes (saved as they go, a resend stored
once) and participants' own proposals (a double click stored once). Operations flush."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..core.models import utcnow
from ..extensions import db
from .models import CafeDialogue, CafeNote, CafeProposal, CafeTable


def find_note(table: CafeTable, round_id: int, client_note_id: str) -> CafeNote | None:
    """The note this table already sent under ``client_note_id`` for the round, if any."""
    return db.session.scalars(
        select(CafeNote).where(
            CafeNote.table_id == table.id,
            CafeNote.round_id == round_id,
            CafeNote.client_note_id == client_note_id,
        )
    ).first()


def save_note(
    table: CafeTable, round_id: int, *, kind: str, body: str, language: str, client_note_id: str
) -> tuple[CafeNote, bool]:
    """Store a host's note once: returns the note and whether it was stored now (False for a
    resend of a note already stored, even one that raced its first copy)."""
    existing = find_note(table, round_id, client_note_id)
    if existing is not None:
        return existing, False
    note = CafeNote(
        table_id=table.id, round_id=round_id, kind=kind, body=body, language=language, client_note_id=client_note_id
    )
    try:
        with db.session.begin_nested():
            db.session.add(note)
            db.session.flush()
    except IntegrityError:
        # The same note was resent while the first copy was being stored: keep that one.
        first = find_note(table, round_id, client_note_id)
        if first is None:
            raise
        return first, False
    return note, True


def edit_note(note: CafeNote, *, kind: str, body: str, language: str | None) -> None:
    """``language`` None keeps the note's language (an edit page from before the field)."""
    note.kind, note.body = kind, body
    if language is not None:
        note.language = language
    db.session.flush()


def delete_note(note: CafeNote) -> None:
    """Hidden, not erased: the row keeps its client id, so a late resend is not stored again."""
    if note.deleted_at is None:
        note.deleted_at = utcnow()
        db.session.flush()


def find_proposal(key: str) -> CafeProposal | None:
    return db.session.scalars(select(CafeProposal).where(CafeProposal.idempotency_key == key)).first()


def submit_proposal(
    dialogue: CafeDialogue,
    *,
    key: str,
    table_number: int | None,
    round_id: int | None,
    body: str,
    language: str,
    consent_publish: bool,
    consent_quote: bool,
    consent_contact: bool,
    email: str | None,
) -> CafeProposal:
    """A participant's proposal, stored once per form (``key``)."""
    existing = find_proposal(key)
    if existing is not None:
        return existing
    table = next((t for t in dialogue.tables if t.number == table_number), None)
    proposal = CafeProposal(
        dialogue_id=dialogue.id,
        table_id=table.id if table else None,
        round_id=round_id or None,
        body=body,
        language=language,
        consent_publish=consent_publish,
        consent_quote=consent_quote,
        consent_contact=consent_contact,
        contact_email=email if consent_contact else None,
        idempotency_key=key,
    )
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
            db.session.flush()
    except IntegrityError:
        # A double click raced us: the first copy is kept.
        first = find_proposal(key)
        if first is None:
            raise
        return first
    return proposal
