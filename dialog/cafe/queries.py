"""Reads for the public lists of café dialogues (area pages, the calendar)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.models import utcnow
from ..extensions import db
from .models import (
    CafeDialogue,
)

# --- Public lists --------------------------------------------------------------------------


def upcoming(area_ids: list[int] | None = None, *, now: datetime | None = None, limit: int = 50) -> list[CafeDialogue]:
    now = now or utcnow()
    query = (
        select(CafeDialogue)
        .where(CafeDialogue.state == "published", CafeDialogue.ends_at > now)
        .options(selectinload(CafeDialogue.area))
        .order_by(CafeDialogue.starts_at, CafeDialogue.id)
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(CafeDialogue.area_id.in_(area_ids))
    return list(db.session.scalars(query))


def past_with_summaries(
    area_ids: list[int] | None = None, *, now: datetime | None = None, limit: int = 10
) -> list[CafeDialogue]:
    now = now or utcnow()
    query = (
        select(CafeDialogue)
        .where(CafeDialogue.state == "published", CafeDialogue.ends_at <= now)
        .options(selectinload(CafeDialogue.area))
        .order_by(CafeDialogue.starts_at.desc(), CafeDialogue.id.desc())
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(CafeDialogue.area_id.in_(area_ids))
    return list(db.session.scalars(query))
