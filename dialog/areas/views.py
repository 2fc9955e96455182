"""Area pages."""

from flask import Blueprint, abort, render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.cache import STRUCTURE_SCOPE, cached_fragment
from ..extensions import db
from ..i18n import current_language
from ..themegroups.operations import groups_covering
from .models import Area

bp = Blueprint("areas", __name__)


def _area_content(slug: str):
    area = db.session.scalars(
        select(Area).where(Area.slug == slug).options(selectinload(Area.children), selectinload(Area.parent))
    ).first()
    if area is None:
        return None
    groups = groups_covering(area)
    return area.display_name, Markup(render_template("areas/_area_content.html", area=area, groups=groups))


@bp.get("/areas/<slug>")
def area(slug: str):
    cached = cached_fragment(STRUCTURE_SCOPE, current_language(), "area:" + slug, lambda: _area_content(slug))
    if cached is None:
        abort(404)
    title, content = cached
    return render_template("areas/area.html", title=title, content=content)
