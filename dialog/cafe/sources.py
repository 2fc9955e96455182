"""Where a contribution from a dialogue came from: the café dialogue with its table and round,
or the trust dialogue. Resolvers for ``dialog.contributions.sources``: one query for all the
contributions of a kind."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, null, or_, select
from sqlalchemy.orm import aliased

from ..contributions.sources import SourceLink
from ..extensions import db
from ..i18n import translated
from .models import CafeDialogue, CafeNote, CafeProposal, CafeRound, CafeTable


def _event_path(dialogue_id: int) -> str:
    return url_for("cafe.event", ident=dialogue_id)


def round_number():
    """The round's number as the participants know it (1, 2, …: its place in the order), or
    NULL where an outer join found no round (a count would say 0)."""
    other = aliased(CafeRound)
    place = (
        select(func.count(other.id))
        .where(
            other.dialogue_id == CafeRound.dialogue_id,
            or_(
                other.position < CafeRound.position,
                and_(other.position == CafeRound.position, other.id <= CafeRound.id),
            ),
        )
        .correlate(CafeRound)
        .scalar_subquery()
    )
    return case((CafeRound.id.is_(None), null()), else_=place)


def _cafe_links(contributions: list, public: bool, rows) -> dict[int, SourceLink]:
    """Links from rows of (source id, table number or None, round number or None, dialogue id,
    title, state): the label names as much as is known."""
    found = {row[0]: row[1:] for row in rows}
    links = {}
    for contribution in contributions:
        if contribution.source_id not in found:
            continue
        table, round_, dialogue_id, title, state = found[contribution.source_id]
        if public and state == "draft":
            continue
        if table is None and round_ is None:
            label = _("Café dialogue “%(title)s”", title=translated(title))
        elif table is None:
            label = _("Café dialogue “%(title)s” · round %(round)d", title=translated(title), round=round_)
        elif round_ is None:
            label = _("Café dialogue “%(title)s”, table %(table)d", title=translated(title), table=table)
        else:
            label = _(
                "Café dialogue “%(title)s”, table %(table)d · round %(round)d",
                title=translated(title),
                table=table,
                round=round_,
            )
        links[contribution.id] = SourceLink(label, contribution.source_url or _event_path(dialogue_id))
    return links


def cafe_notes(contributions: list, public: bool) -> dict[int, SourceLink]:
    """Hosts' notes: ``source_id`` is the note."""
    return _cafe_links(
        contributions,
        public,
        db.session.execute(
            select(
                CafeNote.id, CafeTable.number, round_number(), CafeDialogue.id, CafeDialogue.title, CafeDialogue.state
            )
            .join(CafeTable, CafeNote.table_id == CafeTable.id)
            .join(CafeRound, CafeNote.round_id == CafeRound.id)
            .join(CafeDialogue, CafeTable.dialogue_id == CafeDialogue.id)
            .where(CafeNote.id.in_({c.source_id for c in contributions}))
        ),
    )


def cafe_proposals(contributions: list, public: bool) -> dict[int, SourceLink]:
    """Participants' proposals: ``source_id`` is the proposal; the table and the round if they
    said."""
    return _cafe_links(
        contributions,
        public,
        db.session.execute(
            select(
                CafeProposal.id,
                CafeTable.number,
                round_number(),
                CafeDialogue.id,
                CafeDialogue.title,
                CafeDialogue.state,
            )
            .join(CafeDialogue, CafeProposal.dialogue_id == CafeDialogue.id)
            .outerjoin(CafeTable, CafeProposal.table_id == CafeTable.id)
            .outerjoin(CafeRound, CafeProposal.round_id == CafeRound.id)
            .where(CafeProposal.id.in_({c.source_id for c in contributions}))
        ),
    )
