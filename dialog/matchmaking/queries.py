"""Reads for the round pages, an organisation's suggestions, the schedule and retention.

Each function runs a fixed number of queries, whatever the size of the round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from ..core.models import utcnow
from ..extensions import db
from ..organisations.models import Organisation
from .models import (
    MatchAttendance,
    MatchCollaboration,
    MatchConversation,
    MatchFollowUp,
    MatchItem,
    MatchJob,
    MatchMeeting,
    MatchParticipant,
    MatchRound,
    MatchSuggestion,
    MatchTag,
    match_collaboration_organisations,
)

SUGGESTIONS_SHOWN = 20


def load_round(ident: int) -> MatchRound | None:
    return db.session.scalars(
        select(MatchRound)
        .where(MatchRound.id == ident)
        .options(
            selectinload(MatchRound.meetings),
            selectinload(MatchRound.area),
            selectinload(MatchRound.topics),
            selectinload(MatchRound.theme_groups),
        )
    ).first()


def public_rounds(area_ids: list[int] | None = None, limit: int = 20) -> list[MatchRound]:
    query = (
        select(MatchRound)
        .where(MatchRound.state != "draft")
        .options(selectinload(MatchRound.meetings))
        .order_by(MatchRound.id.desc())
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(MatchRound.area_id.in_(area_ids))
    return list(db.session.scalars(query))


# --- The area page and the district calendar ----------------------------------------------------


@dataclass
class ListedRound:
    """A round as the area page lists it: its next meeting (number and meeting, none when all
    are held) and the counts the card shows."""

    round: MatchRound
    next_number: int | None
    next_meeting: MatchMeeting | None
    participants: int
    public_collaborations: int


@dataclass
class CalendarMeeting:
    """A meeting of a round as the calendar shows it: which meeting of the round it is."""

    meeting: MatchMeeting
    round: MatchRound
    number: int
    #: Tells it apart from a café dialogue in the calendar's one list.
    is_round_meeting: ClassVar[bool] = True

    @property
    def starts_at(self) -> datetime:
        return self.meeting.starts_at


def _still_to_come(now: datetime):
    """A meeting not over yet (one without an end is over when it starts)."""
    return func.coalesce(MatchMeeting.ends_at, MatchMeeting.starts_at) > now


def _next_meeting(match_round: MatchRound, now: datetime) -> tuple[int | None, MatchMeeting | None]:
    for number, meeting in enumerate(match_round.meetings, start=1):
        if (meeting.ends_at or meeting.starts_at) > now:
            return number, meeting
    return None, None


def area_rounds(
    area_ids: list[int], *, now: datetime, limit: int = 10, past_limit: int = 5
) -> tuple[list[ListedRound], list[ListedRound]]:
    """The rounds an area page lists, as the public round page shows them (every round but a
    draft): those coming or open — a meeting still to come, or open for organisations — by
    their next meeting; and past rounds that have public collaborations, newest first.
    Five queries, however many rounds and meetings there are."""
    coming_meeting = exists().where(MatchMeeting.round_id == MatchRound.id, _still_to_come(now))
    next_start = (
        select(func.min(MatchMeeting.starts_at))
        .where(MatchMeeting.round_id == MatchRound.id, _still_to_come(now))
        .scalar_subquery()
    )
    public_collaboration = exists().where(
        MatchCollaboration.round_id == MatchRound.id, MatchCollaboration.is_public.is_(True)
    )
    visible = select(MatchRound).where(MatchRound.state != "draft", MatchRound.area_id.in_(area_ids))
    current = visible.where(or_(MatchRound.state == "open", coming_meeting)).order_by(
        next_start.is_(None), next_start, MatchRound.id
    )
    past = (
        visible.where(MatchRound.state != "open", ~coming_meeting, public_collaboration)
        .order_by(MatchRound.id.desc())
        .limit(past_limit)
    )
    # One statement for both lists, so that the meetings and areas load in one go each.
    rounds = list(
        db.session.scalars(
            select(MatchRound)
            .where(
                or_(
                    MatchRound.id.in_(select(current.limit(limit).subquery().c.id)),
                    MatchRound.id.in_(select(past.subquery().c.id)),
                )
            )
            .options(selectinload(MatchRound.meetings), selectinload(MatchRound.area))
        )
    )
    if not rounds:
        return [], []
    ids = [r.id for r in rounds]
    participants = dict(
        db.session.execute(
            select(MatchParticipant.round_id, func.count())
            .where(MatchParticipant.round_id.in_(ids))
            .group_by(MatchParticipant.round_id)
        ).all()
    )
    collaborations = dict(
        db.session.execute(
            select(MatchCollaboration.round_id, func.count())
            .where(MatchCollaboration.round_id.in_(ids), MatchCollaboration.is_public.is_(True))
            .group_by(MatchCollaboration.round_id)
        ).all()
    )
    listed = [
        ListedRound(r, *_next_meeting(r, now), participants.get(r.id, 0), collaborations.get(r.id, 0)) for r in rounds
    ]
    coming = sorted(
        (r for r in listed if r.next_meeting is not None or r.round.state == "open"),
        key=lambda r: (r.next_meeting is None, r.next_meeting.starts_at if r.next_meeting else now, r.round.id),
    )
    held = sorted((r for r in listed if r.next_meeting is None and r.round.state != "open"), key=lambda r: -r.round.id)
    return coming, held


def calendar_meetings(*, now: datetime, limit: int = 50) -> list[CalendarMeeting]:
    """Meetings still to come of every round the public may see (every round but a draft), by
    time: three queries, however many there are."""
    meetings = db.session.scalars(
        select(MatchMeeting)
        .join(MatchRound, MatchRound.id == MatchMeeting.round_id)
        .where(MatchRound.state != "draft", _still_to_come(now))
        .options(
            selectinload(MatchMeeting.round).selectinload(MatchRound.meetings),
            selectinload(MatchMeeting.round).selectinload(MatchRound.area),
        )
        .order_by(MatchMeeting.starts_at, MatchMeeting.id)
        .limit(limit)
    ).all()
    return [CalendarMeeting(m, m.round, m.round.meetings.index(m) + 1) for m in meetings]


def public_meeting(ident: int) -> CalendarMeeting | None:
    """A meeting of a round the public may see, for its calendar file."""
    meeting = db.session.scalars(
        select(MatchMeeting)
        .join(MatchRound, MatchRound.id == MatchMeeting.round_id)
        .where(MatchMeeting.id == ident, MatchRound.state != "draft")
        .options(selectinload(MatchMeeting.round).selectinload(MatchRound.meetings))
    ).first()
    if meeting is None:
        return None
    return CalendarMeeting(meeting, meeting.round, meeting.round.meetings.index(meeting) + 1)


def round_participants(match_round: MatchRound, limit: int | None = None) -> list[Organisation]:
    """The organisations taking part, by name (the first ``limit`` of them)."""
    query = (
        select(Organisation)
        .join(MatchParticipant, MatchParticipant.organisation_id == Organisation.id)
        .where(MatchParticipant.round_id == match_round.id)
        .order_by(func.lower(Organisation.name), Organisation.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def participant_count(match_round: MatchRound) -> int:
    return db.session.scalar(
        select(func.count()).select_from(MatchParticipant).where(MatchParticipant.round_id == match_round.id)
    )


def joined_of(match_round: MatchRound, organisation_ids: list[int]) -> set[int]:
    """Which of these organisations take part in the round."""
    if not organisation_ids:
        return set()
    return set(
        db.session.scalars(
            select(MatchParticipant.organisation_id).where(
                MatchParticipant.round_id == match_round.id, MatchParticipant.organisation_id.in_(organisation_ids)
            )
        )
    )


def public_collaborations(*, round_id: int | None = None, area_ids: list[int] | None = None, organisation_id=None):
    query = (
        select(MatchCollaboration)
        .where(MatchCollaboration.is_public.is_(True))
        .options(selectinload(MatchCollaboration.organisations))
        .order_by(MatchCollaboration.id.desc())
        .limit(100)
    )
    if round_id is not None:
        query = query.where(MatchCollaboration.round_id == round_id)
    if area_ids is not None:
        query = query.join(MatchRound, MatchRound.id == MatchCollaboration.round_id).where(
            MatchRound.area_id.in_(area_ids)
        )
    if organisation_id is not None:
        query = query.join(
            match_collaboration_organisations,
            match_collaboration_organisations.c.collaboration_id == MatchCollaboration.id,
        ).where(match_collaboration_organisations.c.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def round_collaborations(match_round: MatchRound) -> list[MatchCollaboration]:
    return list(
        db.session.scalars(
            select(MatchCollaboration)
            .where(MatchCollaboration.round_id == match_round.id)
            .options(selectinload(MatchCollaboration.organisations), selectinload(MatchCollaboration.follow_ups))
            .order_by(MatchCollaboration.id)
        )
    )


def organisation_items(match_round: MatchRound, organisation: Organisation) -> list[MatchItem]:
    return list(
        db.session.scalars(
            select(MatchItem)
            .where(MatchItem.round_id == match_round.id, MatchItem.organisation_id == organisation.id)
            .options(selectinload(MatchItem.tags))
            .order_by(MatchItem.kind, MatchItem.id)
        )
    )


def round_items(match_round: MatchRound) -> list[MatchItem]:
    return list(
        db.session.scalars(
            select(MatchItem)
            .where(MatchItem.round_id == match_round.id)
            .options(selectinload(MatchItem.tags), selectinload(MatchItem.organisation))
            .order_by(MatchItem.organisation_id, MatchItem.kind, MatchItem.id)
        )
    )


@dataclass
class SuggestionView:
    """A suggestion as one organisation reads it: its own item, the other's, and why."""

    suggestion: MatchSuggestion
    mine: MatchItem
    theirs: MatchItem
    other: Organisation
    my_answer: str | None
    their_answer: str | None
    tags: list[MatchTag]
    my_phrases: list[str]
    their_phrases: list[str]


