"""Building surveys for the survey tests."""

from __future__ import annotations

import pytest

from dialog.extensions import db
from dialog.surveys import building, definitions


def t(sv: str, **others) -> dict:
    return {"sv": sv, "en": others.pop("en", sv + " (en)"), **others}


def opts(*codes, other: str | None = None) -> list[dict]:
    items = [{"code": c, "label": t(c.upper(), ar="خيار " + c, so="Doorasho " + c, fa="گزینه " + c)} for c in codes]
    if other:
        items.append({"code": other, "label": t("Annat", en="Other"), "is_other": True})
    return items


DEFINITION = {
    "sections": [
        {
            "code": "first",
            "title": t("Första sidan"),
            "intro": {},
            "condition": None,
            "questions": [
                {
                    "code": "safe",
                    "kind": "scale",
                    "required": True,
                    "min_value": 1,
                    "max_value": 5,
                    "text": t("Hur trygg?", ar="ما مدى الأمان؟", so="Sidee ammaan?", fa="چقدر امن؟"),
                    "min_label": t("Inte alls"),
                    "max_label": t("Helt"),
                },
                {
                    "code": "colour",
                    "kind": "single_choice",
                    "text": t("Färg?"),
                    "choices": opts("red", "blue", other="other"),
                },
                {
                    "code": "places",
                    "kind": "multiple_choice",
                    "max_choices": 2,
                    "text": t("Platser?"),
                    "choices": opts("park", "square", "school"),
                },
            ],
        },
        {
            "code": "second",
            "title": t("Andra sidan"),
            "intro": {},
            "condition": {"match": "all", "rules": [{"question": "safe", "op": "le", "value": 2}]},
            "questions": [
                {"code": "why", "kind": "long_text", "to_contribution": True, "text": t("Varför?")},
                {
                    "code": "walk",
                    "kind": "yes_no",
                    "required": True,
                    "text": t("Trygghetsvandring?", so="Socod?", fa="پیاده‌روی؟"),
                },
                {
                    "code": "when",
                    "kind": "single_choice",
                    "required": True,
                    "text": t("När?", so="Goorma?", fa="کی؟"),
                    "condition": {"match": "all", "rules": [{"question": "walk", "op": "equals", "value": "yes"}]},
                    "choices": opts("evening", "weekend"),
                },
            ],
        },
        {
            "code": "third",
            "title": t("Tredje sidan"),
            "intro": {},
            "condition": None,
            "questions": [
                {"code": "age", "kind": "integer", "min_value": 0, "max_value": 120, "text": t("Ålder?")},
                {"code": "height", "kind": "decimal", "text": t("Längd?")},
                {"code": "moved", "kind": "date", "text": t("Inflyttad?")},
                {
                    "code": "trust",
                    "kind": "matrix",
                    "text": t("Tillit?"),
                    "choices": opts("low", "high"),
                    "rows": opts("police", "school"),
                },
                {"code": "rank", "kind": "ranking", "text": t("Ordning?"), "choices": opts("light", "youth", "clean")},
                {"code": "info", "kind": "note", "text": t("Tack för hittills.")},
                {"code": "ok", "kind": "consent", "required": True, "text": t("Jag förstår.")},
            ],
        },
    ],
}


def make_survey(
    factories,
    *,
    mode: str = "anonymous",
    state: str = "open",
    groups=None,
    areas=None,
    definition=None,
    results_public: bool = True,
    topics=None,
):
    """A survey over a district with two neighbourhoods (unless areas are given)."""
    if areas is None:
        district = factories.area()
        areas = [district]
        factories.area(parent=district)
        factories.area(parent=district)
        db.session.refresh(district)
    if groups is None:
        groups = [factories.group(areas=areas)]
    settings = building.SurveySettings(
        title=t("Trygghetsenkät", ar="استبيان", so="Sahan", fa="نظرسنجی"),
        promise=t("Vi använder svaren."),
        mode=mode,
        areas=list(areas),
        theme_groups=list(groups),
        topics=list(topics or []),
        results_public=results_public,
    )
    survey = definitions.create_from_definition(definition or DEFINITION, settings, None)
    if state != "draft":
        building.set_state(survey, "open")
        if state == "closed":
            building.set_state(survey, "closed")
    db.session.commit()
    return survey


def questions(survey) -> dict:
    return {q.code: q for q in survey.questions}


def option(survey, code: str, option_code: str, role: str = "choice") -> int:
    question = questions(survey)[code]
    return next(o.id for o in question.options if o.code == option_code and o.role == role)


def use_english(client) -> None:
    """UI strings in English, whatever the catalogues hold (the survey texts stay as written)."""
    client.set_cookie("dialog_lang", "en", domain="dialog.test")


@pytest.fixture(autouse=True)
def english(client):
    use_english(client)
