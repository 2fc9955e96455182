"""The home page: the district's areas and what each theme group is working on."""

from flask import Blueprint, render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area
from ..core.cache import STRUCTURE_SCOPE, cached_fragment
from ..extensions import db
from ..i18n import current_language
from ..themegroups.models import ThemeGroup

bp = Blueprint("public", __name__)


def _home_content() -> Markup:
    districts = db.session.scalars(
        select(Area)
        .where(Area.parent_id.is_(None))
        .options(selectinload(Area.children))
        .order_by(Area.position, Area.slug)
    ).all()
    groups = db.session.scalars(
        select(ThemeGroup)
        .where(ThemeGroup.is_active)
        .options(selectinload(ThemeGroup.areas), selectinload(ThemeGroup.topics))
        .order_by(ThemeGroup.is_fallback, ThemeGroup.slug)
    ).all()
    return Markup(render_template("public/_home_content.html", districts=districts, groups=groups))


@bp.get("/")
def home():
    content = cached_fragment(STRUCTURE_SCOPE, current_language(), "home", _home_content)
    return render_template("public/home.html", content=content)