def suggestions_for(match_round: MatchRound, organisation: Organisation, limit: int = SUGGESTIONS_SHOWN):
    """An organisation's best suggestions, with items, the other organisation and the shared tags."""
    # Two index walks (round, side, score), each stopping at ``limit``, instead of one OR that
    # would read every suggestion of the round.
    best: list[tuple[float, int]] = []
    for side in (MatchSuggestion.organisation_a_id, MatchSuggestion.organisation_b_id):
        best += db.session.execute(
            select(MatchSuggestion.score, MatchSuggestion.id)
            .where(MatchSuggestion.round_id == match_round.id, side == organisation.id)
            .order_by(MatchSuggestion.score.desc())
            .limit(limit)
        ).all()
    ids = [ident for _score, ident in sorted(best, key=lambda r: (-r[0], r[1]))[:limit]]
    rows = db.session.scalars(
        select(MatchSuggestion)
        .where(MatchSuggestion.id.in_(ids))
        .options(
            selectinload(MatchSuggestion.item_a).selectinload(MatchItem.tags),
            selectinload(MatchSuggestion.item_b).selectinload(MatchItem.tags),
            selectinload(MatchSuggestion.organisation_a),
            selectinload(MatchSuggestion.organisation_b),
        )
        .order_by(MatchSuggestion.score.desc(), MatchSuggestion.id)
    ).all()
    tag_ids = {tag_id for row in rows for tag_id in row.reason.get("tags", [])}
    tags = {t.id: t for t in db.session.scalars(select(MatchTag).where(MatchTag.id.in_(tag_ids)))} if tag_ids else {}
    views = []
    for row in rows:
        is_a = row.organisation_a_id == organisation.id
        views.append(
            SuggestionView(
                suggestion=row,
                mine=row.item_a if is_a else row.item_b,
                theirs=row.item_b if is_a else row.item_a,
                other=row.organisation_b if is_a else row.organisation_a,
                my_answer=row.answer_a if is_a else row.answer_b,
                their_answer=row.answer_b if is_a else row.answer_a,
                tags=[tags[t] for t in row.reason.get("tags", []) if t in tags],
                my_phrases=row.reason.get("phrases_a" if is_a else "phrases_b", []),
                their_phrases=row.reason.get("phrases_b" if is_a else "phrases_a", []),
            )
        )
    return views


