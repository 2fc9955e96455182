"""The answering page: a fixed number of queries whatever the number of questions and answers,
and the questions rendered once per page and language (answers filled in per request) show
each respondent their own answers and follow every change to the survey."""

import re

from markupsafe import escape

from dialog.extensions import db
from dialog.surveys import building
from dialog.surveys.models import SurveyQuestion

from .helpers import english, make_survey, opts, questions, t  # noqa: F401  (fixtures)
from .test_answering import start


def _definition(n: int) -> dict:
    """One page of ``n`` questions of the kinds with options, rows and numbers."""
    kinds = [
        {"kind": "single_choice", "choices": opts("a", "b", "c", other="other")},
        {"kind": "multiple_choice", "choices": opts("a", "b", "c")},
        {"kind": "scale", "min_value": 1, "max_value": 5, "min_label": t("Lite"), "max_label": t("Mycket")},
        {"kind": "matrix", "choices": opts("low", "high"), "rows": opts("r1", "r2", "r3")},
        {"kind": "ranking", "choices": opts("x", "y", "z")},
        {"kind": "integer", "min_value": 0, "max_value": 120},
        {"kind": "short_text"},
    ]
    return {
        "sections": [
            {
                "code": "only",
                "title": t("Sidan"),
                "intro": {},
                "condition": None,
                "questions": [
                    {
                        "code": f"q{i}",
                        "text": t(f"Fråga {i}?"),
                        "help": t(f"Hjälp {i}") if i % 2 else {},
                        **kinds[i % len(kinds)],
                    }
                    for i in range(n)
                ],
            }
        ]
    }


def _answers(survey) -> dict:
    """Posted fields answering every question on the page."""
    data = {"action": "save", "area": str(survey.areas[0].children[0].id)}
    for q in survey.questions:
        choices = [o.id for o in q.choices]
        if q.kind == "single_choice":
            data[f"q{q.id}"] = str(choices[1])
        elif q.kind == "multiple_choice":
            data[f"q{q.id}"] = [str(choices[0]), str(choices[2])]
        elif q.kind == "scale":
            data[f"q{q.id}"] = "4"
        elif q.kind == "matrix":
            for row in q.rows:
                data[f"q{q.id}-r{row.id}"] = str(choices[1])
        elif q.kind == "ranking":
            for place, item in enumerate(choices, start=1):
                data[f"q{q.id}-o{item}"] = str(place)
        elif q.kind == "integer":
            data[f"q{q.id}"] = "42"
        elif q.kind == "short_text":
            data[f"q{q.id}"] = f"Svar <{q.code}> & mer"
    return data


def _page_queries(client, url, count_queries) -> int:
    client.get(url)  # the first view loads the survey into the in-memory copy
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_answer_page_queries_do_not_grow_with_questions_or_answers(factories, count_queries, app):
    counts = []
    for n in (2, 21):
        survey = make_survey(factories, definition=_definition(n))
        client = app.test_client()
        client.set_cookie("dialog_lang", "en", domain="dialog.test")
        url = start(client, survey)
        counts.append(_page_queries(client, url, count_queries))
        assert client.post(url, data=_answers(survey)).status_code == 302  # a draft holding every answer
        counts.append(_page_queries(client, url, count_queries))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 3  # the survey's version, the draft (and nothing per question)


def test_each_respondent_sees_their_own_answers(factories, app):
    survey = make_survey(factories, definition=_definition(7))
    by_code = questions(survey)
    single, text = by_code["q0"], by_code["q6"]
    pages = []
    for pick, typed in ((0, "Första <svaret>"), (2, "Andra & sista")):
        client = app.test_client()
        client.set_cookie("dialog_lang", "en", domain="dialog.test")
        url = start(client, survey)
        client.get(url)
        data = {
            "action": "save",
            "area": str(survey.areas[0].children[pick % 2].id),
            f"q{single.id}": str(single.choices[pick].id),
            f"q{text.id}": typed,
        }
        assert client.post(url, data=data).status_code == 302
        pages.append((client.get(url).get_data(as_text=True), pick, typed))
    for page, pick, typed in pages:
        ticked = re.findall(rf'name="q{single.id}" value="(\d+)"[^>]* checked', page)
        assert ticked == [str(single.choices[pick].id)]
        assert re.search(rf'id="q{text.id}" name="q{text.id}"[^>]*value="{re.escape(str(escape(typed)))}"', page)
        area = re.findall(r'name="area" value="(\d+)" checked', page)
        assert area == [str(survey.areas[0].children[pick % 2].id)]
    # A fresh respondent sees nothing ticked and nothing typed.
    client = app.test_client()
    url = start(client, survey)
    page = client.get(url).get_data(as_text=True)
    assert " checked" not in page and "Första" not in page and "Andra &amp;" not in page


def test_answer_page_follows_changes_to_the_survey(client, factories):
    survey = make_survey(factories, definition=_definition(3))
    question_id = questions(survey)["q1"].id
    url = start(client, survey)
    assert "Fråga 1? (en)" in client.get(url).get_data(as_text=True)
    question = db.session.get(SurveyQuestion, question_id)  # the page's in-memory copy is detached
    data = building.QuestionData(
        code="q1",
        text=t("Ny fråga?"),
        choices=[{"id": o.id, "code": o.code, "label": o.label, "is_other": o.is_other} for o in question.choices],
    )
    building.update_question(question, data)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Ny fråga? (en)" in page and "Fråga 1? (en)" not in page
    # And in another language, rendered afresh for it.
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    assert 'dir="rtl"' in client.get(url).get_data(as_text=True)
