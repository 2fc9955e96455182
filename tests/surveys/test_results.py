"""Results: aggregated in SQL, small cells hidden, cross-tables, filters, charts and tables."""

import re

import pytest

from dialog.extensions import db
from dialog.surveys import responses as responding
from dialog.surveys import results
from dialog.surveys.results import ResultFilters, aggregate, arrange, cells, suppress

from .helpers import english, make_survey, option, questions  # noqa: F401  (fixtures)


def add_answers(survey, rows):
    """rows: (area, language, {code: value}) with scale numbers, option codes or texts."""
    q = questions(survey)
    for area, language, answers in rows:
        values = {q["ok"].id: True}
        answers = {"walk": "no", **answers}  # dropped where the page does not apply
        for code, value in answers.items():
            question = q[code]
            if question.kind in ("single_choice", "yes_no"):
                values[question.id] = {"option": option(survey, code, value)}
            elif question.kind == "multiple_choice":
                values[question.id] = {"options": [option(survey, code, v) for v in value]}
            else:
                values[question.id] = value
        responding.record_paper_response(survey, values, area=area, language=language, source_url="/x", is_paper=False)
    db.session.commit()


@pytest.fixture
def survey(factories):
    survey = make_survey(factories)
    a, b = survey.areas[0].children
    rows = []
    for i in range(12):
        rows.append(
            (
                a,
                "sv",
                {
                    "safe": 1 + i % 5,
                    "colour": "red" if i < 7 else "blue",
                    "places": ["park", "school"] if i < 6 else ["park"],
                    "age": 20 + i,
                },
            )
        )
    for _i in range(6):
        rows.append((b, "ar", {"safe": 4, "colour": "red", "places": ["square"], "age": 60}))
    add_answers(survey, rows)
    return survey


def test_suppress_hides_small_cells_and_one_more():
    assert suppress([10, 7, 0]) == [False, False, False]
    assert suppress([10, 3, 7]) == [False, True, True]  # 3 alone could be worked out from the total
    assert suppress([10, 3, 2, 8]) == [False, True, True, False]
    shown = cells([10, 3, 7], 20)
    assert shown[0].count == 10 and shown[0].percent == 50 and shown[1].hidden and shown[2].hidden


def test_counts_percentages_and_numbers(survey):
    agg = aggregate(survey)
    q = questions(survey)
    assert agg.total == 18
    assert agg.respondents[q["colour"].id] == 18
    assert agg.option_counts[(q["colour"].id, None, option(survey, "colour", "red"))] == 13
    assert agg.option_counts[(q["places"].id, None, option(survey, "places", "park"))] == 12
    ages = [20 + i for i in range(12)] + [60] * 6
    n, mean = agg.numbers[q["age"].id]
    assert n == 18 and mean == pytest.approx(sum(ages) / 18)
    assert agg.medians[q["age"].id] == pytest.approx(sorted(ages)[8] / 2 + sorted(ages)[9] / 2)
    assert agg.medians[q["safe"].id] == 3.5 or agg.medians[q["safe"].id] == pytest.approx(
        sorted([1 + i % 5 for i in range(12)] + [4] * 6)[8] / 2
        + sorted([1 + i % 5 for i in range(12)] + [4] * 6)[9] / 2
    )
    arranged = {r.question.code: r for r in arrange(survey, agg, area_names={}, with_texts=False)}
    colour = arranged["colour"]
    assert [c.count for _label, c in colour.rows] == [13, 5, 0]
    assert round(colour.rows[0][1].percent) == 72
    assert arranged["age"].mean == pytest.approx(sum(ages) / 18)


def test_cross_tables_hide_small_columns(survey):
    agg = aggregate(survey)
    a, b = survey.areas[0].children
    arranged = {
        r.question.code: r for r in arrange(survey, agg, area_names={a.id: a.name, b.id: b.name}, with_texts=False)
    }
    by_area = arranged["colour"].cross["area"]
    assert [c["n"] for c in by_area["columns"]] == [12, 6]
    red, blue = by_area["rows"][0][1], by_area["rows"][1][1]
    assert red[0].count == 7 and red[1].count == 6
    assert blue[0].count == 5 and blue[1].count == 0
    by_language = arranged["age"].cross["language"]
    assert [c["key"] for c in by_language["columns"]] == ["ar", "sv"]
    assert by_language["means"][0] == 60


def test_filters_by_area_language_and_answer(survey):
    a, _b = survey.areas[0].children
    assert aggregate(survey, ResultFilters(area_ids=(a.id,))).total == 12
    assert aggregate(survey, ResultFilters(language="ar")).total == 6
    q = questions(survey)
    blue = ResultFilters(question_id=q["colour"].id, option_id=option(survey, "colour", "blue"))
    assert aggregate(survey, blue).total == 5
    only_b = ResultFilters(area_ids=(_b.id,), question_id=q["colour"].id, option_id=option(survey, "colour", "blue"))
    agg = aggregate(survey, only_b)
    assert agg.total == 0
    arranged = arrange(survey, agg, area_names={}, with_texts=False)
    assert all(r.hidden for r in arranged)  # fewer than 5: everything hidden


