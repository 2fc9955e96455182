"""What a summary covers: the contributions routed to its theme group, narrowed by area (and the
areas under it), engagement and period; never text hidden by moderation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from ..areas.models import Area
from ..contributions.models import Contribution, ContributionRoute
from ..extensions import db
from . import engagements


@dataclass(frozen=True)
class Scope:
    theme_group_id: int
    area_id: int | None = None
    engagement_kind: str | None = None
    engagement_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None

    @classmethod
    def of(cls, summary) -> Scope:
        return cls(
            summary.theme_group_id,
            summary.area_id,
            summary.engagement_kind,
            summary.engagement_id,
            summary.period_start,
            summary.period_end,
        )


def area_subtree_ids(area_id: int) -> list[int]:
    """The area and every area below it (districts hold neighbourhoods, two levels today)."""
    ids, frontier = [area_id], [area_id]
    while frontier:
        frontier = list(db.session.scalars(select(Area.id).where(Area.parent_id.in_(frontier))))
        ids.extend(frontier)
    return ids


def conditions(scope: Scope, *, include_hidden: bool = False) -> list:
    """SQL conditions on ``Contribution`` for the scope."""
    routed = select(ContributionRoute.contribution_id).where(ContributionRoute.theme_group_id == scope.theme_group_id)
    where = [Contribution.id.in_(routed)]
    if not include_hidden:
        where.append(Contribution.moderation != "hidden")
    if scope.area_id:
        where.append(Contribution.area_id.in_(area_subtree_ids(scope.area_id)))
    kind = engagements.kind(scope.engagement_kind)
    if kind is not None and scope.engagement_id is not None:
        where.append(kind.condition(scope.engagement_id))
    if scope.period_start:
        where.append(Contribution.created_at >= datetime.combine(scope.period_start, time(), UTC))
    if scope.period_end:
        where.append(Contribution.created_at < datetime.combine(scope.period_end + timedelta(days=1), time(), UTC))
    return where


def contribution_ids(scope: Scope) -> list[int]:
    return list(db.session.scalars(select(Contribution.id).where(*conditions(scope)).order_by(Contribution.id)))


def in_scope(scope: Scope, ids: set[int], *, include_hidden: bool = False) -> set[int]:
    """Those of ``ids`` the scope covers (hidden ones too when asked, to tell the two apart)."""
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Contribution.id).where(Contribution.id.in_(ids), *conditions(scope, include_hidden=include_hidden))
        )
    )
