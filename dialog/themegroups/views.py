"""Theme group pages."""

from flask import Blueprint, abort, render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.cache import STRUCTURE_SCOPE, cached_fragment
from ..extensions import db
from ..i18n import current_language
from .models import ThemeGroup

bp = Blueprint("themegroups", __name__)


def _group_content(slug: str):
    group = db.session.scalars(
        select(ThemeGroup)
        .where(ThemeGroup.slug == slug, ThemeGroup.is_active)
        .options(selectinload(ThemeGroup.areas), selectinload(ThemeGroup.topics))
    ).first()
    if group is None:
        return None
    return group.display_name, Markup(render_template("themegroups/_group_content.html", group=group))


@bp.get("/groups/<slug>")
def theme_group(slug: str):
    cached = cached_fragment(STRUCTURE_SCOPE, current_language(), "group:" + slug, lambda: _group_content(slug))
    if cached is None:
        abort(404)
    title, content = cached
    return render_template("themegroups/theme_group.html", title=title, content=content)
