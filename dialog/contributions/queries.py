"""Read-side queries: public lists, the inbox with filters, counts and keyset pages."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Contribution, ContributionRoute, contribution_topics
from .search import matching_ids

PAGE_SIZE = 25


def encode_cursor(item: Contribution) -> str:
    raw = json.dumps([item.created_at.isoformat(), item.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """Read a keyset cursor; a tampered cursor is ignored (first page)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, ident = json.loads(raw)
        moment = datetime.fromisoformat(created)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment, int(ident)
    except (ValueError, TypeError, json.JSONDecodeError):
        return None


def _after(cursor):
    """Newest first: rows strictly older than the cursor, ties broken by id."""
    created, ident = cursor
    return or_(
        Contribution.created_at < created,
        and_(Contribution.created_at == created, Contribution.id < ident),
    )


@dataclass
class Page:
    items: list[Contribution]
    next_cursor: str | None


def _page(query, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    position = decode_cursor(cursor)
    if position:
        query = query.where(_after(position))
    rows = db.session.scalars(
        query.order_by(Contribution.created_at.desc(), Contribution.id.desc()).limit(size + 1)
    ).all()
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, encode_cursor(rows[-1]) if more and rows else None)


# --- Public --------------------------------------------------------------------------------


@dataclass
class PublicFilters:
    topic_id: int | None = None
    status: str | None = None
    query: str = ""


def public_ideas(area_ids: list[int], filters: PublicFilters, cursor: str | None) -> Page:
    """Published ideas in these areas: approved *and* consented, nothing else."""
    query = (
        select(Contribution)
        .where(
            Contribution.source_kind == "idea",
            Contribution.moderation.in_(("approved", "hidden")),
            Contribution.consent_publish.is_(True),
            Contribution.area_id.in_(area_ids),
        )
        .options(
            selectinload(Contribution.topics),
            selectinload(Contribution.area),
            selectinload(Contribution.answer),
        )
    )
    if filters.topic_id:
        query = query.where(
            Contribution.id.in_(
                select(contribution_topics.c.contribution_id).where(contribution_topics.c.topic_id == filters.topic_id)
            )
        )
    if filters.status:
        query = query.where(Contribution.status == filters.status)
    ids = matching_ids(filters.query)
    if ids is not None:
        query = query.where(Contribution.id.in_(ids))
    return _page(query, cursor)


# --- Inbox ---------------------------------------------------------------------------------


@dataclass
class InboxFilters:
    area_id: int | None = None
    topic_id: int | None = None
    source: str | None = None
    status: str | None = None
    moderation: str | None = None
    language: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    query: str = ""
    assigned_to_me: bool = False
    extra: dict = field(default_factory=dict)


def _inbox_base(
    group_ids: list[int], filters: InboxFilters, user_id: int | None, *, skip: str | None = None, columns=None
):
    """Contributions routed to ``group_ids`` with every filter except ``skip`` (for counts)."""
    query = select(*(columns or [Contribution])).where(
        Contribution.id.in_(
            select(ContributionRoute.contribution_id).where(ContributionRoute.theme_group_id.in_(group_ids))
        )
    )
    if filters.area_id and skip != "area":
        query = query.where(Contribution.area_id == filters.area_id)
    if filters.topic_id and skip != "topic":
        query = query.where(
            Contribution.id.in_(
                select(contribution_topics.c.contribution_id).where(contribution_topics.c.topic_id == filters.topic_id)
            )
        )
    if filters.source and skip != "source":
        query = query.where(Contribution.source_kind == filters.source)
    if filters.status and skip != "status":
        query = query.where(Contribution.status == filters.status)
    if filters.moderation and skip != "moderation":
        query = query.where(Contribution.moderation == filters.moderation)
    if filters.language and skip != "language":
        query = query.where(Contribution.language == filters.language)
    if filters.date_from:
        query = query.where(Contribution.created_at >= datetime.combine(filters.date_from, time.min, UTC))
    if filters.date_to:
        query = query.where(
            Contribution.created_at < datetime.combine(filters.date_to + timedelta(days=1), time.min, UTC)
        )
    if filters.assigned_to_me and user_id:
        query = query.where(Contribution.assigned_to_id == user_id)
    ids = matching_ids(filters.query)
    if ids is not None:
        query = query.where(Contribution.id.in_(ids))
    return query


def inbox_page(group_ids, filters: InboxFilters, user_id, cursor: str | None) -> Page:
    query = _inbox_base(group_ids, filters, user_id).options(
        selectinload(Contribution.topics),
        selectinload(Contribution.area),
        selectinload(Contribution.assigned_to),
    )
    return _page(query, cursor)


def inbox_counts(group_ids, filters: InboxFilters, user_id) -> dict[str, dict[str, int]]:
    """Counts per value of status, moderation, source and language, each under the other filters."""
    counts = {}
    for name, column in (
        ("status", Contribution.status),
        ("moderation", Contribution.moderation),
        ("source", Contribution.source_kind),
        ("language", Contribution.language),
    ):
        # Only the counted column leaves the subquery: the rows stay narrow.
        base = _inbox_base(group_ids, filters, user_id, skip=name, columns=[column]).subquery()
        rows = db.session.execute(select(base.c[column.key], func.count()).group_by(base.c[column.key])).all()
        counts[name] = {value: n for value, n in rows}
    return counts


def group_contributions(group, ids) -> list[Contribution]:
    """Those of ``ids`` routed to the theme group (a bulk action touches nothing else), with routes."""
    return db.session.scalars(
        select(Contribution)
        .where(
            Contribution.id.in_(ids),
            Contribution.id.in_(
                select(ContributionRoute.contribution_id).where(ContributionRoute.theme_group_id == group.id)
            ),
        )
        .options(selectinload(Contribution.routes))
    ).all()
