"""Who belongs to which theme group, and who manages what a group runs: the one home of the
rule every engagement (surveys, café and trust dialogues, the inbox) uses."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import ThemeGroup, ThemeGroupMember


def member_group_ids(user) -> set[int]:
    """Ids of the theme groups ``user`` is a member of (none for visitors)."""
    if not (user and user.is_authenticated):
        return set()
    return set(db.session.scalars(select(ThemeGroupMember.theme_group_id).where(ThemeGroupMember.user_id == user.id)))


def manages_group(user, group_id: int | None) -> bool:
    """Admins manage every group's work; staff that of the groups they are members of."""
    if not (user and user.is_authenticated and user.is_staff):
        return False
    return bool(user.is_admin or (group_id is not None and group_id in member_group_ids(user)))


def manageable_group_ids(user) -> list[int] | None:
    """Ids of the groups whose work ``user`` manages, sorted; None means all (admins)."""
    return None if user.is_admin else sorted(member_group_ids(user))


def manageable_groups(user) -> list[ThemeGroup]:
    """The active theme groups ``user`` may run something for (every active group for admins)."""
    query = select(ThemeGroup).where(ThemeGroup.is_active).order_by(ThemeGroup.slug)
    if not user.is_admin:
        query = query.where(ThemeGroup.id.in_(member_group_ids(user)))
    return list(db.session.scalars(query))
