"""Routing: which theme groups receive a contribution.

A contribution goes to every active theme group whose areas cover its area (an area covers
itself and every area below it) and whose topics include one of its topics. When no group
matches, it goes to the fallback group of its district.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area, Topic
from ..extensions import db
from ..themegroups.models import ThemeGroup, theme_group_areas, theme_group_topics


@dataclass(frozen=True)
class RouteDecision:
    group: ThemeGroup
    reason: str  # "area_topic" or "fallback"
    topic: Topic | None = None


def route_for(area: Area, topics: list[Topic]) -> list[RouteDecision]:
    """Decide the groups for a contribution about ``topics`` in ``area``."""
    lineage = area.ancestor_ids()
    topic_ids = [t.id for t in topics]
    decisions: list[RouteDecision] = []
    if topic_ids:
        groups = db.session.scalars(
            select(ThemeGroup)
            .where(
                ThemeGroup.is_active,
                ThemeGroup.id.in_(
                    select(theme_group_areas.c.theme_group_id).where(theme_group_areas.c.area_id.in_(lineage))
                ),
                ThemeGroup.id.in_(
                    select(theme_group_topics.c.theme_group_id).where(theme_group_topics.c.topic_id.in_(topic_ids))
                ),
            )
            .options(selectinload(ThemeGroup.topics))
            .order_by(ThemeGroup.id)
        ).all()
        for group in groups:
            matched = next((t for t in topics if t in group.topics), None)
            decisions.append(RouteDecision(group, "area_topic", matched))
    if not decisions:
        fallback = fallback_group(area)
        if fallback is not None:
            decisions.append(RouteDecision(fallback, "fallback"))
    return decisions


def fallback_group(area: Area) -> ThemeGroup | None:
    district = area.district()
    return db.session.scalars(
        select(ThemeGroup).where(ThemeGroup.is_fallback, ThemeGroup.district_id == district.id)
    ).first()
