"""Staff build surveys: settings, pages, every question type, conditions, order, copies, preview."""

import pytest
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.i18n import LANGUAGES
from dialog.surveys import building, definitions
from dialog.surveys.models import QUESTION_KINDS, Survey, SurveyQuestion

from .helpers import english, make_survey, questions  # noqa: F401  (fixtures)


def _texts(prefix: str, value: str, **others) -> dict:
    data = {f"{prefix}-{code}": "" for code in LANGUAGES}
    data[f"{prefix}-sv"] = value
    data.update({f"{prefix}-{code}": text for code, text in others.items()})
    return data


@pytest.fixture
def staff_in_group(factories, login):
    district = factories.area("nh")
    factories.area("backa", parent=district)
    safety = factories.topic("safety")
    user = factories.staff()
    group = factories.group("trygg", areas=[district], topics=[safety], members=[(user, "lead")])
    login(user)
    return user, group, district, safety


def _new_survey(client, group, district, **extra):
    data = {
        **_texts("title", "Trygghetsenkät", ar="استبيان الأمان"),
        **_texts("promise", "Svaren blir en plan."),
        "participation_level": "consultation",
        "mode": "anonymous",
        "languages": list(LANGUAGES),
        "areas": [district.id],
        "theme_groups": [group.id],
        **extra,
    }
    return client.post("/staff/surveys/new", data=data)


def test_create_survey_with_every_text_side_by_side(client, staff_in_group):
    _user, group, district, safety = staff_in_group
    page = client.get("/staff/surveys/new").get_data(as_text=True)
    for code in LANGUAGES:
        assert f'name="title-{code}"' in page
    response = _new_survey(client, group, district, topics=[safety.id], opens_on="2026-01-01", closes_on="2026-12-31")
    assert response.status_code == 302
    survey = db.session.scalars(select(Survey)).one()
    assert survey.title == {"sv": "Trygghetsenkät", "ar": "استبيان الأمان"}
    assert survey.state == "draft" and survey.theme_groups == [group] and survey.topics == [safety]
    assert str(survey.opens_on) == "2026-01-01" and len(survey.sections) == 1


