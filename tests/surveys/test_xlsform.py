"""XLSForm out and in: every export converts with pyxform's xls2xform, the round trip gives the
same survey, every spelling pyxform accepts is read, and the import is a preview row by row
(imported, changed, left out) before "import as draft"; refused only when nothing usable remains."""

from __future__ import annotations

import base64
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.surveys import building, definitions
from dialog.surveys.models import Survey, SurveyQuestion
from dialog.surveys.xlsform import export_workbook
from dialog.surveys.xlsform_import import preview_workbook

from .helpers import english, make_survey  # noqa: F401  (fixtures)


@pytest.fixture
def req(app):
    """Messages are translated: reading a file outside a page needs a request."""
    with app.test_request_context(headers={"Cookie": "dialog_lang=en"}):
        yield


def survey_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Survey))


def outcomes(preview) -> dict[str, tuple[str, str]]:
    return {r.name: (r.outcome, " ".join(r.messages)) for r in preview.rows}


def md(text: str) -> bytes:
    return "\n".join(line.strip() for line in text.strip().splitlines()).encode()


# --- Export -------------------------------------------------------------------------------------


def test_every_export_converts_with_pyxform(factories, req):
    survey = make_survey(factories)
    result = convert(export_workbook(survey), file_type=".xlsx")
    assert "<h:html" in result.xform and "Trygghetsenkät" in result.xform
    assert 'lang="Swedish (sv)"' in result.xform and 'lang="Arabic (ar)"' in result.xform


