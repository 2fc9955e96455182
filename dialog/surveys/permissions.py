"""Who may manage a survey: members of one of its theme groups, and admins."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..themegroups.models import ThemeGroup, ThemeGroupMember
from .models import Survey, survey_theme_groups


def member_group_ids(user) -> set[int]:
    if not (user and user.is_authenticated):
        return set()
    return set(db.session.scalars(select(ThemeGroupMember.theme_group_id).where(ThemeGroupMember.user_id == user.id)))


def can_manage(user, survey: Survey) -> bool:
    """Admins manage every survey; staff the surveys of the theme groups they belong to."""
    if not (user and user.is_authenticated and user.is_staff):
        return False
    if user.is_admin:
        return True
    owners = set(
        db.session.scalars(
            select(survey_theme_groups.c.theme_group_id).where(survey_theme_groups.c.survey_id == survey.id)
        )
    )
    return bool(owners & member_group_ids(user))


def groups_for(user) -> list[ThemeGroup]:
    """The theme groups ``user`` may put a survey in."""
    query = select(ThemeGroup).where(ThemeGroup.is_active).order_by(ThemeGroup.slug)
    if not user.is_admin:
        query = query.where(ThemeGroup.id.in_(member_group_ids(user)))
    return list(db.session.scalars(query))


def manageable_surveys_query(user):
    """A select of the surveys ``user`` may manage (newest first)."""
    query = select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc())
    if not user.is_admin:
        query = query.where(
            Survey.id.in_(
                select(survey_theme_groups.c.survey_id).where(
                    survey_theme_groups.c.theme_group_id.in_(member_group_ids(user))
                )
            )
        )
    return query
