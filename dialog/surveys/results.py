"""Results: every figure is aggregated by the database (GROUP BY over ``survey_answers``), in a
fixed number of queries whatever the number of questions or answers. Python only arranges the
few aggregated rows and hides small cells.

Privacy: a count between 1 and 4 is never shown (``MIN_CELL``), nor a mean or median of fewer
than 5 answers; when exactly one count of a question is hidden, the next smallest is hidden
too, so the hidden one cannot be worked out from the total. The same holds for the answers per
area and per language, and for the n of each column of a cross-table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, and_, cast, func, select

from ..core.disclosure import MIN_GROUP, suppress
from ..extensions import db
from .models import Survey, SurveyAnswer, SurveyResponse

#: Counts below this are hidden (see ``core.disclosure``).
MIN_CELL = MIN_GROUP
#: Written answers per question on the results page (the newest); the rest are a link away.
TEXT_SAMPLE = 20
#: Written answers per page on a question's own page of them.
TEXT_PAGE = 50


@dataclass(frozen=True)
class ResultFilters:
    """Narrow the results to one area (and the areas below it), a language, or one answer."""

    area_ids: tuple[int, ...] = ()
    language: str | None = None
    question_id: int | None = None
    option_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.area_ids or self.language or self.option_id)


def _answer_where(survey_id: int, filters: ResultFilters, a=SurveyAnswer) -> list:
    clauses = [a.survey_id == survey_id]
    if filters.area_ids:
        clauses.append(a.area_id.in_(filters.area_ids))
    if filters.language:
        clauses.append(a.language == filters.language)
    if filters.question_id and filters.option_id:
        chosen = select(SurveyAnswer.response_id).where(
            SurveyAnswer.survey_id == survey_id,
            SurveyAnswer.question_id == filters.question_id,
            SurveyAnswer.option_id == filters.option_id,
        )
        clauses.append(a.response_id.in_(chosen))
    return clauses


def _response_where(survey_id: int, filters: ResultFilters) -> list:
    r = SurveyResponse
    clauses = [r.survey_id == survey_id, r.state == "submitted"]
    if filters.area_ids:
        clauses.append(r.area_id.in_(filters.area_ids))
    if filters.language:
        clauses.append(r.language == filters.language)
    if filters.question_id and filters.option_id:
        clauses.append(
            r.id.in_(
                select(SurveyAnswer.response_id).where(
                    SurveyAnswer.survey_id == survey_id,
                    SurveyAnswer.question_id == filters.question_id,
                    SurveyAnswer.option_id == filters.option_id,
                )
            )
        )
    return clauses


@dataclass
class Aggregates:
    """The raw aggregated rows, keyed for the page."""

    total: int = 0
    respondents: dict[int, int] = field(default_factory=dict)
    #: (question, row option or None, option) → count
    option_counts: dict[tuple, int] = field(default_factory=dict)
    #: (question, option) → mean rank (ranking)
    mean_rank: dict[tuple, float] = field(default_factory=dict)
    #: question → (n, mean)
    numbers: dict[int, tuple[int, float | None]] = field(default_factory=dict)
    dates: dict[int, int] = field(default_factory=dict)
    medians: dict[int, float] = field(default_factory=dict)
    #: (question, scale point) → count
    points: dict[tuple, int] = field(default_factory=dict)
    #: dimension ("area"/"language") → (question, key, option or None) → (count, mean)
    cross: dict[str, dict[tuple, tuple[int, float | None]]] = field(default_factory=dict)
    #: dimension → (question, key) → respondents
    cross_respondents: dict[str, dict[tuple, int]] = field(default_factory=dict)
    texts: dict[int, list[tuple[str, str]]] = field(default_factory=dict)


def aggregate(
    survey: Survey, filters: ResultFilters = ResultFilters(), *, with_texts: bool = False, session=None
) -> Aggregates:
    """Run the aggregate queries for a survey; ``session`` may be a plain connection (benchmark)."""
    session = session or db.session
    a = SurveyAnswer
    where = _answer_where(survey.id, filters)
    kinds = {q.id: q.kind for q in survey.questions}
    scale_ids = [qid for qid, kind in kinds.items() if kind == "scale"]
    number_ids = [qid for qid, kind in kinds.items() if kind in ("integer", "decimal", "scale")]
    cross_ids = [
        qid
        for qid, kind in kinds.items()
        if kind in ("single_choice", "multiple_choice", "yes_no", "scale", "integer", "decimal")
    ]
    text_ids = [
        qid for qid, kind in kinds.items() if kind in ("short_text", "long_text", "single_choice", "multiple_choice")
    ]
    result = Aggregates()

    result.total = (
        session.execute(
            select(func.count()).select_from(SurveyResponse).where(*_response_where(survey.id, filters))
        ).scalar()
        or 0
    )

    for qid, n in session.execute(
        select(a.question_id, func.count(a.response_id.distinct())).where(*where).group_by(a.question_id)
    ):
        result.respondents[qid] = n

    for qid, row_id, option_id, n, mean in session.execute(
        select(a.question_id, a.row_option_id, a.option_id, func.count(), func.avg(a.number))
        .where(*where, a.option_id.is_not(None))
        .group_by(a.question_id, a.row_option_id, a.option_id)
    ):
        result.option_counts[(qid, row_id, option_id)] = n
        if mean is not None:
            result.mean_rank[(qid, option_id)] = float(mean)

    for qid, n, mean, n_dates in session.execute(
        select(a.question_id, func.count(a.number), func.avg(a.number), func.count(a.date_value))
        .where(*where, a.option_id.is_(None))
        .group_by(a.question_id)
    ):
        result.numbers[qid] = (n, float(mean) if mean is not None else None)
        result.dates[qid] = n_dates

    if scale_ids:
        for qid, point, n in session.execute(
            select(a.question_id, a.number, func.count())
            # A scale point is a number without an option or row: said so, the index is read in order.
            .where(
                *where,
                a.question_id.in_(scale_ids),
                a.number.is_not(None),
                a.option_id.is_(None),
                a.row_option_id.is_(None),
            )
            .group_by(a.question_id, a.number)
        ):
            result.points[(qid, int(point))] = n

    if number_ids:
        result.medians = _medians(session, where, number_ids)

    for dimension, column in (("area", a.area_id), ("language", a.language)):
        cells: dict[tuple, tuple[int, float | None]] = {}
        if cross_ids:
            for qid, key, option_id, n, mean in session.execute(
                select(a.question_id, column, a.option_id, func.count(), func.avg(a.number))
                .where(*where, a.question_id.in_(cross_ids), a.row_option_id.is_(None))
                .group_by(a.question_id, column, a.option_id)
            ):
                cells[(qid, key, option_id)] = (n, float(mean) if mean is not None else None)
        result.cross[dimension] = cells
        people: dict[tuple, int] = {}
        if cross_ids:
            for qid, key, n in session.execute(
                select(a.question_id, column, func.count(a.response_id.distinct()))
                .where(*where, a.question_id.in_(cross_ids))
                .group_by(a.question_id, column)
            ):
                people[(qid, key)] = n
        result.cross_respondents[dimension] = people

    if with_texts and text_ids:
        ranked = (
            select(
                a.question_id,
                a.text,
                a.language,
                func.row_number().over(partition_by=a.question_id, order_by=a.id.desc()).label("rn"),
            )
            .where(*where, a.question_id.in_(text_ids), a.text.is_not(None))
            .subquery()
        )
        for qid, text, language in session.execute(
            select(ranked.c.question_id, ranked.c.text, ranked.c.language).where(ranked.c.rn <= TEXT_SAMPLE)
        ):
            result.texts.setdefault(qid, []).append((text, language))
    return result


def filtered_total(survey: Survey, filters: ResultFilters) -> int:
    """How many responses the filters leave (the number that decides whether anything is shown)."""
    return (
        db.session.execute(
            select(func.count()).select_from(SurveyResponse).where(*_response_where(survey.id, filters))
        ).scalar()
        or 0
    )


def text_answers(
    survey: Survey, question_id: int, filters: ResultFilters, *, before: int | None = None, limit: int = TEXT_PAGE
) -> tuple[list, int | None]:
    """One page of a question's written answers (its free text, or "Other, namely …"), newest
    first, and the id to pass as ``before`` for the next page (None on the last). A keyset page
    read from ``ix_survey_answers_texts``, so a late page costs what the first does."""
    a = SurveyAnswer
    query = select(a.id, a.text, a.language).where(
        *_answer_where(survey.id, filters), a.question_id == question_id, a.text.is_not(None)
    )
    if before is not None:
        query = query.where(a.id < before)
    rows = db.session.execute(query.order_by(a.id.desc()).limit(limit + 1)).all()
    return rows[:limit], (rows[limit - 1].id if len(rows) > limit else None)


def _medians(session, where: list, question_ids: list[int]) -> dict[int, float]:
    """Medians in SQL on both databases, in one ordered read of the index: count the answers per
    question and value (``GROUP BY``), add the counts up in the order of the value (a window over
    those few grouped rows, not over every answer), and average the value(s) whose range of
    positions holds the middle one(s), ``(n + 1) // 2`` and ``(n + 2) // 2`` — the same values, so
    the same average, as numbering every sorted answer."""
    a = SurveyAnswer
    grouped = (
        select(a.question_id.label("qid"), a.number.label("value"), func.count().label("c"))
        .where(
            *where,
            a.question_id.in_(question_ids),
            a.number.is_not(None),
            a.option_id.is_(None),
            a.row_option_id.is_(None),
        )
        .group_by(a.question_id, a.number)
        .subquery()
    )
    # Cast: PostgreSQL's sum() of counts is numeric, and the positions are whole numbers.
    upto = cast(func.sum(grouped.c.c).over(partition_by=grouped.c.qid, order_by=grouped.c.value), Integer)
    total = cast(func.sum(grouped.c.c).over(partition_by=grouped.c.qid), Integer)
    ranged = select(
        grouped.c.qid,
        grouped.c.value,
        grouped.c.c,
        upto.label("upto"),
        total.label("cnt"),
    ).subquery()
    middle = and_(
        ranged.c.upto >= (ranged.c.cnt + 1) // 2,
        ranged.c.upto - ranged.c.c < (ranged.c.cnt + 2) // 2,
    )
    rows = session.execute(select(ranged.c.qid, func.avg(ranged.c.value)).where(middle).group_by(ranged.c.qid))
    return {qid: float(value) for qid, value in rows}


# --- Arranging, with small cells hidden ---------------------------------------------------------


@dataclass
class Cell:
    count: int | None  # None: hidden
    percent: float | None

    @property
    def hidden(self) -> bool:
        return self.count is None


def cells(counts: list[int], denominator: int, *, derivable: bool = True) -> list[Cell]:
    hidden = suppress(counts, derivable=derivable)
    out = []
    for n, hide in zip(counts, hidden, strict=False):
        if hide:
            out.append(Cell(None, None))
        else:
            out.append(Cell(n, (100.0 * n / denominator) if denominator else 0.0))
    return out


@dataclass
class QuestionResult:
    question: object
    n: int
    hidden: bool
    rows: list = field(default_factory=list)  # [(label map, Cell)]
    mean: float | None = None
    median: float | None = None
    matrix: list = field(default_factory=list)  # [(row label map, [Cell])]
    ranking: list = field(default_factory=list)  # [(label map, mean place or None, first places Cell)]
    texts: list = field(default_factory=list)
    other_texts: list = field(default_factory=list)
    cross: dict = field(default_factory=dict)  # dimension → {"keys": [...], "rows": [(label, [Cell|mean])]}


def arrange(survey: Survey, agg: Aggregates, *, area_names: dict[int, dict], with_texts: bool) -> list[QuestionResult]:  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    """Per question: counts and percentages, numbers, matrix, ranking, cross-tables; small cells hidden."""
    results = []
    for question in survey.ordered_questions():
        if not question.collects_answer:
            continue
        n = agg.respondents.get(question.id, 0)
        res = QuestionResult(question=question, n=n, hidden=n < MIN_CELL)
        kind = question.kind
        if kind in ("single_choice", "multiple_choice", "yes_no"):
            counts = [agg.option_counts.get((question.id, None, o.id), 0) for o in question.choices]
            res.rows = list(
                zip(
                    [o.label for o in question.choices],
                    cells(counts, n, derivable=kind != "multiple_choice"),
                    strict=False,
                )
            )
        elif kind == "scale":
            points = question.scale_points()
            counts = [agg.points.get((question.id, p), 0) for p in points]
            res.rows = list(zip([{"": str(p)} for p in points], cells(counts, n), strict=False))
        elif kind == "consent":
            counts = [agg.numbers.get(question.id, (0, None))[0]]
            res.rows = list(zip([question.text], cells(counts, max(agg.total, 1)), strict=False))
        elif kind == "matrix":
            for row in question.rows:
                counts = [agg.option_counts.get((question.id, row.id, o.id), 0) for o in question.choices]
                row_n = sum(counts)
                res.matrix.append(
                    (row.label, cells(counts, row_n) if row_n >= MIN_CELL else [Cell(None, None)] * len(counts))
                )
        elif kind == "ranking":
            ranked = []
            for item in question.choices:
                ranked.append(agg.option_counts.get((question.id, None, item.id), 0))
            for item, placed in zip(question.choices, cells(ranked, n, derivable=False), strict=False):
                mean = agg.mean_rank.get((question.id, item.id))
                res.ranking.append((item.label, mean if not res.hidden and placed.count is not None else None, placed))
        if kind in ("integer", "decimal", "scale") and not res.hidden:
            count, mean = agg.numbers.get(question.id, (0, None))
            if count >= MIN_CELL:
                res.mean, res.median = mean, agg.medians.get(question.id)
        if with_texts:
            if kind in ("short_text", "long_text"):
                res.texts = agg.texts.get(question.id, [])
            elif question.has_other:
                res.other_texts = agg.texts.get(question.id, [])
        if kind in ("single_choice", "multiple_choice", "yes_no", "scale", "integer", "decimal"):
            for dimension in ("area", "language"):
                res.cross[dimension] = _cross(question, agg, dimension, area_names)
        results.append(res)
    return results


def hidden_counts(counts: dict) -> dict:
    """{key: count, or None when hidden} for counts that add up to a total that is shown (answers
    per area, per language): 1–4 hidden, and one more when only one would be, so that no
    hidden count can be worked out by subtracting the others from the total."""
    keys = list(counts)
    hide = suppress([counts[k] for k in keys])
    return {k: (None if h else counts[k]) for k, h in zip(keys, hide, strict=False)}


def _cross(question, agg: Aggregates, dimension: str, area_names: dict[int, dict]) -> dict:
    people = agg.cross_respondents.get(dimension, {})
    keys = sorted({key for (qid, key) in people if qid == question.id and key is not None}, key=lambda k: str(k))
    # The column n's add up to the question's n, which is shown: hide one more when only one is.
    # Respondents without an area are a column of their own in that sum.
    counts = [people.get((question.id, key), 0) for key in keys]
    unplaced = people.get((question.id, None), 0)
    hidden = suppress(counts + ([unplaced] if unplaced else []))[: len(keys)]
    columns = []
    for key, n, hide in zip(keys, counts, hidden, strict=False):
        label = area_names.get(key, {"": str(key)}) if dimension == "area" else key
        columns.append({"key": key, "label": label, "n": None if hide else n, "hidden": hide})
    rows = []
    cells_ = agg.cross.get(dimension, {})
    if question.kind in ("single_choice", "multiple_choice", "yes_no"):
        per_column = []
        for column in columns:
            counts = [cells_.get((question.id, column["key"], o.id), (0, None))[0] for o in question.choices]
            per_column.append(
                cells(counts, column["n"], derivable=question.kind != "multiple_choice")
                if not column["hidden"]
                else [Cell(None, None)] * len(counts)
            )
        for index, option in enumerate(question.choices):
            rows.append((option.label, [col[index] for col in per_column]))
        return {"columns": columns, "rows": rows, "means": None}
    means = []
    for column in columns:
        count, mean = cells_.get((question.id, column["key"], None), (0, None))
        means.append(mean if count >= MIN_CELL and not column["hidden"] else None)
    return {"columns": columns, "rows": [], "means": means}


def area_breakdown(
    survey: Survey, filters: ResultFilters = ResultFilters(), *, session=None
) -> list[tuple[int | None, int]]:
    """Respondents per area (GROUP BY), for the filter and the overview."""
    rows = (session or db.session).execute(
        select(SurveyResponse.area_id, func.count())
        .where(*_response_where(survey.id, filters))
        .group_by(SurveyResponse.area_id)
    )
    return list(rows)


def language_breakdown(
    survey: Survey, filters: ResultFilters = ResultFilters(), *, session=None
) -> list[tuple[str, int]]:
    rows = (session or db.session).execute(
        select(SurveyResponse.language, func.count())
        .where(*_response_where(survey.id, filters))
        .group_by(SurveyResponse.language)
    )
    return list(rows)


def paper_count(survey: Survey, *, session=None) -> int:
    return (session or db.session).execute(
        select(func.count())
        .select_from(SurveyResponse)
        .where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.state == "submitted",
            SurveyResponse.is_paper.is_(True),
        )
    ).scalar() or 0


def page_aggregates(survey: Survey, filters: ResultFilters = ResultFilters(), *, session=None) -> None:
    """Every aggregate query the staff results page runs (the benchmark times them bare)."""
    aggregate(survey, filters, with_texts=True, session=session)
    area_breakdown(survey, session=session)
    language_breakdown(survey, session=session)
    paper_count(survey, session=session)