def test_export_keeps_dialog_settings_where_xlsform_tools_skip_them(factories, req):
    survey = make_survey(factories)
    workbook = load_workbook(io.BytesIO(export_workbook(survey)), read_only=True)
    assert [s.title for s in workbook.worksheets] == ["survey", "choices", "settings", "dialog"]
    settings = list(workbook["settings"].iter_rows(values_only=True))
    assert settings[0] == ("form_title", "form_id", "version", "default_language", "style")
    rows = list(workbook["survey"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("type", "name", "label::Swedish (sv)", "label::English (en)")
    by_name = {r[1]: dict(zip(header, r, strict=False)) for r in rows[1:]}
    assert by_name["second"]["type"] == "begin_group" and by_name["second"]["relevant"] == "${safe} <= 2"
    assert by_name["safe"]["type"] == "range" and by_name["safe"]["parameters"] == "start=1 end=5 step=1"
    assert by_name["places"]["constraint"] == "count-selected(.) <= 2"
    assert by_name["colour_other"]["relevant"] == "${colour} = 'other'"
    assert by_name["trust"]["appearance"] == "table-list"
    dialog = {r[0]: r for r in workbook["dialog"].iter_rows(values_only=True)}
    assert dialog["mode"][1] == "anonymous"
    assert "نظرسنجی" in dialog["title"]


def test_round_trip_export_then_import_gives_the_same_survey(factories, req):
    survey = make_survey(factories)
    survey.description = {"sv": "Om trygghet", "so": "Ku saabsan ammaanka"}
    survey.end_message = {"sv": "Tack!", "fa": "سپاس!"}
    db.session.commit()
    preview = preview_workbook(export_workbook(survey), "survey.xlsx")
    assert preview.refusal is None
    assert preview.count("dropped") == 0 and preview.count("changed") == 0, preview.rows
    settings = building.SurveySettings(areas=list(survey.areas), theme_groups=list(survey.theme_groups), **preview.meta)
    copy = definitions.create_from_definition(preview.definition, settings, None)
    db.session.commit()
    assert definitions.definition(copy) == definitions.definition(survey)
    assert copy.title == survey.title and copy.description == survey.description
    assert copy.end_message == survey.end_message and copy.mode == survey.mode


# --- Spellings ----------------------------------------------------------------------------------


def test_spellings_pyxform_accepts(factories, req):
    data = md(
        """
        | survey |
        | | type | name | label:English | label:Swedish | label::Arabic | label::Somali | label::Farsi | required |
        | | begin group | about | About you | Om dig | | | | |
        | | select one from colours or specify other | colour | Colour? | Färg? | اللون؟ | Midab? | رنگ؟ | yes |
        | | select all that apply from colours | more | More? | Fler? | | | | |
        | | int | age | Age | Ålder | | | | |
        | | string | name_given | Name | Namn | | | | |
        | | end group | | | | | | | |
        | | select_one yn or_other | ok | OK? | Okej? | | | | |
        | choices |
        | | list name | name | label:English | label:Swedish |
        | | colours | red | Red | Röd |
        | | colours | blue | Blue | Blå |
        | | yn | y | Yes | Ja |
        | | yn | n | No | Nej |
        """
    )
    preview = preview_workbook(data, "kobo.md")
    assert preview.refusal is None
    sections = preview.definition["sections"]
    assert sections[0]["code"] == "about" and sections[0]["title"] == {"en": "About you", "sv": "Om dig"}
    colour, more, age, name = sections[0]["questions"]
    assert colour["kind"] == "single_choice" and colour["required"]
    assert colour["text"] == {"en": "Colour?", "sv": "Färg?", "ar": "اللون؟", "so": "Midab?", "fa": "رنگ؟"}
    assert [c["code"] for c in colour["choices"]] == ["red", "blue", "other"]
    assert colour["choices"][2]["is_other"]
    assert more["kind"] == "multiple_choice" and age["kind"] == "integer" and name["kind"] == "short_text"
    ok = sections[1]["questions"][0]
    assert ok["kind"] == "single_choice" and ok["choices"][-1]["is_other"]
    assert outcomes(preview)["colour_other"][0] == "imported"


@pytest.mark.parametrize("word,code", [("Persian", "fa"), ("Dari", "fa"), ("Swedish (sv)", "sv"), ("Somali", "so")])
def test_language_names_without_codes(word, code, req):
    data = md(
        f"""
        | survey |
        | | type | name | label::{word} |
        | | text | q | Text |
        """
    )
    assert preview_workbook(data, "f.md").definition["sections"][0]["questions"][0]["text"] == {code: "Text"}


def test_a_kobo_style_xlsx(factories, req):
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in (
        ["type", "name", "label::English (en)", "label::Swedish (sv)", "required", "relevant", "appearance"],
        ["start", "start", "", "", "", "", ""],
        ["select_one yn", "likes", "Do you like it?", "Gillar du det?", "yes", "", ""],
        ["text", "why", "Why?", "Varför?", "", "${likes} = '1'", "multiline"],
        ["select_multiple fruit", "fruit", "Fruit", "Frukt", "", "", ""],
        ["integer", "age", "Age", "Ålder", "", "", ""],
    ):
        sheet.append(row)
    choices = book.create_sheet("choices")
    for row in (
        ["list_name", "name", "label::English (en)", "label::Swedish (sv)"],
        ["yn", "1", "Yes", "Ja"],
        ["yn", "2", "No", "Nej"],
        ["fruit", "apple", "Apple", "Äpple"],
        ["fruit", "pear", "Pear", "Päron"],
    ):
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "default_language"])
    settings.append(["Frukt", "Swedish (sv)"])
    out = io.BytesIO()
    book.save(out)
    preview = preview_workbook(out.getvalue(), "kobo.xlsx")
    assert preview.meta["title"] == {"sv": "Frukt"}
    questions_ = preview.definition["sections"][0]["questions"]
    assert [q["kind"] for q in questions_] == ["single_choice", "long_text", "multiple_choice", "integer"]
    assert questions_[1]["condition"] == {
        "match": "all",
        "rules": [{"question": "likes", "op": "equals", "value": "1"}],
    }
    assert questions_[0]["choices"][0]["label"] == {"en": "Yes", "sv": "Ja"}
    assert outcomes(preview)["start"][0] == "dropped"


