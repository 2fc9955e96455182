"""Answers as CSV or XLSX: one row per response, streamed in batches so memory stays flat.

Headers are question codes (``feel_safe``, ``transport/bus``) or labels in a chosen language.
Multiple choice gives one column with every choice (space-separated, as XLSForm does) plus
one 0/1 column per option. Text that a spreadsheet would run as a formula is prefixed with '.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..areas.models import Area
from ..core import spreadsheet
from ..extensions import db
from ..i18n import translated
from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

BATCH = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    header: str
    #: (response, answers of that response by question id) → cell value
    value: Callable[[SurveyResponse, dict[int, list[SurveyAnswer]]], object]


def safe_text(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _number(value: float | None):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def columns(  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    survey: Survey, *, headers: str = "codes", language: str = "sv", area_names: dict[int, str] | None = None
) -> list[Column]:
    """The export columns for every answerable question, in survey order."""
    labels = headers == "labels"
    area_names = area_names or {}
    with force_locale(language):
        other_word = _("Other, namely")

    def head(question: SurveyQuestion, suffix_code: str | None = None, suffix_label: dict | str | None = None) -> str:
        if labels:
            text = translated(question.text, language)
            if suffix_label is not None:
                extra = suffix_label if isinstance(suffix_label, str) else translated(suffix_label, language)
                return f"{text} – {extra}"
            return text
        return f"{question.code}/{suffix_code}" if suffix_code else question.code

    def name_of(option) -> str:
        return translated(option.label, language) if labels else option.code

    cols = [
        Column("response" if not labels else "id", lambda r, a: r.id),
        Column("submitted_on", lambda r, a: r.submitted_on.isoformat() if r.submitted_on else None),
        Column("area", lambda r, a: area_names.get(r.area_id, "")),
        Column("language", lambda r, a: r.language),
        Column("paper", lambda r, a: 1 if r.is_paper else 0),
    ]
    for question in survey.ordered_questions():
        if not question.collects_answer:
            continue
        qid, kind = question.id, question.kind
        options = {o.id: o for o in question.options}
        if kind in ("single_choice", "yes_no"):
            cols.append(
                Column(
                    head(question),
                    lambda r, a, qid=qid, options=options: (
                        name_of(options[a[qid][0].option_id]) if a.get(qid) and a[qid][0].option_id in options else None
                    ),
                )
            )
        elif kind == "multiple_choice":
            cols.append(
                Column(
                    head(question),
                    lambda r, a, qid=qid, options=options: (
                        " ".join(name_of(options[x.option_id]) for x in a[qid] if x.option_id in options)
                        if a.get(qid)
                        else None
                    ),
                )
            )
            for option in question.choices:
                cols.append(
                    Column(
                        head(question, option.code, option.label),
                        lambda r, a, qid=qid, oid=option.id: (
                            (1 if any(x.option_id == oid for x in a[qid]) else 0) if a.get(qid) else None
                        ),
                    )
                )
        elif kind == "matrix":
            for row in question.rows:
                cols.append(
                    Column(
                        head(question, row.code, row.label),
                        lambda r, a, qid=qid, rid=row.id, options=options: next(
                            (
                                name_of(options[x.option_id])
                                for x in a.get(qid, [])
                                if x.row_option_id == rid and x.option_id in options
                            ),
                            None,
                        ),
                    )
                )
        elif kind == "ranking":
            for item in question.choices:
                cols.append(
                    Column(
                        head(question, item.code, item.label),
                        lambda r, a, qid=qid, oid=item.id: next(
                            (_number(x.number) for x in a.get(qid, []) if x.option_id == oid), None
                        ),
                    )
                )
        elif kind in ("integer", "decimal", "scale", "consent"):
            cols.append(Column(head(question), lambda r, a, qid=qid: _number(a[qid][0].number) if a.get(qid) else None))
        elif kind == "date":
            cols.append(
                Column(
                    head(question),
                    lambda r, a, qid=qid: (
                        a[qid][0].date_value.isoformat() if a.get(qid) and a[qid][0].date_value else None
                    ),
                )
            )
        else:
            cols.append(Column(head(question), lambda r, a, qid=qid: safe_text(a[qid][0].text) if a.get(qid) else None))
        if question.has_other:
            cols.append(
                Column(
                    f"{translated(question.text, language)} – {other_word}" if labels else f"{question.code}_other",
                    lambda r, a, qid=qid: safe_text(next((x.text for x in a.get(qid, []) if x.text), None)),
                )
            )
    return cols


def area_names(language: str) -> dict[int, str]:
    return {a.id: translated(a.name, language) for a in db.session.scalars(select(Area))}


def rows(survey: Survey, cols: list[Column], *, batch: int = BATCH, session=None) -> Iterator[list]:
    """Every submitted response as a list of cells, fetched ``batch`` responses at a time.

    Plain rows, not ORM objects, so nothing accumulates in the session while streaming.
    """
    session = session or db.session
    r, a = SurveyResponse, SurveyAnswer
    last_id = 0
    while True:
        responses = session.execute(
            select(r.id, r.submitted_on, r.area_id, r.language, r.is_paper)
            .where(r.survey_id == survey.id, r.state == "submitted", r.id > last_id)
            .order_by(r.id)
            .limit(batch)
        ).all()
        if not responses:
            return
        ids = [row.id for row in responses]
        by_response: dict[int, dict[int, list]] = {i: {} for i in ids}
        for answer in session.execute(
            select(a.response_id, a.question_id, a.option_id, a.row_option_id, a.number, a.text, a.date_value)
            .where(a.response_id.in_(ids))
            .order_by(a.id)
        ):
            by_response[answer.response_id].setdefault(answer.question_id, []).append(answer)
        for response in responses:
            answers = by_response[response.id]
            yield [column.value(response, answers) for column in cols]
        last_id = ids[-1]


def csv_chunks(survey: Survey, cols: list[Column], *, session=None) -> Iterator[str]:
    """The CSV file piece by piece (UTF-8 with a byte-order mark, for spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_text(c.header) for c in cols])
    for count, row in enumerate(rows(survey, cols, session=session), start=1):
        writer.writerow(["" if v is None else v for v in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_chunks(survey: Survey, cols: list[Column], *, session=None) -> Iterator[bytes]:
    """The XLSX file piece by piece, streamed like the CSV (see ``dialog.core.spreadsheet``)."""
    return spreadsheet.xlsx_chunks(
        [safe_text(c.header) for c in cols], rows(survey, cols, session=session), sheet_name="answers"
    )
