"""Theme groups, their coverage and their members."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..areas.models import Area, Topic
from ..core.cache import STRUCTURE_SCOPE, invalidates
from ..core.models import TimestampMixin, TranslatedText
from ..extensions import db
from ..i18n import translated

theme_group_areas = Table(
    "theme_group_areas",
    db.metadata,
    Column("theme_group_id", ForeignKey("theme_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True, index=True),
)

theme_group_topics = Table(
    "theme_group_topics",
    db.metadata,
    Column("theme_group_id", ForeignKey("theme_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)

MEMBER_ROLES = ("lead", "member")


class ThemeGroup(TimestampMixin, db.Model):
    """A standing staff group, e.g. "Trygg i Norra Hisingen"."""

    __tablename__ = "theme_groups"
    __table_args__ = (
        # One fallback group per district: it receives what no other group covers.
        Index(
            "uq_theme_groups_fallback_district",
            "district_id",
            unique=True,
            sqlite_where=text("is_fallback = 1"),
            postgresql_where=text("is_fallback"),
        ),
        CheckConstraint("NOT is_fallback OR district_id IS NOT NULL", name="fallback_has_district"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    #: The question the group works on, e.g. "What is a living Brunnsbo to you?"
    question: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: The district this group belongs to (its home); fallback groups must have one.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    is_fallback: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    district: Mapped[Area | None] = relationship(foreign_keys=[district_id])
    areas: Mapped[list[Area]] = relationship(secondary=theme_group_areas, order_by="(Area.position, Area.slug)")
    topics: Mapped[list[Topic]] = relationship(secondary=theme_group_topics, order_by="(Topic.position, Topic.slug)")
    memberships: Mapped[list[ThemeGroupMember]] = relationship(
        back_populates="theme_group", cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        return translated(self.name)

    def __repr__(self) -> str:
        return f"<ThemeGroup {self.slug}>"


class ThemeGroupMember(db.Model):
    """A staff member's place in a theme group."""

    __tablename__ = "theme_group_members"
    __table_args__ = (CheckConstraint("role IN ('lead', 'member')", name="role_known"),)

    theme_group_id: Mapped[int] = mapped_column(ForeignKey("theme_groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(10), default="member", server_default="member")

    theme_group: Mapped[ThemeGroup] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")  # noqa: F821


@invalidates(ThemeGroup)
def _structure_changed(_obj) -> list[str]:
    """The home page, area pages and group pages show the theme groups and their coverage."""
    return [STRUCTURE_SCOPE]