def all_suggestions(match_round: MatchRound, limit: int = 200) -> list[MatchSuggestion]:
    return list(
        db.session.scalars(
            select(MatchSuggestion)
            .where(MatchSuggestion.round_id == match_round.id)
            .options(
                selectinload(MatchSuggestion.item_a),
                selectinload(MatchSuggestion.item_b),
                selectinload(MatchSuggestion.organisation_a),
                selectinload(MatchSuggestion.organisation_b),
            )
            .order_by(MatchSuggestion.score.desc(), MatchSuggestion.id)
            .limit(limit)
        )
    )


def suggestion_counts(match_round: MatchRound) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(MatchSuggestion.state, func.count())
            .where(MatchSuggestion.round_id == match_round.id)
            .group_by(MatchSuggestion.state)
        ).all()
    )


def conversations(match_round: MatchRound) -> list[MatchConversation]:
    return list(
        db.session.scalars(
            select(MatchConversation)
            .where(MatchConversation.round_id == match_round.id)
            .options(selectinload(MatchConversation.organisations), selectinload(MatchConversation.item))
            .order_by(MatchConversation.slot, MatchConversation.table_number, MatchConversation.id)
        )
    )


def latest_job(match_round: MatchRound):
    return db.session.scalars(
        select(MatchJob).where(MatchJob.round_id == match_round.id).order_by(MatchJob.id.desc()).limit(1)
    ).first()


