"""Theme group pages."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import ThemeGroup

bp = Blueprint("themegroups", __name__)


@bp.get("/groups/<slug>")
def theme_group(slug: str):
    group = db.session.scalars(
        select(ThemeGroup)
        .where(ThemeGroup.slug == slug, ThemeGroup.is_active)
        .options(selectinload(ThemeGroup.areas), selectinload(ThemeGroup.topics))
    ).first()
    if group is None:
        abort(404)
    return render_template("themegroups/theme_group.html", group=group)
