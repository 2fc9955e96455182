"""The trust pulse: the same five short questions per area, every quarter, shown as trends.

The questions are written here in all five languages; every pulse is an ordinary survey
(kind "pulse") with one area and a period, so answering, results and export work as usual.
Trends are one GROUP BY over all pulses: (area, period, question) → n, mean.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..areas.models import Area, Topic
from ..extensions import db
from ..i18n import LANGUAGES
from . import building, definitions
from .errors import SurveyError
from .models import Survey, SurveyAnswer, SurveyQuestion
from .pulse_standard import DESCRIPTION, END, PERIOD, PROMISE, PULSE_CODES, TITLE, pulse_definition, quarter_bounds
from .results import MIN_CELL


def create_pulse(area: Area, period: str, groups, actor, *, open_now: bool = True) -> Survey:
    """A new trust pulse for one area and one quarter, in all five languages, taking answers
    from the quarter's first day to its last."""
    if not PERIOD.match(period):
        raise SurveyError(_("Choose a year and a quarter."))
    opens_on, closes_on = quarter_bounds(period)
    exists = db.session.scalar(select(Survey.id).where(Survey.pulse_area_id == area.id, Survey.period == period))
    if exists:
        raise SurveyError(_("There is already a trust pulse for this area and quarter."))
    year, quarter = period.split("-Q")
    title = {
        code: f"{TITLE[code]} – {area.name.get(code) or area.name.get('sv')} {year}/{quarter}" for code in LANGUAGES
    }
    topics = list(db.session.scalars(select(Topic).where(Topic.slug.in_(["participation-trust", "safety"]))))
    settings = building.SurveySettings(
        title=title,
        description=dict(DESCRIPTION),
        promise=dict(PROMISE),
        end_message=dict(END),
        participation_level="consultation",
        mode="anonymous",
        languages=list(LANGUAGES),
        opens_on=opens_on,
        closes_on=closes_on,
        results_public=True,
        areas=[area],
        topics=topics,
        theme_groups=list(groups),
    )
    try:
        with db.session.begin_nested():
            survey = definitions.create_from_definition(
                pulse_definition(), settings, actor, kind="pulse", period=period, pulse_area=area
            )
    except IntegrityError as exc:
        raise SurveyError(_("There is already a trust pulse for this area and quarter.")) from exc
    if open_now:
        building.set_state(survey, "open")
    return survey


def existing_pulse_areas(period: str, area_ids) -> set[int]:
    ids = list(area_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(select(Survey.pulse_area_id).where(Survey.period == period, Survey.pulse_area_id.in_(ids)))
    )


def create_round(period: str, areas, groups_for_area, actor, *, open_now: bool = True) -> tuple[list, list]:
    """A trust pulse for ``period`` in each of ``areas``; areas that already have one are
    skipped. ``groups_for_area(area)`` gives each pulse's theme groups. Returns the new
    pulses and the skipped areas."""
    if not PERIOD.match(period):
        raise SurveyError(_("Choose a year and a quarter."))
    areas = list(dict.fromkeys(areas))
    taken = existing_pulse_areas(period, [a.id for a in areas])
    made, skipped = [], []
    for area in areas:
        if area.id in taken:
            skipped.append(area)
            continue
        made.append(create_pulse(area, period, groups_for_area(area), actor, open_now=open_now))
    return made, skipped


def start_round(
    period: str, district: Area | None, area_ids, groups, actor, *, open_now: bool = True
) -> tuple[list, list]:
    """A round started from the staff form: every area of ``district`` (the district itself when
    it has none), then the areas chosen one by one, each with the same theme groups. Refused
    when every chosen area already has a pulse for the quarter."""
    chosen: list[Area] = []
    if district is not None:
        chosen += list(district.children) or [district]
    chosen += list(
        db.session.scalars(select(Area).where(Area.id.in_(area_ids or [])).order_by(Area.position, Area.slug))
    )
    made, skipped = create_round(period, chosen, lambda _area: groups, actor, open_now=open_now)
    if not made:
        raise SurveyError(_("There is already a trust pulse for this area and quarter."))
    return made, skipped


def latest_period(area_ids=None) -> str | None:
    query = select(func.max(Survey.period)).where(Survey.kind == "pulse")
    if area_ids is not None:
        query = query.where(Survey.pulse_area_id.in_(list(area_ids)))
    return db.session.scalar(query)


def pulses_in(period: str) -> list[Survey]:
    return list(
        db.session.scalars(select(Survey).where(Survey.kind == "pulse", Survey.period == period).order_by(Survey.id))
    )


@dataclass
class TrendCell:
    n: int
    mean: float | None  # None when fewer than MIN_CELL answers


def trends(*, public_only: bool, area_ids: list[int] | None = None):
    """(periods, areas, {code: {area id: {period: TrendCell}}}) from one GROUP BY."""
    a, q, s = SurveyAnswer, SurveyQuestion, Survey
    query = (
        select(s.pulse_area_id, s.period, q.code, func.count(a.number), func.avg(a.number))
        .select_from(a)
        .join(q, q.id == a.question_id)
        .join(s, s.id == a.survey_id)
        .where(s.kind == "pulse", q.code.in_(PULSE_CODES), a.number.is_not(None))
        .group_by(s.pulse_area_id, s.period, q.code)
    )
    if public_only:
        query = query.where(s.results_public.is_(True), s.state != "draft")
    if area_ids:
        query = query.where(s.pulse_area_id.in_(area_ids))
    data: dict[str, dict[int, dict[str, TrendCell]]] = {code: {} for code in PULSE_CODES}
    periods, area_set = set(), set()
    for area_id, period, code, n, mean in db.session.execute(query):
        periods.add(period)
        area_set.add(area_id)
        data[code].setdefault(area_id, {})[period] = TrendCell(
            n, float(mean) if n >= MIN_CELL and mean is not None else None
        )
    areas = (
        list(db.session.scalars(select(Area).where(Area.id.in_(area_set)).order_by(Area.position, Area.slug)))
        if area_set
        else []
    )
    return sorted(periods), areas, data
