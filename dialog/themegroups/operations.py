"""Queries and writes for theme groups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area
from ..extensions import db
from .models import ThemeGroup, theme_group_areas


def groups_covering(area: Area, *, active_only: bool = True) -> list[ThemeGroup]:
    """Theme groups whose areas include ``area`` or any area above it."""
    covering = select(theme_group_areas.c.theme_group_id).where(theme_group_areas.c.area_id.in_(area.ancestor_ids()))
    query = (
        select(ThemeGroup)
        .where(ThemeGroup.id.in_(covering))
        .options(selectinload(ThemeGroup.topics))
        .order_by(ThemeGroup.is_fallback, ThemeGroup.slug)
    )
    if active_only:
        query = query.where(ThemeGroup.is_active)
    return list(db.session.scalars(query))