def attendance(match_round: MatchRound) -> dict[int, set[int]]:
    """Meeting id → ids of the organisations checked in."""
    rows = db.session.execute(
        select(MatchAttendance.meeting_id, MatchAttendance.organisation_id)
        .join(MatchMeeting, MatchMeeting.id == MatchAttendance.meeting_id)
        .where(MatchMeeting.round_id == match_round.id)
    ).all()
    found: dict[int, set[int]] = {m.id: set() for m in match_round.meetings}
    for meeting_id, organisation_id in rows:
        found.setdefault(meeting_id, set()).add(organisation_id)
    return found


@dataclass
class RetentionRow:
    label: str
    came: int
    returning: int
    new: int
    dropped: int


def retention(match_round: MatchRound) -> list[RetentionRow]:
    """Per meeting of the round: who came, who came back from the meeting before, who is new,
    who dropped out; the first meeting compares with the area's previous round."""
    present = attendance(match_round)
    previous = _previous_round_attendance(match_round)
    rows = []
    now = utcnow()
    for number, meeting in enumerate(match_round.meetings, start=1):
        came = present.get(meeting.id, set())
        if not came and meeting.starts_at > now:
            break  # not held yet: nobody has "dropped out" of it
        returning = came & previous
        rows.append(
            RetentionRow(
                label=_("Meeting %(number)d", number=number),
                came=len(came),
                returning=len(returning),
                new=len(came - previous),
                dropped=len(previous - came),
            )
        )
        previous = came
    return rows


def _previous_round_attendance(match_round: MatchRound) -> set[int]:
    earlier = db.session.scalar(
        select(MatchRound.id)
        .where(MatchRound.area_id == match_round.area_id, MatchRound.id < match_round.id)
        .order_by(MatchRound.id.desc())
        .limit(1)
    )
    if earlier is None:
        return set()
    last_meeting = db.session.scalar(
        select(MatchMeeting.id).where(MatchMeeting.round_id == earlier).order_by(MatchMeeting.starts_at.desc()).limit(1)
    )
    return set(
        db.session.scalars(select(MatchAttendance.organisation_id).where(MatchAttendance.meeting_id == last_meeting))
    )


def collaboration_outcomes(exclude_round: int | None = None):
    """(member kinds, member ids, latest outcome) of every answered collaboration."""
    rows = db.session.execute(
        select(MatchFollowUp.collaboration_id, MatchFollowUp.outcome)
        .join(MatchCollaboration, MatchCollaboration.id == MatchFollowUp.collaboration_id)
        .where(MatchFollowUp.outcome.is_not(None), MatchCollaboration.round_id != (exclude_round or 0))
        .order_by(MatchFollowUp.months)
    ).all()
    latest = {cid: outcome for cid, outcome in rows}
    if not latest:
        return []
    members = db.session.execute(
        select(match_collaboration_organisations.c.collaboration_id, Organisation.id, Organisation.kind)
        .join(Organisation, Organisation.id == match_collaboration_organisations.c.organisation_id)
        .where(match_collaboration_organisations.c.collaboration_id.in_(latest))
    ).all()
    by_collaboration: dict[int, list] = {}
    for cid, oid, kind in members:
        by_collaboration.setdefault(cid, []).append((oid, kind))
    return [({k for _o, k in found}, {o for o, _k in found}, latest[cid]) for cid, found in by_collaboration.items()]


def outcome_counts(match_round: MatchRound) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(MatchFollowUp.outcome, func.count())
            .join(MatchCollaboration, MatchCollaboration.id == MatchFollowUp.collaboration_id)
            .where(MatchCollaboration.round_id == match_round.id, MatchFollowUp.outcome.is_not(None))
            .group_by(MatchFollowUp.outcome)
        ).all()
    )


def rounds_of(organisation: Organisation) -> list[MatchRound]:
    return list(
        db.session.scalars(
            select(MatchRound)
            .join(MatchParticipant, and_(MatchParticipant.round_id == MatchRound.id))
            .where(MatchParticipant.organisation_id == organisation.id, MatchRound.state != "draft")
            .order_by(MatchRound.id.desc())
        )
    )
