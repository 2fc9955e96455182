"""Results at scale: the number of queries does not grow with the questions or the answers, and
the medians (counted per value, then the middle value(s) averaged) equal the middle of the sorted
answers, with and without filters."""

import copy
import statistics

from dialog.extensions import db
from dialog.surveys import responses as responding
from dialog.surveys.models import SurveyAnswer
from dialog.surveys.results import ResultFilters, aggregate, page_aggregates

from .helpers import DEFINITION, make_survey, option, questions  # noqa: F401  (fixtures)


def _answer(survey, area, language, values: dict) -> None:
    """One response; in the doubled survey the copies (``_2``) get the same answers."""
    q = questions(survey)
    values = {"ok": True, "walk": "no", **values}
    stored = {}
    for code, value in values.items():
        for question in (q.get(code), q.get(code + "_2")):
            if question is None:
                continue
            if question.kind in ("single_choice", "yes_no"):
                stored[question.id] = {"option": option(survey, question.code, value)}
            else:
                stored[question.id] = value
    responding.record_paper_response(survey, stored, area=area, language=language, source_url="/x", is_paper=False)


def _doubled_definition() -> dict:
    """The test survey with every section twice (second copy with other codes): twice the questions."""
    definition = copy.deepcopy(DEFINITION)
    extra = copy.deepcopy(DEFINITION["sections"])
    codes = {q["code"] for s in extra for q in s["questions"]}
    for section in extra:
        section["code"] += "_2"
        if section["condition"]:
            for rule in section["condition"]["rules"]:
                rule["question"] += "_2"
        for question in section["questions"]:
            question["code"] += "_2"
            if question.get("condition"):
                for rule in question["condition"]["rules"]:
                    if rule["question"] in codes:
                        rule["question"] += "_2"
    definition["sections"] += extra
    return definition


def _count(count_queries, survey) -> int:
    for question in survey.questions:
        question.options  # noqa: B018  (loaded with the survey on a page)
    with count_queries() as statements:
        page_aggregates(survey)
    return len(statements)


def test_query_count_does_not_grow_with_questions_or_answers(client, factories, login, count_queries):
    small = make_survey(factories)
    large = make_survey(factories, definition=_doubled_definition(), areas=small.areas)
    assert len(large.questions) == 2 * len(small.questions)
    area = small.areas[0].children[0]
    for survey in (small, large):
        _answer(survey, area, "sv", {"safe": 3, "colour": "red", "age": 30})
    db.session.commit()
    counts = {_count(count_queries, small), _count(count_queries, large)}
    for survey in (small, large):
        for i in range(20):
            _answer(survey, area, "ar", {"safe": 1 + i % 5, "colour": "blue", "age": 20 + i})
    db.session.commit()
    counts |= {_count(count_queries, small), _count(count_queries, large)}
    assert len(counts) == 1, counts

    login(factories.admin())
    pages = set()
    for survey in (small, large):
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/staff/surveys/{survey.id}/results").status_code == 200
        pages.add(len(statements))
    assert len(pages) == 1, pages


def _sorted_middle(values: list[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    return (ordered[(n + 1) // 2 - 1] + ordered[(n + 2) // 2 - 1]) / 2


def test_medians_are_the_middle_of_the_sorted_answers(factories):
    survey = make_survey(factories)
    a, b = survey.areas[0].children
    heights = [1.5, 1.75, 1.75, 2.0, 0.25, 3.5, 1.75, 2.25, 0.5]  # odd, with repeats
    for i, height in enumerate(heights):
        _answer(
            survey,
            a if i % 2 else b,
            "sv" if i < 5 else "so",
            {"safe": 1 + (i * 3) % 5, "age": 30 + (i % 4) * 7, "height": height},
        )
    _answer(survey, a, "so", {"safe": 5, "age": 91})  # no height: even counts for the others
    db.session.commit()
    q = questions(survey)
    for filters, keep in (
        (ResultFilters(), lambda row: True),
        (ResultFilters(language="so"), lambda row: row.language == "so"),
        (ResultFilters(area_ids=(a.id,)), lambda row: row.area_id == a.id),
    ):
        agg = aggregate(survey, filters)
        for code in ("safe", "age", "height"):
            values = [
                row.number for row in db.session.query(SurveyAnswer).filter_by(question_id=q[code].id) if keep(row)
            ]
            assert agg.medians[q[code].id] == _sorted_middle(values), (code, filters)
            assert agg.medians[q[code].id] == statistics.median(values)
