"""Area pages."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..themegroups.operations import groups_covering
from .models import Area

bp = Blueprint("areas", __name__)


@bp.get("/areas/<slug>")
def area(slug: str):
    area = db.session.scalars(
        select(Area)
        .where(Area.slug == slug)
        .options(selectinload(Area.children), selectinload(Area.parent))
    ).first()
    if area is None:
        abort(404)
    groups = groups_covering(area)
    return render_template("areas/area.html", area=area, groups=groups)
