"""The area pages: what the area is, the theme groups that cover it, and the sections the
engagements add (dialogues, surveys). This module composes the domains, so it sits above them."""

from flask import Blueprint, abort, render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area
from ..cafe import queries as cafe_queries
from ..core.cache import AREA_DIALOGUES_SCOPE, STRUCTURE_SCOPE, cached_fragment
from ..core.models import utcnow
from ..extensions import db
from ..i18n import current_language
from ..themegroups.operations import groups_covering
from ..trust import queries as trust_queries

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


# --- On the area page ------------------------------------------------------------------------


@bp.app_template_global()
def dialogues_for_area(slug: str | None):
    """The dialogues section of an area page: coming café dialogues, open trust dialogues and
    past café dialogues with their summaries. Cached per language until a dialogue changes (the
    ORM hooks in ``cafe.models`` and ``trust.models`` bump the scope) or the hour turns (what is
    "coming" moves with time)."""
    if not slug:
        return ""
    now = utcnow()

    def render():
        area = db.session.scalars(
            select(Area).where(Area.slug == slug).options(selectinload(Area.children), selectinload(Area.parent))
        ).first()
        if area is None:
            return None
        area_ids = area.ancestor_and_child_ids()
        return Markup(
            render_template(
                "cafe/_area_dialogues.html",
                area=area,
                upcoming=cafe_queries.upcoming(area_ids, now=now, limit=10),
                past=[
                    d for d in cafe_queries.past_with_summaries(area_ids, now=now, limit=20) if d.summary_is_published
                ][:5],
                trust_dialogues=trust_queries.open_trust_dialogues(area),
            )
        )

    hour = now.strftime("%Y%m%d%H")
    return cached_fragment(AREA_DIALOGUES_SCOPE, current_language(), f"area:{slug}:{hour}", render) or ""
