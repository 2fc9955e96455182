"""The choices of areas and topics every form offers, in one place."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Area, Topic


def area_choices() -> list[tuple[int, str]]:
    """Every area as ``(id, label)``, a neighbourhood labelled with its district, by label."""
    areas = db.session.scalars(select(Area).options(selectinload(Area.parent)).order_by(Area.position, Area.slug))
    choices = [
        (area.id, area.display_name if area.parent is None else f"{area.parent.display_name} – {area.display_name}")
        for area in areas
    ]
    return sorted(choices, key=lambda choice: choice[1])


def topic_choices() -> list[tuple[int, str]]:
    """Every topic as ``(id, name)``, in the topics' own order."""
    return [(t.id, t.display_name) for t in db.session.scalars(select(Topic).order_by(Topic.position, Topic.slug))]
