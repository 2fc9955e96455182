"""Reads for trust dialogues: who may manage which, story counts and pages, and the open
dialogues an area page lists."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..areas.models import Area, parent_self_and_children
from ..contributions.models import Contribution, ContributionRoute
from ..core.models import utcnow
from ..extensions import db
from ..themegroups.permissions import member_group_ids
from .models import TrustDialogue, TrustStory

#: Stories per page in the staff list.
STORIES_PER_PAGE = 50


def manageable_dialogues(user, limit: int = 500) -> list[TrustDialogue]:
    """The trust dialogues ``user`` may manage, newest first (three queries, whatever the number)."""
    query = (
        select(TrustDialogue)
        .options(selectinload(TrustDialogue.area), selectinload(TrustDialogue.theme_group))
        .order_by(TrustDialogue.created_at.desc(), TrustDialogue.id.desc())
        .limit(limit)
    )
    if not user.is_admin:
        query = query.where(TrustDialogue.theme_group_id.in_(member_group_ids(user)))
    return list(db.session.scalars(query))


def story_counts(dialogue_ids: Iterable[int]) -> dict[int, int]:
    ids = list(dialogue_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(TrustStory.dialogue_id, func.count())
        .where(TrustStory.dialogue_id.in_(ids))
        .group_by(TrustStory.dialogue_id)
    )
    return {dialogue_id: count for dialogue_id, count in rows}


def load_dialogue(ident: int) -> TrustDialogue | None:
    """A dialogue with everything its pages show (a fixed number of queries)."""
    return db.session.scalars(
        select(TrustDialogue)
        .where(TrustDialogue.id == ident)
        .options(
            selectinload(TrustDialogue.area).selectinload(Area.children),
            selectinload(TrustDialogue.area).selectinload(Area.parent),
            selectinload(TrustDialogue.theme_group),
            selectinload(TrustDialogue.topics),
            selectinload(TrustDialogue.prompts),
            selectinload(TrustDialogue.themes),
        )
    ).first()


def public_path(dialogue: TrustDialogue) -> str:
    """The dialogue's public page, as a path on this site (also outside a request)."""
    try:
        return url_for("trust.dialogue", ident=dialogue.id)
    except RuntimeError:
        return f"/trust/{dialogue.id}"


def has_stories(dialogue: TrustDialogue) -> bool:
    return db.session.scalar(select(TrustStory.id).where(TrustStory.dialogue_id == dialogue.id).limit(1)) is not None


def stories_page(
    dialogue: TrustDialogue, before: int | None = None, limit: int = STORIES_PER_PAGE
) -> tuple[list[TrustStory], int | None]:
    """Newest stories first, with their contribution, prompt, area and themes; and the id to
    continue from (None on the last page). A fixed number of queries per page."""
    query = (
        select(TrustStory)
        .where(TrustStory.dialogue_id == dialogue.id)
        .options(
            selectinload(TrustStory.contribution)
            .selectinload(Contribution.routes)
            .selectinload(ContributionRoute.theme_group),
            selectinload(TrustStory.contribution).selectinload(Contribution.area),
            selectinload(TrustStory.prompt),
            selectinload(TrustStory.area),
            selectinload(TrustStory.themes),
            selectinload(TrustStory.recorded_by),
        )
        .order_by(TrustStory.id.desc())
        .limit(limit + 1)
    )
    if before:
        query = query.where(TrustStory.id < before)
    stories = list(db.session.scalars(query))
    more = len(stories) > limit
    stories = stories[:limit]
    return stories, (stories[-1].id if more and stories else None)


def open_trust_dialogues(area: Area | str | None, *, day: date | None = None, limit: int = 20) -> list[TrustDialogue]:
    """Trust dialogues taking stories today for an area page: those for the area itself, the
    district above it and the neighbourhoods below it (one query, plus one for their areas).

    ``area`` is an :class:`Area` or its slug; None lists every open trust dialogue.
    """
    day = day or today()
    query = (
        select(TrustDialogue)
        .where(
            TrustDialogue.state == "open",
            or_(TrustDialogue.opens_on.is_(None), TrustDialogue.opens_on <= day),
            or_(TrustDialogue.closes_on.is_(None), TrustDialogue.closes_on >= day),
        )
        .options(selectinload(TrustDialogue.area))
        .order_by(TrustDialogue.created_at.desc(), TrustDialogue.id.desc())
        .limit(limit)
    )
    if area is not None:
        if isinstance(area, Area):
            target = select(Area.id, Area.parent_id).where(Area.id == area.id).subquery()
        else:
            target = select(Area.id, Area.parent_id).where(Area.slug == area).subquery()
        lineage = parent_self_and_children(target)
        query = query.where(TrustDialogue.area_id.in_(lineage))
    return list(db.session.scalars(query))


def today() -> date:
    return utcnow().date()
