"""Who may manage a survey: members of one of its theme groups, and admins."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..themegroups.permissions import member_group_ids
from .models import Survey, survey_theme_groups


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
