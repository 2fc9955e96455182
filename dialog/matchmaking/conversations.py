"""Writes for the meeting-2 schedule: conversations built from the confirmed pairs (and small
groups around an idea), placed in time slots and at tables by the solver, moved or unlocked by hand."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..organisations.models import Organisation
from . import queries
from . import schedule as scheduling
from .models import (
    MatchConversation,
    MatchRound,
    MatchSuggestion,
)
from .operations import MAX_GROUP, MatchError


def build_conversations(match_round: MatchRound) -> int:
    """One conversation per confirmed pair of organisations; an idea confirmed with two or more
    partners becomes one small group (up to four) around it. Kept conversations (locked) stay."""
    confirmed = db.session.scalars(
        select(MatchSuggestion)
        .where(MatchSuggestion.round_id == match_round.id, MatchSuggestion.state == "confirmed")
        .order_by(MatchSuggestion.score.desc(), MatchSuggestion.id)
    ).all()
    existing = db.session.scalars(select(MatchConversation).where(MatchConversation.round_id == match_round.id)).all()
    locked_keys = set()
    for conversation in existing:
        if conversation.locked:
            locked_keys.add(frozenset(o.id for o in conversation.organisations))
        else:
            db.session.delete(conversation)
    db.session.flush()
    items = {i.id: i for s in confirmed for i in (s.item_a, s.item_b)}
    #: Idea item id → its partners in order of score (``confirmed`` is sorted best first).
    partners: dict[int, list[int]] = {}
    group_score: dict[int, float] = {}
    for s in confirmed:
        for item_id, other in ((s.item_a_id, s.organisation_b_id), (s.item_b_id, s.organisation_a_id)):
            found = partners.setdefault(item_id, []) if items[item_id].kind == "idea" else None
            if found is not None and other not in found and len(found) < MAX_GROUP - 1:
                found.append(other)
                group_score[item_id] = group_score.get(item_id, 0.0) + s.score
    made = 0
    covered: set[frozenset[int]] = set(locked_keys)
    organisations = {
        o.id: o
        for o in db.session.scalars(
            select(Organisation).where(
                Organisation.id.in_({s.organisation_a_id for s in confirmed} | {s.organisation_b_id for s in confirmed})
            )
        )
    }
    for item_id, others in partners.items():
        if len(others) < 2:
            continue  # one partner: an ordinary pair below
        key = frozenset([items[item_id].organisation_id, *others])
        if key in covered:
            continue
        covered.add(key)
        covered |= {frozenset((x, y)) for x in key for y in key if x != y}
        db.session.add(
            MatchConversation(
                round_id=match_round.id,
                item_id=item_id,
                score=round(group_score[item_id], 4),
                organisations=[organisations[o] for o in sorted(key)],
            )
        )
        made += 1
    for s in confirmed:
        key = frozenset((s.organisation_a_id, s.organisation_b_id))
        if key in covered:
            continue
        covered.add(key)
        db.session.add(
            MatchConversation(
                round_id=match_round.id,
                suggestion_id=s.id,
                score=s.score,
                organisations=[organisations[s.organisation_a_id], organisations[s.organisation_b_id]],
            )
        )
        made += 1
    db.session.flush()
    return made


def schedule_problem(match_round: MatchRound) -> tuple[scheduling.Problem, list[MatchConversation]]:
    conversations = db.session.scalars(
        select(MatchConversation)
        .where(MatchConversation.round_id == match_round.id)
        .options(selectinload(MatchConversation.organisations))
        .order_by(MatchConversation.id)
    ).all()
    availability = {
        p.organisation_id: frozenset(p.available_slots)
        for p in match_round.participants
        if p.available_slots is not None
    }
    problem = scheduling.Problem(
        slots=match_round.slot_count,
        tables=match_round.table_count,
        conversations=[
            scheduling.Conversation(
                id=c.id,
                organisations=frozenset(o.id for o in c.organisations),
                score=c.score,
                locked=(c.slot, c.table_number) if c.locked and c.slot is not None else None,
            )
            for c in conversations
        ],
        availability=availability,
    )
    return problem, conversations


LOCK_MESSAGES = {
    "lock_out_of_range": lambda: _("A fixed conversation is outside the times or tables of this meeting."),
    "lock_unavailable": lambda: _("A fixed conversation is at a time one of its organisations cannot come."),
    "lock_same_table": lambda: _("Two fixed conversations are at the same table at the same time."),
    "lock_double_booked": lambda: _("An organisation is in two fixed conversations at the same time."),
    "no_solution": lambda: _("No schedule could be found within the time limit. Try again or unlock a conversation."),
}


def solve_schedule(match_round: MatchRound, *, time_limit: float = scheduling.TIME_LIMIT_S) -> scheduling.Schedule:
    """Place every conversation the meeting can hold; say why the others have no place."""
    problem, conversations = schedule_problem(match_round)
    if not conversations:
        raise MatchError(_("There are no confirmed pairs to schedule yet."))
    try:
        result = scheduling.solve(problem, time_limit=time_limit)
    except scheduling.ScheduleError as error:
        raise MatchError(LOCK_MESSAGES[error.code]()) from error
    for conversation in conversations:
        slot_table = result.placed.get(conversation.id)
        conversation.slot, conversation.table_number = slot_table if slot_table else (None, None)
        conversation.left_out_reason = result.left_out.get(conversation.id)
    match_round.schedule_report = {
        "score": result.score,
        "bound": result.bound,
        "ratio": round(result.ratio, 4),
        "optimal": result.optimal,
        "seconds": result.seconds,
        "placed": len(result.placed),
        "left_out": len(result.left_out),
    }
    db.session.flush()
    return result


def schedule_round(match_round: MatchRound, *, build: bool) -> scheduling.Schedule:
    """The staff's schedule button: with ``build``, first a conversation for each confirmed
    pair (refused when there is none, new or old), then every conversation placed."""
    if build:
        made = build_conversations(match_round)
        if not made and not queries.conversations(match_round):
            raise MatchError(_("There are no confirmed pairs to schedule yet."))
    return solve_schedule(match_round)


def move_conversation(conversation: MatchConversation, slot: int, table: int) -> None:
    """Staff fix a conversation at a slot and table by hand (it stays there when solving again)."""
    match_round = db.session.get(MatchRound, conversation.round_id)
    if not (0 <= slot < match_round.slot_count and 0 <= table < match_round.table_count):
        raise MatchError(_("Choose a time and a table from the lists."), "slot")
    others = db.session.scalars(
        select(MatchConversation).where(
            MatchConversation.round_id == match_round.id,
            MatchConversation.slot == slot,
            MatchConversation.id != conversation.id,
        )
    ).all()
    if any(o.table_number == table for o in others):
        raise MatchError(_("Another conversation is at that table then."), "table")
    members = {o.id for o in conversation.organisations}
    if any(members & {o.id for o in other.organisations} for other in others):
        raise MatchError(_("One of the organisations is in another conversation then."), "slot")
    conversation.slot, conversation.table_number = slot, table
    conversation.locked = True
    conversation.left_out_reason = None
    db.session.flush()


def unlock_conversation(conversation: MatchConversation) -> None:
    conversation.locked = False
    db.session.flush()