def test_results_page_has_svg_charts_and_tables(client, factories, login, survey):
    login(factories.admin())
    page = client.get(f"/staff/surveys/{survey.id}/results").get_data(as_text=True)
    assert page.count('<figure class="chart bar-chart"') >= 3 and page.count('<svg class="bar-svg"') >= 10
    assert "<caption>Answers in numbers</caption>" in page
    assert "fewer than 5" in page
    assert "Mean" in page and "Median" in page
    assert "By area" in page and "By language" in page
    assert re.search(r"18 answers", page)
    filtered = client.get(f"/staff/surveys/{survey.id}/results?language=ar").get_data(as_text=True)
    assert "6 answers" in filtered


def test_rtl_bars_grow_from_the_right(client, factories, login, survey, app):
    login(factories.admin())
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    page = client.get(f"/staff/surveys/{survey.id}/results").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and '<svg class="bar-svg"' in page
    css = app.static_folder + "/css/site.css"
    with open(css, encoding="utf-8") as stylesheet:
        assert '[dir="rtl"] .bar-svg { transform: scaleX(-1); }' in stylesheet.read()


def test_free_text_for_staff_only(client, factories, login):
    survey = make_survey(factories)
    a = survey.areas[0].children[0]
    add_answers(survey, [(a, "sv", {"safe": 1, "why": f"Text nummer {i}"}) for i in range(6)])
    public = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Text nummer" not in public
    login(factories.admin())
    staff = client.get(f"/staff/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Text nummer 5" in staff


def test_public_results_only_when_published(client, factories, survey):
    assert client.get(f"/surveys/{survey.id}/results").status_code == 200
    survey.results_public = False
    db.session.commit()
    assert client.get(f"/surveys/{survey.id}/results").status_code == 404


def test_small_survey_shows_nothing(client, factories):
    survey = make_survey(factories)
    a = survey.areas[0].children[0]
    add_answers(survey, [(a, "sv", {"safe": 2, "colour": "red"}) for _ in range(3)])
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "results are hidden to protect people" in page and "<svg" not in page


def test_results_page_query_count_does_not_grow(client, factories, login, count_queries, survey):
    login(factories.admin())
    url = f"/staff/surveys/{survey.id}/results"

    def measure():
        db.session.expire_all()  # as in a fresh request: nothing cached from the test's own work
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    before = measure()
    a, b = survey.areas[0].children
    add_answers(survey, [(b, "so", {"safe": 3, "colour": "blue", "places": ["park"], "age": 33}) for _ in range(30)])
    assert measure() == before


def test_aggregation_is_in_sql_not_python(survey, count_queries):
    for question in survey.questions:
        question.options  # noqa: B018  (loaded with the survey on a page)
    with count_queries() as statements:
        aggregate(survey, with_texts=True)
    assert len(statements) == 11
    assert all("GROUP BY" in s or "count(" in s.lower() or "row_number" in s.lower() for s in statements)
    assert not any(
        "FROM survey_answers" in s and "GROUP BY" not in s and "row_number" not in s.lower() for s in statements
    )


def test_min_cell_is_five():
    assert results.MIN_CELL == 5


def test_hidden_counts_hide_a_second_count_when_one_would_be_worked_out():
    from dialog.surveys.results import hidden_counts

    assert hidden_counts({"a": 12, "b": 6}) == {"a": 12, "b": 6}
    assert hidden_counts({"a": 12, "b": 3, "c": 7}) == {"a": 12, "b": None, "c": None}
    assert hidden_counts({"a": 12, "b": 3, "c": 2}) == {"a": 12, "b": None, "c": None}
    assert hidden_counts({"a": 3, "b": 9}) == {"a": None, "b": None}


@pytest.fixture
def uneven(factories):
    """12 answers about one neighbourhood in Swedish, 3 about the other in Arabic, 7 about the
    district itself in Somali: the 3 alone would be the total minus the shown counts."""
    survey = make_survey(factories)
    district = survey.areas[0]
    a, b = district.children
    rows = [(a, "sv", {"safe": 4, "colour": "red"}) for _ in range(12)]
    rows += [(b, "ar", {"safe": 2, "colour": "blue"}) for _ in range(3)]
    rows += [(district, "so", {"safe": 3, "colour": "red"}) for _ in range(7)]
    add_answers(survey, rows)
    return survey


def _row(page: str, caption: str) -> str:
    start = page.index(f"<caption>{caption}</caption>")
    return page[start : page.index("</table>", start)]


def test_answers_per_area_and_language_have_secondary_suppression(client, factories, login, uneven):
    login(factories.admin())
    page = client.get(f"/staff/surveys/{uneven.id}/results").get_data(as_text=True)
    assert "22 answers" in page  # the total is shown …
    for caption in ("Answers per area", "Answers per language"):
        table = _row(page, caption)
        # … so besides the 3, the next smallest (7) is hidden too; the 12 stays.
        assert table.count("fewer than 5") == 2, table
        assert "<td>12</td>" in table and "<td>7</td>" not in table and "<td>3</td>" not in table
    public = client.get(f"/surveys/{uneven.id}/results").get_data(as_text=True)
    assert "<td>7</td>" not in _row(public, "Answers per area")


def test_cross_table_column_counts_have_secondary_suppression(uneven):
    district = uneven.areas[0]
    a, b = district.children
    names = {x.id: x.name for x in (district, a, b)}
    arranged = {r.question.code: r for r in arrange(uneven, aggregate(uneven), area_names=names, with_texts=False)}
    colour = arranged["colour"]
    assert colour.n == 22  # shown, so the columns must not give a hidden n away
    columns = {c["key"]: c for c in colour.cross["area"]["columns"]}
    assert columns[a.id]["n"] == 12 and not columns[a.id]["hidden"]
    assert columns[b.id]["n"] is None and columns[b.id]["hidden"]
    assert columns[district.id]["n"] is None and columns[district.id]["hidden"]
    keys = [c["key"] for c in colour.cross["area"]["columns"]]
    for _label, row_cells in colour.cross["area"]["rows"]:
        assert row_cells[keys.index(district.id)].hidden and row_cells[keys.index(b.id)].hidden
    languages = {c["key"]: c for c in arranged["safe"].cross["language"]["columns"]}
    assert languages["sv"]["n"] == 12 and languages["so"]["n"] is None and languages["ar"]["n"] is None
    assert (
        arranged["safe"].cross["language"]["means"][
            [c["key"] for c in arranged["safe"].cross["language"]["columns"]].index("so")
        ]
        is None
    )


def test_all_written_answers_page_by_page_with_the_filters(client, factories, login, count_queries):
    survey = make_survey(factories)
    a, b = survey.areas[0].children
    add_answers(
        survey,
        [(a, "sv", {"safe": 1, "why": f"Svar A{i:03d}"}) for i in range(60)]
        + [(b, "ar", {"safe": 2, "why": f"Svar B{i:03d}"}) for i in range(8)],
    )
    why = questions(survey)["why"]
    login(factories.admin())
    # The results page shows the newest 20 and links to all of them, keeping the area filter.
    results_page = client.get(f"/staff/surveys/{survey.id}/results?area={a.id}").get_data(as_text=True)
    assert len(re.findall(r"Svar A\d{3}", results_page)) == results.TEXT_SAMPLE
    link = f"/staff/surveys/{survey.id}/results/questions/{why.id}/texts?area={a.id}"
    assert f'href="{link}"' in results_page

    def get(url):
        db.session.expire_all()
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        return response.get_data(as_text=True), len(statements)

    first, first_queries = get(link)
    assert re.findall(r"Svar [AB]\d{3}", first) == [f"Svar A{i:03d}" for i in range(59, 9, -1)]  # newest first
    older = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second, second_queries = get(older)
    assert re.findall(r"Svar [AB]\d{3}", second) == [f"Svar A{i:03d}" for i in range(9, -1, -1)]
    assert 'rel="next"' not in second and "Back to the newest answers" in second
    assert second_queries == first_queries  # a keyset page: a later page costs what the first does
    # All areas: both areas' answers; a filter that leaves fewer than 5 responses shows none.
    everyone, _n = get(f"/staff/surveys/{survey.id}/results/questions/{why.id}/texts")
    assert "Svar B007" in everyone
    few, _n = get(f"/staff/surveys/{survey.id}/results/questions/{why.id}/texts?language=so")
    assert "results are hidden to protect people" in few and "Svar" not in few
    assert client.get(f"/staff/surveys/{survey.id}/results/questions/999999/texts").status_code == 404


def test_written_answers_page_only_for_staff_who_manage_the_survey(client, factories, login):
    survey = make_survey(factories)
    add_answers(survey, [(survey.areas[0].children[0], "sv", {"safe": 1, "why": f"Hemligt {i}"}) for i in range(6)])
    why = questions(survey)["why"]
    url = f"/staff/surveys/{survey.id}/results/questions/{why.id}/texts"
    login(factories.staff())  # staff, but in none of the survey's theme groups
    assert client.get(url).status_code == 403
