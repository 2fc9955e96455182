"""CSV and XLSX exports of the answers (XLSForm out and in: test_xlsform.py)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from dialog.extensions import db
from dialog.surveys import responses as responding

from .helpers import english, make_survey, option, questions  # noqa: F401  (fixtures)


def add_answer(survey, area, language, **answers):
    q = questions(survey)
    values = {q["ok"].id: True}
    for code, value in {"walk": "no", **answers}.items():
        question = q[code]
        if question.kind in ("single_choice", "yes_no"):
            other = None
            if isinstance(value, tuple):
                value, other = value
            values[question.id] = {"option": option(survey, code, value), **({"other": other} if other else {})}
        elif question.kind == "multiple_choice":
            values[question.id] = {"options": [option(survey, code, v) for v in value]}
        elif question.kind == "matrix":
            values[question.id] = {
                str(option(survey, code, r, "row")): option(survey, code, c) for r, c in value.items()
            }
        elif question.kind == "ranking":
            values[question.id] = {str(option(survey, code, item)): place for item, place in value.items()}
        else:
            values[question.id] = value
    response = responding.record_paper_response(survey, values, area=area, language=language, source_url="/x")
    db.session.commit()
    return response


@pytest.fixture
def answered(factories):
    survey = make_survey(factories)
    area = survey.areas[0].children[0]
    first = add_answer(
        survey,
        area,
        "sv",
        safe=2,
        colour=("other", "=SUM(A1)"),
        places=["park", "school"],
        why="Mörkt",
        walk="yes",
        when="evening",
        age=42,
        height=1.5,
        moved="2020-02-29",
        trust={"police": "high"},
        rank={"light": 1, "youth": 2},
    )
    second = add_answer(survey, area, "ar", safe=5, colour="red", places=["square"])
    return survey, area, first, second


def _csv(client, survey, query=""):
    response = client.get(f"/staff/surveys/{survey.id}/answers.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_one_row_per_response_with_codes(client, factories, login, answered):
    survey, area, first, second = answered
    login(factories.admin())
    rows = _csv(client, survey)
    assert [r["response"] for r in rows] == [str(first.id), str(second.id)]
    row = rows[0]
    assert row["area"] == area.name["sv"] and row["language"] == "sv" and row["paper"] == "1"
    assert row["safe"] == "2" and row["colour"] == "other" and row["colour_other"] == "'=SUM(A1)"
    assert row["places"] == "park school"
    assert (row["places/park"], row["places/square"], row["places/school"]) == ("1", "0", "1")
    assert row["why"] == "Mörkt" and row["walk"] == "yes" and row["when"] == "evening"
    assert row["age"] == "42" and row["height"] == "1.5" and row["moved"] == "2020-02-29"
    assert row["trust/police"] == "high" and row["trust/school"] == ""
    assert row["rank/light"] == "1" and row["rank/youth"] == "2" and row["rank/clean"] == ""
    assert row["ok"] == "1"
    other = rows[1]
    assert other["places/park"] == "0" and other["walk"] == "" and other["why"] == ""  # page 2 did not apply


def test_csv_with_labels_in_a_language(client, factories, login, answered):
    survey, *_ = answered
    login(factories.admin())
    rows = _csv(client, survey, "?headers=labels&lang=ar")
    assert "ما مدى الأمان؟" in rows[0]
    assert rows[1]["ما مدى الأمان؟"] == "5"
    assert any(key.startswith("Platser? (en)") or key.startswith("Platser?") for key in rows[0])
    places = next(k for k in rows[0] if k.startswith("Platser?") and "–" not in k)
    assert rows[1][places] == "خيار square"


def test_xlsx_has_the_same_content(client, factories, login, answered):
    survey, *_ = answered
    login(factories.admin())
    response = client.get(f"/staff/surveys/{survey.id}/answers.xlsx")
    assert response.status_code == 200
    assert response.is_streamed  # sent as it is written, like the CSV
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    first = dict(zip(header, rows[1], strict=False))
    assert first["safe"] == 2 and first["places/park"] == 1 and first["places/square"] == 0
    assert first["colour_other"] == "'=SUM(A1)" and first["moved"] == "2020-02-29"
    assert len(rows) == 3


def test_export_needs_to_manage_the_survey(client, factories, login, answered):
    survey, *_ = answered
    login(factories.staff())
    assert client.get(f"/staff/surveys/{survey.id}/answers.csv").status_code == 403
    assert client.get(f"/staff/surveys/{survey.id}/answers.xlsx").status_code == 403


def test_export_streams_in_batches(answered, count_queries, app):
    from dialog.surveys import exports

    survey, *_ = answered
    with app.test_request_context():
        cols = exports.columns(survey)
        chunks = exports.rows(survey, cols, batch=1)
        assert len(list(chunks)) == 2
