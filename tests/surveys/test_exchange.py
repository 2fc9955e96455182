"""CSV and XLSX exports, and XLSForm out and in (round trip, row-by-row errors, nothing created)."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.surveys import building, definitions
from dialog.surveys import responses as responding
from dialog.surveys.models import Survey
from dialog.surveys.xlsform import ImportFailed, export_workbook, parse_workbook

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


# --- XLSForm -------------------------------------------------------------------------------


def test_xlsform_round_trip_gives_the_same_survey(factories):
    survey = make_survey(factories)
    survey.description = {"sv": "Om trygghet", "so": "Ku saabsan ammaanka"}
    survey.end_message = {"sv": "Tack!", "fa": "سپاس!"}
    db.session.commit()
    data = export_workbook(survey)
    definition, meta = parse_workbook(data)
    settings = building.SurveySettings(areas=list(survey.areas), theme_groups=list(survey.theme_groups), **meta)
    copy = definitions.create_from_definition(definition, settings, None)
    db.session.commit()
    assert definitions.definition(copy) == definitions.definition(survey)


def test_xlsform_export_sheets_and_columns(factories):
    survey = make_survey(factories)
    workbook = load_workbook(io.BytesIO(export_workbook(survey)), read_only=True)
    assert [s.title for s in workbook.worksheets] == ["survey", "choices", "settings"]
    rows = list(workbook["survey"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("type", "name", "label::Swedish (sv)", "label::English (en)")
    assert "label::Arabic (ar)" in header and "relevant" in header
    by_name = {r[1]: dict(zip(header, r, strict=False)) for r in rows[1:]}
    assert by_name["second"]["type"] == "begin_group" and by_name["second"]["relevant"] == "${safe} <= 2"
    assert by_name["when"]["relevant"] == "${walk} = 'yes'"
    assert by_name["safe"]["type"] == "range" and by_name["safe"]["parameters"] == "start=1 end=5 step=1"
    assert by_name["places"]["type"] == "select_multiple places"
    assert by_name["places"]["constraint"] == "count-selected(.) <= 2"
    assert by_name["colour_other"]["relevant"] == "${colour} = 'other'"
    assert by_name["trust"]["appearance"] == "table-list"
    assert by_name["rank"]["type"] == "rank rank" and by_name["ok"]["type"] == "acknowledge"
    assert by_name["age"]["constraint"] == ". >= 0 and . <= 120"


def _workbook(survey_rows, choice_rows=(), settings=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey_rows:
        sheet.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Swedish (sv)"])
    for row in choice_rows:
        choices.append(row)
    if settings:
        s = book.create_sheet("settings")
        s.append(list(settings))
        s.append(list(settings.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_a_kobo_style_form(factories):
    data = _workbook(
        [
            ["type", "name", "label::English (en)", "label::Swedish (sv)", "required", "relevant", "appearance"],
            ["start", "start", "", "", "", "", ""],
            ["select_one yn", "likes", "Do you like it?", "Gillar du det?", "yes", "", ""],
            ["text", "why", "Why?", "Varför?", "", "${likes} = '1'", "multiline"],
            ["select_multiple fruit", "fruit", "Fruit", "Frukt", "", "", ""],
            ["integer", "age", "Age", "Ålder", "", "", ""],
        ],
        [
            ["yn", "1", "Yes", "Ja"],
            ["yn", "2", "No", "Nej"],
            ["fruit", "apple", "Apple", "Äpple"],
            ["fruit", "pear", "Pear", "Päron"],
        ],
        {"form_title": "Frukt", "default_language": "Swedish (sv)"},
    )
    definition, meta = parse_workbook(data)
    assert meta["title"]["sv"] == "Frukt"
    questions_ = definition["sections"][0]["questions"]
    assert [q["kind"] for q in questions_] == ["single_choice", "long_text", "multiple_choice", "integer"]
    assert questions_[1]["condition"] == {
        "match": "all",
        "rules": [{"question": "likes", "op": "equals", "value": "1"}],
    }
    assert questions_[0]["choices"][0]["label"] == {"en": "Yes", "sv": "Ja"}


def test_import_reports_every_problem_by_row_and_creates_nothing(client, factories, login):
    user = factories.staff()
    district = factories.area()
    group = factories.group(areas=[district], members=[(user, "member")])
    login(user)
    data = _workbook(
        [
            ["type", "name", "label::English (en)", "label::French (fr)", "relevant", "choice_filter"],
            ["geopoint", "where", "Where?", "", "", ""],
            ["select_one missing", "pick", "Pick", "", "", ""],
            ["text", "name", "Name", "Nom", "", ""],
            ["text", "later", "Later", "", "${after} = 'x'", ""],
            ["text", "odd", "Odd", "", "string-length(${name}) > 3", ""],
            ["select_one yn", "f", "F", "", "", "x = 1"],
            ["text", "after", "After", "", "", ""],
        ],
        [["yn", "yes", "Yes", "Ja"]],
    )
    response = client.post(
        "/staff/surveys/import",
        data={
            "file": (io.BytesIO(data), "form.xlsx"),
            "areas": [district.id],
            "theme_groups": [group.id],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was created" in page
    assert "row 2: The question type “geopoint” is not supported." in page
    assert "row 3: The list “missing” is not in the choices sheet." in page
    assert "row 4: The language “French (fr)” is not one of the five languages" in page
    assert "row 5: Rule 1: “after” comes later in the survey." in page
    assert "row 6: The condition “string-length(${name}) &gt; 3” uses something that cannot be read here." in page
    assert "row 7: The column “choice_filter” is not supported." in page
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0


def test_import_of_something_that_is_not_a_spreadsheet(client, factories, login):
    user = factories.staff()
    district = factories.area()
    group = factories.group(areas=[district], members=[(user, "member")])
    login(user)
    response = client.post(
        "/staff/surveys/import",
        data={
            "file": (io.BytesIO(b"not a zip at all"), "form.xlsx"),
            "areas": [district.id],
            "theme_groups": [group.id],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "This is not an Excel file (.xlsx) that can be read." in response.get_data(as_text=True)
    with pytest.raises(ImportFailed):
        parse_workbook(_workbook([["type", "name"]]))


def test_import_through_the_page_then_export_again(client, factories, login):
    user = factories.staff()
    district = factories.area()
    group = factories.group(areas=[district], members=[(user, "member")])
    survey = make_survey(factories, groups=[group], areas=[district])
    login(user)
    data = client.get(f"/staff/surveys/{survey.id}/xlsform.xlsx").get_data()
    response = client.post(
        "/staff/surveys/import",
        data={
            "file": (io.BytesIO(data), "form.xlsx"),
            "areas": [district.id],
            "theme_groups": [group.id],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    copy = db.session.scalars(select(Survey).where(Survey.id != survey.id)).one()
    assert copy.state == "draft" and definitions.definition(copy) == definitions.definition(survey)


def test_import_reports_media_columns_in_any_form_row_by_row(client, factories, login):
    user = factories.staff()
    district = factories.area()
    group = factories.group(areas=[district], members=[(user, "member")])
    login(user)
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(
        [
            "type",
            "name",
            "label::Swedish (sv)",
            "media::image::English (en)",
            "image",
            "audio::Swedish (sv)",
            "video",
            "media::video",
        ]
    )
    sheet.append(["text", "a", "A?", "map.png", "", "", "", ""])
    sheet.append(["integer", "b", "B?", "", "photo.jpg", "", "", ""])
    sheet.append(["note", "c", "C", "", "", "hello.mp3", "", ""])
    sheet.append(["select_one yn", "d", "D?", "", "", "", "clip.mp4", "clip2.mp4"])
    sheet.append(["text", "e", "E?", "", "", "", "", ""])  # no media: fine
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Swedish (sv)", "image", "media::audio::Swedish (sv)", "county"])
    choices.append(["yn", "yes", "Ja", "yes.png", "", ""])
    choices.append(["yn", "no", "Nej", "", "nej.mp3", ""])
    choices.append(["yn", "maybe", "Kanske", "", "", "north"])
    choices.append(["yn", "later", "Senare", "", "", ""])  # only known columns: fine
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportFailed) as failed:
        parse_workbook(out.getvalue())
    found = {(p.sheet, p.row, p.message) for p in failed.value.problems}
    expected = {
        ("survey", 2, "media::image::English (en)"),
        ("survey", 3, "image"),
        ("survey", 4, "audio::Swedish (sv)"),
        ("survey", 5, "video"),
        ("survey", 5, "media::video"),
        ("choices", 2, "image"),
        ("choices", 3, "media::audio::Swedish (sv)"),
        ("choices", 4, "county"),
    }
    wanted = {(sheet, row, f"The column “{column}” is not supported.") for sheet, row, column in expected}
    assert wanted <= found
    assert not any(p.row == 6 and p.sheet == "survey" for p in failed.value.problems)
    assert not any(p.row == 5 and p.sheet == "choices" for p in failed.value.problems)
    response = client.post(
        "/staff/surveys/import",
        data={
            "file": (io.BytesIO(out.getvalue()), "form.xlsx"),
            "areas": [district.id],
            "theme_groups": [group.id],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Sheet “survey”, row 2: The column “media::image::English (en)” is not supported." in page
    assert "Sheet “choices”, row 4: The column “county” is not supported." in page
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0
