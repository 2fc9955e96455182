"""The area pages: what the area is, the theme groups that cover it, and the sections the
engagements add (dialogues, Idésluss rounds, surveys); and the Idésluss meetings the district
calendar lists beside the café dialogues, with their calendar files. This module composes the
domains, so it sits above them."""

from flask import Blueprint, abort, make_response, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area
from ..cafe import queries as cafe_queries
from ..cafe.calendar import calendar_event, calendar_file
from ..core.cache import AREA_DIALOGUES_SCOPE, STRUCTURE_SCOPE, cached_fragment
from ..core.models import utcnow
from ..extensions import db
from ..i18n import current_language, translated
from ..matchmaking import queries as match_queries
from ..matchmaking.models import AREA_ROUNDS_SCOPE
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


def _area_with_neighbours(slug: str) -> Area | None:
    """The area with its parent and children loaded (its sections list theirs too)."""
    return db.session.scalars(
        select(Area).where(Area.slug == slug).options(selectinload(Area.children), selectinload(Area.parent))
    ).first()


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
        area = _area_with_neighbours(slug)
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


@bp.app_template_global()
def rounds_section_for_area(slug: str | None):
    """The Idésluss section of an area page: the area's rounds (and its neighbourhoods' and
    district's, as the dialogues section) that are coming or open, with their next meeting and
    registration window, then past rounds with public collaborations. Cached per language
    until a round, meeting, participant or collaboration changes (declared in
    ``matchmaking.models``) or the hour turns (the next meeting and the window move with time)."""
    if not slug:
        return ""
    now = utcnow()

    def render():
        area = _area_with_neighbours(slug)
        if area is None:
            return None
        coming, past = match_queries.area_rounds(area.ancestor_and_child_ids(), now=now)
        return Markup(
            render_template(
                "matchmaking/_area_rounds_section.html", coming=coming, past=past, today=now.date(), area=area
            )
        )

    hour = now.strftime("%Y%m%d%H")
    return cached_fragment(AREA_ROUNDS_SCOPE, current_language(), f"area:{slug}:{hour}", render) or ""


# --- In the district calendar ----------------------------------------------------------------


@bp.app_template_global()
def with_round_meetings(dialogues: list) -> list:
    """The calendar's coming café dialogues and Idésluss meetings together, by time (a meeting
    is a ``CalendarMeeting``; templates tell them apart by ``is_round_meeting``)."""
    meetings = match_queries.calendar_meetings(now=utcnow())
    events = [(d.starts_at, 0, d.id, d) for d in dialogues] + [(m.starts_at, 1, m.meeting.id, m) for m in meetings]
    return [event for *_order, event in sorted(events, key=lambda e: e[:3])]


@bp.get("/matchmaking/meetings/<int:ident>/calendar.ics")
def round_meeting_ics(ident: int):
    """A round's meeting as a calendar file, like a café dialogue's."""
    found = match_queries.public_meeting(ident)
    if found is None:
        abort(404)
    language = current_language()
    title = translated(found.round.title, language)
    event = calendar_event(
        uid=f"match-meeting-{found.meeting.id}",
        summary=_("%(title)s – meeting %(number)d", title=title, number=found.number),
        starts_at=found.meeting.starts_at,
        ends_at=found.meeting.ends_at,
        stamp=found.round.updated_at or found.meeting.starts_at,
        location=found.meeting.place,
        description=translated(found.round.purpose, language),
        url=url_for("matchmaking.round_page", ident=found.round.id, _external=True),
    )
    response = make_response(calendar_file(event, "idesluss meetings"))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="idesluss-meeting-{found.meeting.id}.ics"'
    return response
