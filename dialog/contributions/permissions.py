"""Who may work on a contribution: members of a group it is routed to, and admins."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..themegroups.models import ThemeGroup
from ..themegroups.permissions import member_group_ids
from .models import Contribution, ContributionRoute


def visible_groups(user) -> list[ThemeGroup]:
    """The groups whose inbox ``user`` may open: their own, or every group for admins."""
    query = select(ThemeGroup).order_by(ThemeGroup.is_fallback, ThemeGroup.slug)
    if not user.is_admin:
        query = query.where(ThemeGroup.id.in_(member_group_ids(user)))
    return list(db.session.scalars(query))


def can_open_group(user, group: ThemeGroup) -> bool:
    return user.is_admin or group.id in member_group_ids(user)


def can_work_on(user, contribution: Contribution) -> bool:
    """Admins work on everything; staff only on contributions routed to their groups."""
    if not (user and user.is_authenticated and user.is_staff):
        return False
    if user.is_admin:
        return True
    routed = db.session.scalars(
        select(ContributionRoute.theme_group_id).where(ContributionRoute.contribution_id == contribution.id)
    )
    return bool(member_group_ids(user) & set(routed))
