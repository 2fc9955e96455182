"""The home page: the district's areas and what each theme group is working on."""

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area
from ..extensions import db
from ..themegroups.models import ThemeGroup

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
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
    return render_template("public/home.html", districts=districts, groups=groups)