# --- What is left out or changed, row by row ------------------------------------------------------


def test_unsupported_rows_columns_and_languages_are_listed_not_refused(req):
    data = md(
        """
        | survey |
        | | type | name | label::English (en) | label::French (fr) | relevant | choice_filter | default | image | calculation |
        | | geopoint | where | Where? | Où? | | | | | |
        | | text | name | Name | Nom | | | Anna | face.png | |
        | | calculate | sum | | | | | | | 1 + 1 |
        | | phone number | phone | Phone | | | | | | |
        | | text | later | Later | | ${after} = 'x' | | | | |
        | | text | odd | Odd | | string-length(${name}) > 3 | | | | |
        | | select_one yn | f | F | | | x = 1 | | | |
        | | begin repeat | kids | Kids | | | | | | |
        | | text | kid | Kid | | | | | | |
        | | end repeat | | | | | | | | |
        | | text | after | After | | | | | | |
        | choices |
        | | list_name | name | label::English (en) |
        | | yn | yes | Yes |
        | | yn | no | No |
        """  # noqa: E501
    )
    preview = preview_workbook(data, "form.md")
    assert preview.refusal is None
    rows = outcomes(preview)
    assert rows["where"][0] == "dropped" and "geopoint" in rows["where"][1]
    assert rows["sum"][0] == "dropped"
    assert rows["name"][0] == "changed"
    assert "“default” is left out" in rows["name"][1] and "“image” is left out" in rows["name"][1]
    assert "“French (fr)” is left out" in rows["name"][1]
    assert rows["phone"][0] == "changed"
    assert rows["later"][0] == "changed" and "comes later" in rows["later"][1]
    assert rows["odd"][0] == "changed" and "cannot be read here" in rows["odd"][1]
    assert rows["f"][0] == "changed" and "choice_filter" in rows["f"][1]
    assert rows["kids"][0] == "dropped" and rows["kid"][0] == "dropped"
    assert rows["after"][0] == "imported"
    numbers = {r.name: r.row for r in preview.rows}
    assert numbers["where"] == 2 and numbers["after"] == 12
    assert any("French (fr)" in n for n in preview.notes)
    codes = [q["code"] for q in preview.definition["sections"][0]["questions"]]
    assert codes == ["name", "phone", "later", "odd", "f", "after"]


def test_a_row_pyxform_refuses_is_left_out_and_the_rest_read(req):
    data = md(
        """
        | survey |
        | | type | name | label |
        | | select_one missing | pick | Pick |
        | | text | fine | Fine |
        | choices |
        | | list_name | name | label |
        | | other | a | A |
        """
    )
    preview = preview_workbook(data, "form.md")
    assert preview.refusal is None
    pick = next(r for r in preview.rows if r.name == "pick")
    assert pick.outcome == "dropped" and pick.row == 2 and "missing" in " ".join(pick.messages)
    assert [q["code"] for q in preview.definition["sections"][0]["questions"]] == ["fine"]


def test_names_are_made_valid(req):
    data = md(
        """
        | survey |
        | | type | name | label |
        | | text | first-name | First |
        | | text | a.b | Second |
        | | text | c | Third |
        """
    )
    preview = preview_workbook(data, "form.md")
    codes = [q["code"] for q in preview.definition["sections"][0]["questions"]]
    assert codes == ["first_name", "a_b", "c"]
    assert "becomes “first_name”" in outcomes(preview)["first-name"][1]


@pytest.mark.parametrize(
    "data,name,why",
    [
        (b"not a spreadsheet at all", "form.xlsx", "cannot be read as an XLSForm"),
        (
            md("| survey |\n| | type | name |\n| | start | start |\n| | geopoint | where |"),
            "f.md",
            "Nothing in the file",
        ),
        (md("| choices |\n| | list_name | name | label |\n| | a | b | c |"), "f.md", "survey"),
    ],
)
def test_refused_only_when_nothing_usable_remains(data, name, why, req):
    preview = preview_workbook(data, name)
    assert preview.refusal and why in preview.refusal


