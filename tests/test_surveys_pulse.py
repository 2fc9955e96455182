"""The trust pulse: ready-made in five languages, one per area and quarter, trends per area."""

import pytest
from sqlalchemy import select

from dialog.extensions import db
from dialog.i18n import LANGUAGES
from dialog.surveys import operations as ops
from dialog.surveys.models import Survey
from dialog.surveys.pulse import PULSE_CODES, create_pulse, trends

from .surveys_helpers import english, login  # noqa: F401  (fixtures)


def answer_pulse(pulse, area, value, count, language="sv"):
    by_code = {q.code: q for q in pulse.questions}
    for _ in range(count):
        ops.record_paper_response(pulse, {by_code[c].id: value for c in PULSE_CODES}, area=area,
                                  language=language, source_url="/x", is_paper=False)
    db.session.commit()


def test_pulse_questions_in_five_languages(factories):
    area = factories.area()
    group = factories.group(areas=[area])
    pulse = create_pulse(area, "2026-Q1", [group], None)
    db.session.commit()
    assert pulse.kind == "pulse" and pulse.state == "open" and pulse.results_public
    assert [q.code for q in pulse.questions] == PULSE_CODES + ["comment"]
    for question in pulse.questions:
        assert set(question.text) == set(LANGUAGES)
    assert ops.area_choices(pulse) == [area]


def test_one_pulse_per_area_and_quarter(factories, app):
    area = factories.area()
    group = factories.group(areas=[area])
    create_pulse(area, "2026-Q1", [group], None)
    db.session.commit()
    with app.test_request_context(), pytest.raises(ops.SurveyError):
        create_pulse(area, "2026-Q1", [group], None)


def test_trends_per_area_with_small_groups_hidden(factories):
    a, b = factories.area("a"), factories.area("b")
    group = factories.group(areas=[a, b])
    for period, value in (("2025-Q4", 2), ("2026-Q1", 4)):
        answer_pulse(create_pulse(a, period, [group], None), a, value, 6)
        answer_pulse(create_pulse(b, period, [group], None), b, 3, 3)
    periods, areas, data = trends(public_only=True)
    assert periods == ["2025-Q4", "2026-Q1"] and {x.slug for x in areas} == {"a", "b"}
    assert data["feel_safe"][a.id]["2025-Q4"].mean == 2 and data["feel_safe"][a.id]["2026-Q1"].mean == 4
    assert data["feel_safe"][a.id]["2026-Q1"].n == 6
    assert data["feel_safe"][b.id]["2026-Q1"].mean is None  # only 3 answers


def test_trend_pages(client, factories, login):
    area = factories.area("backa")
    group = factories.group(areas=[area])
    answer_pulse(create_pulse(area, "2026-Q1", [group], None), area, 4, 5, language="so")
    page = client.get("/surveys/pulse").get_data(as_text=True)
    assert '<svg class="chart line-chart"' in page and "Q1 2026" in page and "n = 5" in page
    assert client.get("/surveys/pulse?area=backa").status_code == 200
    login(factories.admin())
    assert client.get("/staff/surveys/pulse").status_code == 200


def test_staff_create_a_pulse(client, factories, login):
    area = factories.area("backa")
    user = factories.staff()
    group = factories.group(areas=[area], members=[(user, "lead")])
    login(user)
    assert client.get("/staff/surveys/pulse/new").status_code == 200
    response = client.post("/staff/surveys/pulse/new", data={
        "area_id": area.id, "year": "2026", "quarter": "2", "theme_groups": [group.id], "open_now": "y"})
    assert response.status_code == 302
    pulse = db.session.scalars(select(Survey)).one()
    assert pulse.period == "2026-Q2" and pulse.pulse_area_id == area.id and pulse.state == "open"
    response = client.post("/staff/surveys/pulse/new", data={
        "area_id": area.id, "year": "2026", "quarter": "2", "theme_groups": [group.id]})
    assert response.status_code == 200
    assert "There is already a trust pulse for this area and quarter." in response.get_data(as_text=True)
    assert db.session.query(Survey).count() == 1
