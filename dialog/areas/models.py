"""Areas and topics."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, select, union
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.cache import STRUCTURE_SCOPE, invalidates
from ..core.models import TimestampMixin, TranslatedText
from ..extensions import db
from ..i18n import translated


class Area(TimestampMixin, db.Model):
    """A geographic area. Districts have no parent; neighbourhoods belong to a district."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    #: {"sv": ..., "en": ...}
    name: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: Order among siblings; lower first, then by slug.
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    parent: Mapped[Area | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="(Area.position, Area.slug)")

    @property
    def display_name(self) -> str:
        return translated(self.name)

    @property
    def is_district(self) -> bool:
        return self.parent_id is None

    def ancestor_ids(self) -> list[int]:
        """Ids of this area and every area above it, nearest first."""
        ids, area = [], self
        seen = set()
        while area is not None and area.id not in seen:
            ids.append(area.id)
            seen.add(area.id)
            area = area.parent
        return ids

    def descendant_ids(self) -> set[int]:
        """Ids of this area and every area below it (a district's neighbourhoods), one query a level."""
        ids, frontier = {self.id}, [self.id]
        while frontier:
            frontier = [
                child
                for child in db.session.scalars(select(Area.id).where(Area.parent_id.in_(frontier)))
                if child not in ids
            ]
            ids.update(frontier)
        return ids

    def ancestor_and_child_ids(self) -> list[int]:
        """Ids of this area, every area above it and its children, sorted: what an area page
        lists (a meeting in Backa shows on Norra Hisingen's page, a district-wide one on Backa's)."""
        return sorted({*self.ancestor_ids(), *(child.id for child in self.children)})

    def district(self) -> Area:
        area = self
        while area.parent is not None:
            area = area.parent
        return area

    def __repr__(self) -> str:
        return f"<Area {self.slug}>"


def parent_self_and_children(target):
    """A select of the ids of the area in ``target`` (a subquery with ``id`` and ``parent_id``),
    its parent and its children, for lists that show what is near an area in one query."""
    return union(
        select(target.c.id),
        select(target.c.parent_id).where(target.c.parent_id.is_not(None)),
        select(Area.id).where(Area.parent_id.in_(select(target.c.id))),
    )


def districts() -> list[Area]:
    return list(db.session.scalars(select(Area).where(Area.parent_id.is_(None)).order_by(Area.position, Area.slug)))


class Topic(TimestampMixin, db.Model):
    """A policy topic (fokusområde), e.g. safety or a good start in life."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def display_name(self) -> str:
        return translated(self.name)

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"


@invalidates(Area, Topic)
def _structure_changed(_obj) -> list[str]:
    """The home page, area pages and group pages show areas and topics."""
    return [STRUCTURE_SCOPE]