# --- Through the pages: preview, then import as draft -----------------------------------------------


@pytest.fixture
def staff(factories, login):
    user = factories.staff()
    district = factories.area()
    group = factories.group(areas=[district], members=[(user, "member")])
    login(user)
    return user, district, group


def upload(client, data, district, group, name="form.xlsx"):
    return client.post(
        "/staff/surveys/import",
        data={"file": (io.BytesIO(data), name), "areas": [district.id], "theme_groups": [group.id]},
        content_type="multipart/form-data",
    )


def confirm(client, page: str):
    """Send the second step as the page has it (the file it carries, the boxes ticked)."""
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="(confirm-[a-z_]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and ('type="hidden"' in tag or " checked" in tag):
            data.setdefault(name.group(1), []).append(value.group(1))
    assert data.get("confirm-payload"), "no second step in the page"
    return client.post("/staff/surveys/import/confirm", data=data)


def test_preview_then_import_as_draft(client, staff):
    _user, district, group = staff
    data = md(
        """
        | survey |
        | | type | name | label::English (en) | label::Swedish (sv) |
        | | text | name | Name | Namn |
        | | geopoint | where | Where? | Var? |
        """
    )
    response = upload(client, data, district, group, "kobo.md")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 question will be imported." in page and "1 row is left out." in page
    assert "The question type “geopoint” is not supported here" in page
    assert survey_count() == 0
    done = confirm(client, page)
    assert done.status_code == 302
    survey = db.session.scalars(select(Survey)).one()
    assert survey.state == "draft" and [q.code for q in survey.questions] == ["name"]


def test_export_import_through_the_pages_gives_the_same_survey(client, factories, staff):
    _user, district, group = staff
    survey = make_survey(factories, groups=[group], areas=[district])
    data = client.get(f"/staff/surveys/{survey.id}/xlsform.xlsx").get_data()
    page = upload(client, data, district, group).get_data(as_text=True)
    assert "0 rows are left out." in page
    assert confirm(client, page).status_code == 302
    copy = db.session.scalars(select(Survey).where(Survey.id != survey.id)).one()
    assert copy.state == "draft" and definitions.definition(copy) == definitions.definition(survey)


def test_refusal_says_why_and_creates_nothing(client, staff):
    _user, district, group = staff
    response = upload(client, b"not a zip at all", district, group)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was created" in page and "cannot be read as an XLSForm" in page
    assert survey_count() == 0


def test_a_tampered_second_step_is_read_again_and_refused(client, staff):
    response = client.post(
        "/staff/surveys/import/confirm",
        data={
            "confirm-payload": base64.b64encode(b"garbage").decode(),
            "confirm-filename": "x.xlsx",
            "confirm-areas": [staff[1].id],
        },
    )
    assert response.status_code == 422 and survey_count() == 0


def test_a_five_thousand_row_form_imports(client, staff):
    _user, district, group = staff
    book = Workbook(write_only=True)
    sheet = book.create_sheet("survey")
    sheet.append(["type", "name", "label::Swedish (sv)", "label::English (en)"])
    for n in range(25):
        sheet.append(["begin_group", f"page_{n}", f"Sida {n}", f"Page {n}"])
        for m in range(198):
            kind = ("text", "integer", "select_one yn")[m % 3]
            sheet.append([kind, f"q_{n}_{m}", f"Fråga {n}.{m}", f"Question {n}.{m}"])
        sheet.append(["end_group", "", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Swedish (sv)"])
    choices.append(["yn", "yes", "Ja"])
    choices.append(["yn", "no", "Nej"])
    out = io.BytesIO()
    book.save(out)
    page = upload(client, out.getvalue(), district, group).get_data(as_text=True)
    assert "4950 questions will be imported." in page
    assert confirm(client, page).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SurveyQuestion)) == 4950
