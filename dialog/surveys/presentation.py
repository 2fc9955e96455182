"""Everything a results page shows, for staff and (when published) for residents."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.models import Area
from ..extensions import db
from ..i18n import LANGUAGES
from . import charts, results
from .models import Survey


def filters_from(survey: Survey, args) -> results.ResultFilters:
    area_ids: tuple[int, ...] = ()
    area_id = args.get("area", type=int)
    if area_id:
        area = db.session.scalars(select(Area).where(Area.id == area_id).options(selectinload(Area.children))).first()
        if area is not None:
            area_ids = (area.id, *(child.id for child in area.children))
    language = args.get("language") if args.get("language") in LANGUAGES else None
    question_id = option_id = None
    raw = args.get("answer", "")
    if ":" in raw:
        left, _sep, right = raw.partition(":")
        if left.isdigit() and right.isdigit():
            question = next((q for q in survey.questions if q.id == int(left)), None)
            if question is not None and any(o.id == int(right) for o in question.choices):
                question_id, option_id = int(left), int(right)
    return results.ResultFilters(area_ids, language, question_id, option_id)


def filter_args(args) -> dict:
    """The results' filters as query arguments, for links that keep them."""
    return {k: v for k, v in args.items() if k in ("area", "language", "answer") and v}


def results_context(survey: Survey, args, *, with_texts: bool) -> dict:
    filters = filters_from(survey, args)
    agg = results.aggregate(survey, filters, with_texts=with_texts)
    by_area = results.area_breakdown(survey)
    area_ids = {area_id for area_id, _n in by_area if area_id is not None}
    area_ids |= {key for (_q, key) in agg.cross_respondents.get("area", {}) if key is not None}
    areas = (
        list(db.session.scalars(select(Area).where(Area.id.in_(area_ids)).order_by(Area.position, Area.slug)))
        if area_ids
        else []
    )
    area_names = {a.id: a.name for a in areas}
    arranged = results.arrange(survey, agg, area_names=area_names, with_texts=with_texts)
    hidden_text = _("fewer than 5")
    for res in arranged:
        res.chart = charts.for_question(res, hidden_text=hidden_text)
    answer_filters = [
        (q, [(f"{q.id}:{o.id}", o.label) for o in q.choices])
        for q in survey.ordered_questions()
        if q.kind in ("single_choice", "multiple_choice", "yes_no")
    ]
    return {
        "filters": filters,
        "chosen_area": args.get("area", type=int) if filters.area_ids else None,
        "chosen_answer": f"{filters.question_id}:{filters.option_id}" if filters.option_id else "",
        "total": agg.total,
        "hidden_total": agg.total < results.MIN_CELL,
        "results": arranged,
        "areas": areas,
        # Counts per area and language add up to the total: small ones hidden, and a second one.
        "by_area": results.hidden_counts(dict(by_area)),
        "by_language": results.hidden_counts(dict(results.language_breakdown(survey))),
        "answer_filters": answer_filters,
        "min_cell": results.MIN_CELL,
        "text_sample": results.TEXT_SAMPLE,
        "filter_args": filter_args(args),
    }