def test_settings_are_validated(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    response = _new_survey(client, group, district, opens_on="2026-05-01", closes_on="2026-04-01")
    assert response.status_code == 200
    assert "The last day must come after the first day." in response.get_data(as_text=True)
    response = client.post("/staff/surveys/new", data={**_texts("title", ""), "areas": [district.id]})
    assert "Write this text in Swedish at least." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0


def test_staff_can_only_pick_their_own_groups(client, staff_in_group, factories):
    _user, _group, district, _safety = staff_in_group
    other = factories.group("other", areas=[district])
    response = _new_survey(client, other, district)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0


@pytest.mark.parametrize("kind", list(QUESTION_KINDS))
def test_every_question_kind_can_be_added(client, staff_in_group, kind):
    _user, group, district, _safety = staff_in_group
    _new_survey(client, group, district)
    survey = db.session.scalars(select(Survey)).one()
    page = client.get(f"/staff/surveys/{survey.id}/questions/new/{kind}?section={survey.sections[0].id}")
    assert page.status_code == 200
    data = {"code": "q1", **_texts("text", "Frågan", ar="السؤال"), "required": "y"}
    if kind in ("integer", "decimal", "scale"):
        data.update({"min_value": "1", "max_value": "5"})
    if kind in ("single_choice", "multiple_choice", "ranking", "matrix"):
        for i, label in enumerate(("Ett", "Två", "Tre")):
            data.update(_texts(f"choices-{i}-label", label, en=label + " (en)"))
    if kind == "matrix":
        for i, label in enumerate(("Rad A", "Rad B")):
            data.update(_texts(f"rows-{i}-label", label))
    response = client.post(
        f"/staff/surveys/{survey.id}/questions/new/{kind}?section={survey.sections[0].id}", data=data
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    question = db.session.scalars(select(SurveyQuestion)).one()
    assert question.kind == kind and question.text["ar"] == "السؤال"
    if kind in ("single_choice", "multiple_choice", "ranking", "matrix"):
        assert [o.code for o in question.choices] == ["ett", "tva", "tre"]
        assert question.choices[0].label == {"sv": "Ett", "en": "Ett (en)"}
    if kind == "matrix":
        assert [o.label["sv"] for o in question.rows] == ["Rad A", "Rad B"]
    if kind == "yes_no":
        assert [o.code for o in question.choices] == ["yes", "no"]
    assert question.required is (kind != "note")
    # The builder and the preview in every language show it.
    assert client.get(f"/staff/surveys/{survey.id}").status_code == 200
    for code in LANGUAGES:
        assert client.get(f"/staff/surveys/{survey.id}/preview?lang={code}").status_code == 200


def test_condition_saved_and_validated(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    survey = make_survey_for(group, district)
    qs = questions(survey)
    when = qs["when"]
    # Refer to a later question: refused with a plain message; nothing changes.
    data = _question_form(when, condition=[("age", "gt", "", "3")])
    response = client.post(f"/staff/surveys/{survey.id}/questions/{when.id}", data=data)
    assert response.status_code == 422
    assert "comes later in the survey" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SurveyQuestion, when.id).condition["rules"][0]["question"] == "walk"
    # A good condition: shown when "safe" is at most 2 or "colour" is blue.
    data = _question_form(
        when, condition=[("safe", "le", "", "2"), ("colour", "equals", "colour::blue", "")], match="any"
    )
    response = client.post(f"/staff/surveys/{survey.id}/questions/{when.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    assert db.session.get(SurveyQuestion, when.id).condition == {
        "match": "any",
        "rules": [
            {"question": "safe", "op": "le", "value": 2},
            {"question": "colour", "op": "equals", "value": "blue"},
        ],
    }


def make_survey_for(group, district):
    from .helpers import DEFINITION

    settings = building.SurveySettings(title={"sv": "E"}, areas=[district], theme_groups=[group])
    survey = definitions.create_from_definition(DEFINITION, settings, None)
    db.session.commit()
    return survey


def _question_form(question, *, condition=(), match="all") -> dict:
    data = {"code": question.code, "required": "y" if question.required else ""}
    for code in LANGUAGES:
        data[f"text-{code}"] = question.text.get(code, "")
    for i, option in enumerate(question.choices):
        data[f"choices-{i}-id"] = str(option.id)
        data[f"choices-{i}-code"] = option.code
        for code in LANGUAGES:
            data[f"choices-{i}-label-{code}"] = option.label.get(code, "")
    data["condition-match"] = match
    for i, (q, op, opt, value) in enumerate(condition):
        data.update(
            {
                f"condition-rules-{i}-question": q,
                f"condition-rules-{i}-op": op,
                f"condition-rules-{i}-option": opt,
                f"condition-rules-{i}-value": value,
            }
        )
    return data


def test_moving_a_question_above_what_it_depends_on_is_refused(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    survey = make_survey_for(group, district)
    when = questions(survey)["when"]
    response = client.post(f"/staff/surveys/{survey.id}/questions/{when.id}/move", data={"direction": "up"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [q.code for q in db.session.get(Survey, survey.id).sections[1].questions] == ["why", "walk", "when"]
    client.post(f"/staff/surveys/{survey.id}/questions/{when.id}/move", data={"direction": "up"})
    page = client.get(f"/staff/surveys/{survey.id}").get_data(as_text=True)
    assert "That would break a condition." in page
    db.session.expire_all()
    assert [q.code for q in db.session.get(Survey, survey.id).sections[1].questions] == ["why", "walk", "when"]


def test_reorder_within_and_across_pages(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    survey = make_survey_for(group, district)
    places = questions(survey)["places"]
    client.post(f"/staff/surveys/{survey.id}/questions/{places.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [q.code for q in db.session.get(Survey, survey.id).sections[0].questions] == ["safe", "places", "colour"]
    client.post(f"/staff/surveys/{survey.id}/questions/{places.id}/move", data={"direction": "down"})
    client.post(f"/staff/surveys/{survey.id}/questions/{places.id}/move", data={"direction": "down"})
    db.session.expire_all()
    s = db.session.get(Survey, survey.id)
    assert [q.code for q in s.sections[0].questions] == ["safe", "colour"]
    assert s.sections[1].questions[0].code == "places"
    # Pages move too, unless a condition breaks.
    third = s.sections[2]
    client.post(f"/staff/surveys/{survey.id}/sections/{third.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [x.code for x in db.session.get(Survey, survey.id).sections] == ["first", "third", "second"]


def test_deleting_a_question_others_depend_on_is_refused(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    survey = make_survey_for(group, district)
    walk = questions(survey)["walk"]
    client.post(f"/staff/surveys/{survey.id}/questions/{walk.id}/delete")
    assert db.session.get(SurveyQuestion, walk.id) is not None
    info = questions(survey)["info"]
    client.post(f"/staff/surveys/{survey.id}/questions/{info.id}/delete")
    db.session.expire_all()
    assert db.session.get(SurveyQuestion, info.id) is None


def test_duplicate_survey_and_question(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    survey = make_survey_for(group, district)
    response = client.post(f"/staff/surveys/{survey.id}/duplicate")
    assert response.status_code == 302
    copy = db.session.scalars(select(Survey).where(Survey.id != survey.id)).one()
    assert definitions.definition(copy) == definitions.definition(survey)
    assert copy.state == "draft" and copy.theme_groups == [group]
    colour = questions(survey)["colour"]
    client.post(f"/staff/surveys/{survey.id}/questions/{colour.id}/duplicate")
    db.session.expire_all()
    codes = [q.code for q in db.session.get(Survey, survey.id).sections[0].questions]
    assert codes == ["safe", "colour", "colour_1", "places"]


def test_publish_needs_questions_and_open_close(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    _new_survey(client, group, district)
    survey = db.session.scalars(select(Survey)).one()
    client.post(f"/staff/surveys/{survey.id}/state", data={"state": "open"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).state == "draft"
    page = client.get(f"/staff/surveys/{survey.id}").get_data(as_text=True)
    assert "Add at least one question." in page
    client.post(
        f"/staff/surveys/{survey.id}/questions/new/short_text?section={survey.sections[0].id}",
        data={"code": "name", **_texts("text", "Namn?")},
    )
    client.post(f"/staff/surveys/{survey.id}/state", data={"state": "open"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).state == "open"
    client.post(f"/staff/surveys/{survey.id}/state", data={"state": "closed"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).state == "closed"


def test_preview_shows_the_chosen_language_and_conditions(client, staff_in_group):
    _user, group, district, _safety = staff_in_group
    survey = make_survey_for(group, district)
    page = client.get(f"/staff/surveys/{survey.id}/preview?lang=ar").get_data(as_text=True)
    assert 'class="survey-preview" lang="ar" dir="rtl"' in page
    assert "ما مدى الأمان؟" in page
    assert "Shown only when" in page


@pytest.mark.parametrize("language", ["so", "fa", "sv"])
def test_preview_shows_the_interface_words_in_the_previewed_language(client, staff_in_group, app, language):
    from flask_babel import force_locale
    from flask_babel import gettext as translate

    _user, group, district, _safety = staff_in_group
    survey = make_survey_for(group, district)
    q = questions(survey)
    q["colour"].display = "dropdown"  # shows "Choose…"
    db.session.commit()
    page = client.get(f"/staff/surveys/{survey.id}/preview?lang={language}").get_data(as_text=True)
    assert '<html lang="en"' in page  # the staff member's own language around the preview …
    preview = page[page.index('class="survey-preview"') :]
    with app.test_request_context(), force_locale(language):
        words = [
            f"({translate('required')})",
            translate("Choose…"),
            translate("Other, namely:"),
            translate("Give each one a place: 1 is the most important."),
        ]
    with app.test_request_context(), force_locale("en"):
        english_words = [
            f"({translate('required')})",
            translate("Choose…"),
            translate("Other, namely:"),
            translate("Give each one a place: 1 is the most important."),
        ]
    for word, english_word in zip(words, english_words, strict=False):
        assert word in preview  # … and the survey's interface words in the previewed language
        assert word == english_word or english_word not in preview
    # The notes for staff on conditions stay in the staff member's language, marked as such.
    assert '<p class="condition-note" lang="en" dir="ltr">Shown only when' in preview


def test_staff_outside_the_groups_are_forbidden(client, factories, login):
    district = factories.area()
    group = factories.group(areas=[district])
    survey = make_survey(factories, groups=[group], areas=[district])
    login(factories.staff())
    for path in ("", "/settings", "/preview", "/results", "/answers.csv", "/paper"):
        assert client.get(f"/staff/surveys/{survey.id}{path}").status_code == 403
    assert client.post(f"/staff/surveys/{survey.id}/state", data={"state": "closed"}).status_code == 403
    assert "Trygghetsenkät" not in client.get("/staff/surveys/").get_data(as_text=True)


def test_admin_manages_every_survey(client, factories, login):
    survey = make_survey(factories)
    login(factories.admin())
    assert client.get(f"/staff/surveys/{survey.id}").status_code == 200
    assert "Trygghetsenkät" in client.get("/staff/surveys/").get_data(as_text=True)


def test_one_time_codes_are_shown_once_and_stored_hashed(client, factories, login):
    from dialog.surveys.models import SurveyCode

    survey = make_survey(factories, mode="codes")
    login(factories.admin())
    response = client.post(f"/staff/surveys/{survey.id}/codes", data={"count": "3"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    import re

    codes = re.findall(r'class="receipt-code" dir="ltr">([A-Z0-9-]+)<', response.get_data(as_text=True))
    assert len(codes) == 3
    stored = db.session.scalars(select(SurveyCode.code_hash)).all()
    assert len(stored) == 3 and not any(code.replace("-", "") in h for code in codes for h in stored)


def test_save_section_adds_a_page_or_changes_one(factories):
    survey = make_survey(factories, state="draft")
    added = building.save_section(survey, None, title={"sv": "Sista sidan"}, intro={}, code="last", condition=None)
    db.session.commit()
    assert survey.sections[-1].id == added.id and added.code == "last" and added.position == len(survey.sections)
    same = building.save_section(
        survey, added, title={"sv": "Slutet"}, intro={"sv": "Tack"}, code="end", condition=None
    )
    db.session.commit()
    stored = db.session.get(type(added), added.id)
    assert same is added and (stored.code, stored.title, stored.intro) == ("end", {"sv": "Slutet"}, {"sv": "Tack"})
