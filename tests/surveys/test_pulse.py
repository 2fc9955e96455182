"""The trust pulse: ready-made in five languages, one per area and quarter, trends per area."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.i18n import LANGUAGES
from dialog.surveys import building
from dialog.surveys import pulse as pulses
from dialog.surveys import queries as survey_queries
from dialog.surveys import responses as responding
from dialog.surveys.errors import SurveyError
from dialog.surveys.models import Survey, SurveyResponse
from dialog.surveys.pulse import create_pulse, trends
from dialog.surveys.pulse_standard import PULSE_CODES, period_of, quarter_bounds

from .helpers import english  # noqa: F401  (fixtures)


def answer_pulse(pulse, area, value, count, language="sv"):
    by_code = {q.code: q for q in pulse.questions}
    for _ in range(count):
        responding.record_paper_response(
            pulse,
            {by_code[c].id: value for c in PULSE_CODES},
            area=area,
            language=language,
            source_url="/x",
            is_paper=False,
        )
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
    assert survey_queries.answer_areas(pulse) == [area]


def test_one_pulse_per_area_and_quarter(factories, app):
    area = factories.area()
    group = factories.group(areas=[area])
    create_pulse(area, "2026-Q1", [group], None)
    db.session.commit()
    with app.test_request_context(), pytest.raises(SurveyError):
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
    response = client.post(
        "/staff/surveys/pulse/new",
        data={"areas": [area.id], "year": "2026", "quarter": "2", "theme_groups": [group.id], "open_now": "y"},
    )
    assert response.status_code == 302
    pulse = db.session.scalars(select(Survey)).one()
    assert pulse.period == "2026-Q2" and pulse.pulse_area_id == area.id and pulse.state == "open"
    response = client.post(
        "/staff/surveys/pulse/new",
        data={"areas": [area.id], "year": "2026", "quarter": "2", "theme_groups": [group.id]},
    )
    assert response.status_code == 200
    assert "There is already a trust pulse for this area and quarter." in response.get_data(as_text=True)
    assert db.session.query(Survey).count() == 1


@pytest.mark.parametrize(
    "period,first,last",
    [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_a_pulse_takes_answers_only_in_its_quarter(factories, app, period, first, last):
    area = factories.area()
    group = factories.group(areas=[area])
    pulse = create_pulse(area, period, [group], None)
    db.session.commit()
    assert (pulse.opens_on, pulse.closes_on) == (first, last) == quarter_bounds(period)
    assert pulse.is_open_on(first) and pulse.is_open_on(last)
    assert not pulse.is_open_on(first - timedelta(days=1)) and not pulse.is_open_on(last + timedelta(days=1))
    with app.test_request_context(), force_locale("en"):
        draft, _token = responding.start_response(pulse, language="sv", today=first)
        with pytest.raises(SurveyError, match="This survey is not open for answers."):
            responding.start_response(pulse, language="sv", today=last + timedelta(days=1))
        draft.area_id = area.id
        by_code = {q.code: q for q in pulse.questions}
        draft.draft = {str(by_code[c].id): 3 for c in PULSE_CODES}
        with pytest.raises(SurveyError, match="This survey is not open for answers."):
            responding.submit_response(draft, pulse, source_url="/x", today=last + timedelta(days=1))
    db.session.rollback()


def test_answering_a_past_quarter_is_refused_with_the_closed_message(client, factories):
    area = factories.area()
    group = factories.group(areas=[area])
    pulse = create_pulse(area, "2025-Q1", [group], None)
    db.session.commit()
    assert pulse.state == "open" and not pulse.is_open
    r = client.post(f"/surveys/{pulse.id}/start")
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "This survey is not open for answers." in page
    r = client.get(f"/surveys/{pulse.id}/answer/{pulse.sections[0].id}")
    assert "This survey is not open for answers." in r.get_data(as_text=True)
    assert db.session.query(SurveyResponse).count() == 0


def _staff_with_group(factories, areas):
    user = factories.staff()
    group = factories.group(areas=areas, members=[(user, "lead")])
    return user, group


def test_a_round_for_every_neighbourhood_of_a_district_skips_areas_that_have_one(client, factories, login):
    district = factories.area("district")
    one, two, three = (factories.area(slug, parent=district) for slug in ("one", "two", "three"))
    elsewhere = factories.area("elsewhere")
    user, group = _staff_with_group(factories, [district])
    create_pulse(two, "2026-Q3", [group], None)
    db.session.commit()
    login(user)
    page = client.get("/staff/surveys/pulse/new").get_data(as_text=True)
    assert "Every neighbourhood of a district" in page
    r = client.post(
        "/staff/surveys/pulse/new",
        data={
            "district_id": district.id,
            "areas": [elsewhere.id],
            "year": "2026",
            "quarter": "3",
            "theme_groups": [group.id],
            "open_now": "y",
        },
    )
    assert r.status_code == 302 and r.headers["Location"].endswith("/staff/surveys/pulse")
    pulses = db.session.scalars(select(Survey).where(Survey.period == "2026-Q3")).all()
    assert {p.pulse_area.slug for p in pulses} == {"one", "two", "three", "elsewhere"}
    assert len(pulses) == 4
    for pulse in pulses:
        assert (pulse.opens_on, pulse.closes_on) == (date(2026, 7, 1), date(2026, 9, 30))
        assert [g.id for g in pulse.theme_groups] == [group.id]
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "New trust pulses for Q3 2026:" in page
    assert "Skipped, because they already have a trust pulse for Q3 2026:" in page
    # Nothing left to make: the whole round is refused with a message, nothing created.
    r = client.post(
        "/staff/surveys/pulse/new",
        data={"district_id": district.id, "year": "2026", "quarter": "3", "theme_groups": [group.id]},
    )
    assert r.status_code == 200
    assert "There is already a trust pulse for this area and quarter." in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 4
    # A district or an area must be chosen.
    r = client.post("/staff/surveys/pulse/new", data={"year": "2026", "quarter": "4", "theme_groups": [group.id]})
    assert r.status_code == 200 and "Choose a district or at least one area." in r.get_data(as_text=True)


def test_start_the_next_quarter_from_the_overview(client, factories, login):
    a, b = factories.area("a"), factories.area("b")
    user, group = _staff_with_group(factories, [a, b])
    other_group = factories.group(areas=[b], members=[(user, "member")])
    create_pulse(a, "2026-Q4", [group], None)
    create_pulse(b, "2026-Q4", [other_group], None)
    create_pulse(a, "2026-Q3", [group], None)
    db.session.commit()
    login(user)
    page = client.get("/staff/surveys/pulse").get_data(as_text=True)
    assert "Next quarter: Q1 2027" in page and "Start the next quarter" in page
    r = client.post("/staff/surveys/pulse/next")
    assert r.status_code == 302
    made = {p.pulse_area.slug: p for p in db.session.scalars(select(Survey).where(Survey.period == "2027-Q1"))}
    assert set(made) == {"a", "b"}
    assert [g.id for g in made["a"].theme_groups] == [group.id]
    assert [g.id for g in made["b"].theme_groups] == [other_group.id]
    assert (made["a"].opens_on, made["a"].closes_on) == (date(2027, 1, 1), date(2027, 3, 31))
    assert made["a"].state == "open" and made["a"].is_scheduled == (date.today() < date(2027, 1, 1))
    page = client.get("/staff/surveys/pulse").get_data(as_text=True)
    assert "Next quarter: Q2 2027" in page


def test_standard_pulse_questions_cannot_be_changed_but_the_title_can(client, factories, login, app):
    area = factories.area()
    user, group = _staff_with_group(factories, [area])
    pulse = create_pulse(area, period_of(date.today()), [group], None)
    db.session.commit()
    login(user)
    message = "This is one of the standard trust pulse questions."
    question = next(q for q in pulse.questions if q.code == "feel_safe")
    page = client.get(f"/staff/surveys/{pulse.id}").get_data(as_text=True)
    assert "A standard trust pulse question" in page
    assert f"/questions/{question.id}/delete" not in page
    r = client.get(f"/staff/surveys/{pulse.id}/questions/{question.id}")
    assert r.status_code == 302 and message in client.get(r.headers["Location"]).get_data(as_text=True)
    r = client.post(f"/staff/surveys/{pulse.id}/questions/{question.id}", data={"code": "changed", "text-sv": "Ny"})
    assert r.status_code == 302
    for action in ("delete", "move"):
        r = client.post(f"/staff/surveys/{pulse.id}/questions/{question.id}/{action}", data={"direction": "down"})
        assert message in client.get(r.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    pulse = db.session.get(Survey, pulse.id)
    assert [q.code for q in pulse.ordered_questions()] == PULSE_CODES + ["comment"]
    assert next(q for q in pulse.questions if q.code == "feel_safe").text["sv"].startswith("Jag känner mig trygg")
    with app.test_request_context(), force_locale("en"):
        with pytest.raises(SurveyError, match=message):
            building.update_question(
                next(q for q in pulse.questions if q.code == "comment"),
                building.QuestionData(code="comment", text={"sv": "x"}),
            )
        db.session.rollback()
        # The title and the introduction may change; the quarter's dates may not.
        settings = building.SurveySettings(
            title={"sv": "Tillitspulsen i vår"},
            description={"sv": "Ny inledning"},
            promise=dict(pulse.promise),
            mode="anonymous",
            opens_on=pulse.opens_on,
            closes_on=pulse.closes_on,
            areas=[area],
            theme_groups=[group],
        )
        building.update_survey(pulse, settings)
        building.update_section(
            pulse.sections[0], title={"sv": "Fem frågor"}, intro={"sv": "Hej"}, code="pulse", condition=None
        )
        db.session.commit()
        assert pulse.title == {"sv": "Tillitspulsen i vår"} and pulse.sections[0].intro == {"sv": "Hej"}
        settings.closes_on = None
        with pytest.raises(SurveyError, match="A trust pulse takes answers for its whole quarter"):
            building.update_survey(pulse, settings)
        db.session.rollback()


def test_start_round_over_a_district_and_chosen_areas(factories, app):
    district = factories.area("nh")
    backa, kville = factories.area("backa", parent=district), factories.area("kville", parent=district)
    other = factories.area("angered")
    group = factories.group(areas=[district, other])
    db.session.refresh(district)
    made, skipped = pulses.start_round("2026-Q2", district, [other.id, backa.id], [group], None, open_now=False)
    db.session.commit()
    assert [s.pulse_area for s in made] == [backa, kville, other] and skipped == []
    assert all(s.state == "draft" and s.theme_groups == [group] for s in made)
    with app.test_request_context(), force_locale("en"), pytest.raises(SurveyError, match="already a trust pulse"):
        pulses.start_round("2026-Q2", None, [kville.id], [group], None)
