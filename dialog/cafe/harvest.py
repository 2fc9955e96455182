"""The harvest: chosen host notes and participants' proposals become contributions (once each),
and the contributions made from a dialogue."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..contributions import operations as contribution_ops
from ..contributions.models import Contribution, ContributionRoute
from ..extensions import db
from ..i18n import translated
from .models import (
    CafeDialogue,
    CafeNote,
    CafeProposal,
    CafeTable,
)

# --- Harvest -------------------------------------------------------------------------------


def harvest_notes(dialogue: CafeDialogue, note_ids: list[int], actor) -> list:
    """Turn the chosen notes into contributions routed to theme groups (once per note)."""
    notes = db.session.scalars(
        select(CafeNote)
        .join(CafeTable, CafeNote.table_id == CafeTable.id)
        .where(CafeTable.dialogue_id == dialogue.id, CafeNote.id.in_(note_ids), CafeNote.deleted_at.is_(None))
        .options(selectinload(CafeNote.table), selectinload(CafeNote.round))
        .order_by(CafeNote.id)
    ).all()
    made = []
    for note in notes:
        if note.contribution_id is not None:
            continue
        question = translated(note.round.question, note.language)[:150]
        title = f"{_table_word(note.language)} {note.table.number} · {question}"
        contribution = contribution_ops.create_contribution(
            source_kind="cafe_note",
            area=dialogue.area,
            topics=list(dialogue.topics),
            title=title[:200],
            body=note.body,
            language=note.language,
            source_id=note.id,
            source_url=url_for("cafe.event", ident=dialogue.id, _external=False) + f"#round-{note.round_id}",
            idempotency_key=f"cafe-note-{note.id}",
            recorded_by=actor,
        )
        note.contribution_id = contribution.id
        made.append(contribution)
    db.session.flush()
    return made


def _table_word(language) -> str:
    with force_locale(language if isinstance(language, str) else "sv"):
        return _("Table")


def harvest_proposals(dialogue: CafeDialogue, proposal_ids: list[int], actor) -> list:
    """Participants' own proposals become contributions with their consents and contact."""
    proposals = db.session.scalars(
        select(CafeProposal)
        .where(CafeProposal.dialogue_id == dialogue.id, CafeProposal.id.in_(proposal_ids))
        .options(selectinload(CafeProposal.table), selectinload(CafeProposal.round))
        .order_by(CafeProposal.id)
    ).all()
    made = []
    for proposal in proposals:
        if proposal.contribution_id is not None:
            continue
        # Linked back to the table the participant said they sat at and the round they said the
        # proposal is about (the event page lists both, each with an anchor); the title names them
        # in the language the participant wrote in.
        parts, source_url = [], url_for("cafe.event", ident=dialogue.id)
        if proposal.table is not None:
            parts += [
                f"{_table_word(proposal.language)} {proposal.table.number}",
                translated(proposal.table.theme, proposal.language),
            ]
            source_url += f"#table-{proposal.table.number}"
        if proposal.round is not None:
            parts.append(translated(proposal.round.question, proposal.language)[:150])
            if proposal.table is None:
                source_url += f"#round-{proposal.round_id}"
        title = " · ".join(filter(None, parts))[:200] or translated(dialogue.title, proposal.language)[:200] or None
        contribution = contribution_ops.create_contribution(
            source_kind="cafe_proposal",
            area=dialogue.area,
            topics=list(dialogue.topics),
            title=title,
            body=proposal.body,
            language=proposal.language,
            contact_email=proposal.contact_email,
            consent_publish=proposal.consent_publish,
            consent_quote=proposal.consent_quote,
            consent_contact=proposal.consent_contact,
            source_id=proposal.id,
            source_url=source_url,
            idempotency_key=f"cafe-proposal-{proposal.id}",
        )
        proposal.contribution_id = contribution.id
        made.append(contribution)
    db.session.flush()
    return made


def harvest_chosen(dialogue: CafeDialogue, note_ids: list[int], proposal_ids: list[int], actor) -> list:
    """The notes and proposals staff ticked, sent on as contributions (notes first)."""
    made = harvest_notes(dialogue, note_ids or [], actor)
    made += harvest_proposals(dialogue, proposal_ids or [], actor)
    return made


def _harvested_ids(dialogue_id: int):
    """The ids of the contributions made from a dialogue's notes and proposals (a select)."""
    note_ids = (
        select(CafeNote.contribution_id)
        .join(CafeTable, CafeNote.table_id == CafeTable.id)
        .where(CafeTable.dialogue_id == dialogue_id, CafeNote.contribution_id.is_not(None))
    )
    proposal_ids = select(CafeProposal.contribution_id).where(
        CafeProposal.dialogue_id == dialogue_id, CafeProposal.contribution_id.is_not(None)
    )
    return note_ids, proposal_ids


def harvest_version(dialogue_id: int) -> tuple[int, str]:
    """How many contributions were harvested from the dialogue and when the last of them
    changed, in one query: it keys the cached event page, which lists them with their route
    and status. Every contribution event (moderation, answer, status, re-route) moves
    ``contributions.updated_at``, and every harvest adds a row."""
    note_ids, proposal_ids = _harvested_ids(dialogue_id)
    count, latest = db.session.execute(
        select(func.count(), func.max(Contribution.updated_at)).where(
            Contribution.id.in_(note_ids.union_all(proposal_ids).scalar_subquery())
        )
    ).one()
    return count or 0, latest.isoformat() if latest is not None else ""


def harvested_contributions(dialogue: CafeDialogue, *, public: bool = False) -> list:
    """Contributions made from this dialogue's notes and proposals, with their routes.

    ``public``: only what the event page may show: proposals the hosts wrote down and
    participants' proposals they agreed to publish, once moderation has approved them.
    """
    note_ids, proposal_ids = _harvested_ids(dialogue.id)
    where = [Contribution.id.in_(note_ids.union(proposal_ids).scalar_subquery())]
    if public:
        host_proposals = note_ids.where(CafeNote.kind == "proposal")
        where += [
            Contribution.moderation == "approved",
            Contribution.id.in_(host_proposals)
            | ((Contribution.source_kind == "cafe_proposal") & Contribution.consent_publish.is_(True)),
        ]
    return list(
        db.session.scalars(
            select(Contribution)
            .where(*where)
            .options(
                selectinload(Contribution.routes).selectinload(ContributionRoute.theme_group),
                selectinload(Contribution.answer),
            )
            .order_by(Contribution.id)
        )
    )
